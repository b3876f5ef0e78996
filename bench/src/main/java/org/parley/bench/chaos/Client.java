package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.bench.FrameSocket;
import org.parley.bench.chaos.History.Kind;

/**
 * One chaos client (a visitor or an agent) as a real WebSocket and REST client: a session thread that
 * connects, resumes per docs/realtime.md and reconnects whenever the socket dies, and a sender thread
 * that sends messages with fresh client_msg_ids and retries unanswered ones with the same id. Frames
 * are recorded in its {@link History} before anything else is done with them.
 */
abstract class Client {
    private static final int MAX_CONNECTIONS = 20_000;

    final String name;
    final History history;
    final Rest rest;
    final ChaosOptions options;
    final String runId;
    final Random timing;
    final Outbox outbox;
    private volatile FrameSocket socket;
    private volatile int connection;
    private volatile boolean live;
    private volatile boolean stopped;
    private CompletableFuture<Void> finalRound;
    private int finalAfterConn = Integer.MAX_VALUE;
    private long hardDeadline;
    /** Completes when the client is first live (resumed): setup waits for it. */
    final CompletableFuture<Void> firstLive = new CompletableFuture<>();

    Client(String name, History history, Rest rest, ChaosOptions options, String runId) {
        this.name = name;
        this.history = history;
        this.rest = rest;
        this.options = options;
        this.runId = runId;
        this.timing = new Random(options.seed() * 17 + name.hashCode());
        this.outbox = new Outbox(this);
    }

    abstract CompletableFuture<FrameSocket> open(FrameSocket.Handler handler);

    /** After {@code ready}, before the resume frame (agents adopt a cursor and reload here). */
    abstract void afterReady(int conn, JsonNode ready) throws IOException, InterruptedException;

    abstract String resumeFrame();

    /** After {@code resumed}, before going live (visitors reload resynced conversations here). */
    abstract void afterResumed(int conn) throws IOException, InterruptedException;

    abstract void onEvent(int conn, JsonNode frame);

    abstract void onResync(int conn, JsonNode frame);

    abstract String pickConversation(Random random);

    abstract boolean mayWritePrivate();

    abstract String sendPath(String conv);

    abstract Map<String, String> restHeaders();

    /** Starts the session and sender threads; both end by {@link #stop()} or at the deadline. */
    void start(long hardDeadlineNanos) {
        this.hardDeadline = hardDeadlineNanos;
        Thread.ofVirtual().name(name + "-session").start(this::runSession);
        Thread.ofVirtual().name(name + "-sender").start(outbox::run);
    }

    boolean running() {
        return !stopped && System.nanoTime() < hardDeadline;
    }

    private void runSession() {
        int failures = 0;
        while (running() && connection < MAX_CONNECTIONS) {
            int conn = ++connection;
            CompletableFuture<Void> resumed = new CompletableFuture<>();
            FrameSocket s = null;
            try {
                s = open((sock, frame) -> onFrame(conn, frame, resumed)).get(40, TimeUnit.SECONDS);
                socket = s;
                s.closed().thenRun(() -> resumed.completeExceptionally(new IOException("socket closed before resumed")));
                JsonNode ready = s.ready().getNow(null);
                history.add(Kind.READY, conn, null, null, null, null,
                        ready.has("cursor") ? ready.get("cursor").asLong() : null, ready.toString(), null, null, null, null, null);
                afterReady(conn, ready);
                // The cursors are taken at ready, before any live event of this socket: a slow client's resume
                // frame is late, but it still names what the client had when it connected.
                String frame = resumeFrame();
                if (timing.nextDouble() < options.slowResumeFraction()) {
                    Thread.sleep(timing.nextInt(options.slowResumeMaxMs() + 1));
                }
                history.note(Kind.RESUME, conn, frame);
                s.send(frame);
                resumed.get(40, TimeUnit.SECONDS);
                afterResumed(conn);
                goLive(conn);
                failures = 0;
                while (running() && !s.closed().isDone()) {
                    try {
                        s.closed().get(500, TimeUnit.MILLISECONDS);
                    } catch (TimeoutException stillOpen) {
                        // loop: check the stop flag
                    }
                }
                history.note(Kind.CLOSED, conn, s.closed().getNow("stopped"));
            } catch (Exception e) {
                failures++;
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                history.note(Kind.CONNECT_FAILED, conn, cause.toString());
            } finally {
                live = false;
                if (s != null) {
                    s.abort();
                }
            }
            if (running()) {
                sleepQuietly(failures == 0 ? 100 + timing.nextInt(400)
                        : (long) (Math.min(2000, 100L << Math.min(failures, 5)) * (0.5 + timing.nextDouble())));
            }
        }
    }

    private void goLive(int conn) {
        live = true;
        firstLive.complete(null);
        outbox.resendAll(conn);
        synchronized (this) {
            if (finalRound != null && !finalRound.isDone()) {
                if (conn > finalAfterConn) {
                    finalRound.complete(null);
                } else if (socket != null) {
                    socket.abort(); // this connection was opened before the final round was asked for: once more
                }
            }
        }
    }

    private void onFrame(int conn, JsonNode frame, CompletableFuture<Void> resumed) {
        String type = frame.path("type").asText();
        switch (type) {
            case "event" -> onEvent(conn, frame);
            case "resumed" -> {
                history.note(Kind.RESUMED, conn, null);
                resumed.complete(null);
            }
            case "resync_required" -> {
                history.add(Kind.RESYNC, conn, text(frame, "conversation_id"), null, null, null, null, null, null,
                        null, null, null, null);
                onResync(conn, frame);
            }
            case "ack" -> outbox.onAck(conn, frame);
            case "error" -> outbox.onError(conn, frame);
            case "pong", "typing" -> { }
            default -> history.add(Kind.OTHER, conn, text(frame, "conversation_id"),
                    frame.has("agent_id") ? text(frame, "agent_id") : text(frame, "contact_id"), null,
                    null, null, type, null, null, null, null, null);
        }
    }

    boolean isLive() {
        return live;
    }

    int connection() {
        return connection;
    }

    FrameSocket socket() {
        return socket;
    }

    /** Stops new messages; retries of unanswered ones go on. */
    void stopSending() {
        outbox.stopSending();
    }

    /** Sends still waiting for an answer (WebSocket and REST). */
    int inFlight() {
        return outbox.inFlight();
    }

    /** Closes the socket now: the client reconnects and resumes; the future completes once it is live again. */
    CompletableFuture<Void> finalResume() {
        CompletableFuture<Void> round = new CompletableFuture<>();
        synchronized (this) {
            finalRound = round;
            finalAfterConn = connection;
        }
        history.note(Kind.OTHER, connection, "final-resume");
        FrameSocket s = socket;
        if (s != null) {
            s.abort();
        }
        return round;
    }

    /** The nemesis cuts this client's socket abruptly (no close frame). */
    void dropSocket() {
        FrameSocket s = socket;
        if (s != null && s.isOpen()) {
            history.note(Kind.OTHER, connection, "nemesis-drop");
            s.abort();
        }
    }

    void stop() {
        stopped = true;
        outbox.stopSending();
        FrameSocket s = socket;
        if (s != null) {
            s.abort();
        }
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Records an {@code event} frame: its conversation and, for messages, seq, ids and privacy. */
    void recordEvent(int conn, JsonNode frame) {
        JsonNode data = frame.path("data");
        boolean message = "message.created".equals(text(frame, "event"));
        history.add(Kind.EVENT, conn, text(frame, "conversation_id"), message ? text(data, "client_msg_id") : null,
                message ? text(data, "id") : null, message ? data.path("seq").asLong() : null,
                frame.has("cursor") ? frame.get("cursor").asLong() : null, text(frame, "event"), null, null, null, null,
                message ? data.path("private").asBoolean() : null);
        if (message && !java.util.Objects.equals(text(data, "conversation_id"), text(frame, "conversation_id"))) {
            // The checker counts this frame under the conversation it names in its data, too.
            history.add(Kind.OTHER, conn, text(data, "conversation_id"), text(data, "client_msg_id"), text(data, "id"),
                    null, null, "conversation-mismatch", null, null, null, null, null);
        }
    }

    /** Reads a conversation's messages over REST (after a resync), recording each; returns the newest seq. */
    long reload(int conn, String conv, String path, Map<String, String> headers) throws IOException, InterruptedException {
        long after = 0;
        long newest = 0;
        for (int page = 0; page < 200; page++) {
            Rest.Answer answer = rest.get(path + "?after=" + after + "&limit=200", headers);
            if (!answer.ok()) {
                throw new IOException("reload of " + conv + " answered " + answer.status());
            }
            for (JsonNode m : answer.body().path("messages")) {
                long seq = m.path("seq").asLong();
                history.add(Kind.RELOAD, conn, conv, text(m, "client_msg_id"), text(m, "id"), seq, null, null, null,
                        "rest", null, null, m.path("private").asBoolean());
                newest = Math.max(newest, seq);
                after = seq;
            }
            if (!answer.body().path("has_more").asBoolean()) {
                break;
            }
        }
        history.add(Kind.RELOAD_DONE, conn, conv, null, null, newest, null, null, null, "rest", null, null, null);
        return newest;
    }
}
