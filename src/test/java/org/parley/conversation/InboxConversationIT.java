package org.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.identity.Role;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * What the agent inbox needs from conversations (docs/inbox.md, "Conversations"): paging back from a seq,
 * system messages, snooze wake-up, mentions and the visitor's current page in the list, on both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class InboxConversationIT {
    private static final String SHOP = "https://shop.example";
    private static final Duration QUIET = Duration.ofMillis(300);

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;
    static TestServer.Tenant other;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Inbox");
        other = server.tenant("Other inbox");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String path(String conversation) {
        return "/api/v1/conversations/" + conversation;
    }

    private static List<Long> seqs(Http.Response page) {
        List<Long> seqs = new ArrayList<>();
        page.body().get("messages").forEach(m -> seqs.add(m.get("seq").asLong()));
        return seqs;
    }

    private static Http.Response ok(Http.Response response, int status) {
        assertThat(response.status()).as(response.raw()).isEqualTo(status);
        return response;
    }

    private static void badRequest(Http.Response response, String messagePart) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_request");
        assertThat(response.body().at("/error/message").asText()).contains(messagePart);
    }

    private static JsonNode listed(TestServer.Tenant in, String conversation) {
        for (JsonNode c : ok(in.agent().http().get("/api/v1/conversations?limit=200"), 200).body().get("conversations")) {
            if (c.get("id").asText().equals(conversation)) {
                return c;
            }
        }
        throw new AssertionError("conversation " + conversation + " not listed");
    }

    private static List<JsonNode> agentMessages(String conversation) {
        List<JsonNode> messages = new ArrayList<>();
        ok(tenant.agent().http().get(path(conversation) + "/messages?limit=200"), 200).body().get("messages").forEach(messages::add);
        return messages;
    }

    // ---------------------------------------------------------------- messages before a seq

    @Test
    void messagesBeforeASeqComeOldestFirstWithHasMoreForOlderOnes() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "message 1");
        Http agent = tenant.agent().http();
        for (int i = 2; i <= 6; i++) {
            ok(agent.post(path(conversation) + "/messages", Map.of("client_msg_id", "m" + i, "text", "message " + i)), 201);
        }
        ok(agent.post(path(conversation) + "/notes", Map.of("client_msg_id", "n7", "text", "note 7")), 201);

        Http.Response newest = ok(agent.get(path(conversation) + "/messages?before=8&limit=3"), 200);
        assertThat(seqs(newest)).containsExactly(5L, 6L, 7L);
        assertThat(newest.body().get("has_more").asBoolean()).isTrue();
        Http.Response older = ok(agent.get(path(conversation) + "/messages?before=5&limit=3"), 200);
        assertThat(seqs(older)).containsExactly(2L, 3L, 4L);
        assertThat(older.body().get("has_more").asBoolean()).isTrue();
        Http.Response oldest = ok(agent.get(path(conversation) + "/messages?before=2&limit=3"), 200);
        assertThat(seqs(oldest)).containsExactly(1L);
        assertThat(oldest.body().get("has_more").asBoolean()).isFalse();
        Http.Response exact = ok(agent.get(path(conversation) + "/messages?before=4&limit=3"), 200);
        assertThat(seqs(exact)).containsExactly(1L, 2L, 3L);
        assertThat(exact.body().get("has_more").asBoolean()).as("nothing older than seq 1").isFalse();
        assertThat(seqs(ok(agent.get(path(conversation) + "/messages?before=1"), 200))).isEmpty();
        assertThat(seqs(ok(agent.get(path(conversation) + "/messages?before=1000"), 200)))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L);

        Http.Response embedded = ok(agent.get(path(conversation) + "?before=8&limit=2"), 200);
        assertThat(embedded.body().at("/conversation/id").asText()).isEqualTo(conversation);
        assertThat(seqs(embedded)).containsExactly(6L, 7L);
        assertThat(embedded.body().get("has_more").asBoolean()).isTrue();

        // The visitor pages the same way and never sees the private note.
        Http.Response visitorPage = ok(visitor.http().get("/api/v1/visitor/conversations/" + conversation
                + "/messages?before=8&limit=2"), 200);
        assertThat(seqs(visitorPage)).containsExactly(5L, 6L);
        assertThat(visitorPage.body().get("has_more").asBoolean()).isTrue();
        assertThat(seqs(ok(visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages?before=8"), 200)))
                .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);

        // after still pages forward.
        assertThat(seqs(ok(agent.get(path(conversation) + "/messages?after=5"), 200))).containsExactly(6L, 7L);
    }

    @Test
    void badBeforeValuesAre400() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        Http agent = tenant.agent().http();
        for (String prefix : List.of(path(conversation) + "/messages", path(conversation))) {
            badRequest(agent.get(prefix + "?before=3&after=1"), "not both");
            badRequest(agent.get(prefix + "?before=-1"), "'before'");
            badRequest(agent.get(prefix + "?before=0"), "'before'");
            badRequest(agent.get(prefix + "?before=abc"), "'before' must be a number");
            badRequest(agent.get(prefix + "?before=1.5"), "'before' must be a number");
            badRequest(agent.get(prefix + "?before=5&limit=0"), "'limit'");
        }
        badRequest(visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages?before=2&after=0"), "not both");
        badRequest(visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages?before=x"), "'before'");
    }

    // ---------------------------------------------------------------- system messages

    @Test
    void assignmentAndStatusChangesAppendAgentOnlySystemMessagesWithGaplessSeqs() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Where is my order?");
        Http agent = tenant.agent().http();
        String agentName = "Agent " + tenant.agent().email().substring(0, 5);
        String ownerName = "Agent " + tenant.owner().email().substring(0, 5);
        long snoozeUntil = System.currentTimeMillis() + 3_600_000;
        try (WsClient watcher = server.agentSocket(tenant.owner()); WsClient tab = server.visitorSocket(visitor)) {
            ok(agent.post(path(conversation) + "/assign", Map.of("assignee_id", tenant.owner().id())), 200);
            JsonNode assigned = watcher.await(f -> "message.created".equals(f.path("event").asText()));
            assertThat(assigned.get("cursor").asLong()).isPositive();
            assertThat(assigned.at("/data/sender/type").asText()).isEqualTo("system");
            assertThat(assigned.at("/data/sender").has("id")).isFalse();
            assertThat(assigned.at("/data/private").asBoolean()).isTrue();
            assertThat(assigned.at("/data/seq").asLong()).isEqualTo(2);
            assertThat(assigned.at("/data/text").asText()).isEqualTo(agentName + " assigned this to " + ownerName);
            assertThat(assigned.at("/data/content/system").asText()).isEqualTo("assigned");
            assertThat(assigned.at("/data/content/actor_id").asText()).isEqualTo(tenant.agent().id());
            assertThat(assigned.at("/data/content/assignee_id").asText()).isEqualTo(tenant.owner().id());

            ok(agent.post(path(conversation) + "/assign", Collections.singletonMap("assignee_id", null)), 200);
            ok(agent.post(path(conversation) + "/status", Map.of("status", "pending")), 200);
            ok(agent.post(path(conversation) + "/status", Map.of("status", "open")), 200);
            ok(agent.post(path(conversation) + "/status", Map.of("status", "resolved")), 200);
            ok(agent.post(path(conversation) + "/status", Map.of("status", "resolved")), 200); // no change: no message
            ok(server.http().bearer(tenant.apiKey()).post(path(conversation) + "/status",
                    Map.of("status", "snoozed", "snoozed_until", snoozeUntil)), 200);
            ok(agent.post(path(conversation) + "/status", Map.of("status", "open")), 200);

            List<String> tabEvents = new ArrayList<>();
            tab.drain(QUIET).forEach(f -> tabEvents.add(f.path("event").asText()));
            assertThat(tabEvents).as("the visitor gets status changes but no system message")
                    .doesNotContain("message.created").contains("conversation.status_changed");
        }

        List<JsonNode> messages = agentMessages(conversation);
        assertThat(messages).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
        assertThat(messages.subList(1, 8)).allSatisfy(m -> {
            assertThat(m.at("/sender/type").asText()).isEqualTo("system");
            assertThat(m.get("private").asBoolean()).isTrue();
        });
        assertThat(messages).extracting(m -> m.get("text").asText()).containsExactly(
                "Where is my order?",
                agentName + " assigned this to " + ownerName,
                agentName + " unassigned this",
                agentName + " marked this conversation as pending",
                agentName + " marked this conversation as open",
                agentName + " resolved this conversation",
                "test integration snoozed this until " + java.time.Instant.ofEpochMilli(snoozeUntil)
                        .truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
                agentName + " reopened this conversation");
        assertThat(messages.get(2).at("/content/system").asText()).isEqualTo("unassigned");
        assertThat(messages.get(2).at("/content").has("assignee_id")).isFalse();
        assertThat(messages.get(5).at("/content/system").asText()).isEqualTo("status_changed");
        assertThat(messages.get(5).at("/content/status").asText()).isEqualTo("resolved");
        assertThat(messages.get(6).at("/content/status").asText()).isEqualTo("snoozed");
        assertThat(messages.get(6).at("/content/snoozed_until").asLong()).isEqualTo(snoozeUntil);
        assertThat(messages.get(6).at("/content/actor_id").asText()).as("the API key's id").isNotBlank()
                .isNotEqualTo(tenant.agent().id());

        // Visitors never get them over REST; preview and unread count ignore them.
        Http.Response visitorPage = ok(visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages"), 200);
        assertThat(seqs(visitorPage)).containsExactly(1L);
        JsonNode row = listed(tenant, conversation);
        assertThat(row.get("last_seq").asLong()).isEqualTo(8);
        assertThat(row.get("last_message_preview").asText()).isEqualTo("Where is my order?");
        assertThat(row.get("unread_count").asLong()).isEqualTo(1);
        assertThat(ok(visitor.http().get("/api/v1/visitor/conversations/" + conversation), 200)
                .body().get("last_message_preview").asText()).isEqualTo("Where is my order?");

        // A visitor socket resuming from 0 replays the visible messages only.
        try (WsClient tab = WsClient.connect(server.baseUrl(), "/ws/visitor")) {
            tab.send(Map.of("type", "auth", "token", visitor.token()));
            tab.awaitType("ready");
            tab.send(Map.of("type", "resume", "cursors", Map.of(conversation, 0)));
            List<JsonNode> replay = new ArrayList<>();
            JsonNode frame;
            while (!(frame = tab.await(f -> true)).path("type").asText().equals("resumed")) {
                replay.add(frame);
            }
            assertThat(replay).extracting(f -> f.at("/data/seq").asLong()).containsExactly(1L);
        }
        // The next message continues the same gapless sequence.
        assertThat(ok(agent.post(path(conversation) + "/messages", Map.of("client_msg_id", "after-system", "text", "On its way")), 201)
                .body().get("seq").asLong()).isEqualTo(9);
    }

    @Test
    void aVisitorWritingIntoAResolvedConversationReopensItWithASystemMessage() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        ok(tenant.agent().http().post(path(conversation) + "/status", Map.of("status", "resolved")), 200);
        ok(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "again", "text", "one more thing")), 201);
        List<JsonNode> messages = agentMessages(conversation);
        assertThat(messages).extracting(m -> m.get("text").asText()).containsExactly(
                "hello", "Agent " + tenant.agent().email().substring(0, 5) + " resolved this conversation",
                "one more thing", "Visitor reopened this conversation");
        assertThat(messages.get(3).at("/content/status").asText()).isEqualTo("open");
        assertThat(messages.get(3).at("/content").has("actor_id")).isFalse();
        assertThat(listed(tenant, conversation).get("status").asText()).isEqualTo("open");
        assertThat(listed(tenant, conversation).get("last_message_preview").asText()).isEqualTo("one more thing");
    }

    // ---------------------------------------------------------------- snooze wake-up

    @Test
    void aSnoozeThatEndsReopensTheConversationWithAnEventAndASystemMessage() throws InterruptedException {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "remind me later");
        String later = server.conversation(visitor, "remind me tomorrow");
        Http agent = tenant.agent().http();
        ok(agent.post(path(later) + "/status", Map.of("status", "snoozed",
                "snoozed_until", System.currentTimeMillis() + 86_400_000)), 200);
        try (WsClient watcher = server.agentSocket(tenant.owner()); WsClient tab = server.visitorSocket(visitor)) {
            long until = System.currentTimeMillis() + 700;
            ok(agent.post(path(conversation) + "/status", Map.of("status", "snoozed", "snoozed_until", until)), 200);
            watcher.await(f -> "message.created".equals(f.path("event").asText()));  // "... snoozed this until ..."
            tab.awaitEvent("conversation.status_changed");
            Thread.sleep(Math.max(0, until - System.currentTimeMillis()) + 100);
            server.wiring().conversations.wakeSnoozed(); // the job may have done it already: the outcome is the same

            JsonNode reopened = watcher.awaitEvent("conversation.status_changed");
            assertThat(reopened.at("/data/conversation/id").asText()).isEqualTo(conversation);
            assertThat(reopened.at("/data/conversation/status").asText()).isEqualTo("open");
            assertThat(reopened.at("/data/conversation").has("snoozed_until")).isFalse();
            JsonNode ended = watcher.awaitEvent("message.created");
            assertThat(ended.at("/data/text").asText()).isEqualTo("Snooze ended");
            assertThat(ended.at("/data/sender/type").asText()).isEqualTo("system");
            assertThat(ended.at("/data/content/system").asText()).isEqualTo("status_changed");
            assertThat(ended.at("/data/content/status").asText()).isEqualTo("open");
            assertThat(ended.get("cursor").asLong()).isEqualTo(reopened.get("cursor").asLong() + 1);

            assertThat(tab.awaitEvent("conversation.status_changed").at("/data/conversation/status").asText()).isEqualTo("open");
            assertThat(tab.drain(QUIET)).as("no system message for the visitor")
                    .noneMatch(f -> "message.created".equals(f.path("event").asText()));
        }
        assertThat(server.wiring().conversations.wakeSnoozed()).as("nothing left to wake").isZero();
        Http.Response view = ok(agent.get(path(conversation)), 200);
        assertThat(view.body().at("/conversation/status").asText()).isEqualTo("open");
        assertThat(view.body().at("/conversation").has("snoozed_until")).isFalse();
        assertThat(agentMessages(conversation)).extracting(m -> m.get("seq").asLong()).containsExactly(1L, 2L, 3L);
        assertThat(ok(agent.get(path(later)), 200).body().at("/conversation/status").asText())
                .as("a snooze that has not ended stays").isEqualTo("snoozed");
    }

    // ---------------------------------------------------------------- mentions

    @Test
    void notesMentionActiveAgentsOfTheWorkspace() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        Http agent = tenant.agent().http();
        String owner = tenant.owner().id();
        try (WsClient watcher = server.agentSocket(tenant.owner())) {
            Http.Response note = ok(agent.post(path(conversation) + "/notes", Map.of("client_msg_id", "mention-1",
                    "text", "@owner can you look?", "mentions", List.of(owner, tenant.agent().id(), owner))), 201);
            assertThat(note.body().at("/message/content/mentions")).extracting(JsonNode::asText)
                    .as("repeated ids count once").containsExactly(owner, tenant.agent().id());
            JsonNode event = watcher.awaitEvent("message.created");
            assertThat(event.at("/data/content/mentions")).extracting(JsonNode::asText).containsExactly(owner, tenant.agent().id());
            assertThat(event.at("/data/private").asBoolean()).isTrue();
        }
        // A private message through the messages route takes them too; without mentions there is no content.
        Http.Response privateMessage = ok(agent.post(path(conversation) + "/messages", Map.of("client_msg_id", "mention-2",
                "text", "note", "private", true, "mentions", List.of(owner))), 201);
        assertThat(privateMessage.body().at("/message/content/mentions/0").asText()).isEqualTo(owner);
        Http.Response plain = ok(agent.post(path(conversation) + "/notes", Map.of("client_msg_id", "plain",
                "text", "no mentions", "mentions", List.of())), 201);
        assertThat(plain.body().get("message").has("content")).isFalse();
    }

    @Test
    void badMentionsAre400AndStoreNothing() throws SQLException {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        Http agent = tenant.agent().http();
        String notes = path(conversation) + "/notes";
        String unknown = UUID.randomUUID().toString();
        badRequest(agent.post(notes, Map.of("client_msg_id", "b1", "text", "x", "mentions", List.of(unknown))),
                "'" + unknown + "', which is not an agent of this workspace");
        badRequest(agent.post(notes, Map.of("client_msg_id", "b2", "text", "x", "mentions", List.of(other.agent().id()))),
                "'" + other.agent().id() + "', which is not an agent of this workspace");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(UUID.randomUUID().toString());
        }
        badRequest(agent.post(notes, Map.of("client_msg_id", "b3", "text", "x", "mentions", many)), "at most 20");
        badRequest(agent.post(path(conversation) + "/messages", Map.of("client_msg_id", "b4", "text", "x",
                "mentions", List.of(tenant.owner().id()))), "only for private notes");
        badRequest(agent.post(path(conversation) + "/messages", Map.of("client_msg_id", "b5", "text", "x", "private", false,
                "mentions", List.of(tenant.owner().id()))), "only for private notes");
        badRequest(agent.post(notes, "{\"client_msg_id\":\"b6\",\"text\":\"x\",\"mentions\":[42]}"), "mentions");
        badRequest(agent.post(notes, "{\"client_msg_id\":\"b7\",\"text\":\"x\",\"mentions\":\"" + tenant.owner().id() + "\"}"),
                "mentions");
        badRequest(agent.post(notes, "{\"client_msg_id\":\"b8\",\"text\":\"x\",\"mentions\":[null]}"), "mentions");
        badRequest(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "b9", "text", "x", "mentions", List.of(tenant.owner().id()))), "mentions");

        // A deactivated agent (no admin route on this branch yet: set in storage).
        TestServer.Agent leaver = server.agent(tenant.workspace(), "leaver-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com", Role.AGENT);
        try (Connection c = server.jdbc(); PreparedStatement s = c.prepareStatement("UPDATE agents SET active = ? WHERE id = ?")) {
            s.setBoolean(1, false);
            s.setString(2, leaver.id());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        badRequest(agent.post(notes, Map.of("client_msg_id", "b10", "text", "x", "mentions", List.of(leaver.id()))),
                "'" + leaver.id() + "', a deactivated agent");

        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(1);
    }

    @Test
    void theAgentSendFrameCarriesMentionsOnPrivateNotesOnly() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        try (WsClient socket = server.agentSocket(tenant.agent())) {
            socket.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "ws-1", "text", "look",
                    "private", true, "mentions", List.of(tenant.owner().id())));
            // The event and the ack may come in either order.
            JsonNode event = null;
            JsonNode ack = null;
            while (event == null || ack == null) {
                JsonNode frame = socket.await(f -> "ack".equals(f.path("type").asText())
                        || "message.created".equals(f.path("event").asText()));
                if (frame.path("type").asText().equals("ack")) {
                    ack = frame;
                } else {
                    event = frame;
                }
            }
            assertThat(event.at("/data/content/mentions/0").asText()).isEqualTo(tenant.owner().id());
            assertThat(ack.get("seq").asLong()).isEqualTo(2);

            socket.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "ws-2", "text", "public",
                    "mentions", List.of(tenant.owner().id())));
            JsonNode error = socket.awaitType("error");
            assertThat(error.get("status").asInt()).isEqualTo(400);
            assertThat(error.get("client_msg_id").asText()).isEqualTo("ws-2");
            assertThat(error.get("message").asText()).contains("only for private notes");

            socket.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "ws-3", "text", "x",
                    "private", true, "mentions", List.of(other.owner().id())));
            assertThat(socket.awaitType("error").get("message").asText()).contains("not an agent of this workspace");
        }
        try (WsClient tab = server.visitorSocket(visitor)) {
            tab.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "v-1", "text", "x",
                    "mentions", List.of(tenant.owner().id())));
            assertThat(tab.awaitType("error").get("status").asInt()).isEqualTo(400);
        }
    }

    @Test
    void aRetryWithTheSameMentionsIsTheSameNoteAndOtherMentionsAreAConflict() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        Http agent = tenant.agent().http();
        String notes = path(conversation) + "/notes";
        Map<String, Object> body = Map.of("client_msg_id", "retry-1", "text", "see this", "mentions", List.of(tenant.owner().id()));
        Http.Response first = ok(agent.post(notes, body), 201);
        Http.Response retry = ok(agent.post(notes, body), 200);
        assertThat(retry.body().get("message_id").asText()).isEqualTo(first.body().get("message_id").asText());
        assertThat(retry.body().at("/message/content/mentions/0").asText()).isEqualTo(tenant.owner().id());
        Http.Response sameOverMessages = ok(agent.post(path(conversation) + "/messages", Map.of("client_msg_id", "retry-1",
                "text", "see this", "private", true, "mentions", List.of(tenant.owner().id()))), 200);
        assertThat(sameOverMessages.body().get("seq").asLong()).isEqualTo(first.body().get("seq").asLong());

        Http.Response otherMentions = agent.post(notes, Map.of("client_msg_id", "retry-1", "text", "see this",
                "mentions", List.of(tenant.agent().id())));
        assertThat(otherMentions.status()).as(otherMentions.raw()).isEqualTo(409);
        Http.Response noMentions = agent.post(notes, Map.of("client_msg_id", "retry-1", "text", "see this"));
        assertThat(noMentions.status()).as(noMentions.raw()).isEqualTo(409);

        ok(agent.post(notes, Map.of("client_msg_id", "retry-2", "text", "plain")), 201);
        Http.Response addedMentions = agent.post(notes, Map.of("client_msg_id", "retry-2", "text", "plain",
                "mentions", List.of(tenant.owner().id())));
        assertThat(addedMentions.status()).as(addedMentions.raw()).isEqualTo(409);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(3);
    }

    // ---------------------------------------------------------------- current page in the list

    @Test
    void listItemsCarryTheVisitorsLatestPageViewOnceReported() {
        TestServer.Visitor browsing = server.visitor(tenant);
        TestServer.Visitor silent = server.visitor(tenant);
        String withPage = server.conversation(browsing, "Which scarf?");
        String withoutPage = server.conversation(silent, "Hi");
        assertThat(listed(tenant, withPage).has("current_page")).as("before any beacon").isFalse();

        long t = System.currentTimeMillis() - 10_000;
        Http.Response beacon = server.http().with("Origin", SHOP).sendBody("POST", "/api/v1/widget/activity", Map.of(
                "key", tenant.widgetKey(), "token", browsing.token(), "events", List.of(
                        Map.of("type", "page_view", "url", SHOP + "/", "title", "Home", "at", t),
                        Map.of("type", "page_view", "url", SHOP + "/wool-scarf", "title", "Wool scarf", "at", t + 2000),
                        Map.of("type", "track", "name", "add_to_cart", "at", t + 3000))));
        assertThat(beacon.status()).as(beacon.raw()).isEqualTo(204);

        JsonNode current = listed(tenant, withPage).get("current_page");
        assertThat(current).as("after a beacon").isNotNull();
        assertThat(current.get("url").asText()).isEqualTo(SHOP + "/wool-scarf");
        assertThat(current.get("title").asText()).isEqualTo("Wool scarf");
        assertThat(current.get("at").asLong()).isEqualTo(t + 2000);
        assertThat(listed(tenant, withoutPage).has("current_page")).isFalse();

        // Filtered lists carry it too; single views and events do not.
        JsonNode open = null;
        for (JsonNode c : ok(tenant.agent().http().get("/api/v1/conversations?status=open&limit=200"), 200).body().get("conversations")) {
            if (c.get("id").asText().equals(withPage)) {
                open = c;
            }
        }
        assertThat(open).isNotNull();
        assertThat(open.at("/current_page/url").asText()).isEqualTo(SHOP + "/wool-scarf");
        assertThat(ok(tenant.agent().http().get(path(withPage)), 200).body().at("/conversation").has("current_page")).isFalse();
    }

    // ---------------------------------------------------------------- isolation

    @Test
    void anotherWorkspacesAgentGets404ForAllOfIt() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "private matter");
        Http stranger = other.agent().http();
        Http strangerKey = server.http().bearer(other.apiKey());
        for (Http http : List.of(stranger, strangerKey)) {
            assertThat(http.get(path(conversation) + "/messages?before=5").status()).isEqualTo(404);
            assertThat(http.get(path(conversation) + "?before=5").status()).isEqualTo(404);
            assertThat(http.post(path(conversation) + "/notes", Map.of("client_msg_id", "x", "text", "x",
                    "mentions", List.of(other.owner().id()))).status()).isEqualTo(404);
            assertThat(http.post(path(conversation) + "/status", Map.of("status", "snoozed",
                    "snoozed_until", System.currentTimeMillis() + 60_000)).status()).isEqualTo(404);
            assertThat(http.post(path(conversation) + "/assign", Map.of("assignee_id", other.agent().id())).status())
                    .isEqualTo(404);
        }
        String theirs = ids(ok(stranger.get("/api/v1/conversations?limit=200"), 200));
        assertThat(theirs).doesNotContain(conversation);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(1);
        // Another visitor's token gets 404 on the visitor route.
        TestServer.Visitor intruder = server.visitor(tenant);
        assertThat(intruder.http().get("/api/v1/visitor/conversations/" + conversation + "/messages?before=5").status())
                .isEqualTo(404);
    }

    private static String ids(Http.Response list) {
        StringBuilder out = new StringBuilder();
        list.body().get("conversations").forEach(c -> out.append(c.get("id").asText()).append(' '));
        return out.toString();
    }
}
