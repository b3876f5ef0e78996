package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * Bot apps in the inbox (docs/apps.md), in real browsers on both databases: an owner registers an app under
 * Settings → Apps (its webhook a receiver on loopback, allowed explicitly) and sees its token and webhook secret
 * once; the app, primary receiver, owns the next conversation, and the agent's inbox, open since before the app
 * existed, shows it under Bots with the app's name, live; the app answers through the Send API with its token; the
 * agent takes over (thread/take) and the owner line says the team has it, the app's sends are refused; the app asks
 * for the thread back and the agent gives it from the line the request shows; taken again, the agent gives it to the
 * app from the owner line's menu. Axe on both screens.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class AppsBrowserIT {
    static final String APP_NAME = "Order bot";

    @Parameter
    String database;

    static TestServer server;
    /** The app's webhook endpoint: takes every delivery (what it gets is the webhook tests' subject). */
    static HttpServer receiver;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        server = TestServer.startAllowingOutbound(database, "127.0.0.1:" + receiver.getAddress().getPort());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void anOwnerRegistersAnAppThatOwnsTheNextConversationAndTheAgentTakesOverAndGivesItBack() {
        TestServer.Tenant shop = server.tenant("Apps (" + database + ")");
        String hook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
        try (Browser agent = signIn(shop.agent()); Browser owner = signIn(shop.owner())) {
            // The agent watches Bots from before the app exists.
            agent.find("[data-testid=tab-bots]").click();

            // The owner registers the app in the screen; its secrets are shown once.
            owner.open(server.baseUrl() + "/app#/settings/apps");
            owner.find("[data-testid=app-new]").click();
            owner.find("[data-testid=app-form-name]").sendKeys(APP_NAME);
            owner.find("[data-testid=app-form-url]").sendKeys(hook);
            for (String event : List.of("message.created", "conversation.created", "conversation.handed_over",
                    "conversation.thread_requested", "conversation.status_changed")) {
                assertThat(owner.find("[data-testid='app-event-" + event + "']").isSelected()).as("default event " + event).isTrue();
            }
            owner.find("[data-testid=app-form-primary]").click();
            owner.find("[data-testid=app-form-save]").click();
            String token = value(owner, "[data-testid=app-token]", "the app's token, shown once");
            assertThat(token).startsWith("pa_");
            assertThat(value(owner, "[data-testid=app-webhook-secret]", "the webhook secret, shown once")).startsWith("whsec_");
            assertThat(owner.find("[data-testid=app-issued]").getText()).contains("you will not see them again");
            WebElement item = owner.shown("[data-testid=app-item]", "the app in the list");
            assertThat(item.findElement(By.cssSelector("[data-testid=app-name]")).getText()).isEqualTo(APP_NAME);
            assertThat(item.findElement(By.cssSelector("[data-testid=app-primary]")).getText()).isEqualTo("Primary receiver");
            assertThat(item.findElement(By.cssSelector("[data-testid=app-token-prefix]")).getText())
                    .isEqualTo(token.substring(0, 10) + "…");
            assertThat(item.getText()).contains(hook);
            assertThat(owner.axeViolations()).as("axe on Settings → Apps with the secrets shown").isEmpty();
            owner.find("[data-testid=app-issued-done]").click();
            owner.driver().navigate().refresh();
            owner.shown("[data-testid=app-item]", "the app in the list after a reload");
            assertThat(owner.driver().findElements(By.cssSelector("[data-testid=app-token]"))).as("the token is not shown again").isEmpty();
            assertThat(owner.driver().getPageSource()).doesNotContain(token);

            JsonNode apps = shop.owner().http().get("/api/v1/apps").body().get("apps");
            assertThat(apps).hasSize(1);
            String appId = apps.get(0).get("id").asText();
            Http app = server.http().bearer(token);

            // The app, primary receiver, owns the next conversation: the agent sees it under Bots, by the app's name.
            TestServer.Visitor visitor = server.visitor(shop);
            String conversation = server.conversation(visitor, "Where is my order?");
            assertThat(view(shop, conversation).at("/conversation/owner").toString())
                    .isEqualTo("{\"type\":\"app\",\"id\":\"" + appId + "\"}");
            String row = "[data-testid=conversation-item][data-conversation-id='" + conversation + "']";
            WebElement tag = agent.shown(row + " [data-testid=bot-tag]", "the conversation under Bots with its tag");
            agent.await(() -> "the app's name on the tag (shown: " + tag.getText() + ")", () -> (APP_NAME + " (app)").equals(tag.getText()));
            assertThat(tag.getAttribute("data-app-id")).isEqualTo(appId);

            // The app answers through the Send API; the agent reads along.
            assertThat(send(app, conversation, "Let me look that up.").status()).isEqualTo(201);
            agent.find(row).click();
            WebElement line = agent.shown("[data-testid=owner-line][data-owner=app]", "the owner line naming the app");
            assertThat(agent.find("[data-testid=owner-text]").getText()).isEqualTo(APP_NAME + " is handling this.");
            agent.await(() -> "the app's message in the thread", () -> agent.driver().getPageSource().contains("Let me look that up."));
            assertThat(agent.axeViolations()).as("axe on the inbox with an app's thread").isEmpty();

            // The agent takes over: the team owns the thread, and the app's visible sends are refused.
            line.findElement(By.cssSelector("[data-testid=take-over]")).click();
            agent.shown("[data-testid=owner-line][data-owner=humans]", "the owner line after taking over");
            agent.await(() -> "the team named as the owner", () -> "The team is handling this.".equals(agent.find("[data-testid=owner-text]").getText()));
            assertThat(agent.find("[data-testid=owner-notice]").getText()).isEqualTo("You took over from " + APP_NAME + ".");
            assertThat(view(shop, conversation).at("/conversation/owner/type").asText()).isEqualTo("humans");
            Http.Response refused = send(app, conversation, "Found it!");
            assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("not_thread_owner");

            // The app asks for the thread back; the agent gives it from the line the request shows.
            Http.Response asked = app.post("/api/v1/conversations/" + conversation + "/thread/request", Map.of("metadata", "order 1042"));
            assertThat(asked.status()).as(asked.raw()).isEqualTo(200);
            WebElement request = agent.shown("[data-testid=thread-request]", "the app's request for the thread");
            assertThat(request.getText()).contains(APP_NAME + " asks for this conversation").contains("order 1042");
            WebElement give = request.findElement(By.cssSelector("[data-testid=give-to-requester]"));
            assertThat(give.getText()).isEqualTo("Give to " + APP_NAME);
            assertThat(agent.axeViolations()).as("axe on the owner line with the app's request and the apps menu").isEmpty();
            give.click();
            agent.shown("[data-testid=owner-line][data-owner=app]", "the owner line after giving the thread to the app");
            assertThat(agent.find("[data-testid=owner-notice]").getText()).isEqualTo("You gave this to " + APP_NAME + ".");
            assertThat(agent.driver().findElements(By.cssSelector("[data-testid=thread-request]"))).isEmpty();
            assertThat(send(app, conversation, "Found it: order 1042 ships today.").status()).isEqualTo(201);

            // Taken again, the team's thread goes to the app from the owner line's menu.
            agent.find("[data-testid=take-over]").click();
            agent.shown("[data-testid=owner-line][data-owner=humans]", "the owner line after taking over again");
            agent.find("[data-testid=give-to-app-menu] summary").click();
            agent.find("[data-testid=give-to-app][data-app-id='" + appId + "']").click();
            agent.shown("[data-testid=owner-line][data-owner=app]", "the owner line after giving the thread from the menu");
            assertThat(view(shop, conversation).at("/conversation/owner/id").asText()).isEqualTo(appId);
        }
    }

    private static Http.Response send(Http app, String conversation, String text) {
        return app.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "app-" + UUID.randomUUID(), "text", text));
    }

    private static JsonNode view(TestServer.Tenant shop, String conversation) {
        Http.Response view = shop.agent().http().get("/api/v1/conversations/" + conversation);
        assertThat(view.status()).as(view.raw()).isEqualTo(200);
        return view.body();
    }

    private static String value(Browser browser, String css, String what) {
        return browser.shown(css, what).getAttribute("value");
    }

    /** Signs in through the inbox's form (InboxBrowserIT.signInAt). */
    private static Browser signIn(TestServer.Agent agent) {
        Browser browser = Browser.desktop().open(server.baseUrl() + "/app");
        browser.find("[data-testid=login-email]").sendKeys(agent.email());
        browser.find("[data-testid=login-password]").sendKeys(TestServer.PASSWORD);
        browser.find("[data-testid=login-submit]").click();
        browser.find("[data-testid=conversation-list]");
        return browser;
    }
}
