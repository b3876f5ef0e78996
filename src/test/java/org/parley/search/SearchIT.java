package org.parley.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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

/** Search over HTTP on both databases: full text, prefixes, contacts, isolation and hostile input. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class SearchIT {
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

    private static Http.Response search(TestServer.Tenant tenant, String q) {
        return tenant.agent().http().get("/api/v1/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
    }

    private static List<String> conversationIds(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().get("conversations").forEach(c -> ids.add(c.at("/conversation/id").asText()));
        return ids;
    }

    private static List<String> contactIds(Http.Response response) {
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.body().get("contacts").forEach(c -> ids.add(c.get("id").asText()));
        return ids;
    }

    private static void reply(TestServer.Tenant tenant, String conversation, String text) {
        Http.Response sent = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    @Test
    void findsAConversationByAWordAndByAPrefixWithTheLatestMatchingMessage() {
        TestServer.Tenant tenant = server.tenant("Words");
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "My parcel never arrived, I want a refund");
        reply(tenant, conversation, "Sorry! The refund is on its way.");
        reply(tenant, conversation, "Anything else?");
        String unrelated = server.conversation(server.visitor(tenant), "Do you ship to Norway?");

        Http.Response byWord = search(tenant, "refund");
        assertThat(conversationIds(byWord)).containsExactly(conversation);
        JsonNode hit = byWord.body().at("/conversations/0");
        assertThat(hit.at("/message/seq").asLong()).as("the latest matching message").isEqualTo(2);
        assertThat(hit.at("/message/text").asText()).isEqualTo("Sorry! The refund is on its way.");
        assertThat(hit.at("/message/snippet").asText()).contains("refund");
        assertThat(hit.at("/message/id").asText()).isNotBlank();
        assertThat(hit.at("/conversation/status").asText()).isEqualTo("open");
        assertThat(hit.at("/conversation/visitor_id").asText()).isEqualTo(visitor.visitorId());

        assertThat(conversationIds(search(tenant, "refu"))).as("prefix of the last word").containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "PARCEL"))).as("any case").containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "parcel arrived"))).as("all words").containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "parcel norway"))).as("all words must match").isEmpty();
        assertThat(conversationIds(search(tenant, "norw"))).containsExactly(unrelated);
        assertThat(conversationIds(search(tenant, "efund"))).as("not a substring search").isEmpty();
        assertThat(search(tenant, "refund").body().get("contacts")).isEmpty();
    }

    @Test
    void resultsAreOnePerConversationNewestActivityFirstAndLimited() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Order");
        String first = server.conversation(server.visitor(tenant), "invoice question one");
        Thread.sleep(5); // distinct last_activity_at milliseconds
        String second = server.conversation(server.visitor(tenant), "invoice question two");
        Thread.sleep(5);
        String third = server.conversation(server.visitor(tenant), "invoice question three");
        Thread.sleep(5);
        reply(tenant, first, "about your invoice: fixed");
        assertThat(conversationIds(search(tenant, "invoice"))).containsExactly(first, third, second);
        assertThat(conversationIds(tenant.agent().http().get("/api/v1/search?q=invoice&limit=2"))).containsExactly(first, third);
        assertThat(tenant.agent().http().get("/api/v1/search?q=invoice&limit=0").status()).isEqualTo(400);
        assertThat(tenant.agent().http().get("/api/v1/search?q=invoice&limit=51").status()).isEqualTo(400);
        assertThat(tenant.agent().http().get("/api/v1/search?q=invoice&limit=ten").status()).isEqualTo(400);
    }

    @Test
    void privateNotesAreFoundByAgents() {
        TestServer.Tenant tenant = server.tenant("Notes");
        String conversation = server.conversation(server.visitor(tenant), "hello");
        Http.Response note = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/notes",
                Map.of("client_msg_id", "n-1", "text", "Customer is a wholesaler, offer the trade discount"));
        assertThat(note.status()).isEqualTo(201);
        Http.Response found = search(tenant, "wholesaler");
        assertThat(conversationIds(found)).containsExactly(conversation);
        assertThat(found.body().at("/conversations/0/message/text").asText()).contains("trade discount");
    }

    @Test
    void diacriticsAndPunctuationInTheTextAreMatched() {
        TestServer.Tenant tenant = server.tenant("Accents");
        String conversation = server.conversation(server.visitor(tenant), "Où est ma commande? Order #A-1234 (e-mail sent)");
        assertThat(conversationIds(search(tenant, "commande"))).containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "Où"))).containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "a-1234"))).as("a hyphenated term is a phrase").containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "\"e-mail\""))).containsExactly(conversation);
        if (database.equals("sqlite")) {
            assertThat(conversationIds(search(tenant, "ou est"))).as("remove_diacritics on SQLite").containsExactly(conversation);
        }
    }

    @Test
    void findsContactsByNameAndByEmailAndTakesWildcardsLiterally() {
        TestServer.Tenant tenant = server.tenant("People");
        TestServer.Visitor ana = server.visitor(tenant);
        TestServer.Visitor ben = server.visitor(tenant);
        Http agent = tenant.agent().http();
        assertThat(agent.patch("/api/v1/contacts/" + ana.contactId(), Map.of("name", "Ana Lima", "email", "ana@shop.example")).status())
                .isEqualTo(200);
        assertThat(agent.patch("/api/v1/contacts/" + ben.contactId(), Map.of("name", "Ben 100%_Ok", "email", "ben@other.example")).status())
                .isEqualTo(200);
        Http.Response byName = search(tenant, "LIMA");
        assertThat(contactIds(byName)).containsExactly(ana.contactId());
        assertThat(byName.body().at("/contacts/0/name").asText()).isEqualTo("Ana Lima");
        assertThat(byName.body().at("/contacts/0/email").asText()).isEqualTo("ana@shop.example");
        assertThat(contactIds(search(tenant, "shop.example"))).containsExactly(ana.contactId());
        assertThat(contactIds(search(tenant, "ana@shop.example"))).containsExactly(ana.contactId());
        assertThat(contactIds(search(tenant, "%"))).as("%% is literal").containsExactly(ben.contactId());
        assertThat(contactIds(search(tenant, "_"))).as("_ is literal").containsExactly(ben.contactId());
        assertThat(contactIds(search(tenant, "example"))).containsExactlyInAnyOrder(ana.contactId(), ben.contactId());
    }

    @Test
    void anotherWorkspaceWithTheSameWordsIsNeverVisible() {
        TestServer.Tenant mine = server.tenant("Mine");
        TestServer.Tenant theirs = server.tenant("Theirs");
        String myConversation = server.conversation(server.visitor(mine), "zanzibar shipment delayed");
        String theirConversation = server.conversation(server.visitor(theirs), "zanzibar shipment delayed");
        TestServer.Visitor myVisitor = server.visitor(mine);
        TestServer.Visitor theirVisitor = server.visitor(theirs);
        mine.agent().http().patch("/api/v1/contacts/" + myVisitor.contactId(), Map.of("name", "Zanzibar Traders"));
        theirs.agent().http().patch("/api/v1/contacts/" + theirVisitor.contactId(), Map.of("name", "Zanzibar Traders"));

        Http.Response mineFound = search(mine, "zanzibar");
        assertThat(conversationIds(mineFound)).containsExactly(myConversation);
        assertThat(contactIds(mineFound)).containsExactly(myVisitor.contactId());
        Http.Response theirsFound = search(theirs, "zanzi");
        assertThat(conversationIds(theirsFound)).containsExactly(theirConversation);
        assertThat(contactIds(theirsFound)).containsExactly(theirVisitor.contactId());
    }

    @Test
    void aMessageSentWhileTheServerRunsIsFoundAndSystemMessagesAreNot() throws Exception {
        TestServer.Tenant tenant = server.tenant("Live");
        String conversation = server.conversation(server.visitor(tenant), "hi");
        assertThat(conversationIds(search(tenant, "quokka"))).isEmpty();
        reply(tenant, conversation, "A quokka is a small wallaby");
        assertThat(conversationIds(search(tenant, "quokka"))).containsExactly(conversation);
        // A system message (written the way the message path stores them) is not indexed.
        try (var c = server.jdbc(); var insert = c.prepareStatement("INSERT INTO messages (id, workspace_id, conversation_id, "
                + "seq, sender_type, sender_id, client_msg_id, text, is_private, created_at) VALUES (?, ?, ?, 99, 'SYSTEM', "
                + "'system', 'sys-1', 'Ana resolved this platypus conversation', TRUE, 0)")) {
            insert.setString(1, UUID.randomUUID().toString());
            insert.setString(2, tenant.workspace().id());
            insert.setString(3, conversation);
            insert.executeUpdate();
        }
        assertThat(conversationIds(search(tenant, "platypus"))).isEmpty();
    }

    @Test
    void hostileQueriesAreAnsweredNeverA500() {
        TestServer.Tenant tenant = server.tenant("Hostile");
        String conversation = server.conversation(server.visitor(tenant), "near the OR gate: \"quoted\" text and stars*");
        List<String> hostile = List.of("\"", "\"\"", "*", "**", "-", "--", "NEAR(", "NEAR(a b", "OR", "AND", "NOT", "a OR",
                "(", ")", "()", "^", ":", "a:b", "text:near", "'", "''", "' OR 1=1 --", "\\", "%", "_", "&", "|", "!", "<->",
                "a & b", "a | !b", "foo:*", "{near}", "[x]", "\"unterminated", "a\"b", "+", "@", "x'; DROP TABLE messages; --",
                "🙂", "\u0301", "ß", "日本語", "near*", "*near", "-near");
        for (String q : hostile) {
            Http.Response response = search(tenant, q);
            assertThat(response.status()).as("q=%s: %s", q, response.raw()).isEqualTo(200);
            assertThat(response.body().get("conversations").isArray()).isTrue();
            assertThat(response.body().get("contacts").isArray()).isTrue();
        }
        assertThat(conversationIds(search(tenant, "NEAR("))).as("NEAR is a word here").containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "OR"))).containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "\"quoted"))).containsExactly(conversation);
        assertThat(conversationIds(search(tenant, "stars*"))).containsExactly(conversation);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE workspace_id = ?", tenant.workspace().id())).isEqualTo(1);
    }

    @Test
    void badQueriesAre400AndOnlyAgentsMaySearch() {
        TestServer.Tenant tenant = server.tenant("Bad");
        Http agent = tenant.agent().http();
        expect400(agent.get("/api/v1/search"), "Query 'q' must be 1-200 characters");
        expect400(agent.get("/api/v1/search?q="), "Query 'q' must be 1-200 characters");
        expect400(agent.get("/api/v1/search?q=%20%20%20"), "Query 'q' must be 1-200 characters");
        expect400(agent.get("/api/v1/search?q=" + "a".repeat(201)), "Query 'q' must be 1-200 characters");
        assertThat(agent.get("/api/v1/search?q=" + "a".repeat(200)).status()).isEqualTo(200);
        assertThat(agent.get("/api/v1/search?q=%20" + "a".repeat(200) + "%20").status()).as("trimmed first").isEqualTo(200);
        assertThat(agent.get("/api/v1/search?q=a%00b").status()).as("NUL").isEqualTo(200);
        expect400(agent.get("/api/v1/search?q=a&limit=0"), "Query 'limit' must be between 1 and 50");
        TestServer.Visitor visitor = server.visitor(tenant);
        assertThat(visitor.http().get("/api/v1/search?q=a").status()).isEqualTo(401);
        assertThat(new Http(server.baseUrl()).get("/api/v1/search?q=a").status()).isEqualTo(401);
        assertThat(new Http(server.baseUrl()).bearer(tenant.apiKey()).get("/api/v1/search?q=a").status()).isEqualTo(200);
    }

    private static void expect400(Http.Response response, String message) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.body().at("/error/message").asText()).isEqualTo(message);
    }
}
