package org.parley.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.parley.inbox.InboxBrowserIT;
import org.parley.testing.Browser;
import org.parley.testing.TestServer;
import org.parley.testing.WebhookReceiver;
import org.parley.testing.WebhookReceiver.Received;

/**
 * Settings → Webhooks in headless Chromium: an owner creates a webhook and sees its secret once, a visitor's
 * message is delivered (a 500 first, then a 200), the log shows both attempts, a replay from the screen reaches
 * the receiver with the same webhook-id; axe finds nothing; it fits a phone; an agent has no such screen.
 * SQLite only (the ITs cover both databases).
 */
class WebhooksBrowserIT {
    static TestServer server;
    static WebhookReceiver receiver;

    @BeforeAll
    static void start() {
        server = TestServer.startForWebhooks("sqlite", null, WebhookDeliveryIT.FAST, java.net.InetAddress::getAllByName, "127.0.0.1");
        receiver = WebhookReceiver.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    static void awaitText(Browser browser, String css, String text) {
        browser.await(() -> css + " shows " + text, () -> {
            browser.find("[data-testid=webhook-log-refresh]").click();
            List<WebElement> found = browser.driver().findElements(By.cssSelector(css));
            return !found.isEmpty() && found.get(0).getText().contains(text);
        });
    }

    @Test
    void anOwnerCreatesAWebhookSeesTheSecretOnceAndReplaysADeliveryFromTheLog() {
        TestServer.Tenant shop = server.tenant("Hook shop");
        Set<String> seen = ConcurrentHashMap.newKeySet();
        receiver.answer = r -> seen.add(r.id()) ? 500 : 200;
        try (Browser browser = InboxBrowserIT.signInAt(server, shop.owner())) {
            browser.open(server.baseUrl() + "/app#/settings/me");
            browser.find("[data-testid=settings-nav-webhooks]").click();
            browser.find("[data-testid=webhook-form]");
            assertThat(browser.axeViolations()).as("axe: the webhooks screen").isEmpty();

            browser.find("[data-testid=webhook-url]").sendKeys(receiver.url());
            assertThat(browser.find("[data-testid='webhook-event-message.created']").isSelected()).isTrue();
            browser.find("[data-testid='webhook-event-conversation.created']").click();
            browser.find("[data-testid=webhook-create]").click();
            String secret = browser.find("[data-testid=webhook-secret]").getAttribute("value");
            assertThat(secret).startsWith("whsec_");
            assertThat(browser.find("[data-testid=webhook-state]").getText()).isEqualTo("Active");
            assertThat(browser.axeViolations()).as("axe: the secret shown").isEmpty();

            String conversation = server.conversation(server.visitor(shop), "Do you ship to Norway?");
            List<Received> got = receiver.await(20, "two events accepted", now -> now.stream().filter(r -> r.answered() == 200)
                    .map(Received::type).distinct().count() == 2);
            assertThat(got).allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());
            assertThat(got.stream().map(r -> r.json().at("/data/conversation_id").asText(
                    r.json().at("/data/conversation/id").asText()))).containsOnly(conversation);

            browser.driver().navigate().refresh();
            browser.find("[data-testid=webhook-item]");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=webhook-secret]"))).as("shown once").isEmpty();
            browser.find("[data-testid=webhook-log-toggle]").click();
            String message = "[data-testid=webhook-delivery]:first-child";
            awaitText(browser, message + " [data-testid=delivery-state]", "Delivered");
            assertThat(browser.find(message + " summary").getText()).contains("message.created", "2 attempts");
            browser.find(message + " summary").click();
            browser.await(() -> "two attempts listed",
                    () -> browser.driver().findElements(By.cssSelector(message + " [data-testid=delivery-attempt]")).size() == 2);
            List<WebElement> attempts = browser.driver().findElements(By.cssSelector(message + " [data-testid=delivery-attempt]"));
            assertThat(attempts.get(0).getText()).contains("HTTP 500");
            assertThat(attempts.get(1).getText()).contains("HTTP 200");
            assertThat(browser.find(message + " [data-testid=delivery-body]").getText()).contains("Do you ship to Norway?");
            assertThat(browser.axeViolations()).as("axe: the log with a delivery open").isEmpty();

            String id = got.stream().filter(r -> r.type().equals("message.created")).findFirst().orElseThrow().id();
            int before = receiver.all().size();
            browser.find(message + " [data-testid=delivery-replay]").click();
            Received replayed = receiver.await(20, "the replay", now -> now.size() > before).get(before);
            assertThat(replayed.id()).isEqualTo(id);
            assertThat(replayed.signedWith(secret)).isTrue();
        }

        try (Browser phone = Browser.phone().open(server.baseUrl() + "/app")) {
            phone.find("[data-testid=login-email]").sendKeys(shop.owner().email());
            phone.find("[data-testid=login-password]").sendKeys(TestServer.PASSWORD);
            phone.find("[data-testid=login-submit]").click();
            phone.find("[data-testid=conversation-list]");
            phone.open(server.baseUrl() + "/app#/settings/webhooks");
            phone.find("[data-testid=webhook-item]");
            assertThat((Long) phone.js("return document.documentElement.scrollWidth - window.innerWidth"))
                    .as("no sideways scrolling at phone width").isLessThanOrEqualTo(0L);
        }
    }

    @Test
    void anAgentHasNoWebhookScreen() {
        TestServer.Tenant shop = server.tenant("Agent shop");
        try (Browser browser = InboxBrowserIT.signInAt(server, shop.agent())) {
            browser.open(server.baseUrl() + "/app#/settings/webhooks");
            browser.find("[data-testid=settings-me]");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=settings-nav-webhooks]"))).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=webhooks]"))).isEmpty();
        }
    }
}
