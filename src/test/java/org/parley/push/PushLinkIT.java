package org.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;

/**
 * The link a web push carries, tried as an attacker would: a typed (unproven) email plus push must never
 * hand out a sign-in for that email. A push link opens the subscriber's own conversation and nothing else.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class PushLinkIT {
    @Parameter
    String database;

    static LocalPushService pushService;
    static MailServer mail;
    static TestServer server;
    static TestServer.Tenant victimShop;
    static TestServer.Tenant attackedShop;

    @BeforeAll
    static void startPushService() {
        pushService = new LocalPushService();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        mail = new MailServer();
        server = TestServer.startWithNotifications(database, mail.url(), pushService.allowEntry());
        victimShop = server.tenant("Victim's usual shop");
        attackedShop = server.tenant("Another shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        mail.close();
    }

    static Http site() {
        return server.http().with("Origin", server.baseUrl());
    }

    /** The victim chats with a shop and proves their email from the widget (magic link): /me lists the chat. */
    static String victimWithAProvenConversation(String email) {
        TestServer.Visitor victim = server.visitor(victimShop);
        String conversation = server.conversation(victim, "My address is 1 Private Road");
        int before = mail.to(email).size();
        Http.Response asked = victim.http().with("Origin", server.baseUrl())
                .post("/api/v1/customer/magic-link", Map.of("email", email));
        assertThat(asked.status()).as(asked.raw()).isEqualTo(202);
        await(() -> mail.to(email).size() > before);
        String token = MailServer.extract(mail.to(email).get(before), "/me#/signin\\?token=([A-Za-z0-9_-]+)");
        assertThat(site().post("/api/v1/customer/session", Map.of("token", token)).status()).isEqualTo(200);
        return conversation;
    }

    /** A visitor subscribed to push (keys made here), in a conversation an agent answers; returns the pushed URL. */
    static String pushedUrl(TestServer.Visitor visitor, String conversation) throws Exception {
        BrowserPushKeys browser = new BrowserPushKeys();
        String path = "/push/" + UUID.randomUUID();
        Http.Response subscribed = visitor.http().post("/api/v1/visitor/push-subscriptions", Map.of(
                "endpoint", pushService.endpoint(path), "keys", Map.of("p256dh", browser.p256dh(), "auth", browser.authSecret())));
        assertThat(subscribed.status()).as(subscribed.raw()).isEqualTo(201);
        Http.Response reply = attackedShop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", "Happy to help!"));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        await(() -> !pushService.received(path).isEmpty());
        List<LocalPushService.Received> pushes = pushService.received(path);
        JsonNode payload = Http.JSON.readTree(browser.decrypt(pushes.get(0).body()));
        return payload.get("url").asText();
    }

    static String token(String url) {
        Matcher m = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(url);
        assertThat(m.find()).as("a token in " + url).isTrue();
        return m.group(1);
    }

    @Test
    void aTypedEmailPlusPushGivesNoSignInForThatEmail() throws Exception {
        String email = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String victimConversation = victimWithAProvenConversation(email);
        long victimSessions = server.count("SELECT COUNT(*) FROM customer_sessions s JOIN customers c ON c.id = s.customer_id "
                + "WHERE c.email = ?", email);

        TestServer.Visitor attacker = server.visitor(attackedShop);
        assertThat(attacker.http().patch("/api/v1/visitor/contact", Map.of("email", email)).status()).isEqualTo(200);
        String attackerConversation = server.conversation(attacker, "Where is my order?");
        String url = pushedUrl(attacker, attackerConversation);
        String token = token(url);

        Http.Response signIn = site().post("/api/v1/customer/session", Map.of("token", token));
        assertThat(signIn.status()).as("the push link is no sign-in: " + signIn.raw()).isEqualTo(400);
        assertThat(signIn.header("set-cookie")).isNull();
        assertThat(server.count("SELECT COUNT(*) FROM customer_sessions s JOIN customers c ON c.id = s.customer_id "
                + "WHERE c.email = ?", email)).as("no new session for the victim's email").isEqualTo(victimSessions);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND customer_id IS NULL AND email_verified_at IS NULL",
                attacker.contactId())).as("the typed email stays unproven").isEqualTo(1);

        Http.Response opened = site().post("/api/v1/customer/push-link", Map.of("token", token));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        assertThat(opened.header("set-cookie")).as("no customer session").isNull();
        assertThat(opened.body().get("contact_id").asText()).isEqualTo(attacker.contactId());
        assertThat(opened.body().get("conversation_id").asText()).isEqualTo(attackerConversation);
        assertThat(opened.body().get("workspace").get("name").asText()).isEqualTo("Another shop");
        Http asOpened = server.http().bearer(opened.body().get("token").asText());
        List<String> visible = asOpened.get("/api/v1/visitor/conversations").body().findValuesAsText("id");
        assertThat(visible).as("only the subscriber's own conversation").contains(attackerConversation)
                .doesNotContain(victimConversation);
        assertThat(asOpened.get("/api/v1/visitor/conversations/" + victimConversation + "/messages").status())
                .as("the victim's thread stays closed").isEqualTo(404);

        Http.Response again = site().post("/api/v1/customer/push-link", Map.of("token", token));
        assertThat(again.status()).as("single use: " + again.raw()).isEqualTo(400);
        assertThat(server.http().with("Origin", "https://evil.example").post("/api/v1/customer/push-link",
                Map.of("token", token)).status()).as("only from Parley's own pages").isEqualTo(403);
    }

    @Test
    void aPushToAContactWithoutEmailOpensItsConversation() throws Exception {
        TestServer.Visitor visitor = server.visitor(attackedShop);
        String conversation = server.conversation(visitor, "Do you ship to Norway?");
        String url = pushedUrl(visitor, conversation);
        assertThat(url).startsWith(server.baseUrl() + "/me#/push?token=pl_").endsWith("&c=" + conversation);
        Http.Response opened = site().post("/api/v1/customer/push-link", Map.of("token", token(url)));
        assertThat(opened.status()).as(opened.raw()).isEqualTo(200);
        Http asOpened = server.http().bearer(opened.body().get("token").asText());
        Http.Response messages = asOpened.get("/api/v1/visitor/conversations/" + conversation + "/messages");
        assertThat(messages.status()).as(messages.raw()).isEqualTo(200);
        assertThat(messages.body().findValuesAsText("text")).contains("Do you ship to Norway?", "Happy to help!");
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 15_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
