package org.parley.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * A contact's export and deletion (docs/privacy.md) on both databases: the export holds every table's rows of the
 * contact; the deletion removes them table by table and nothing of another contact, in this workspace or another;
 * only owners and admins may do either, and the audit log keeps both.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ContactPrivacyIT {
    @Parameter
    String database;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void theExportHoldsEveryTableOfTheContactAndNothingOfAnother() {
        TestServer.Tenant tenant = server.tenant("Export shop");
        Person person = Person.seed(server, tenant, "ex" + suffix());
        Person other = Person.seed(server, tenant, "ot" + suffix());

        Http.Response exported = tenant.owner().http().get("/api/v1/contacts/" + person.contactId() + "/export");

        assertThat(exported.status()).as(exported.raw()).isEqualTo(200);
        assertThat(exported.header("content-disposition")).isEqualTo(
                "attachment; filename=\"contact-" + person.contactId() + ".json\"");
        assertThat(exported.header("cache-control")).isEqualTo("no-store");
        JsonNode doc = exported.body();
        assertThat(doc.get("format").asText()).isEqualTo("parley.contact-export/1");
        assertThat(doc.at("/contact/email").asText()).isEqualTo(person.email());
        assertThat(doc.at("/contact/name").asText()).isEqualTo("Name " + person.word());
        assertThat(doc.at("/contact/attributes/plan").asText()).isEqualTo(person.word() + "-plan");
        JsonNode tables = doc.get("tables");
        assertThat(values(tables.get("visitors"), "id")).containsExactlyInAnyOrderElementsOf(
                person.visitors().stream().map(TestServer.Visitor::visitorId).toList());
        assertThat(tables.get("visitors").get(0).has("token_hash")).as("secrets are never exported").isFalse();
        assertThat(values(tables.get("conversations"), "id")).containsExactlyInAnyOrderElementsOf(person.conversations());
        JsonNode note = find(tables.get("messages"), "text", "Note about " + person.word());
        assertThat(note.get("is_private").asBoolean()).as("notes are exported, marked private").isTrue();
        assertThat(find(tables.get("messages"), "text", "Reply to " + person.word()).get("is_private").asBoolean()).isFalse();
        assertThat(values(tables.get("visitor_activity"), "url")).contains(
                Person.SHOP + "/with-anon", Person.SHOP + "/before-session",
                Person.SHOP + "/" + person.word() + "/" + person.visitors().get(1).visitorId());
        assertThat(find(tables.get("conversation_ratings"), "comment", "Rated by " + person.word()).get("score").asInt()).isEqualTo(4);
        for (String table : List.of("notification_jobs", "notification_watermarks", "reply_reach", "push_links")) {
            assertThat(values(tables.get(table), "conversation_id")).as(table).isNotEmpty()
                    .allMatch(person.conversations()::contains);
        }
        assertThat(values(tables.get("reply_addresses"), "email")).containsExactly(person.email());
        assertThat(values(tables.get("inbound_emails"), "raw")).containsExactly("Subject: " + person.word());
        assertThat(values(tables.get("push_subscriptions"), "endpoint")).containsExactly("https://push.example/" + person.word());
        assertThat(tables.get("push_subscriptions").get(0).has("auth")).isFalse();
        assertThat(values(tables.get("customer_links"), "email")).containsExactly(person.email());
        assertThat(tables.at("/flow_runs/0/state/answers/size").asText()).isEqualTo(person.word());
        assertThat(exported.raw()).as("nothing of the other contact").doesNotContain(other.word());
    }

    @Test
    void deletionRemovesEveryRowOfTheContactAndNothingElse() {
        TestServer.Tenant tenant = server.tenant("Delete shop");
        TestServer.Tenant elsewhere = server.tenant("Another shop");
        Person person = Person.seed(server, tenant, "de" + suffix());
        Person neighbour = Person.seed(server, tenant, "nb" + suffix());
        Person stranger = Person.seed(server, elsewhere, "st" + suffix());
        Map<String, Long> before = person.rows(server);
        assertThat(before.values()).as("seeded: %s", before).allMatch(n -> n > 0);
        Map<String, Long> neighbourBefore = neighbour.rows(server);
        Map<String, Long> strangerBefore = stranger.rows(server);

        try (WsClient agentSocket = server.agentSocket(tenant.agent());
             WsClient visitorSocket = server.visitorSocket(person.visitors().get(0))) {
            Http.Response deleted = tenant.owner().http().delete("/api/v1/contacts/" + person.contactId());

            assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
            assertThat(deleted.body().at("/deleted/messages").asLong()).isEqualTo(before.get("messages"));
            assertThat(deleted.body().at("/deleted/visitor_activity").asLong()).isEqualTo(before.get("visitor_activity"));
            JsonNode event = agentSocket.awaitEvent("contact.deleted");
            assertThat(event.at("/data/contact_id").asText()).isEqualTo(person.contactId());
            assertThat(values(event.at("/data/conversation_ids"), null)).containsExactlyInAnyOrderElementsOf(person.conversations());
            assertThat(visitorSocket.awaitClose()).as("the contact's widget socket closes").isEqualTo(4401);
        }

        assertThat(person.rows(server)).as("every table, by the contact's ids").allSatisfy((table, n) -> assertThat(n)
                .as(table).isZero());
        assertThat(neighbour.rows(server)).as("another contact of the workspace").isEqualTo(neighbourBefore);
        assertThat(stranger.rows(server)).as("a contact of another workspace").isEqualTo(strangerBefore);
        for (TestServer.Visitor visitor : person.visitors()) {
            assertThat(visitor.http().get("/api/v1/visitor/conversations").status()).as("the token no longer works")
                    .isEqualTo(401);
        }
        assertThat(tenant.agent().http().get("/api/v1/search?q=" + person.word()).body().get("conversations")).isEmpty();
        assertThat(tenant.owner().http().get("/api/v1/contacts/" + person.contactId()).status()).isEqualTo(404);
        assertThat(tenant.owner().http().delete("/api/v1/contacts/" + person.contactId()).status()).isEqualTo(404);
    }

    @Test
    void onlyOwnersAndAdminsOfTheWorkspaceMayAndTheAuditLogKeepsBoth() {
        TestServer.Tenant tenant = server.tenant("Audit shop");
        TestServer.Tenant elsewhere = server.tenant("Nosy shop");
        Person person = Person.seed(server, tenant, "au" + suffix());
        String export = "/api/v1/contacts/" + person.contactId() + "/export";
        String contact = "/api/v1/contacts/" + person.contactId();

        assertThat(tenant.agent().http().get(export).status()).as("an agent exports").isEqualTo(403);
        assertThat(tenant.agent().http().delete(contact).status()).as("an agent deletes").isEqualTo(403);
        assertThat(tenant.agent().http().get("/api/v1/audit-log").status()).isEqualTo(403);
        assertThat(elsewhere.owner().http().get(export).status()).as("another workspace's owner").isEqualTo(404);
        assertThat(elsewhere.owner().http().delete(contact).status()).isEqualTo(404);
        assertThat(person.rows(server).get("contacts")).isEqualTo(1);
        assertThat(tenant.owner().http().get("/api/v1/audit-log").body().get("entries")).as("refusals are no actions").isEmpty();

        assertThat(tenant.owner().http().get(export).status()).isEqualTo(200);
        Http apiKey = server.http().bearer(tenant.apiKey());
        assertThat(apiKey.delete(contact).status()).as("an API key acts as an admin").isEqualTo(200);

        Http.Response log = tenant.owner().http().get("/api/v1/audit-log");
        assertThat(log.status()).as(log.raw()).isEqualTo(200);
        JsonNode entries = log.body().get("entries");
        assertThat(values(entries, "action")).containsExactly("contact.deleted", "contact.exported");
        assertThat(values(entries, "target_id")).containsOnly(person.contactId());
        assertThat(entries.get(1).get("actor_type").asText()).isEqualTo("agent");
        assertThat(entries.get(1).get("actor_id").asText()).isEqualTo(tenant.owner().id());
        assertThat(entries.get(0).get("actor_type").asText()).isEqualTo("api_key");
        assertThat(entries.at("/0/details/rows/conversations").asInt()).isEqualTo(2);
        assertThat(log.raw()).as("ids and counts only").doesNotContain(person.email()).doesNotContain(person.word());
        assertThat(elsewhere.owner().http().get("/api/v1/audit-log").body().get("entries")).isEmpty();

        // The deleted messages were the newest: messages written after them are still found (SQLite reuses rowids).
        String word = "after" + suffix();
        server.conversation(server.visitor(tenant), "A question about " + word);
        assertThat(tenant.agent().http().get("/api/v1/search?q=" + word).body().get("conversations")).hasSize(1);

        Http.Response first = tenant.owner().http().get("/api/v1/audit-log?limit=1");
        assertThat(values(first.body().get("entries"), "action")).containsExactly("contact.deleted");
        Http.Response second = tenant.owner().http().get("/api/v1/audit-log?limit=1&before="
                + first.body().get("next_before").asText());
        assertThat(values(second.body().get("entries"), "action")).containsExactly("contact.exported");
        assertThat(tenant.owner().http().get("/api/v1/audit-log?limit=0").status()).isEqualTo(400);
        assertThat(tenant.owner().http().get("/api/v1/audit-log?before=nope").status()).isEqualTo(400);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static List<String> values(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        array.forEach(row -> values.add(field == null ? row.asText() : row.path(field).asText()));
        return values;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode row : array) {
            if (row.path(field).asText().equals(value)) {
                return row;
            }
        }
        throw new AssertionError("no row with " + field + " = " + value + " in " + array);
    }
}
