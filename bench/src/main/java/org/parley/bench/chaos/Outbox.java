package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.parley.bench.FrameSocket;
import org.parley.bench.chaos.History.Kind;
import org.parley.bench.chaos.History.SendKind;

/**
 * The sending side of one client: makes messages with fresh client_msg_ids (and now and then a deliberate
 * resend or a same-id-other-content probe), sends them over the socket or REST, and retries every send
 * that has no answer yet with the same id and content until it has one.
 */
final class Outbox {
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(8);
    private static final int MAX_REST_ATTEMPTS = 300;
    private static final int MAX_CONFLICT_ATTEMPTS = 5;

    /** A send waiting for its answer. */
    private static final class Pending {
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
    private record Sent(String id, String conv, String text, boolean priv, String mid, long seq) {
    }

    private final Client client;
    private final History history;
    private final ChaosOptions options;
    private final Random choices;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final List<Sent> acked = new ArrayList<>();
    private int restInFlight;
    private int counter;
    private volatile boolean stopSending;

    Outbox(Client client) {
        this.client = client;
        this.history = client.history;
        this.options = client.options;
        this.choices = new Random(options.seed() * 31 + client.name.hashCode());
    }

    /** The sender thread: new messages at the client's pace, retries of unanswered ones, until the client stops. */
    void run() {
        long nextSendAt = System.nanoTime() + interval();
        while (client.running()) {
            Client.sleepQuietly(100);
            long now = System.nanoTime();
            synchronized (this) {
                if (client.isLive()) {
                    for (Pending p : List.copyOf(pending.values())) {
                        if (p.conn != client.connection() || now >= p.retryAt) {
                            transmit(p, client.connection());
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
                    Thread.ofVirtual().name(client.name + "-rest").start(() -> sendOverRest(p));
                } else {
                    pending.put(p.id, p);
                    if (client.isLive()) {
                        transmit(p, client.connection());
                    }
                }
            }
        }
    }

    /** After a resume: every unanswered socket send goes out again on the new connection (if not yet). */
    synchronized void resendAll(int conn) {
        for (Pending p : List.copyOf(pending.values())) {
            if (p.conn != conn) {
                transmit(p, conn);
            }
        }
    }

    synchronized void onAck(int conn, JsonNode frame) {
        String id = Client.text(frame, "client_msg_id");
        String mid = Client.text(frame, "message_id");
        long seq = frame.path("seq").asLong();
        Pending p = pending.get(id);
        String kind = p == null ? "LATE" : p.kind == SendKind.CONFLICT && mid.equals(p.original.mid()) ? "STALE"
                : p.kind.name();
        history.add(Kind.ACK, conn, Client.text(frame, "conversation_id"), id, mid, seq, null, null, null, "ws", kind,
                null, null);
        if (p == null || kind.equals("STALE")) {
            return;
        }
        pending.remove(id);
        if (p.kind == SendKind.NORMAL) {
            acked.add(new Sent(p.id, p.conv, p.text, p.priv, mid, seq));
        }
    }

    synchronized void onError(int conn, JsonNode frame) {
        String id = Client.text(frame, "client_msg_id");
        int status = frame.path("status").asInt();
        Pending p = id == null ? null : pending.get(id);
        history.add(Kind.ERROR, conn, p == null ? null : p.conv, id, null, null, null, Client.text(frame, "code"), status,
                "ws", p == null ? null : p.kind.name(), Client.text(frame, "message"), null);
        if (p == null) {
            return;
        }
        if (status >= 500 || status == 429) {
            p.retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500 + choices.nextInt(1000));
        } else {
            pending.remove(id); // 409 answers a conflict probe; anything else is an unexpected refusal
        }
    }

    /** Stops new messages; retries of unanswered ones go on. */
    void stopSending() {
        stopSending = true;
    }

    /** Sends still waiting for an answer (WebSocket and REST). */
    synchronized int inFlight() {
        return pending.size() + restInFlight;
    }

    /** Sends (or sends again) one pending message on the current socket. Holds the lock. */
    private void transmit(Pending p, int conn) {
        FrameSocket s = client.socket();
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

    private long interval() {
        int base = client instanceof AgentClient ? options.agentIntervalMs() : options.visitorIntervalMs();
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
        String conv = client.pickConversation(choices);
        if (conv == null) {
            return null;
        }
        String id = client.runId + client.name + "-" + (++counter);
        boolean priv = client.mayWritePrivate() && choices.nextDouble() < options.privateFraction();
        return new Pending(id, conv, "chaos " + id + (priv ? " (note)" : ""), priv, SendKind.NORMAL, null);
    }

    private void sendOverRest(Pending p) {
        try {
            for (int attempt = 1; attempt <= MAX_REST_ATTEMPTS && client.running(); attempt++) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("client_msg_id", p.id);
                body.put("text", p.text);
                if (p.priv) {
                    body.put("private", true);
                }
                history.add(Kind.SEND, 0, p.conv, p.id, null, null, null, null, attempt, "rest", p.kind.name(), p.text, p.priv);
                Rest.Answer answer;
                try {
                    answer = client.rest.post(client.sendPath(p.conv), body, client.restHeaders());
                } catch (IOException e) {
                    history.add(Kind.ERROR, 0, p.conv, p.id, null, null, null, "io", 0, "rest", p.kind.name(), e.toString(), null);
                    Thread.sleep(300 + backoffJitter());
                    continue;
                }
                JsonNode b = answer.body();
                if (answer.ok()) {
                    String mid = Client.text(b, "message_id");
                    long seq = b.path("seq").asLong();
                    history.add(Kind.ACK, 0, p.conv, p.id, mid, seq, null, null, answer.status(), "rest", p.kind.name(), null, null);
                    if (p.kind == SendKind.NORMAL) {
                        synchronized (this) {
                            acked.add(new Sent(p.id, p.conv, p.text, p.priv, mid, seq));
                        }
                    }
                    return;
                }
                history.add(Kind.ERROR, 0, p.conv, p.id, null, null, null, Client.text(b, "code"), answer.status(), "rest",
                        p.kind.name(), Client.text(b, "message"), null);
                if (answer.status() < 500 && answer.status() != 429) {
                    return; // 409 answers a conflict probe; anything else is an unexpected refusal
                }
                Thread.sleep(300 + backoffJitter());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            synchronized (this) {
                restInFlight--;
            }
        }
    }

    private synchronized int backoffJitter() {
        return choices.nextInt(1500);
    }
}
