package org.parley.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * The site's signed identify (HMAC of the user id with the workspace's identity secret), through the
 * widget's identify route: refusals change nothing; a valid one joins visitors of one user; with an
 * email the contact joins that email's customer. Also the admin routes of the secret.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class SignedIdentifyIT {
    @Parameter
    String database;

    static MailServer mail;
    static TestServer server;
    static TestServer.Tenant shop;
    static TestServer.Tenant other;
    static String secret;
    static String otherSecret;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        mail = new MailServer();
        server = TestServer.startWithSmtp(database, mail.url());
        shop = server.tenant("Shop");
        other = server.tenant("Other shop");
        secret = secretOf(shop);
        otherSecret = secretOf(other);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        mail.close();
    }

    static String secretOf(TestServer.Tenant tenant) {
        Http.Response response = tenant.owner().http().get("/api/v1/workspace/identity-secret");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body().get("identity_secret").asText();
    }

    static String user() {
        return "user-" + UUID.randomUUID();
    }

    static Http.Response identify(TestServer.Visitor visitor, Map<String, Object> body) {
        return visitor.http().patch("/api/v1/visitor/contact", body);
    }

    static Map<String, Object> signed(String userId, String hash, Object... more) {
        Map<String, Object> body = new HashMap<>();
        body.put("user_id", userId);
        if (hash != null) {
            body.put("user_hash", hash);
        }
        for (int i = 0; i < more.length; i += 2) {
            body.put((String) more[i], more[i + 1]);
        }
        return body;
    }

    /** What identify may change, to compare before and after a refusal. */
    static String snapshot(TestServer.Visitor visitor) {
        return server.count("SELECT COUNT(*) FROM contacts WHERE external_id IS NOT NULL OR customer_id IS NOT NULL") + "/"
                + server.count("SELECT COUNT(*) FROM customers") + "/"
                + server.count("SELECT COUNT(*) FROM visitors WHERE id = ? AND contact_id = ?", visitor.visitorId(), visitor.contactId()) + "/"
                + server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND name IS NULL AND email IS NULL", visitor.contactId());
    }

    @Test
    void missingWrongOtherUserAndOtherWorkspaceHashesAreRefusedWithNothingChanged() {
        TestServer.Visitor visitor = server.visitor(shop);
        String userId = user();
        String before = snapshot(visitor);
        Map<String, Map<String, Object>> refused = Map.of(
                "missing hash", signed(userId, null, "email", "x@example.com"),
                "wrong hash", signed(userId, "0".repeat(64), "name", "Mallory"),
                "hash of another user id", signed(userId, SignedIdentityService.hmac(secret, "someone-else"), "email", "x@example.com"),
                "hash with another workspace's secret", signed(userId, SignedIdentityService.hmac(otherSecret, userId)),
                "hash without user id", Map.of("user_hash", SignedIdentityService.hmac(secret, userId)),
                "loader-forwarded attributes, wrong hash", Map.of("attributes", Map.of("userId", userId, "userHash", "ab".repeat(32))));
        refused.forEach((label, body) -> {
            Http.Response response = identify(visitor, body);
            assertThat(response.status()).as(label + ": " + response.raw()).isEqualTo(403);
            assertThat(response.errorCode()).as(label).isEqualTo("invalid_identity");
        });
        assertThat(snapshot(visitor)).as("nothing changed").isEqualTo(before);
    }

    @Test
    void aValidHashOnTwoVisitorsJoinsThemAndTheirConversations() {
        String userId = user();
        String hash = SignedIdentityService.hmac(secret, userId);
        TestServer.Visitor laptop = server.visitor(shop);
        String first = server.conversation(laptop, "asked on the laptop");
        Http.Response one = identify(laptop, signed(userId, hash, "name", "Ann"));
        assertThat(one.status()).as(one.raw()).isEqualTo(200);
        assertThat(one.body().get("contact").get("id").asText()).as("an anonymous contact becomes the user's").isEqualTo(laptop.contactId());

        TestServer.Visitor phone = server.visitor(shop);
        String second = server.conversation(phone, "asked on the phone before signing in");
        // The phone's widget is open while it signs in: its socket still carries the old contact.
        WsClient before = server.visitorSocket(phone);
        // As the loader sends it: userId and userHash among the attributes, in upper case hex.
        Http.Response two = identify(phone, Map.of("attributes", Map.of("userId", userId, "userHash", hash.toUpperCase(), "plan", "pro")));
        assertThat(two.status()).as(two.raw()).isEqualTo(200);
        assertThat(before.awaitClose()).as("the moved browser's socket is told to reconnect").isEqualTo(4401);
        before.close();
        JsonNode contact = two.body().get("contact");
        assertThat(contact.get("id").asText()).isEqualTo(laptop.contactId());
        assertThat(contact.get("attributes").has("userHash")).as("the hash is not stored").isFalse();
        assertThat(contact.get("attributes").get("plan").asText()).isEqualTo("pro");
        assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE id = ? AND contact_id = ?", phone.visitorId(), laptop.contactId()))
                .isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE contact_id = ? AND id IN (?, ?)", laptop.contactId(),
                first, second)).as("the phone's anonymous conversation moved").isEqualTo(2);

        // Contact-scoped conversations (main): each device lists both.
        assertThat(phone.http().get("/api/v1/visitor/conversations").body().get("conversations").findValuesAsText("id"))
                .contains(first, second);
        assertThat(laptop.http().get("/api/v1/visitor/conversations").body().get("conversations").findValuesAsText("id"))
                .contains(first, second);

        // ... and over /ws/visitor: the phone's (next) socket receives the laptop conversation live.
        try (WsClient phoneSocket = server.visitorSocket(phone)) {
            Http.Response reply = shop.agent().http().post("/api/v1/conversations/" + first + "/messages",
                    Map.of("client_msg_id", "agent-" + UUID.randomUUID(), "text", "Answer for both devices"));
            assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
            JsonNode event = phoneSocket.await(f -> "message.created".equals(f.path("event").asText())
                    && f.toString().contains("Answer for both devices"));
            assertThat(event.toString()).contains(first);
        }
    }

    @Test
    void anotherUserSigningInOnTheSameBrowserGetsTheirOwnContact() {
        TestServer.Visitor shared = server.visitor(shop);
        String alice = user();
        String bob = user();
        assertThat(identify(shared, signed(alice, SignedIdentityService.hmac(secret, alice))).status()).isEqualTo(200);
        String aliceConversation = server.conversation(shared, "alice's question");
        Http.Response asBob = identify(shared, signed(bob, SignedIdentityService.hmac(secret, bob)));
        assertThat(asBob.status()).isEqualTo(200);
        assertThat(asBob.body().get("contact").get("id").asText()).isNotEqualTo(shared.contactId());
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE id = ? AND contact_id = ?", aliceConversation,
                shared.contactId())).as("alice's conversation stays hers").isEqualTo(1);
    }

    @Test
    void withAnEmailTheSiteVouchesAndTheContactJoinsTheCustomer() {
        String userId = user();
        String email = "vouched-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "hello");
        Http.Response response = identify(visitor, signed(userId, SignedIdentityService.hmac(secret, userId + "\n" + email),
                "email", email));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.body().get("contact").get("email").asText()).isEqualTo(email);

        Http customer = CustomerITSupport.signIn(server, mail, email);
        assertThat(customer.get("/api/v1/customer/conversations").body().get("conversations").findValuesAsText("id"))
                .contains(conversation);
    }

    @Test
    void aHashOfTheUserIdAloneDoesNotVouchForAnEmail() {
        // A signed-in user of the site sends their own valid hash with someone else's email.
        String victim = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String attacker = user();
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "please change my delivery address");
        Http.Response response = identify(visitor, signed(attacker, SignedIdentityService.hmac(secret, attacker), "email", victim));
        assertThat(response.status()).as("the user id is vouched for: " + response.raw()).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND email = ? AND email_verified_at IS NULL "
                + "AND customer_id IS NULL", visitor.contactId(), victim)).as("the email is only typed").isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM customers WHERE email = ?", victim)).isZero();

        Http customer = CustomerITSupport.signIn(server, mail, victim);
        assertThat(customer.get("/api/v1/customer/conversations").body().get("conversations").findValuesAsText("id"))
                .as("the victim never sees the attacker's conversation").doesNotContain(conversation);
    }

    @Test
    void aHashThatSignsAnotherEmailIsRefused() {
        String userId = user();
        TestServer.Visitor visitor = server.visitor(shop);
        String before = snapshot(visitor);
        Http.Response response = identify(visitor, signed(userId,
                SignedIdentityService.hmac(secret, userId + "\n" + "mine@example.com"), "email", "victim@example.com"));
        assertThat(response.status()).as(response.raw()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo("invalid_identity");
        assertThat(snapshot(visitor)).isEqualTo(before);
        Http.Response newline = identify(visitor, signed(userId + "\nvictim@example.com",
                SignedIdentityService.hmac(secret, userId + "\nvictim@example.com")));
        assertThat(newline.status()).as("no control characters in user ids: " + newline.raw()).isEqualTo(400);
    }

    @Test
    void badInputWithAValidHashChangesNothingEither() {
        TestServer.Visitor visitor = server.visitor(shop);
        String userId = user();
        String before = snapshot(visitor);
        Http.Response response = identify(visitor, signed(userId, SignedIdentityService.hmac(secret, userId), "name", "x".repeat(101)));
        assertThat(response.status()).isEqualTo(400);
        assertThat(snapshot(visitor)).isEqualTo(before);
    }

    @Test
    void aVerifiedContactThatTypesAnotherEmailIsNoLongerVerified() {
        String userId = user();
        TestServer.Visitor visitor = server.visitor(shop);
        String email = "v-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(identify(visitor, signed(userId, SignedIdentityService.hmac(secret, userId + "\n" + email), "email", email))
                .status()).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND email_verified_at IS NOT NULL", visitor.contactId()))
                .isEqualTo(1);
        assertThat(identify(visitor, Map.of("email", "typed-" + email)).status()).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND email_verified_at IS NULL", visitor.contactId()))
                .isEqualTo(1);
    }

    @Test
    void onlyAdminsReadAndRotateTheSecret() {
        assertThat(shop.agent().http().get("/api/v1/workspace/identity-secret").status()).isEqualTo(403);
        assertThat(server.http().get("/api/v1/workspace/identity-secret").status()).isEqualTo(401);
        Http.Response again = shop.owner().http().get("/api/v1/workspace/identity-secret");
        assertThat(again.body().get("identity_secret").asText()).as("stable until rotated").isEqualTo(secret);
        assertThat(again.header("cache-control")).isEqualTo("no-store");

        TestServer.Tenant rotating = server.tenant("Rotating");
        String old = rotating.owner().http().get("/api/v1/workspace/identity-secret").body().get("identity_secret").asText();
        String rotated = rotating.owner().http().post("/api/v1/workspace/identity-secret/rotate", Map.of())
                .body().get("identity_secret").asText();
        assertThat(rotated).isNotEqualTo(old);
        TestServer.Visitor visitor = server.visitor(rotating);
        String userId = user();
        assertThat(identify(visitor, signed(userId, SignedIdentityService.hmac(old, userId))).status()).isEqualTo(403);
        assertThat(identify(visitor, signed(userId, SignedIdentityService.hmac(rotated, userId))).status()).isEqualTo(200);
    }

    @Test
    void withoutUserIdIdentifyStaysAsItWas() {
        TestServer.Visitor visitor = server.visitor(shop);
        Http.Response typed = identify(visitor, Map.of("name", "Typed", "email", "typed@example.com"));
        assertThat(typed.status()).isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND email = 'typed@example.com' "
                + "AND email_verified_at IS NULL AND customer_id IS NULL", visitor.contactId())).isEqualTo(1);
    }
}
