package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.bench.FrameSocket;
import org.parley.bench.chaos.History.Kind;
import org.parley.bench.chaos.History.SendKind;

/**
 * One chaos client (a visitor or an agent) as a real WebSocket and REST client: a session thread that
 * connects, resumes per docs/realtime.md and reconnects whenever the socket dies, and a sender thread
 * that sends messages with fresh client_msg_ids and retries unanswered ones with the same id. Frames
 * are recorded in its {@link History} before anything else is done with them.
 */
abstract class Client {
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(8);
    private static final int MAX_CONNECTIONS = 20_000;
    private static final int MAX_REST_ATTEMPTS = 300;
    private static final int MAX_CONFLICT_ATTEMPTS = 5;

    /** A send waiting for its answer. */
    static final class Pending {
        final String id;
        final String conv;
        final String text;
        final boolean priv;
        final SendKind kind;
        final Sent original;
        int attempts;
        int conn = -1;
        long retryAt;

        Pending(String id, String conv, String text, boolean priv, SendKind kind, Sent original) {
            this.id = id;
            this.conv = conv;
            this.text = text;
            this.priv = priv;
            this.kind = kind;
            this.original = original;
        }
    }

    /** A message this client sent and got acked: the material of resends and conflict probes. */
    record Sent(String id, String conv, String text, boolean priv, String mid, long seq) {
    }

    final String name;
    final History history;
    final Rest rest;
    final ChaosOptions options;
    final String runId;
    private final Random choices;
    final Random timing;
    private final Object lock = new Object();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final List<Sent> acked = new ArrayList<>();
    private int restInFlight;
    private int counter;
    private volatile FrameSocket socket;
    private volatile int connection;
    private volatile boolean live;
    private volatile boolean stopSending;
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
        this.choices = new Random(options.seed() * 31 + name.hashCode());
        this.timing = new Random(options.seed() * 17 + name.hashCode());
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
        Thread.ofVirtual().name(name + "-sender").start(this::runSender);
    }

    private boolean running() {
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
                if (timing.nextDouble() < options.slowResumeFraction()) {
                    Thread.sleep(timing.nextInt(options.slowResumeMaxMs() + 1));
                }
                String frame = resumeFrame();
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
        synchronized (lock) {
            live = true;
            firstLive.complete(null);
            for (Pending p : pending.values()) {
                transmit(p, conn);
            }
            if (finalRound != null && conn > finalAfterConn) {
                finalRound.complete(null);
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
            case "ack" -> onAck(conn, frame);
            case "error" -> onError(conn, frame);
            case "pong", "typing" -> { }
            default -> history.add(Kind.OTHER, conn, text(frame, "conversation_id"), text(frame, "agent_id"), null,
                    null, null, type, null, null, null, null, null);
        }
    }

    private void onAck(int conn, JsonNode frame) {
        String id = text(frame, "client_msg_id");
        String mid = text(frame, "message_id");
        long seq = frame.path("seq").asLong();
        synchronized (lock) {
            Pending p = pending.get(id);
            String kind = p == null ? "LATE" : p.kind == SendKind.CONFLICT && mid.equals(p.original.mid()) ? "STALE"
                    : p.kind.name();
            history.add(Kind.ACK, conn, text(frame, "conversation_id"), id, mid, seq, null, null, null, "ws", kind,
                    null, null);
            if (p == null || kind.equals("STALE")) {
                return;
            }
            pending.remove(id);
            if (p.kind == SendKind.NORMAL) {
                acked.add(new Sent(p.id, p.conv, p.text, p.priv, mid, seq));
            }
        }
    }

    private void onError(int conn, JsonNode frame) {
        String id = text(frame, "client_msg_id");
        int status = frame.path("status").asInt();
        String code = text(frame, "code");
        synchronized (lock) {
            Pending p = id == null ? null : pending.get(id);
            history.add(Kind.ERROR, conn, p == null ? null : p.conv, id, null, null, null, code, status, "ws",
                    p == null ? null : p.kind.name(), text(frame, "message"), null);
            if (p == null) {
                return;
            }
            if (status >= 500 || status == 429) {
                p.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + choices.nextInt(1000));
            } else {
                pending.remove(id); // 409 answers a conflict probe; anything else is an unexpected refusal
            }
        }
    }

    /** Sends (or sends again) one pending message on the current socket. Holds the lock. */
    private void transmit(Pending p, int conn) {
        FrameSocket s = socket;
        if (s == null) {
            return;
        }
        if (p.kind == SendKind.CONFLICT && p.attempts >= MAX_CONFLICT_ATTEMPTS) {
            pending.remove(p.id);
            history.add(Kind.ERROR, conn, p.conv, p.id, null, null, null, "no_answer", 0, "ws", p.kind.name(), null, null);
            return;
        }
        p.attempts++;
        p.conn = conn;
        p.retryAt = System.nanoTime() + RETRY_NANOS;
        Map<String, Object> frame = new LinkedHashMap<>();
        frame.put("type", "send");
        frame.put("conversation_id", p.conv);
        frame.put("client_msg_id", p.id);
        frame.put("text", p.text);
        if (p.priv) {
            frame.put("private", true);
        }
        history.add(Kind.SEND, conn, p.conv, p.id, null, null, null, null, p.attempts, "ws", p.kind.name(), p.text, p.priv);
        s.send(FrameSocket.json(frame));
    }

    private void runSender() {
        long nextSendAt = System.nanoTime() + interval();
        while (running()) {
            sleepQuietly(100);
            long now = System.nanoTime();
            synchronized (lock) {
                if (live) {
                    for (Pending p : List.copyOf(pending.values())) {
                        if (p.conn != connection || now >= p.retryAt) {
                            transmit(p, connection);
                        }
                    }
                }
                if (stopSending || now < nextSendAt || pending.size() + restInFlight >= options.window()) {
                    continue;
                }
                nextSendAt = now + interval();
                Pending p = newSend();
                if (p == null) {
                    continue;
                }
                if (choices.nextDouble() < options.restFraction()) {
                    restInFlight++;
                    Thread.ofVirtual().name(name + "-rest").start(() -> sendOverRest(p));
                } else {
                    pending.put(p.id, p);
                    if (live) {
                        transmit(p, connection);
                    }
                }
            }
        }
    }

    private long interval() {
        int base = this instanceof AgentClient ? options.agentIntervalMs() : options.visitorIntervalMs();
        return TimeUnit.MILLISECONDS.toNanos((long) (base * (0.5 + choices.nextDouble())));
    }

    /** A fresh message, or now and then a deliberate resend or a same-id-other-content probe. Holds the lock. */
    private Pending newSend() {
        double r = choices.nextDouble();
        Sent old = acked.isEmpty() ? null : acked.get(choices.nextInt(acked.size()));
        if (old != null && !pending.containsKey(old.id()) && r < options.conflictFraction() + options.resendFraction()) {
            return r < options.conflictFraction()
                    ? new Pending(old.id(), old.conv(), old.text() + " (other content)", old.priv(), SendKind.CONFLICT, old)
                    : new Pending(old.id(), old.conv(), old.text(), old.priv(), SendKind.RESEND, old);
        }
        String conv = pickConversation(choices);
        if (conv == null) {
            return null;
        }
        String id = runId + name + "-" + (++counter);
        boolean priv = mayWritePrivate() && choices.nextDouble() < options.privateFraction();
        return new Pending(id, conv, "chaos " + id + (priv ? " (note)" : ""), priv, SendKind.NORMAL, null);
    }

    private void sendOverRest(Pending p) {
        try {
            for (int attempt = 1; attempt <= MAX_REST_ATTEMPTS && running(); attempt++) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("client_msg_id", p.id);
                body.put("text", p.text);
                if (p.priv) {
                    body.put("private", true);
                }
                history.add(Kind.SEND, 0, p.conv, p.id, null, null, null, null, attempt, "rest", p.kind.name(), p.text, p.priv);
                Rest.Answer answer;
                try {
                    answer = rest.post(sendPath(p.conv), body, restHeaders());
                } catch (IOException e) {
                    history.add(Kind.ERROR, 0, p.conv, p.id, null, null, null, "io", 0, "rest", p.kind.name(), e.toString(), null);
                    sleepQuietly(300 + choices.nextInt(1500));
                    continue;
                }
                JsonNode b = answer.body();
                if (answer.ok()) {
                    String mid = text(b, "message_id");
                    long seq = b.path("seq").asLong();
                    history.add(Kind.ACK, 0, p.conv, p.id, mid, seq, null, null, answer.status(), "rest", p.kind.name(), null, null);
                    if (p.kind == SendKind.NORMAL) {
                        synchronized (lock) {
                            acked.add(new Sent(p.id, p.conv, p.text, p.priv, mid, seq));
                        }
                    }
                    return;
                }
                history.add(Kind.ERROR, 0, p.conv, p.id, null, null, null, text(b, "code"), answer.status(), "rest",
                        p.kind.name(), text(b, "message"), null);
                if (answer.status() < 500 && answer.status() != 429) {
                    return; // 409 answers a conflict probe; anything else is an unexpected refusal
                }
                sleepQuietly(300 + choices.nextInt(1500));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (lock) {
                restInFlight--;
            }
        }
    }

    /** Stops new messages; retries of unanswered ones go on. */
    void stopSending() {
        stopSending = true;
    }

    /** Sends still waiting for an answer (WebSocket and REST). */
    int inFlight() {
        synchronized (lock) {
            return pending.size() + restInFlight;
        }
    }

    /** Closes the socket now: the client reconnects and resumes; the future completes once it is live again. */
    CompletableFuture<Void> finalResume() {
        CompletableFuture<Void> round = new CompletableFuture<>();
        synchronized (lock) {
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
        stopSending = true;
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
