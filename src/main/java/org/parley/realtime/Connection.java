package org.parley.realtime;

import io.javalin.websocket.WsContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.parley.eventbus.RecordedEvent;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Principal;
import org.parley.identity.VisitorPrincipal;

/**
 * One socket. Sends never block: Jetty queues them, bounded by maxOutgoingFrames; a client that
 * stops reading overflows the queue and is closed (4408) so it reconnects and resumes.
 * From auth until the first resume, and while a resume replays from the database, live events are held
 * back and then sent without the ones the replay already covered.
 */
final class Connection {
    static final int MAX_QUEUED_FRAMES = 1024;
    static final int CLOSE_TOO_SLOW = 4408;
    /** Try Again Later (RFC 6455): a resume failed on the server; the client resumes again with its cursor. */
    static final int CLOSE_TRY_AGAIN = 1013;

    private final WsContext ctx;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Principal principal;
    /** What an agent authenticated with (session token or API key), re-checked periodically. */
    private volatile String credential;
    private double resumeTokens = 5;
    private long resumeRefilledAt;
    /** AWAITING_RESUME from auth until the first resume; REPLAYING during each replay; LIVE otherwise. */
    private enum Phase { AWAITING_RESUME, REPLAYING, LIVE }

    private Phase phase = Phase.LIVE;
    /** Both made on first use: most sockets sit idle and should cost as little as possible. */
    private List<RecordedEvent> heldBack;
    private java.util.Map<String, Long> lastSeqSent;
    private long lastCursorSent = -1;
    /** The client's address as ConnectionLimits counts it. */
    private final String addressKey;
    private long lastTypingAt;
    /** Both guarded by this connection's monitor (RealtimeGateway): a close never races the presence count. */
    private boolean closed;
    private boolean countedInPresence;

    Connection(WsContext ctx, long openedAt, String addressKey) {
        this.ctx = ctx;
        this.addressKey = addressKey;
        this.resumeRefilledAt = openedAt;
        ctx.session.setMaxOutgoingFrames(MAX_QUEUED_FRAMES);
    }

    String id() {
        return ctx.sessionId();
    }

    String addressKey() {
        return addressKey;
    }

    Principal principal() {
        return principal;
    }

    void authenticate(Principal principal, String credential) {
        this.principal = principal;
        this.credential = credential;
    }

    String credential() {
        return credential;
    }

    void markClosed() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }

    void countInPresence() {
        countedInPresence = true;
    }

    boolean countedInPresence() {
        return countedInPresence;
    }

    /** Resumes replay from the database: a burst of 5 per socket, then one every 2 seconds. */
    boolean allowResume(long now) {
        lock.lock();
        try {
            resumeTokens = Math.min(5, resumeTokens + (now - resumeRefilledAt) / 2000.0);
            resumeRefilledAt = now;
            if (resumeTokens < 1) {
                return false;
            }
            resumeTokens -= 1;
            return true;
        } finally {
            lock.unlock();
        }
    }

    boolean isAgent() {
        return principal instanceof AgentPrincipal;
    }

    VisitorPrincipal visitor() {
        return (VisitorPrincipal) principal;
    }

    AgentPrincipal agent() {
        return (AgentPrincipal) principal;
    }

    void send(String frame) {
        if (!ctx.session.isOpen()) {
            return;
        }
        ctx.session.sendText(frame, new Callback() {
            @Override
            public void fail(Throwable cause) {
                close(CLOSE_TOO_SLOW, "too slow: reconnect and resume");
            }
        });
    }

    /** Live delivery: held back until the first resume and during every replay; never sends what this socket already has. */
    void deliver(RecordedEvent event) {
        lock.lock();
        try {
            if (phase != Phase.LIVE) {
                if (heldBack == null) {
                    heldBack = new ArrayList<>();
                }
                heldBack.add(event);
            } else {
                sendEvent(event);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Replayed events go through the same filter, so replay and live never overlap. */
    void replay(RecordedEvent event) {
        lock.lock();
        try {
            sendEvent(event);
        } finally {
            lock.unlock();
        }
    }

    /** Whether live events are held back waiting for the client's first resume (not during a replay). */
    boolean isAwaitingResume() {
        lock.lock();
        try {
            return phase == Phase.AWAITING_RESUME;
        } finally {
            lock.unlock();
        }
    }

    /** After auth: hold live events until the client resumes (or sends another frame, or the hold timer ends it). */
    void awaitResume() {
        lock.lock();
        try {
            phase = Phase.AWAITING_RESUME;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The client never resumed: live events from here on, the held ones first. Only a socket still
     * awaiting its first resume is changed; a replay in progress is never cut short (issue 10).
     */
    void endHoldWithoutResume() {
        lock.lock();
        try {
            if (phase == Phase.AWAITING_RESUME) {
                flushHeldBack();
                phase = Phase.LIVE;
            }
        } finally {
            lock.unlock();
        }
    }

    /** A replay starts: live events are held back until {@link #endReplay} (whatever timers do meanwhile). */
    void beginReplay() {
        lock.lock();
        try {
            phase = Phase.REPLAYING;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The client has the workspace's events up to {@code cursor}: the replay sends everything after it,
     * even events this socket sent live before (the client de-duplicates), so nothing sent out of order
     * earlier hides one the client misses.
     */
    void replayAgentFrom(long cursor) {
        lock.lock();
        try {
            lastCursorSent = cursor;
        } finally {
            lock.unlock();
        }
    }

    /** The visitor has the conversation's messages up to {@code seq}: as {@link #replayAgentFrom}, per conversation. */
    void replayVisitorFrom(String conversationId, long seq) {
        lock.lock();
        try {
            if (lastSeqSent == null) {
                lastSeqSent = new java.util.HashMap<>();
            }
            lastSeqSent.put(conversationId, seq);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The replay was sent completely: "resumed", then the live events held meanwhile (without those the
     * replay already brought), then live delivery.
     */
    void endReplay() {
        lock.lock();
        try {
            send(Frames.RESUMED);
            flushHeldBack();
            phase = Phase.LIVE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The replay failed on the server: the client is told and the socket closed (1013, try again), with no
     * "resumed" and no live event that would move the client's cursor past what it misses; it reconnects
     * and resumes from the cursor it still has.
     */
    void failReplay(String frame) {
        lock.lock();
        try {
            heldBack = null;
            send(frame);
            close(CLOSE_TRY_AGAIN, "resume failed; reconnect and resume");
        } finally {
            lock.unlock();
        }
    }

    private void flushHeldBack() {
        if (heldBack != null) {
            List<RecordedEvent> held = heldBack;
            heldBack = null;
            held.forEach(this::sendEvent);
        }
    }

    /** Agents: events in cursor order. Visitors: message events in seq order per conversation. */
    private void sendEvent(RecordedEvent event) {
        if (isAgent()) {
            if (event.cursor() <= lastCursorSent) {
                return;
            }
            lastCursorSent = event.cursor();
        } else if (event.seq() > 0) {
            if (lastSeqSent == null) {
                lastSeqSent = new java.util.HashMap<>();
            }
            long last = lastSeqSent.getOrDefault(event.conversationId(), 0L);
            if (event.seq() <= last) {
                return;
            }
            lastSeqSent.put(event.conversationId(), event.seq());
        }
        send(Frames.event(event, isAgent()));
    }

    /** Typing relays are throttled per socket: at most 2 a second. */
    boolean allowTyping(long now) {
        if (now - lastTypingAt < 500) {
            return false;
        }
        lastTypingAt = now;
        return true;
    }

    void ping() {
        if (ctx.session.isOpen()) {
            ctx.session.sendPing(java.nio.ByteBuffer.allocate(0), Callback.NOOP);
        }
    }

    void close(int code, String reason) {
        if (ctx.session.isOpen()) {
            ctx.session.close(code, reason, Callback.NOOP);
        }
    }
}
