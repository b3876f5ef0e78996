package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.bench.FrameSocket;
import org.parley.bench.ParleyClient;

/**
 * A visitor with one conversation, behaving as the widget does: it resumes with the newest seq it has seen
 * of its conversation, and on {@code resync_required} reloads the conversation over REST.
 */
final class VisitorClient extends Client {
    final int workspace;
    final String conversationId;
    private final ParleyClient parley;
    private final String token;
    private final AtomicLong newestSeq = new AtomicLong();
    private volatile boolean resync;

    VisitorClient(String name, int workspace, ParleyClient parley, ParleyClient.Visitor visitor, History history,
                  Rest rest, ChaosOptions options, String runId) {
        super(name, history, rest, options, runId);
        this.workspace = workspace;
        this.parley = parley;
        this.token = visitor.token();
        this.conversationId = visitor.conversationId();
    }

    @Override
    CompletableFuture<FrameSocket> open(FrameSocket.Handler handler) {
        return parley.openVisitor(token, handler);
    }

    @Override
    void afterReady(int conn, JsonNode ready) {
    }

    @Override
    String resumeFrame() {
        return FrameSocket.json(Map.of("type", "resume", "cursors", Map.of(conversationId, newestSeq.get())));
    }

    @Override
    void afterResumed(int conn) throws IOException, InterruptedException {
        if (resync) {
            resync = false;
            long newest = reload(conn, conversationId, "/api/v1/visitor/conversations/" + conversationId + "/messages",
                    restHeaders());
            newestSeq.accumulateAndGet(newest, Math::max);
        }
    }

    @Override
    void onEvent(int conn, JsonNode frame) {
        recordEvent(conn, frame);
        if ("message.created".equals(text(frame, "event")) && conversationId.equals(text(frame, "conversation_id"))) {
            newestSeq.accumulateAndGet(frame.path("data").path("seq").asLong(), Math::max);
        }
    }

    @Override
    void onResync(int conn, JsonNode frame) {
        if (conversationId.equals(text(frame, "conversation_id"))) {
            // Unknown, ahead of the server or too old: start over from what the server has.
            resync = true;
            newestSeq.set(0);
        }
    }

    @Override
    String pickConversation(Random random) {
        return conversationId;
    }

    @Override
    boolean mayWritePrivate() {
        return false;
    }

    @Override
    String sendPath(String conv) {
        return "/api/v1/visitor/conversations/" + conv + "/messages";
    }

    @Override
    Map<String, String> restHeaders() {
        return Map.of("Authorization", "Bearer " + token);
    }
}
