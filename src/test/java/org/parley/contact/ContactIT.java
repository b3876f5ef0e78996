package org.parley.contact;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/** The agents' contact page and contact edits, on both databases. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ContactIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Contacts");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String path(String contactId) {
        return "/api/v1/contacts/" + contactId;
    }

    @Test
    void anAgentSeesTheContactWithItsConversationsNewestFirst() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String older = server.conversation(visitor, "first question");
        String newer = server.conversation(visitor, "second question");
        TestServer.Visitor someoneElse = server.visitor(tenant);
        String notTheirs = server.conversation(someoneElse, "unrelated");

        Http.Response page = tenant.agent().http().get(path(visitor.contactId()));
        assertThat(page.status()).as(page.raw()).isEqualTo(200);
        JsonNode contact = page.body().get("contact");
        assertThat(contact.get("id").asText()).isEqualTo(visitor.contactId());
        assertThat(contact.has("name")).as("anonymous: no name").isFalse();
        assertThat(contact.get("attributes").isObject()).isTrue();
        assertThat(contact.get("created_at").asLong()).isPositive();
        assertThat(contact.get("updated_at").asLong()).isPositive();
        List<String> ids = new ArrayList<>();
        page.body().get("conversations").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).containsExactly(newer, older).doesNotContain(notTheirs);
        JsonNode first = page.body().at("/conversations/0");
        assertThat(first.get("status").asText()).isEqualTo("open");
        assertThat(first.at("/contact/id").asText()).isEqualTo(visitor.contactId());
        assertThat(first.get("visitor_id").asText()).isEqualTo(visitor.visitorId());
        assertThat(first.get("last_seq").asLong()).isEqualTo(1);
        assertThat(first.get("last_message_preview").asText()).isEqualTo("second question");
        assertThat(first.get("unread_count").asLong()).isEqualTo(1);

        Http.Response byKey = new Http(server.baseUrl()).bearer(tenant.apiKey()).get(path(visitor.contactId()));
        assertThat(byKey.status()).isEqualTo(200);
        TestServer.Visitor fresh = server.visitor(tenant);
        assertThat(tenant.agent().http().get(path(fresh.contactId())).body().get("conversations")).isEmpty();
    }

    @Test
    void anAgentEditsNameAndEmailAndNullClears() {
        TestServer.Visitor visitor = server.visitor(tenant);
        Http agent = tenant.agent().http();
        Http.Response named = agent.patch(path(visitor.contactId()), Map.of("name", "  Ana Lima  ", "email", " Ana@Example.COM "));
        assertThat(named.status()).as(named.raw()).isEqualTo(200);
        assertThat(named.body().at("/contact/name").asText()).as("trimmed").isEqualTo("Ana Lima");
        assertThat(named.body().at("/contact/email").asText()).as("trimmed, lower case").isEqualTo("ana@example.com");

        Http.Response emailOnly = agent.patch(path(visitor.contactId()), Map.of("email", "ana@lima.example"));
        assertThat(emailOnly.body().at("/contact/name").asText()).as("absent fields stay").isEqualTo("Ana Lima");
        assertThat(emailOnly.body().at("/contact/email").asText()).isEqualTo("ana@lima.example");

        Http.Response cleared = agent.patch(path(visitor.contactId()), Collections.singletonMap("name", null));
        assertThat(cleared.status()).isEqualTo(200);
        assertThat(cleared.body().at("/contact").has("name")).as("null clears").isFalse();
        assertThat(cleared.body().at("/contact/email").asText()).isEqualTo("ana@lima.example");
        Map<String, Object> both = new HashMap<>();
        both.put("name", null);
        both.put("email", null);
        JsonNode none = agent.patch(path(visitor.contactId()), both).body().get("contact");
        assertThat(none.has("name") || none.has("email")).isFalse();
        String events = "SELECT COUNT(*) FROM workspace_events WHERE workspace_id = ? AND name = 'contact.updated'";
        long before = server.count(events, tenant.workspace().id());
        assertThat(agent.patch(path(visitor.contactId()), Map.of()).status()).as("an empty edit changes nothing").isEqualTo(200);
        assertThat(server.count(events, tenant.workspace().id())).as("and records no event").isEqualTo(before);

        String name200 = "n".repeat(200);
        assertThat(agent.patch(path(visitor.contactId()), Map.of("name", name200)).body().at("/contact/name").asText())
                .isEqualTo(name200);
        JsonNode stored = agent.get(path(visitor.contactId())).body().get("contact");
        assertThat(stored.get("name").asText()).isEqualTo(name200);
        assertThat(tenant.owner().http().patch(path(visitor.contactId()), Map.of("name", "By owner")).status()).isEqualTo(200);
    }

    @Test
    void anEditReachesAgentSocketsAsContactUpdated() {
        TestServer.Visitor visitor = server.visitor(tenant);
        server.conversation(visitor, "hello");
        try (WsClient owner = server.agentSocket(tenant.owner())) {
            assertThat(tenant.agent().http().patch(path(visitor.contactId()), Map.of("name", "Bea")).status()).isEqualTo(200);
            JsonNode event = owner.await(f -> "contact.updated".equals(f.path("event").asText())
                    && visitor.contactId().equals(f.at("/data/contact/id").asText()));
            assertThat(event.at("/data/contact/name").asText()).isEqualTo("Bea");
            assertThat(event.get("cursor").asLong()).isPositive();
            assertThat(event.has("conversation_id")).isFalse();
        }
        assertThat(server.count("SELECT COUNT(*) FROM workspace_events WHERE workspace_id = ? AND name = 'contact.updated' "
                + "AND agent_payload LIKE ?", tenant.workspace().id(), "%Bea%")).isEqualTo(1);
    }

    @Test
    void badEditsAre400WithAPreciseMessage() {
        TestServer.Visitor visitor = server.visitor(tenant);
        Http agent = tenant.agent().http();
        String p = path(visitor.contactId());
        expect400(agent.patch(p, Map.of("name", "   ")), "Field 'name' must be 1-200 characters (or null to clear it)");
        expect400(agent.patch(p, Map.of("name", "n".repeat(201))), "Field 'name' must be 1-200 characters (or null to clear it)");
        expect400(agent.patch(p, Map.of("name", "nul\u0000")), "Field 'name' must not contain NUL characters");
        expect400(agent.patch(p, Map.of("email", "not-an-email")), "Field 'email' must be an email address of at most 254 characters");
        expect400(agent.patch(p, Map.of("email", "a b@example.com")), "Field 'email' must be an email address of at most 254 characters");
        expect400(agent.patch(p, Map.of("email", "a\u0000@example.com")), "Field 'email' must be an email address of at most 254 characters");
        expect400(agent.patch(p, Map.of("email", "a".repeat(250) + "@example.com")),
                "Field 'email' must be an email address of at most 254 characters");
        expect400(agent.patch(p, Map.of("name", 5)), "Field 'name' has the wrong type (expected string or null)");
        expect400(agent.patch(p, Map.of("attributes", Map.of())), "Unknown field 'attributes'");
        expect400(agent.patch(p, "[]"), "Request body must be a JSON object");
        expect400(agent.patch(p, ""), "Request body must be a JSON object");
        expect400(agent.patch(p, "{\"name\":\"a\"} x"), null);
        expect400(agent.patch(p, "{\"name\":\"a\",\"name\":\"b\"}"), null);
        assertThat(agent.get(p).body().get("contact").has("name")).as("nothing stored").isFalse();
    }

    @Test
    void onlyAgentsOfTheWorkspaceReachAContact() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String p = path(visitor.contactId());
        TestServer.Tenant other = server.tenant("Other contacts");
        assertThat(other.agent().http().get(p).status()).isEqualTo(404);
        Http.Response steal = other.agent().http().patch(p, Map.of("name", "Stolen"));
        assertThat(steal.status()).isEqualTo(404);
        assertThat(steal.errorCode()).isEqualTo("not_found");
        assertThat(visitor.http().get(p).status()).as("visitor token").isEqualTo(401);
        assertThat(visitor.http().patch(p, Map.of("name", "Me")).status()).as("visitor token").isEqualTo(401);
        assertThat(new Http(server.baseUrl()).get(p).status()).isEqualTo(401);
        assertThat(tenant.agent().http().get(path("00000000-0000-7000-8000-000000000000")).status()).isEqualTo(404);
        assertThat(tenant.agent().http().get(path("x".repeat(300))).status()).isEqualTo(404);
        assertThat(tenant.agent().http().with("Origin", "https://evil.example").patch(p, Map.of("name", "CSRF")).status())
                .isEqualTo(403);
        assertThat(tenant.agent().http().get(p).body().get("contact").has("name")).isFalse();
    }

    private static void expect400(Http.Response response, String message) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        if (message != null) {
            assertThat(response.body().at("/error/message").asText()).isEqualTo(message);
        }
    }
}
