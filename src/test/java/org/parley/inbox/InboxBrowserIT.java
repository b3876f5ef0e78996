package org.parley.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * The agent inbox at /app in headless Chromium against a real server: what an agent sees and does,
 * with visitors played through the public API and WebSocket. SQLite only (the API suites cover
 * PostgreSQL). Hooks (data-testid) are listed in docs/inbox.md.
 */
public class InboxBrowserIT {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Signs in through the form, as an agent would, and shows every conversation (the All tab). */
    static Browser signIn(TestServer.Agent agent) {
        Browser browser = signInAt(server, agent);
        browser.find("[data-testid=tab-all]").click();
        return browser;
    }

    /** Signs in on {@code at} through the form, as an agent would; the inbox's list is on screen. */
    public static Browser signInAt(TestServer at, TestServer.Agent agent) {
        Browser browser = Browser.desktop().open(at.baseUrl() + "/app");
        browser.find("[data-testid=login-email]").sendKeys(agent.email());
        browser.find("[data-testid=login-password]").sendKeys(TestServer.PASSWORD);
        browser.find("[data-testid=login-submit]").click();
        browser.find("[data-testid=conversation-list]");
        return browser;
    }

    static String item(String conversationId) {
        return "[data-testid=conversation-item][data-conversation-id='" + conversationId + "']";
    }

    static void openConversation(Browser browser, String conversationId) {
        browser.find(item(conversationId)).click();
        browser.find("[data-testid=conversation][data-conversation-id='" + conversationId + "']");
    }

    static void await(Browser browser, String what, Supplier<Boolean> condition) {
        browser.waitFor(d -> {
            try {
                return condition.get() ? Boolean.TRUE : null;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    static List<String> messageTexts(Browser browser) {
        return browser.driver().findElements(By.cssSelector("[data-testid=message]:not([data-sender-type=system]) .text"))
                .stream().map(WebElement::getText).toList();
    }

    static void type(Browser browser, String text) {
        WebElement composer = browser.find("[data-testid=composer-input]");
        composer.sendKeys(text);
        composer.sendKeys(Keys.ENTER);
    }

    static String sendAsVisitor(TestServer.Visitor visitor, String conversationId, String text) {
        Http.Response sent = visitor.http().post("/api/v1/visitor/conversations/" + conversationId + "/messages",
                Map.of("client_msg_id", UUID.randomUUID().toString(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        return sent.body().get("message_id").asText();
    }

    @Test
    void signInShowsAVisitorMessageLiveAndTheReplyIsDeliveredAndSeen() {
        TestServer.Tenant shop = server.tenant("Live shop");
        try (Browser browser = signIn(shop.agent())) {
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=conversation-item]"))).isEmpty();
            TestServer.Visitor visitor = server.visitor(shop);
            String conversation = server.conversation(visitor, "Hello, is the blue scarf wool?");
            WebElement listed = browser.find(item(conversation));
            assertThat(listed.getText()).as("appears live, without a reload").contains("Hello, is the blue scarf wool?");

            openConversation(browser, conversation);
            await(browser, "the visitor's message", () -> messageTexts(browser).contains("Hello, is the blue scarf wool?"));

            try (WsClient widget = server.visitorSocket(visitor)) {
                type(browser, "Yes, merino wool.");
                JsonNode delivered = widget.await(f -> "message.created".equals(f.path("event").asText())
                        && "Yes, merino wool.".equals(f.at("/data/text").asText()));
                long seq = delivered.at("/data/seq").asLong();
                WebElement reply = browser.find("[data-testid=message][data-seq='" + seq + "']");
                assertThat(reply.getAttribute("data-private")).isEqualTo("false");
                await(browser, "sent", () -> "sent".equals(browser.find("[data-testid=message][data-seq='" + seq
                        + "'] [data-testid=delivery-state]").getAttribute("data-state")));
                assertThat(browser.find("[data-testid=composer-input]").getAttribute("value")).as("composer cleared").isEmpty();

                widget.send(Map.of("type", "read", "conversation_id", conversation, "seq", seq));
                await(browser, "seen", () -> "seen".equals(browser.find("[data-testid=message][data-seq='" + seq
                        + "'] [data-testid=delivery-state]").getAttribute("data-state")));
            }
        }
    }

    @Test
    void beforeSendingTheAgentSeesWhetherAndHowTheReplyWillReachTheCustomer() {
        TestServer.Tenant shop = server.tenant("Reach shop");
        TestServer.Visitor typed = server.visitor(shop);
        assertThat(typed.http().patch("/api/v1/visitor/contact", Map.of("email", "typed@example.com")).status()).isEqualTo(200);
        String withEmail = server.conversation(typed, "Do you gift-wrap?");
        Http.Response page = server.http().with("Origin", "https://shop.example").post("/api/v1/widget/activity", Map.of(
                "key", shop.widgetKey(), "token", typed.token(), "events", List.of(Map.of("type", "page_view",
                        "url", "https://shop.example/gifts", "title", "Gifts", "at", System.currentTimeMillis()))));
        assertThat(page.status()).as(page.raw()).isEqualTo(204);
        TestServer.Visitor anonymous = server.visitor(shop);
        String unreachable = server.conversation(anonymous, "How long is delivery?");
        server.wiring().gateway.visitorGrace(java.time.Duration.ofSeconds(2));
        try (Browser browser = signIn(shop.agent())) {
            WsClient widget = server.visitorSocket(typed);
            openConversation(browser, withEmail);
            await(browser, "on the site", () -> browser.find("[data-testid=reach]").getText()
                    .contains("On the site now — replies arrive live"));
            widget.close(); // the tab closes: after the reload grace period the visitor has left
            await(browser, "left, will be emailed", () -> browser.find("[data-testid=reach]").getText()
                    .matches("Left (just now|1m ago) — will be emailed \\(typed, not verified\\)"));
            assertThat(browser.find("[data-testid=current-page-when]").getText()).as("the current page says left").contains("left");

            openConversation(browser, unreachable);
            await(browser, "cannot be reached", () -> browser.find("[data-testid=reach]").getText()
                    .endsWith("cannot be reached (no email, no push)"));
            assertThat(browser.find(item(unreachable) + " [data-testid=reach-tag]").getAttribute("data-reach")).isEqualTo("none");
            assertThat(browser.find(item(withEmail) + " [data-testid=reach-tag]").getAttribute("data-reach")).isEqualTo("email");

            type(browser, "About three days.");
            await(browser, "the reply is stored", () -> server.count(
                    "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND text = 'About three days.'", unreachable) == 1);
            sendAsVisitor(anonymous, unreachable, "Thanks!");
            await(browser, "answered", () -> browser.driver().findElements(By.cssSelector("[data-testid=delivery-state]")).stream()
                    .anyMatch(e -> "answered".equals(e.getAttribute("data-state"))));
        } finally {
            server.wiring().gateway.visitorGrace(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void twoAgentsSeeEachOthersAssignmentAndStatusChangesLive() {
        TestServer.Tenant shop = server.tenant("Two agents");
        String conversation = server.conversation(server.visitor(shop), "Which size fits a child?");
        try (Browser ana = signIn(shop.owner()); Browser ben = signIn(shop.agent())) {
            openConversation(ana, conversation);
            openConversation(ben, conversation);

            ana.find("[data-testid=assign-me]").click();
            await(ben, "Ben sees Ana assigned", () -> shop.owner().id().equals(
                    new Select(ben.find("[data-testid=assignee-select]")).getFirstSelectedOption().getAttribute("value")));
            await(ben, "as a system message", () -> ben.driver().findElements(
                    By.cssSelector("[data-testid=message][data-sender-type=system]")).stream()
                    .anyMatch(e -> e.getText().contains("took this conversation") || e.getText().contains("assigned")));

            ana.find("[data-testid=resolve]").click();
            await(ben, "Ben sees it resolved", () -> "resolved".equals(ben.find("[data-testid=conversation]").getAttribute("data-status")));
            assertThat(ben.find("[data-testid=conversation-status]").getText()).containsIgnoringCase("resolved");

            ben.find("[data-testid=reopen]").click();
            await(ana, "Ana sees it reopened", () -> "open".equals(ana.find("[data-testid=conversation]").getAttribute("data-status")));
        }
        JsonNode stored = shop.owner().http().get("/api/v1/conversations/" + conversation).body().get("conversation");
        assertThat(stored.get("status").asText()).isEqualTo("open");
        assertThat(stored.get("assignee_id").asText()).isEqualTo(shop.owner().id());
    }

    @Test
    void aPrivateNoteIsMarkedAndNeverReachesTheVisitor() {
        TestServer.Tenant shop = server.tenant("Notes");
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "I ordered the wrong colour");
        try (Browser browser = signIn(shop.agent()); WsClient widget = server.visitorSocket(visitor)) {
            openConversation(browser, conversation);
            browser.find("[data-testid=note-toggle]").click();
            type(browser, "Internal: customer is a VIP, offer free exchange");
            WebElement note = browser.waitFor(d -> d.findElements(By.cssSelector("[data-testid=message][data-private=true]"))
                    .stream().filter(e -> e.getText().contains("customer is a VIP")).findFirst().orElse(null));
            assertThat(note.getText()).contains("Private note");

            browser.find("[data-testid=mode-reply]").click();
            type(browser, "We can exchange it for free.");
            widget.await(f -> "We can exchange it for free.".equals(f.at("/data/text").asText()));
            List<JsonNode> frames = widget.drain(Duration.ofMillis(500));
            assertThat(frames.toString()).doesNotContain("VIP");
        }
        String visible = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").raw();
        assertThat(visible).contains("We can exchange it for free.").doesNotContain("VIP");
    }

    @Test
    void searchFindsAMessageAndOpensItsConversation() {
        TestServer.Tenant shop = server.tenant("Search shop");
        String target = server.conversation(server.visitor(shop), "Do you sell cashmere snoods?");
        server.conversation(server.visitor(shop), "Where is my parcel?");
        try (Browser browser = signIn(shop.agent())) {
            browser.find("[data-testid=search-input]").sendKeys("snoods");
            WebElement result = browser.find("[data-testid=search-result-conversation][data-conversation-id='" + target + "']");
            assertThat(result.getText()).containsIgnoringCase("snood");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=search-result-conversation]"))).hasSize(1);
            result.click();
            browser.find("[data-testid=conversation][data-conversation-id='" + target + "']");
        }
    }

    @Test
    void aDeactivatedAgentIsThrownOutAtOnce() {
        TestServer.Tenant shop = server.tenant("Deactivation");
        try (Browser browser = signIn(shop.agent())) {
            Http.Response off = shop.owner().http().patch("/api/v1/agents/" + shop.agent().id(), Map.of("active", false));
            assertThat(off.status()).as(off.raw()).isEqualTo(200);
            browser.find("[data-testid=login-form]");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=conversation-list]"))).isEmpty();
        }
    }

    @Test
    void aDroppedConnectionShowsABannerAndRecoversWithNoMissingMessage() throws Exception {
        TestServer.Tenant shop = server.tenant("Flaky network");
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "First question");
        try (Browser browser = signIn(shop.agent())) {
            openConversation(browser, conversation);
            await(browser, "first message", () -> messageTexts(browser).contains("First question"));
            browser.find("[data-testid=composer-input]").sendKeys("a draft I am still writing");

            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> server.restart(Duration.ofSeconds(3)));
            browser.find("[data-testid=connection-banner]");
            restart.get();
            sendAsVisitor(visitor, conversation, "Second, sent as the inbox reconnects");
            sendAsVisitor(visitor, conversation, "Third");
            await(browser, "all messages, in order, once", () -> messageTexts(browser).equals(
                    List.of("First question", "Second, sent as the inbox reconnects", "Third")));
            await(browser, "the banner goes", () -> browser.driver().findElements(
                    By.cssSelector("[data-testid=connection-banner]")).isEmpty());
            assertThat(browser.find("[data-testid=composer-input]").getAttribute("value")).isEqualTo("a draft I am still writing");
            sendAsVisitor(visitor, conversation, "Fourth, live again");
            await(browser, "live after recovery", () -> messageTexts(browser).contains("Fourth, live again"));
        }
    }

    @Test
    void visitorTextIsShownAsTextNeverAsMarkup() {
        TestServer.Tenant shop = server.tenant("Hostile");
        String hostile = "<img src=x onerror=\"document.title='pwned'\"> javascript:alert(1) https://example.com/ok";
        String conversation = server.conversation(server.visitor(shop), hostile);
        try (Browser browser = signIn(shop.agent())) {
            openConversation(browser, conversation);
            await(browser, "the message", () -> messageTexts(browser).contains(hostile));
            assertThat(browser.driver().getTitle()).isNotEqualTo("pwned");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=message] img"))).isEmpty();
            List<String> links = browser.driver().findElements(By.cssSelector("[data-testid=message] a")).stream()
                    .map(a -> a.getAttribute("href")).toList();
            assertThat(links).containsExactly("https://example.com/ok");
        }
    }

    @Test
    void theCommonActionsWorkFromTheKeyboardAlone() {
        TestServer.Tenant shop = server.tenant("Keyboard");
        String older = server.conversation(server.visitor(shop), "Older question");
        String newer = server.conversation(server.visitor(shop), "Newer question");
        try (Browser browser = signIn(shop.agent())) {
            browser.find(item(newer));
            var keys = new org.openqa.selenium.interactions.Actions(browser.driver());
            browser.find("body").click();
            keys.sendKeys("j").perform();
            browser.find("[data-testid=conversation][data-conversation-id='" + newer + "']");
            keys.sendKeys("j").perform();
            browser.find("[data-testid=conversation][data-conversation-id='" + older + "']");
            keys.sendKeys("k").perform();
            browser.find("[data-testid=conversation][data-conversation-id='" + newer + "']");

            keys.sendKeys("a").perform();
            await(browser, "assigned to me", () -> shop.agent().id().equals(new Select(
                    browser.find("[data-testid=assignee-select]")).getFirstSelectedOption().getAttribute("value")));
            keys.sendKeys("e").perform();
            await(browser, "resolved", () -> "resolved".equals(browser.find("[data-testid=conversation]").getAttribute("data-status")));

            keys.sendKeys("r").perform();
            await(browser, "the composer has focus", () -> "composer-input".equals(
                    browser.driver().switchTo().activeElement().getAttribute("data-testid")));
            keys.sendKeys(Keys.ESCAPE).perform();
            keys.sendKeys("?").perform();
            assertThat(browser.find("[data-testid=help-dialog]").getText()).contains("Assign to me").contains("Resolve");
            keys.sendKeys(Keys.ESCAPE).perform();
            await(browser, "the dialog closes", () -> browser.driver().findElements(By.cssSelector("[data-testid=help-dialog]")).isEmpty());
        }
        JsonNode stored = shop.agent().http().get("/api/v1/conversations/" + newer).body().get("conversation");
        assertThat(stored.get("status").asText()).isEqualTo("resolved");
        assertThat(stored.get("assignee_id").asText()).isEqualTo(shop.agent().id());
    }

    @Test
    void onATabletTheListAndTheConversationShowSideBySide() {
        TestServer.Tenant shop = server.tenant("Tablet");
        String conversation = server.conversation(server.visitor(shop), "Hello from a tablet user");
        try (Browser browser = Browser.tablet().open(server.baseUrl() + "/app")) {
            browser.find("[data-testid=login-email]").sendKeys(shop.agent().email());
            browser.find("[data-testid=login-password]").sendKeys(TestServer.PASSWORD);
            browser.find("[data-testid=login-submit]").click();
            browser.find("[data-testid=tab-all]").click();
            openConversation(browser, conversation);
            WebElement list = browser.find("[data-testid=conversation-list]");
            WebElement composer = browser.find("[data-testid=composer-input]");
            assertThat(list.getRect().getX() + list.getRect().getWidth()).as("list left of the conversation")
                    .isLessThanOrEqualTo(composer.getRect().getX());
            Object scrollWidth = browser.js("return document.documentElement.scrollWidth");
            assertThat(((Number) scrollWidth).intValue()).as("no sideways scrolling").isLessThanOrEqualTo(768);
        }
    }

    @Test
    void theInboxHasNoSeriousAccessibilityViolations() {
        TestServer.Tenant shop = server.tenant("Accessible");
        String conversation = server.conversation(server.visitor(shop), "Can you help me choose?");
        try (Browser browser = Browser.desktop().open(server.baseUrl() + "/app")) {
            browser.find("[data-testid=login-form]");
            assertThat(browser.axeViolations()).as("sign-in screen").isEmpty();
        }
        try (Browser browser = signIn(shop.agent())) {
            openConversation(browser, conversation);
            await(browser, "the message", () -> messageTexts(browser).contains("Can you help me choose?"));
            assertThat(browser.axeViolations()).as("conversation open").isEmpty();
        }
    }
}
