package org.parley.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;
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

/**
 * Customers through the real HTTP API and a real SMTP server: magic links (single use, expiry, bound to
 * one email, replay), continue links, typed emails that reveal nothing, conversations across workspaces,
 * visitor sessions only for the customer's own contacts, CSRF on the cookie routes, the per-email limit.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class CustomerIT {
    @Parameter
    String database;

    static MailServer mail;
    static TestServer server;
    static TestServer.Tenant shop;
    static TestServer.Tenant other;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        mail = new MailServer();
        server = TestServer.startWithSmtp(database, mail.url());
        shop = server.tenant("Shop");
        other = server.tenant("Other shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        mail.close();
    }

    static String email(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    /** Parley's own pages: same origin. */
    static Http site() {
        return server.http().with("Origin", server.baseUrl());
    }

    static String magicToken(String to) {
        return MailServer.extract(mail.awaitTo(to), "/me#/signin\\?token=([A-Za-z0-9_-]+)");
    }

    static String requestAndTakeToken(String email, Http http) {
        int before = mail.to(email).size();
        Http.Response asked = http.post("/api/v1/customer/magic-link", Map.of("email", email));
        assertThat(asked.status()).as(asked.raw()).isEqualTo(202);
        long deadline = System.currentTimeMillis() + 10_000;
        while (mail.to(email).size() <= before && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
        return magicToken(email);
    }

    /** Signs in with a link token; returns a client carrying the session cookie from Parley's origin. */
    static Http signIn(String token) {
        Http.Response session = site().post("/api/v1/customer/session", Map.of("token", token));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        String setCookie = session.header("set-cookie");
        assertThat(setCookie).startsWith(CustomerHttp.COOKIE + "=cs_").contains("HttpOnly").contains("SameSite=Lax")
                .contains("Path=/api/v1/customer").doesNotContain("Secure");
        return site().with("Cookie", setCookie.split(";")[0]);
    }

    static List<String> conversationIds(Http customer) {
        Http.Response list = customer.get("/api/v1/customer/conversations");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        List<String> ids = new java.util.ArrayList<>();
        list.body().get("conversations").forEach(item -> ids.add(item.get("conversation").get("id").asText()));
        return ids;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aMagicLinkFromTheWidgetSignsInOnceAndLinksTheVisitorsContact() throws Exception {
        String email = email("ann");
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Where is my parcel?");
        String token = requestAndTakeToken(email, visitor.http().with("Origin", server.baseUrl()));
        assertThat(MailServer.text(mail.awaitTo(email))).contains(server.baseUrl() + "/me#/signin?token=");

        Http customer = signIn(token);
        JsonNode me = customer.get("/api/v1/customer/me").body().get("customer");
        assertThat(me.get("email").asText()).isEqualTo(email);
        assertThat(conversationIds(customer)).containsExactly(conversation);
        JsonNode item = customer.get("/api/v1/customer/conversations").body().get("conversations").get(0);
        assertThat(item.get("workspace").get("name").asText()).isEqualTo("Shop");
        assertThat(item.get("workspace").get("color").asText()).matches("#[0-9a-f]{6}");
        assertThat(item.get("conversation").get("last_message_preview").asText()).isEqualTo("Where is my parcel?");
        assertThat(item.get("conversation").has("assignee_id")).as("the visitor's view only").isFalse();
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND email_verified_at IS NOT NULL "
                + "AND customer_id IS NOT NULL", visitor.contactId())).isEqualTo(1);

        Http.Response replay = site().post("/api/v1/customer/session", Map.of("token", token));
        assertThat(replay.status()).isEqualTo(400);
        assertThat(replay.errorCode()).isEqualTo("invalid_token");
        assertThat(server.count("SELECT COUNT(*) FROM customer_links WHERE token_hash = ?", token)).as("digest only").isZero();
    }

    @Test
    void theListCountsUnreadRepliesNeverTheCustomersOwnMessagesOrNotes() throws Exception {
        String email = email("unread");
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Is it in stock?");
        Http customer = signIn(requestAndTakeToken(email, visitor.http().with("Origin", server.baseUrl())));
        assertThat(unreadCount(customer, conversation)).as("only the customer's own message").isZero();

        Http agent = shop.agent().http();
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r1", "text", "Yes, two left.")).status()).isEqualTo(201);
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "n1", "text", "note to self", "private", true)).status()).isEqualTo(201);
        assertThat(unreadCount(customer, conversation)).as("the reply, not the note").isEqualTo(1);

        assertThat(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/read", Map.of("seq", 2)).status())
                .isEqualTo(200);
        assertThat(unreadCount(customer, conversation)).isZero();
        assertThat(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "v2", "text", "I'll take one")).status()).isEqualTo(201);
        assertThat(unreadCount(customer, conversation)).as("the newest message is the customer's own").isZero();
    }

    static long unreadCount(Http customer, String conversation) {
        for (JsonNode item : customer.get("/api/v1/customer/conversations").body().get("conversations")) {
            if (item.at("/conversation/id").asText().equals(conversation)) {
                return item.get("unread_count").asLong();
            }
        }
        throw new AssertionError("not listed: " + conversation);
    }

    @Test
    void unknownAndExpiredTokensAreRefused() throws Exception {
        assertThat(site().post("/api/v1/customer/session", Map.of("token", "ml_nope")).errorCode()).isEqualTo("invalid_token");
        assertThat(site().post("/api/v1/customer/session", Map.of("token", "")).errorCode()).isEqualTo("invalid_token");
        String email = email("exp");
        String token = requestAndTakeToken(email, site());
        try (Connection c = server.jdbc();
             PreparedStatement s = c.prepareStatement("UPDATE customer_links SET expires_at = ? WHERE email = ?")) {
            s.setLong(1, System.currentTimeMillis() - 1);
            s.setString(2, email);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        Http.Response expired = site().post("/api/v1/customer/session", Map.of("token", token));
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.errorCode()).isEqualTo("invalid_token");
        assertThat(server.count("SELECT COUNT(*) FROM customers WHERE email = ?", email)).isZero();
    }

    @Test
    void aTokenForOneEmailNeverSignsInAnotherNorLinksAnotherContact() {
        String a = email("a");
        String b = email("b");
        TestServer.Visitor visitorA = server.visitor(shop);
        TestServer.Visitor visitorB = server.visitor(shop);
        server.conversation(visitorA, "from a");
        String conversationB = server.conversation(visitorB, "from b");
        String tokenA = requestAndTakeToken(a, visitorA.http().with("Origin", server.baseUrl()));
        String tokenB = requestAndTakeToken(b, site());

        Http customerB = signIn(tokenB);
        assertThat(customerB.get("/api/v1/customer/me").body().get("customer").get("email").asText()).isEqualTo(b);
        assertThat(conversationIds(customerB)).isEmpty();

        Http customerA = signIn(tokenA);
        assertThat(customerA.get("/api/v1/customer/me").body().get("customer").get("email").asText()).isEqualTo(a);
        assertThat(conversationIds(customerA)).doesNotContain(conversationB).hasSize(1);
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE id = ? AND customer_id IS NULL", visitorB.contactId()))
                .isEqualTo(1);
    }

    @Test
    void continueLinksOpenTheirConversationAndVerifyTheContact() {
        String email = email("cont");
        TestServer.Visitor visitor = server.visitor(shop);
        visitor.http().patch("/api/v1/visitor/contact", Map.of("email", email));
        String first = server.conversation(visitor, "first");
        String second = server.conversation(visitor, "second");
        String url = server.wiring().continueLinks.continueUrl(shop.workspace().id(), visitor.contactId(), first, email);
        assertThat(url).startsWith(server.baseUrl() + "/me#/signin?token=cl_").endsWith("&c=" + first);
        String token = url.replaceAll(".*token=([A-Za-z0-9_-]+)&c=.*", "$1");

        Http.Response session = site().post("/api/v1/customer/session", Map.of("token", token));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        assertThat(session.body().get("conversation_id").asText()).isEqualTo(first);
        Http customer = site().with("Cookie", session.header("set-cookie").split(";")[0]);
        assertThat(conversationIds(customer)).containsExactlyInAnyOrder(first, second);
        assertThat(site().post("/api/v1/customer/session", Map.of("token", token)).errorCode()).isEqualTo("invalid_token");
    }

    @Test
    void aTypedEmailNeverRevealsHistory() {
        String email = email("typed");
        TestServer.Visitor first = server.visitor(shop);
        assertThat(first.http().patch("/api/v1/visitor/contact", Map.of("email", email)).status()).isEqualTo(200);
        String conversation = server.conversation(first, "my secret order");
        TestServer.Visitor second = server.visitor(shop);
        assertThat(second.http().patch("/api/v1/visitor/contact", Map.of("email", email)).status()).isEqualTo(200);
        assertThat(second.http().get("/api/v1/visitor/conversations").body().get("conversations")).isEmpty();
        assertThat(second.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").status()).isEqualTo(404);

        Http customer = signIn(requestAndTakeToken(email, site()));
        assertThat(conversationIds(customer)).as("typed emails are never linked").isEmpty();
        assertThat(server.count("SELECT COUNT(*) FROM contacts WHERE email = ? AND customer_id IS NOT NULL", email)).isZero();
    }

    @Test
    void conversationsAcrossWorkspacesAndVisitorSessionsOnlyForOwnContacts() {
        String email = email("multi");
        TestServer.Visitor atShop = server.visitor(shop);
        TestServer.Visitor atOther = server.visitor(other);
        String shopConversation = server.conversation(atShop, "at shop");
        sleep(5);
        String otherConversation = server.conversation(atOther, "at other");
        signIn(requestAndTakeToken(email, atShop.http().with("Origin", server.baseUrl())));
        Http customer = signIn(requestAndTakeToken(email, atOther.http().with("Origin", server.baseUrl())));
        assertThat(conversationIds(customer)).containsExactly(otherConversation, shopConversation);

        Http.Response minted = customer.post("/api/v1/customer/workspaces/" + shop.workspace().id() + "/visitor-session", Map.of());
        assertThat(minted.status()).as(minted.raw()).isEqualTo(201);
        assertThat(minted.body().get("contact_id").asText()).isEqualTo(atShop.contactId());
        assertThat(minted.body().get("visitor_id").asText()).isNotEqualTo(atShop.visitorId());
        Http asCustomerVisitor = server.http().bearer(minted.body().get("token").asText());
        assertThat(asCustomerVisitor.get("/api/v1/visitor/conversations/" + shopConversation + "/messages").status())
                .as("the minted visitor reads the contact's conversation (contact-scoped conversations)").isEqualTo(200);
        assertThat(asCustomerVisitor.get("/api/v1/visitor/conversations/" + otherConversation + "/messages").status())
                .as("never another workspace's").isEqualTo(404);

        // Another customer: no contact in shop -> 404, same as a workspace that does not exist.
        Http stranger = signIn(requestAndTakeToken(email("stranger"), site()));
        assertThat(stranger.post("/api/v1/customer/workspaces/" + shop.workspace().id() + "/visitor-session", Map.of())
                .status()).isEqualTo(404);
        assertThat(stranger.post("/api/v1/customer/workspaces/nope/visitor-session", Map.of()).status()).isEqualTo(404);
        // Naming a contact that is not the customer's is the same 404.
        assertThat(customer.post("/api/v1/customer/workspaces/" + shop.workspace().id() + "/visitor-session",
                Map.of("contact_id", server.visitor(shop).contactId())).status()).isEqualTo(404);
        assertThat(server.http().post("/api/v1/customer/workspaces/" + shop.workspace().id() + "/visitor-session", Map.of())
                .status()).as("no session").isEqualTo(401);
    }

    @Test
    void cookieRoutesRefuseOtherOriginsAndLogoutEndsTheSession() {
        String email = email("csrf");
        Http customer = signIn(requestAndTakeToken(email, site()));
        assertThat(customer.get("/api/v1/customer/me").status()).isEqualTo(200);
        Http evil = server.http().with("Origin", "https://evil.example");
        String sessionCookie = signInCookie(requestAndTakeToken(email, site()));
        Http evilWithCookie = evil.with("Cookie", sessionCookie);
        assertThat(evilWithCookie.post("/api/v1/customer/workspaces/" + shop.workspace().id() + "/visitor-session", Map.of())
                .status()).isEqualTo(403);
        assertThat(evilWithCookie.post("/api/v1/customer/logout", Map.of()).status()).isEqualTo(403);
        assertThat(server.http().with("Cookie", sessionCookie).with("Sec-Fetch-Site", "cross-site")
                .post("/api/v1/customer/logout", Map.of()).status()).isEqualTo(403);
        assertThat(evil.post("/api/v1/customer/magic-link", Map.of("email", email)).status()).isEqualTo(403);
        String token = requestAndTakeToken(email, site());
        assertThat(evil.post("/api/v1/customer/session", Map.of("token", token)).status()).as("login CSRF").isEqualTo(403);
        assertThat(site().post("/api/v1/customer/session", Map.of("token", token)).status()).as("not spent by the refusal")
                .isEqualTo(200);
        assertThat(evilWithCookie.get("/api/v1/customer/me").status()).as("reads are not state changes").isEqualTo(200);

        Http.Response out = site().with("Cookie", sessionCookie).post("/api/v1/customer/logout", Map.of());
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.header("set-cookie")).contains("Max-Age=0");
        assertThat(site().with("Cookie", sessionCookie).get("/api/v1/customer/me").status()).isEqualTo(401);
        assertThat(server.http().get("/api/v1/customer/me").status()).isEqualTo(401);
    }

    static String signInCookie(String token) {
        Http.Response session = site().post("/api/v1/customer/session", Map.of("token", token));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        return session.header("set-cookie").split(";")[0];
    }

    @Test
    void atMostFiveMagicLinksPerEmailAndAlways202() {
        String email = email("limit");
        for (int i = 0; i < 7; i++) {
            assertThat(site().post("/api/v1/customer/magic-link", Map.of("email", email)).status()).isEqualTo(202);
        }
        mail.awaitTo(email);
        sleep(1000);
        assertThat(mail.to(email)).hasSize(CustomerLinks.MAX_MAGIC_PER_LIFETIME);
        assertThat(site().post("/api/v1/customer/magic-link", Map.of("email", "not an email")).status()).isEqualTo(400);
    }
}
