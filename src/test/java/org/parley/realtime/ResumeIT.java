package org.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
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
 * Resume under the timings that lost messages (issue 10), made deterministic with the gateway's test
 * hooks: the hold timer firing in the middle of a slow replay while live events arrive, and a replay
 * that fails on the server. Through the real WebSocket, on both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ResumeIT {
    private static final int REPLIES = 29;

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Resume shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @AfterEach
    void noHook() {
        server.wiring().gateway.beforeReplayedEvent(null);
    }

    static long reply(String conversation, String text) {
        Http.Response sent = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        return sent.body().get("seq").asLong();
    }

    /** A visitor's conversation with seq 1..30: their question and 29 replies. */
    static String conversationWithReplies(TestServer.Visitor visitor) {
        String conversation = server.conversation(visitor, "question");
        for (int i = 0; i < REPLIES; i++) {
            reply(conversation, "reply " + i);
        }
        return conversation;
    }

    /** Frames until "resumed" (or an error or a close), then whatever follows within a short window. */
    static List<JsonNode> framesOfResume(WsClient ws) {
        List<JsonNode> frames = new ArrayList<>();
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            List<JsonNode> got = ws.drain(Duration.ofMillis(100));
            frames.addAll(got);
            if (frames.stream().anyMatch(f -> f.path("type").asText().matches("resumed|error")) || ws.isClosed()) {
                break;
            }
        }
        frames.addAll(ws.drain(Duration.ofMillis(300)));
        return frames;
    }

    static TreeSet<Long> seqs(List<JsonNode> frames, String conversation) {
        TreeSet<Long> seqs = new TreeSet<>();
        frames.stream().filter(f -> "event".equals(f.path("type").asText()) && "message.created".equals(f.path("event").asText())
                        && conversation.equals(f.path("conversation_id").asText()))
                .forEach(f -> seqs.add(f.get("data").get("seq").asLong()));
        return seqs;
    }

    static List<Long> oneTo(long n) {
        return LongStream.rangeClosed(1, n).boxed().toList();
    }

    @Test
    void aVisitorsSlowReplayOverlappedByTheHoldTimerAndLiveRepliesLosesNothing() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = conversationWithReplies(visitor);
        server.wiring().gateway.beforeReplayedEvent(index -> {
            if (index == 10) {
                server.wiring().gateway.expireHolds(); // the 3 s timer fires in the middle of the replay
                reply(conversation, "live during the replay");
            }
        });
        try (WsClient ws = WsClient.connect(server.baseUrl(), "/ws/visitor")) {
            ws.send(Map.of("type", "auth", "token", visitor.token()));
            ws.awaitType("ready");
            ws.send(Map.of("type", "resume", "cursors", Map.of(conversation, 0)));
            List<JsonNode> frames = framesOfResume(ws);
            assertThat(frames).anyMatch(f -> "resumed".equals(f.path("type").asText()));
            assertThat(seqs(frames, conversation)).as("every message, replayed or live").containsExactlyElementsOf(oneTo(REPLIES + 2));
        }
    }

    @Test
    void anAgentsSlowReplayOverlappedByTheHoldTimerAndLiveEventsLosesNothing() {
        long before;
        try (WsClient first = WsClient.connect(server.baseUrl(), "/ws/agent",
                Map.of("Cookie", tenant.agent().cookie(), "Origin", server.baseUrl()))) {
            first.send(Map.of("type", "auth"));
            before = first.awaitType("ready").get("cursor").asLong();
        }
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = conversationWithReplies(visitor);
        server.wiring().gateway.beforeReplayedEvent(index -> {
            if (index == 10) {
                server.wiring().gateway.expireHolds();
                reply(conversation, "live during the replay");
            }
        });
        try (WsClient ws = WsClient.connect(server.baseUrl(), "/ws/agent",
                Map.of("Cookie", tenant.agent().cookie(), "Origin", server.baseUrl()))) {
            ws.send(Map.of("type", "auth"));
            ws.awaitType("ready");
            ws.send(Map.of("type", "resume", "cursor", before));
            List<JsonNode> frames = framesOfResume(ws);
            assertThat(frames).anyMatch(f -> "resumed".equals(f.path("type").asText()));
            assertThat(seqs(frames, conversation)).as("every message, replayed or live").containsExactlyElementsOf(oneTo(REPLIES + 2));
            List<Long> cursors = frames.stream().filter(f -> "event".equals(f.path("type").asText()))
                    .map(f -> f.get("cursor").asLong()).toList();
            assertThat(cursors).as("workspace events in cursor order, none twice").isSorted().doesNotHaveDuplicates();
        }
    }

    @Test
    void aReplayThatFailsOnTheServerIsNoResumeAndTheNextResumeBringsEverything() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = conversationWithReplies(visitor);
        server.wiring().gateway.beforeReplayedEvent(index -> {
            if (index == 3) {
                throw new IllegalStateException("database unreachable");
            }
        });
        try (WsClient ws = WsClient.connect(server.baseUrl(), "/ws/visitor")) {
            ws.send(Map.of("type", "auth", "token", visitor.token()));
            ws.awaitType("ready");
            ws.send(Map.of("type", "resume", "cursors", Map.of(conversation, 0)));
            List<JsonNode> frames = framesOfResume(ws);
            assertThat(frames).as("never 'resumed' for a replay that did not happen")
                    .noneMatch(f -> "resumed".equals(f.path("type").asText()));
            assertThat(frames).anyMatch(f -> "error".equals(f.path("type").asText())
                    && "resume_failed".equals(f.path("code").asText()) && f.path("status").asInt() == 503);
            // Live events after the failure would move the client's cursor past the messages it misses.
            reply(conversation, "after the failure");
            assertThat(ws.awaitClose()).as("the client reconnects and resumes with the cursor it had").isEqualTo(1013);
        }
        server.wiring().gateway.beforeReplayedEvent(null);
        try (WsClient again = WsClient.connect(server.baseUrl(), "/ws/visitor")) {
            again.send(Map.of("type", "auth", "token", visitor.token()));
            again.awaitType("ready");
            again.send(Map.of("type", "resume", "cursors", Map.of(conversation, 0)));
            assertThat(seqs(framesOfResume(again), conversation)).containsExactlyElementsOf(oneTo(REPLIES + 2));
        }
    }
}
