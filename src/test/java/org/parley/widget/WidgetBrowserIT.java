package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoSuchShadowRootException;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The widget in a real browser (headless Chromium): the loader's bubble on a host page (the demo shop
 * that Parley serves), the chat frame, and an agent working through the REST API. Every assertion is
 * about what the visitor sees: texts, labels, focus, sizes. SQLite only (the API suites cover PostgreSQL).
 */
public class WidgetBrowserIT {
    static final String START = "Start a conversation";
    static final String OFFLINE = "Connection lost. Reconnecting…";

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

    @Test
    void visitorAndAgentTalkLiveThroughTheWidget() {
        TestServer.Tenant shop = server.tenant("Scarf shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            WebElement bubble = w.bubble();
            assertThat(bubble.getAccessibleName()).isEqualTo("Chat with us");
            assertThat(bubble.getAttribute("aria-expanded")).isEqualTo("false");
            assertThat(w.iframes()).as("nothing but the bubble before the first click").isZero();

            bubble.click();
            assertThat(w.bubble().getAttribute("aria-expanded")).isEqualTo("true");
            w.enterFrame();
            assertThat(browser.find("h1").getText()).isEqualTo("Scarf shop");
            w.button(START).click();
            w.send("Do you ship to Lyon?");
            w.awaitSent("Do you ship to Lyon?");

            String conversation = agentFindsConversation(shop);
            awaitAgentSees(shop, conversation, "Do you ship to Lyon?");

            agentReply(shop.agent(), conversation, "Yes, in two days.");
            w.awaitMessage("Yes, in two days.");
            assertThat(w.messageTexts()).containsExactly("Do you ship to Lyon?", "Yes, in two days.");
            await(browser, "the reply announced to screen readers", () -> String.valueOf(browser.js(
                    "return document.querySelector('[aria-live=polite]').textContent")).endsWith(": Yes, in two days."));
        }
    }

    @Test
    void theConversationSurvivesAReload() {
        TestServer.Tenant shop = server.tenant("Reload shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("First visit question");
            w.awaitSent("First visit question");
            String conversation = agentFindsConversation(shop);
            agentReply(shop.agent(), conversation, "First visit answer");
            w.awaitMessage("First visit answer");
            w.hostPage();
            String token = w.storedToken(shop);
            assertThat(token).as("visitor token in the host page's localStorage").isNotBlank();

            browser.driver().navigate().refresh();
            w.bubble();
            assertThat(w.storedToken(shop)).isEqualTo(token);
            await(browser, "an ongoing conversation loads the frame in the background", () -> w.iframes() == 1);
            assertThat(w.bubble().getAttribute("aria-expanded")).isEqualTo("false");
            w.bubble().click();
            w.enterFrame();
            browser.find("h2#parley-earlier");
            w.buttonContaining("First visit answer").click();
            w.awaitMessage("First visit answer");
            assertThat(w.messageTexts()).containsExactly("First visit question", "First visit answer");
            assertThat(agentConversations(shop)).as("still one conversation, not a new visitor").hasSize(1);
        }
    }

    @Test
    void theWidgetGoesOfflineAndReconnectsByItselfAcrossAServerRestart() throws InterruptedException {
        TestServer.Tenant shop = server.tenant("Restart shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("Are you there?");
            w.awaitSent("Are you there?");
            String conversation = agentFindsConversation(shop);
            // Records every state of the banner, so a short outage cannot slip between two polls.
            browser.js("window.__stay = 1; window.__banner = [];"
                    + "new MutationObserver(() => { const p = document.querySelector('p[role=status]');"
                    + " if (p) window.__banner.push(p.textContent); })"
                    + ".observe(document.body, {childList: true, subtree: true, characterData: true});");

            server.restart();
            agentReply(shop.agent(), conversation, "Back after the restart");
            w.awaitMessage("Back after the restart");
            assertThat(browser.js("return window.__banner")).as("offline banner while the server was down")
                    .asList().contains(OFFLINE);
            awaitGone(browser, "p[role=status]");
            assertThat(browser.js("return window.__stay")).as("no reload").isEqualTo(1L);

            // Offline for longer (DevTools network emulation, then the server drops the socket): the banner stays
            // up while every reconnection fails, and goes once the network is back.
            ChromeDriver chrome = (ChromeDriver) browser.driver();
            chrome.executeCdpCommand("Network.enable", Map.of());
            network(chrome, false);
            server.restart();
            assertThat(browser.find("p[role=status]").getText()).isEqualTo(OFFLINE);
            agentReply(shop.agent(), conversation, "Sent while you were offline");
            Thread.sleep(2000); // proving that the banner stays while reconnecting fails
            assertThat(browser.find("p[role=status]").getText()).isEqualTo(OFFLINE);
            assertThat(w.messageTexts()).doesNotContain("Sent while you were offline");
            network(chrome, true);
            w.awaitMessage("Sent while you were offline");
            awaitGone(browser, "p[role=status]");
            assertThat(w.messageTexts()).containsExactly("Are you there?", "Back after the restart", "Sent while you were offline");
            assertThat(browser.js("return window.__stay")).isEqualTo(1L);
        }
    }

    @Test
    void aMessageTypedWhileTheServerRestartsIsDeliveredWithoutTheVisitorPressingAnything() throws Exception {
        TestServer.Tenant shop = server.tenant("Outage shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("Before the outage");
            w.awaitSent("Before the outage");
            String conversation = agentFindsConversation(shop);
            // Records every status line of the visitor's messages, so a short "Not sent." cannot slip between polls.
            browser.js("window.__statuses = [];"
                    + "new MutationObserver(() => document.querySelectorAll('.msg .status')"
                    + ".forEach(s => window.__statuses.push(s.textContent)))"
                    + ".observe(document.body, {childList: true, subtree: true, characterData: true});");

            // The node goes down for 4 s; the visitor writes while the widget shows it is offline.
            CompletableFuture<Void> restart = CompletableFuture.runAsync(() -> server.restart(Duration.ofSeconds(4)));
            try {
                assertThat(browser.find("p[role=status]").getText()).isEqualTo(OFFLINE);
                w.send("Typed during the outage");
                await(browser, "the message waits as 'Sending…'", () -> Boolean.TRUE.equals(browser.js(
                        "return [...document.querySelectorAll('ol[aria-label=Messages] > li')].some(li =>"
                                + " li.querySelector('p').innerText === 'Typed during the outage' && li.innerText.includes('Sending…'))")));
            } finally {
                restart.get(30, TimeUnit.SECONDS);
            }
            awaitAgentSees(shop, conversation, "Typed during the outage");
            w.awaitSent("Typed during the outage");
            assertThat(browser.js("return window.__statuses")).as("never shown as failed").asList()
                    .noneMatch(s -> String.valueOf(s).contains("Not sent"));
            long copies = agentMessages(shop, conversation).stream().filter(m -> m.get("text").asText().equals("Typed during the outage")).count();
            assertThat(copies).as("delivered once").isEqualTo(1);
        }
    }

    @Test
    void aFrenchVisitorReadsTheBusinessesFrenchTextsAndTheDefaultForAMissingOne() {
        TestServer.Tenant shop = server.tenant("Boutique d'écharpes");
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("launcher_label", "Chat with us",
                "greeting", "Hi! How can we help?", "expected_reply_time", "under an hour",
                "texts", Map.of("fr", Map.of("greeting", "Bonjour ! Comment pouvons-nous aider ?",
                        "expected_reply_time", "moins d'une heure")))).status()).isEqualTo(200);
        try (Browser browser = Browser.desktop("fr")) {
            Widget w = new Widget(browser, server).openDemo(shop);
            WebElement bubble = w.bubble();
            assertThat(bubble.getText()).as("no French launcher label: the default").isEqualTo("Chat with us");
            bubble.click();
            w.enterFrame();
            assertThat(browser.js("return document.documentElement.lang")).isEqualTo("fr");
            assertThat(browser.find(".head p").getText()).isEqualTo("Répond généralement en moins d'une heure");
            assertThat(browser.find("main p.greeting").getText()).isEqualTo("Bonjour ! Comment pouvons-nous aider ?");
            w.button("Démarrer une conversation").click();
            assertThat(w.messageTexts()).as("the greeting opens the new conversation").containsExactly(
                    "Bonjour ! Comment pouvons-nous aider ?");
        }
    }

    @Test
    void withAnAgentOnlineTheEmailAskWaitsForTheWorkspacesDelay() {
        TestServer.Tenant shop = server.tenant("Asking shop");
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("email_ask_delay_seconds", 2)).status())
                .isEqualTo(200);
        try (Browser browser = Browser.desktop(); var agentOnline = server.agentSocket(shop.agent())) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            assertThat(browser.find(".head p").getText()).as("the team is online").isEqualTo("We're online");
            w.button(START).click();
            browser.js("window.__askAt = 0; new MutationObserver(() => { if (!window.__askAt && document.getElementById('parley-email'))"
                    + " window.__askAt = Date.now(); }).observe(document.body, {childList: true, subtree: true});"
                    + "window.__sentAt = Date.now();");
            w.send("Do you gift-wrap?");
            w.awaitSent("Do you gift-wrap?");
            WebElement field = browser.find("#parley-email");
            long waited = (Long) browser.js("return window.__askAt - window.__sentAt");
            assertThat(waited).as("asked after the workspace's 2 s, not at once and not after 60 s").isBetween(1500L, 6000L);
            assertThat(browser.find("form.ask").getText()).contains("Get the reply by email");
            assertThat(field.getAttribute("autocomplete")).isEqualTo("email");
        }
    }

    @Test
    void markupFromVisitorsAgentsAndSettingsIsShownAsTextAndOnlySafeLinksBecomeLinks() {
        TestServer.Tenant shop = server.tenant("XSS shop");
        String img = "<img src=x onerror=window.__pwned=1>";
        String script = "<script>window.__pwned=1</script>";
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("name", img, "greeting", script,
                "launcher_label", "<b onmouseover=window.__pwned=1>Help</b>")).status()).isEqualTo(200);
        String email = "evil-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Http.Response created = shop.owner().http().post("/api/v1/agents", Map.of("email", email,
                "name", "<svg onload=window.__pwned=1>", "password", TestServer.PASSWORD, "role", "agent"));
        assertThat(created.status()).isEqualTo(201);
        TestServer.Agent evilAgent = server.login(created.body().get("id").asText(), email, TestServer.PASSWORD);

        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            WebElement bubble = w.bubble();
            assertThat(bubble.getText()).isEqualTo("<b onmouseover=window.__pwned=1>Help</b>");
            assertThat(w.root().findElements(By.cssSelector("b, img, script"))).isEmpty();
            browser.js("Parley('identify', {name: arguments[0], email: 'mallory@example.com'})", img + script);
            await(browser, "identify stored a visitor token", () -> w.storedToken(shop) != null); // the frame will use it
            bubble.click();
            w.enterFrame();
            assertThat(browser.find("h1").getText()).isEqualTo(img);
            assertThat(browser.find("main p").getText()).isEqualTo(script);
            w.button(START).click();
            browser.find("textarea[aria-label=Message]");
            assertThat(w.messageTexts()).as("the greeting opens a new conversation").containsExactly(script);
            w.send(img);
            w.awaitSent(img);
            String conversation = agentFindsConversation(shop);
            agentReply(evilAgent, conversation, script + " javascript:alert(1) see https://example.com/help?a=1&b=2.");
            w.awaitMessage("see https://example.com/help");

            List<String> texts = w.messageTexts();
            assertThat(texts).hasSize(2);
            assertThat(texts.get(0)).isEqualTo(img);
            assertThat(texts.get(1)).startsWith(script + " javascript:alert(1) see https://example.com/help?a=1&b=2");
            assertThat(browser.find("ol[aria-label=Messages] li:last-child > span").getText())
                    .isEqualTo("<svg onload=window.__pwned=1>");
            assertThat(browser.js("return document.querySelectorAll('ol[aria-label=Messages] :is(img, script, svg, iframe, object, embed, b)').length"))
                    .as("no element from any payload").isEqualTo(0L);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> links = (List<Map<String, Object>>) browser.js(
                    "return [...document.querySelectorAll('ol[aria-label=Messages] a')]"
                            + ".map(a => ({href: a.getAttribute('href'), rel: a.rel, target: a.target}))");
            assertThat(links).hasSize(1);
            assertThat(links.get(0)).containsEntry("href", "https://example.com/help?a=1&b=2").containsEntry("target", "_blank");
            assertThat((String) links.get(0).get("rel")).contains("noopener");
            assertThat(browser.js("return typeof window.__pwned")).as("frame").isEqualTo("undefined");

            w.hostPage();
            assertThat(browser.js("return typeof window.__pwned")).as("host page").isEqualTo("undefined");
            assertThat(browser.js("return document.querySelectorAll('img, svg:not([aria-hidden])').length")).isEqualTo(0L);
            JsonNode view = shop.agent().http().get("/api/v1/conversations/" + conversation).body();
            assertThat(view.at("/conversation/contact/name").asText()).as("stored as given, rendered nowhere as HTML")
                    .isEqualTo(img + script);
        }
    }

    @Test
    void aHostPageOnAnotherAllowedOriginGetsAWorkingWidget() {
        TestServer.Tenant shop = server.tenant("Cross-origin shop");
        String page = otherOrigin();
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("allowed_origins", List.of(page))).status()).isEqualTo(200);
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).open(page + "/demo?workspace=" + shop.widgetKey());
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("Hello from another origin");
            w.awaitSent("Hello from another origin");
            agentReply(shop.agent(), agentFindsConversation(shop), "Hello back");
            w.awaitMessage("Hello back");
            w.hostPage();
            assertThat(w.storedToken(shop)).isNotBlank();
        }
    }

    @Test
    void aDisallowedOriginGetsNoWidget() throws InterruptedException {
        TestServer.Tenant shop = server.tenant("Guarded shop");
        String page = otherOrigin();
        try (Browser browser = Browser.desktop()) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source",
                    "window.__errors = []; const e = console.error;"
                            + "console.error = function (...a) { window.__errors.push(a.map(String).join(' ')); return e.apply(this, a); };"));
            browser.open(page + "/demo?workspace=" + shop.widgetKey());
            await(browser, "the loader reports the refusal", () -> !((List<?>) browser.js("return window.__errors")).isEmpty());
            // The refusal carries no CORS header (security/web/CorsIT), so the loader names the likely cause itself.
            assertThat(browser.js("return window.__errors")).asList().containsExactly("Parley: " + page
                    + " is not an allowed origin?");
            Thread.sleep(2000); // proving that nothing shows up late
            Widget w = new Widget(browser, server);
            assertThat(w.hostOrNull()).as("no bubble").isNull();
            assertThat(browser.driver().findElements(By.cssSelector("iframe"))).as("no frame").isEmpty();
            assertThat(browser.js("return document.body.children.length")).as("the loader added nothing to the page").isEqualTo(2L);
            assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", shop.workspace().id()))
                    .as("no visitor session").isZero();
        }
    }

    @Test
    void theUnreadBadgeShowsRepliesThatArriveWhileThePanelIsClosed() {
        TestServer.Tenant shop = server.tenant("Badge shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("Any news?");
            w.awaitSent("Any news?");
            browser.find("button[aria-label='Close chat']").click();
            w.hostPage();
            await(browser, "the panel closes", () -> "false".equals(w.bubble().getAttribute("aria-expanded")));

            agentReply(shop.agent(), agentFindsConversation(shop), "Your parcel left today");
            await(browser, "the bubble says '1 unread'", () -> "Chat with us, 1 unread".equals(w.bubble().getAccessibleName()));
            assertThat(w.bubble().getText()).endsWith("1");

            w.bubble().click();
            w.enterFrame();
            w.awaitMessage("Your parcel left today");
            w.hostPage();
            await(browser, "the unread count goes once read", () -> "Chat with us".equals(w.bubble().getAccessibleName()));
            assertThat(w.bubble().getText()).as("badge cleared once read").doesNotContain("1");
        }
    }

    // --- the page as the visitor sees it -------------------------------------------------------------

    /** The loader's bubble (inside its closed shadow root) and the chat frame. */
    public static final class Widget {
        private final Browser browser;
        private final TestServer server;
        private final WebDriver driver;

        public Widget(Browser browser, TestServer server) {
            this.browser = browser;
            this.server = server;
            this.driver = browser.driver();
        }

        /** The demo shop, served by Parley itself (so always an allowed origin), with this workspace's widget. */
        public Widget openDemo(TestServer.Tenant tenant) {
            return open(server.baseUrl() + "/demo?workspace=" + tenant.widgetKey());
        }

        public Widget open(String url) {
            browser.open(url);
            return this;
        }

        /** The element the loader appended to the page, holding the shadow root; null when there is none. */
        public WebElement hostOrNull() {
            for (WebElement div : driver.findElements(By.cssSelector("body > div"))) {
                try {
                    div.getShadowRoot();
                    return div;
                } catch (NoSuchShadowRootException | StaleElementReferenceException e) {
                    // not the launcher
                }
            }
            return null;
        }

        public WebElement host() {
            driver.switchTo().defaultContent();
            return browser.waitFor(d -> hostOrNull());
        }

        public SearchContext root() {
            return host().getShadowRoot();
        }

        /** The bubble, once visible; the only button of the launcher. */
        public WebElement bubble() {
            return browser.waitFor(d -> {
                List<WebElement> found = root().findElements(By.cssSelector("button[aria-expanded]"));
                return found.isEmpty() || !found.get(0).isDisplayed() ? null : found.get(0);
            });
        }

        /** The bubble, visible or not. */
        public WebElement bubbleElement() {
            return browser.waitFor(d -> {
                List<WebElement> found = root().findElements(By.cssSelector("button[aria-expanded]"));
                return found.isEmpty() ? null : found.get(0);
            });
        }

        /** The panel is closed (Esc or the close button) and focus is back on the bubble, in the host page. */
        public void assertClosedWithFocusOnTheBubble(String context) {
            hostPage();
            await(browser, "the panel closes (" + context + ")", () -> "false".equals(bubbleElement().getAttribute("aria-expanded")));
            assertThat(frameElement().isDisplayed()).as("panel closed").isFalse();
            await(browser, "focus back on the bubble", this::bubbleHasFocus);
            assertThat(browser.js("return document.activeElement === arguments[0]", host()))
                    .as("focus is back on the bubble in the host page").isEqualTo(true);
        }

        public boolean bubbleHasFocus() {
            driver.switchTo().defaultContent();
            return !root().findElements(By.cssSelector("button[aria-expanded]:focus")).isEmpty();
        }

        public int iframes() {
            return root().findElements(By.cssSelector("iframe")).size();
        }

        public WebElement frameElement() {
            return browser.waitFor(d -> {
                List<WebElement> found = root().findElements(By.cssSelector("iframe"));
                return found.isEmpty() ? null : found.get(0);
            });
        }

        public void enterFrame() {
            WebElement frame = frameElement();
            driver.switchTo().frame(frame);
        }

        public void hostPage() {
            driver.switchTo().defaultContent();
        }

        public String storedToken(TestServer.Tenant tenant) {
            Object raw = browser.js("return localStorage.getItem(arguments[0])", "parley:" + tenant.widgetKey());
            try {
                return raw == null ? null : Http.JSON.readTree((String) raw).path("t").asText(null);
            } catch (Exception e) {
                throw new AssertionError("unreadable stored visitor: " + raw, e);
            }
        }

        public WebElement button(String text) {
            return browser.waitFor(d -> displayed(d.findElements(By.xpath("//button[normalize-space()='" + text + "']"))));
        }

        public WebElement buttonContaining(String text) {
            return browser.waitFor(d -> displayed(d.findElements(By.xpath("//button[contains(normalize-space(), '" + text + "')]"))));
        }

        public void send(String text) {
            WebElement box = browser.find("textarea[aria-label=Message]");
            box.sendKeys(text);
            box.sendKeys(Keys.ENTER);
        }

        public void keys(CharSequence... keys) {
            new Actions(driver).sendKeys(keys).perform();
        }

        /** Waits until the focused element in the current frame is a {@code tag} with this text. */
        public void awaitFocus(String tag, String text) {
            await(browser, "focus on " + tag + " '" + text + "'", () -> Boolean.TRUE.equals(browser.js(
                    "const a = document.activeElement;"
                            + "return a.tagName.toLowerCase() === arguments[0] && a.textContent.trim() === arguments[1]", tag, text)));
        }

        /** The text of each message bubble on screen, oldest first (innerText: what is rendered). */
        @SuppressWarnings("unchecked")
        public List<String> messageTexts() {
            return (List<String>) browser.js("return [...document.querySelectorAll('ol[aria-label=Messages] > li > p')]"
                    + ".map(p => p.innerText)");
        }

        public void awaitMessage(String text) {
            await(browser, "message '" + text + "' on screen", () -> messageTexts().stream().anyMatch(t -> t.contains(text)));
        }

        /** The visitor's message is on screen and no longer "Sending…": the server acknowledged it. */
        public void awaitSent(String text) {
            await(browser, "'" + text + "' sent", () -> Boolean.TRUE.equals(browser.js(
                    "return [...document.querySelectorAll('ol[aria-label=Messages] > li')].some(li =>"
                            + " li.querySelector('p').innerText === arguments[0]"
                            + " && !li.innerText.includes('Sending…') && !li.innerText.includes('Not sent.'))", text)));
        }

        private static WebElement displayed(List<WebElement> found) {
            return found.stream().filter(WebElement::isDisplayed).findFirst().orElse(null);
        }
    }

    // --- the agent's side, through the REST API ---------------------------------------------------------

    static List<JsonNode> agentConversations(TestServer.Tenant tenant) {
        Http.Response list = tenant.agent().http().get("/api/v1/conversations");
        assertThat(list.status()).isEqualTo(200);
        List<JsonNode> result = new ArrayList<>();
        list.body().get("conversations").forEach(result::add);
        return result;
    }

    static String agentFindsConversation(TestServer.Tenant tenant) {
        return eventually("the visitor's conversation in the inbox", () -> {
            List<JsonNode> list = agentConversations(tenant);
            return list.isEmpty() ? null : list.get(0).get("id").asText();
        });
    }

    static List<JsonNode> agentMessages(TestServer.Tenant tenant, String conversation) {
        List<JsonNode> result = new ArrayList<>();
        tenant.agent().http().get("/api/v1/conversations/" + conversation).body().get("messages").forEach(result::add);
        return result;
    }

    static void awaitAgentSees(TestServer.Tenant tenant, String conversation, String text) {
        eventually("'" + text + "' for the agent", () -> {
            JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation).body();
            for (JsonNode m : view.get("messages")) {
                if (m.get("text").asText().equals(text) && m.at("/sender/type").asText().equals("contact")) {
                    return true;
                }
            }
            return null;
        });
    }

    static void agentReply(TestServer.Agent agent, String conversation, String text) {
        Http.Response sent = agent.http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "agent-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    static <T> T eventually(String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("not within 15 s: " + what);
    }

    /** Waits (15 s) for a condition of the page; fails with {@code what} rather than a lambda's name. */
    static void await(Browser browser, String what, Supplier<Boolean> condition) {
        try {
            browser.waitFor(d -> Boolean.TRUE.equals(condition.get()) ? true : null);
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what);
        }
    }

    static void awaitGone(Browser browser, String css) {
        await(browser, css + " gone", () -> browser.driver().findElements(By.cssSelector(css)).isEmpty());
    }

    /** DevTools network emulation: offline blocks new connections (an open WebSocket stays up). */
    private static void network(ChromeDriver chrome, boolean online) {
        chrome.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", !online, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", -1));
    }

    /** The same server seen from another origin: localhost instead of 127.0.0.1. */
    private static String otherOrigin() {
        return server.baseUrl().replace("127.0.0.1", "localhost");
    }
}
