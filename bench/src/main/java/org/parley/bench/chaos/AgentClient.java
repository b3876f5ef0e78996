package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.parley.bench.FrameSocket;
import org.parley.bench.ParleyClient;

/**
 * An agent as the inbox is: one socket on the workspace's event stream, resumed with the newest cursor
 * seen; replies (and a few private notes) to the workspace's load conversations. On {@code resync_required}
 * it reconnects, takes the new {@code ready} cursor, reloads the conversations over REST and resumes from
 * that cursor.
 */
final class AgentClient extends Client {
    final int workspace;
    final String agentId;
    private final ParleyClient parley;
    private final String cookie;
    private final AtomicLong cursor = new AtomicLong(-1);
    private volatile boolean needsReload;
    private volatile List<String> conversations = List.of();

    AgentClient(String name, int workspace, ParleyClient parley, String cookie, String agentId, History history,
                Rest rest, ChaosOptions options, String runId) {
        super(name, history, rest, options, runId);
        this.workspace = workspace;
        this.parley = parley;
        this.cookie = cookie;
        this.agentId = agentId;
    }

    /** The conversations this agent replies to (its workspace's load conversations). */
    void replyTo(List<String> conversationIds) {
        this.conversations = List.copyOf(conversationIds);
    }

    @Override
    CompletableFuture<FrameSocket> open(FrameSocket.Handler handler) {
        return parley.openAgent(cookie, handler);
    }

    @Override
    void afterReady(int conn, JsonNode ready) throws IOException, InterruptedException {
        long now = ready.path("cursor").asLong();
        if (cursor.get() >= 0 && !needsReload) {
            return;
        }
        // First connection, or after resync_required: what happened up to the ready cursor comes over REST.
        cursor.set(now);
        history.add(History.Kind.BASE, conn, null, null, null, null, now, null, null, null, null, null, null);
        if (needsReload) {
            for (String conv : conversations) {
                reload(conn, conv, "/api/v1/conversations/" + conv + "/messages", restHeaders());
            }
            needsReload = false;
        }
    }

    @Override
    String resumeFrame() {
        return FrameSocket.json(Map.of("type", "resume", "cursor", cursor.get()));
    }

    @Override
    void afterResumed(int conn) throws IOException {
        if (needsReload) {
            throw new IOException("resync_required: reconnecting to reload");
        }
    }

    @Override
    void onEvent(int conn, JsonNode frame) {
        recordEvent(conn, frame);
        if (frame.has("cursor")) {
            cursor.accumulateAndGet(frame.get("cursor").asLong(), Math::max);
        }
    }

    @Override
    void onResync(int conn, JsonNode frame) {
        needsReload = true;
    }

    @Override
    String pickConversation(Random random) {
        List<String> list = conversations;
        return list.isEmpty() ? null : list.get(random.nextInt(list.size()));
    }

    @Override
    boolean mayWritePrivate() {
        return true;
    }

    @Override
    String sendPath(String conv) {
        return "/api/v1/conversations/" + conv + "/messages";
    }

    @Override
    Map<String, String> restHeaders() {
        return Map.of("Cookie", cookie, "Origin", rest.base().toString());
    }
}
