package org.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Role;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/** DESIGN.md section 4, promise by promise, on SQLite and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class DeliveryGuaranteesIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Guarantees");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void retryWithTheSameClientMsgIdReturnsTheOriginalAckAndStoresOnce() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        String path = "/api/v1/visitor/conversations/" + conversation + "/messages";
        Http.Response first = visitor.http().post(path, Map.of("client_msg_id", "same-1", "text", "hello"));
        Http.Response retry = visitor.http().post(path, Map.of("client_msg_id", "same-1", "text", "hello"));
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body().get("message_id")).isEqualTo(first.body().get("message_id"));
        assertThat(retry.body().get("seq")).isEqualTo(first.body().get("seq"));

        try (WsClient agent = server.agentSocket(tenant.agent()); WsClient tab = server.visitorSocket(visitor)) {
            Map<String, Object> frame = Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "same-2",
                    "text", "over the socket");
            tab.send(frame);
            JsonNode ack1 = tab.awaitType("ack");
            tab.send(frame);
            JsonNode ack2 = tab.awaitType("ack");
            assertThat(ack2).isEqualTo(ack1);
            List<JsonNode> events = agent.drain(Duration.ofMillis(400));
            assertThat(events).filteredOn(f -> f.path("event").asText().equals("message.created")).hasSize(1);
        }
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(3);
    }

    @Test
    void theSameClientMsgIdWithOtherContentIsAConflict() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        String path = "/api/v1/visitor/conversations/" + conversation + "/messages";
        visitor.http().post(path, Map.of("client_msg_id", "dup", "text", "original"));
        Http.Response conflict = visitor.http().post(path, Map.of("client_msg_id", "dup", "text", "changed"));
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.errorCode()).isEqualTo("conflict");

        try (WsClient tab = server.visitorSocket(visitor)) {
            tab.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "dup", "text", "changed again"));
            JsonNode error = tab.awaitType("error");
            assertThat(error.get("code").asText()).isEqualTo("conflict");
            assertThat(error.get("status").asInt()).isEqualTo(409);
            assertThat(error.get("client_msg_id").asText()).isEqualTo("dup");
        }
        JsonNode messages = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").body();
        assertThat(messages.get("messages")).extracting(m -> m.get("text").asText()).containsExactly("first", "original");
    }

    @Test
    void anAckMeansTheMessageIsCommitted() throws Exception {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        try (WsClient tab = server.visitorSocket(visitor); Connection db = server.jdbc();
             PreparedStatement find = db.prepareStatement(
                     "SELECT text FROM messages WHERE conversation_id = ? AND seq = ?")) {
            for (int i = 0; i < 20; i++) {
                tab.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "commit-" + i,
                        "text", "message " + i));
                JsonNode ack = tab.awaitType("ack");
                // Read through another connection the moment the ack arrives: it must already be there.
                find.setString(1, conversation);
                find.setLong(2, ack.get("seq").asLong());
                try (ResultSet rs = find.executeQuery()) {
                    assertThat(rs.next()).as("ack for seq %s before commit", ack.get("seq")).isTrue();
                    assertThat(rs.getString(1)).isEqualTo("message " + i);
                }
            }
        }
    }

    @Test
    void anAgentThatLostItsSocketResumesWithExactlyWhatItMissed() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        long cursor;
        try (WsClient agent = server.agentSocket(tenant.agent())) {
            visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "seen", "text", "seen live"));
            cursor = agent.awaitEvent("message.created").get("cursor").asLong();
            agent.abort();
        }
        for (int i = 0; i < 5; i++) {
            visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "missed-" + i, "text", "missed " + i));
        }
        tenant.owner().http().post("/api/v1/conversations/" + conversation + "/status", Map.of("status", "pending"));

        try (WsClient agent = server.agentSocket(tenant.agent())) {
            agent.send(Map.of("type", "resume", "cursor", cursor));
            List<JsonNode> replay = new ArrayList<>();
            JsonNode frame;
            while (!(frame = agent.await(f -> true)).path("type").asText().equals("resumed")) {
                replay.add(frame);
            }
            List<JsonNode> mine = replay.stream().filter(f -> conversation.equals(f.path("conversation_id").asText())).toList();
            assertThat(mine).extracting(f -> f.path("event").asText()).containsExactly(
                    "message.created", "message.created", "message.created", "message.created", "message.created",
                    "conversation.status_changed", "message.created");
            assertThat(mine.get(6).at("/data/sender/type").asText()).as("the status change's system message").isEqualTo("system");
            assertThat(mine.subList(0, 5)).extracting(f -> f.at("/data/text").asText())
                    .containsExactly("missed 0", "missed 1", "missed 2", "missed 3", "missed 4");
            List<Long> cursors = replay.stream().map(f -> f.get("cursor").asLong()).toList();
            assertThat(cursors).isSorted().doesNotHaveDuplicates().allMatch(c -> c > cursor);
            assertThat(cursors.getLast() - cursor).as("no gap in the workspace cursor").isEqualTo(cursors.size());

            visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "after", "text", "live again"));
            JsonNode live = agent.awaitEvent("message.created");
            assertThat(live.at("/data/text").asText()).isEqualTo("live again");
            assertThat(live.get("cursor").asLong()).isEqualTo(cursors.getLast() + 1);
        }
    }

    @Test
    void aVisitorThatLostItsSocketResumesPerConversationWithoutPrivateNotes() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        String agentPath = "/api/v1/conversations/" + conversation;
        try (WsClient tab = server.visitorSocket(visitor)) {
            tenant.agent().http().post(agentPath + "/messages", Map.of("client_msg_id", "a", "text", "seen reply"));
            assertThat(tab.awaitEvent("message.created").at("/data/seq").asLong()).isEqualTo(2);
            tab.abort();
        }
        tenant.agent().http().post(agentPath + "/messages", Map.of("client_msg_id", "b", "text", "missed reply 1"));
        tenant.agent().http().post(agentPath + "/notes", Map.of("client_msg_id", "c", "text", "secret note"));
        tenant.agent().http().post(agentPath + "/messages", Map.of("client_msg_id", "d", "text", "missed reply 2"));

        try (WsClient tab = server.visitorSocket(visitor)) {
            tab.send(Map.of("type", "resume", "cursors", Map.of(conversation, 2)));
            List<JsonNode> replay = new ArrayList<>();
            JsonNode frame;
            while (!(frame = tab.await(f -> true)).path("type").asText().equals("resumed")) {
                replay.add(frame);
            }
            assertThat(replay).extracting(f -> f.at("/data/text").asText()).containsExactly("missed reply 1", "missed reply 2");
            assertThat(replay).extracting(f -> f.at("/data/seq").asLong()).containsExactly(3L, 5L);
            assertThat(tab.drain(Duration.ofMillis(300))).as("nothing twice").isEmpty();
        }
    }

    @Test
    void anEventSentBetweenAuthAndResumeHidesNothingThatWasMissed() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        String agentPath = "/api/v1/conversations/" + conversation + "/messages";
        tenant.agent().http().post(agentPath, Map.of("client_msg_id", "m2", "text", "missed 2"));
        tenant.agent().http().post(agentPath, Map.of("client_msg_id", "m3", "text", "missed 3"));
        try (WsClient tab = WsClient.connect(server.baseUrl(), "/ws/visitor")) {
            tab.send(Map.of("type", "auth", "token", visitor.token()));
            tab.awaitType("ready");
            // The agent answers again before the widget's resume arrives.
            tenant.agent().http().post(agentPath, Map.of("client_msg_id", "m4", "text", "sent before the resume"));
            tab.send(Map.of("type", "resume", "cursors", Map.of(conversation, 1)));
            List<JsonNode> frames = new ArrayList<>();
            JsonNode frame;
            while (!(frame = tab.await(f -> true)).path("type").asText().equals("resumed")) {
                frames.add(frame);
            }
            frames.addAll(tab.drain(Duration.ofMillis(300)));
            assertThat(frames).extracting(f -> f.at("/data/text").asText())
                    .containsExactly("missed 2", "missed 3", "sent before the resume");
        }
    }

    @Test
    void unknownOrExpiredCursorsGetResyncRequired() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        TestServer.Agent agent = server.agent(tenant.workspace(), "resync-" + database + "@example.com", Role.AGENT);
        try (WsClient socket = server.agentSocket(agent)) {
            for (long bad : new long[] {-1, 99_999_999}) {
                socket.send(Map.of("type", "resume", "cursor", bad));
                assertThat(socket.await(f -> !f.path("type").asText().equals("event")).get("type").asText())
                        .isEqualTo("resync_required");
                socket.awaitType("resumed");
            }
        }
        long before;
        try (WsClient socket = server.agentSocket(agent)) {
            before = 0;
            // Push the workspace more than 1,000 events past the cursor: too old to replay.
            AgentPrincipal principal = new AgentPrincipal(tenant.workspace().id(), tenant.agent().id(), null, "A", Role.AGENT);
            for (int i = 0; i < 1001; i++) {
                server.wiring().messages.send(principal, new SendMessage(conversation, "bulk-" + i, "bulk " + i, true));
            }
            socket.drain(Duration.ofMillis(200));
            socket.send(Map.of("type", "resume", "cursor", before));
            assertThat(socket.await(f -> !f.path("type").asText().equals("event")).get("type").asText())
                    .isEqualTo("resync_required");
        }
        try (WsClient tab = server.visitorSocket(visitor)) {
            tab.send(Map.of("type", "resume", "cursors", Map.of(conversation, 5_000, "00000000-0000-7000-8000-000000000000", 0)));
            Set<String> resync = new HashSet<>();
            JsonNode frame;
            while (!(frame = tab.await(f -> true)).path("type").asText().equals("resumed")) {
                assertThat(frame.get("type").asText()).isEqualTo("resync_required");
                resync.add(frame.get("conversation_id").asText());
            }
            assertThat(resync).containsExactlyInAnyOrder(conversation, "00000000-0000-7000-8000-000000000000");
        }
    }

    @Test
    void seqHasNoGapsUnderFiftyConcurrentSenders() throws Exception {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        int senders = 50;
        int perSender = 10;
        List<WsClient> sockets = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            sockets.add(server.visitorSocket(visitor));
        }
        List<Long> acked = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(senders)) {
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                WsClient socket = sockets.get(s);
                int sender = s;
                results.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < perSender; i++) {
                        String id = "s" + sender + "-" + i;
                        socket.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", id, "text", id));
                        seqs.add(socket.await(f -> f.path("type").asText().equals("ack")
                                && f.path("client_msg_id").asText().equals(id)).get("seq").asLong());
                    }
                    return seqs;
                }));
            }
            for (Future<List<Long>> result : results) {
                acked.addAll(result.get());
            }
        } finally {
            sockets.forEach(WsClient::close);
        }
        long total = senders * perSender + 1;
        assertThat(acked).hasSize(senders * perSender).doesNotHaveDuplicates();
        List<Long> stored = new ArrayList<>();
        try (Connection db = server.jdbc();
             PreparedStatement q = db.prepareStatement("SELECT seq FROM messages WHERE conversation_id = ? ORDER BY seq")) {
            q.setString(1, conversation);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    stored.add(rs.getLong(1));
                }
            }
        }
        assertThat(stored).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(server.count("SELECT last_seq FROM conversations WHERE id = ?", conversation)).isEqualTo(total);
    }
}
