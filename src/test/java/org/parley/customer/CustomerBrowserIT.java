package org.parley.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * The customer inbox at /me in a real browser (headless Chromium, phone size): sign in with the link
 * from a real email, see the conversation, write in it and the agent gets it live; the agent's reply
 * shows live. Needs the web build (run without -DskipWeb). SQLite only (the API suites cover PostgreSQL).
 */
class CustomerBrowserIT {
    static MailServer mail;
    static TestServer server;

    @BeforeAll
    static void start() {
        mail = new MailServer();
        server = TestServer.startWithSmtp("sqlite", mail.url());
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (mail != null) {
            mail.close();
        }
    }

    @Test
    void theMeAppIsServedWithItsHeaders() throws Exception {
        Http.Response page = server.http().get("/me");
        assertThat(page.status()).as("web build present").isEqualTo(200);
        assertThat(page.header("cache-control")).isEqualTo("no-cache");
        assertThat(page.header("content-security-policy")).contains("script-src 'self';").contains("connect-src 'self' ws: wss:")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe-eval").doesNotContain("unsafe-inline");
        assertThat(page.raw()).doesNotContain("<script>").contains("/me/assets/");
        assertThat(server.http().get("/me/").raw()).as("also under the worker's scope").isEqualTo(page.raw());
        String asset = page.raw().replaceAll("(?s).*src=\"(/me/assets/[^\"]+)\".*", "$1");
        assertThat(server.http().get(asset).header("cache-control")).contains("immutable");
        Http.Response manifest = server.http().get("/me/manifest.webmanifest");
        assertThat(manifest.header("content-type")).startsWith("application/manifest+json");
        assertThat(manifest.body().get("scope").asText()).isEqualTo("/me/");
        assertThat(server.http().get("/me/icon.svg").status()).isEqualTo(200);
        // The iOS home-screen icon: linked from the document, a real 180 × 180 PNG.
        assertThat(page.raw()).contains("<link rel=\"apple-touch-icon\" href=\"/me/apple-touch-icon.png\"");
        java.net.http.HttpResponse<byte[]> touchIcon = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.baseUrl() + "/me/apple-touch-icon.png")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray());
        assertThat(touchIcon.statusCode()).isEqualTo(200);
        assertThat(touchIcon.headers().firstValue("content-type")).hasValue("image/png");
        byte[] png = touchIcon.body();
        assertThat(png.length).as("small: never part of a page load budget, still cheap").isLessThan(8 * 1024);
        assertThat(java.util.Arrays.copyOf(png, 8)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        assertThat(java.nio.ByteBuffer.wrap(png, 16, 8).getInt()).as("width").isEqualTo(180);
        assertThat(java.nio.ByteBuffer.wrap(png, 20, 4).getInt()).as("height").isEqualTo(180);
        assertThat(server.http().get("/me/assets/..%2Fsecret").status()).isEqualTo(404);
    }

    @Test
    void signInFromTheEmailSeeTheConversationAndChatLiveWithTheAgent() throws Exception {
        TestServer.Tenant shop = server.tenant("Scarf shop");
        String email = "me-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Where is my parcel?");
        reply(shop, conversation, "It ships today.");
        // From the widget: the link will also verify this visitor's contact.
        assertThat(visitor.http().with("Origin", server.baseUrl())
                .post("/api/v1/customer/magic-link", Map.of("email", email)).status()).isEqualTo(202);
        String link = MailServer.extract(mail.awaitTo(email), "(http\\S+/me#/signin\\?token=[A-Za-z0-9_-]+)");

        try (Browser browser = Browser.phone(); WsClient agentSocket = server.agentSocket(shop.agent())) {
            // Signed out: the form asks for the email and says to check it.
            browser.open(server.baseUrl() + "/me");
            assertThat(browser.find("h1").getText()).isEqualTo("See your conversations");
            assertThat(browser.axeViolations()).as("axe: sign-in").isEmpty();
            browser.find("#me-email").sendKeys(email);
            browser.find("button[type=submit]").click();
            awaitHeading(browser, "Check your email");
            await(browser, "a second email", () -> mail.to(email).size() == 2);

            browser.open(link);
            WebElement item = browser.find(".me-item");
            assertThat(browser.js("return getComputedStyle(document.querySelector('.me-dot')).backgroundColor"))
                    .as("the business colour, set through the CSSOM under style-src 'self'").isNotEqualTo("rgba(0, 0, 0, 0)");
            assertThat(item.getText()).contains("Scarf shop").contains("It ships today.");
            assertThat(String.valueOf(browser.js("return location.href"))).as("the spent token leaves the address bar")
                    .doesNotContain("token=");
            assertThat(browser.axeViolations()).as("axe: list").isEmpty();

            item.click();
            assertThat(browser.find(".head h1").getText()).isEqualTo("Scarf shop");
            awaitMessages(browser, List.of("Where is my parcel?", "It ships today."));
            WebElement box = browser.find(".composer textarea");
            box.sendKeys("Thanks! <b>not bold</b>");
            box.sendKeys(Keys.ENTER);
            JsonNode delivered = agentSocket.await(f -> "message.created".equals(f.path("event").asText())
                    && f.toString().contains("Thanks! <b>not bold</b>"));
            assertThat(delivered.toString()).contains(conversation);
            awaitMessages(browser, List.of("Where is my parcel?", "It ships today.", "Thanks! <b>not bold</b>"));
            assertThat(browser.driver().findElements(By.cssSelector(".msgs b"))).as("text only").isEmpty();

            reply(shop, conversation, "You're welcome, see https://shop.example/track");
            awaitMessages(browser, List.of("Where is my parcel?", "It ships today.", "Thanks! <b>not bold</b>",
                    "You're welcome, see https://shop.example/track"));
            assertThat(browser.find(".msgs a[href='https://shop.example/track']").getAttribute("rel")).contains("noopener");
            assertThat(browser.axeViolations()).as("axe: conversation").isEmpty();

            browser.find(".head button[aria-label='Back to your conversations']").click();
            browser.find("button.me-button.quiet").click();
            awaitHeading(browser, "See your conversations");
        }
    }

    @Test
    void aContinueLinkOpensItsConversationSignedIn() {
        TestServer.Tenant shop = server.tenant("Tea shop");
        String email = "cont-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TestServer.Visitor visitor = server.visitor(shop);
        visitor.http().patch("/api/v1/visitor/contact", Map.of("email", email));
        server.conversation(visitor, "Older question");
        String conversation = server.conversation(visitor, "Is the green tea back?");
        reply(shop, conversation, "Yes, since Monday.");
        String url = server.wiring().continueLinks.continueUrl(shop.workspace().id(), visitor.contactId(), conversation, email);

        try (Browser browser = Browser.phone()) {
            browser.open(url);
            awaitHeading(browser, "Tea shop");
            awaitMessages(browser, List.of("Is the green tea back?", "Yes, since Monday."));
            assertThat(String.valueOf(browser.js("return location.hash"))).isEqualTo("#/c/" + conversation);
            browser.find(".head button[aria-label='Back to your conversations']").click();
            await(browser, "both conversations listed", () -> browser.driver().findElements(By.cssSelector(".me-item")).size() == 2);
        }
    }

    /**
     * A French browser: every text of /me is French and the document says lang="fr". The continue link opens a
     * conversation the customer has fully read (its messages load with the chat's token, first time), and the list
     * does not mark it unread although its newest message is the customer's own.
     */
    @Test
    void aPushLinkOpensTheSubscribersConversationWithoutSigningIn() {
        TestServer.Tenant shop = server.tenant("Scarf corner");
        TestServer.Visitor visitor = server.visitor(shop);
        visitor.http().patch("/api/v1/visitor/contact", Map.of("email", "typed-" + UUID.randomUUID() + "@example.com"));
        String conversation = server.conversation(visitor, "Is the wool one itchy?");
        reply(shop, conversation, "Not at all, it is merino.");
        String url = server.wiring().continueLinks.pushUrl(shop.workspace().id(), visitor.contactId(), conversation);

        try (Browser browser = Browser.phone()) {
            browser.open(url);
            awaitHeading(browser, "Scarf corner");
            awaitMessages(browser, List.of("Is the wool one itchy?", "Not at all, it is merino."));
            assertThat(String.valueOf(browser.js("return location.hash"))).as("the token leaves the address bar")
                    .isEqualTo("#/c/" + conversation);
            WebElement box = browser.find(".composer textarea");
            box.sendKeys("Great, one please");
            box.sendKeys(Keys.ENTER);
            await(browser, "the message reached the agent", () -> server.count(
                    "SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND text = 'Great, one please'", conversation) == 1);
            browser.driver().navigate().refresh();
            awaitMessages(browser, List.of("Is the wool one itchy?", "Not at all, it is merino.", "Great, one please"));
            browser.find(".head button[aria-label='Back to your conversations']").click();
            await(browser, "no customer session: the sign-in form", () ->
                    !browser.driver().findElements(By.cssSelector("#me-email")).isEmpty());
        }
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND customer_id IS NULL AND email_verified_at IS NULL",
                visitor.contactId())).as("the typed email stays unproven").isEqualTo(1);
    }

    @Test
    void inAFrenchBrowserMeIsInFrenchAndAFullyReadConversationOpensAndIsNotUnread() {
        TestServer.Tenant shop = server.tenant("Boutique de thé");
        String email = "fr-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TestServer.Visitor visitor = server.visitor(shop);
        visitor.http().patch("/api/v1/visitor/contact", Map.of("email", email));
        String conversation = server.conversation(visitor, "Le thé vert est-il revenu ?");
        reply(shop, conversation, "Oui, depuis lundi.");
        assertThat(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/read", Map.of("seq", 2)).status())
                .isEqualTo(200);
        assertThat(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "merci", "text", "Merci !")).status()).isEqualTo(201);
        String url = server.wiring().continueLinks.continueUrl(shop.workspace().id(), visitor.contactId(), conversation, email);

        try (Browser browser = Browser.phone("fr")) {
            browser.open(url);
            awaitHeading(browser, "Boutique de thé");
            awaitMessages(browser, List.of("Le thé vert est-il revenu ?", "Oui, depuis lundi.", "Merci !"));
            assertThat(browser.driver().getPageSource()).doesNotContain("Impossible de charger la conversation");
            assertThat(browser.js("return document.documentElement.lang")).isEqualTo("fr");
            assertThat(browser.find(".composer textarea").getAttribute("placeholder")).isEqualTo("Écrivez un message…");

            browser.find(".head button[aria-label='Retour à vos conversations']").click();
            awaitHeading(browser, "Vos conversations");
            assertThat(browser.js("return document.title")).isEqualTo("Vos conversations");
            assertThat(browser.find(".me-item").getText()).contains("Boutique de thé").contains("Merci !").doesNotContain("non lu");
            // As the server counts it, on a fresh load of the list: still not unread.
            browser.driver().navigate().refresh();
            awaitHeading(browser, "Vos conversations");
            WebElement item = browser.find(".me-item");
            assertThat(item.getText()).contains("Boutique de thé").contains("Merci !").doesNotContain("non lu");
            assertThat(browser.find(".me-sub").getText()).isEqualTo("Connecté·e en tant que " + email);
            assertThat(browser.axeViolations()).as("axe: list in French").isEmpty();

            browser.find("button.me-button.quiet").click();
            awaitHeading(browser, "Voir vos conversations");
            assertThat(browser.find("label[for=me-email]").getText()).isEqualTo("Adresse e-mail");
            assertThat(browser.find("button[type=submit]").getText()).isEqualTo("Recevoir un lien par e-mail");
            assertThat(browser.js("return document.documentElement.lang")).isEqualTo("fr");
        }
    }

    static void reply(TestServer.Tenant shop, String conversation, String text) {
        Http.Response sent = shop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "agent-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    static void awaitMessages(Browser browser, List<String> texts) {
        // The visible text of each bubble, without the screen-reader-only "opens in a new tab" of links.
        await(browser, "messages " + texts, () -> texts.equals(browser.js("return [...document.querySelectorAll('.msgs .bubble')]"
                + ".map(b => { const c = b.cloneNode(true); c.querySelectorAll('.sr-only').forEach(s => s.remove());"
                + " return c.textContent; })")));
    }

    static void awaitHeading(Browser browser, String text) {
        await(browser, "heading " + text, () -> text.equals(browser.js("return document.querySelector('h1')?.textContent")));
    }

    static void await(Browser browser, String what, Supplier<Boolean> condition) {
        try {
            browser.waitFor(d -> Boolean.TRUE.equals(condition.get()) ? true : null);
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what);
        }
    }
}
