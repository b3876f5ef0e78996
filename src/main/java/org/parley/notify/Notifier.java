package org.parley.notify;

import java.time.Clock;
import java.time.Duration;
import org.parley.conversation.ConversationService;
import org.parley.identity.VisitorPrincipal;
import org.parley.message.Message;
import org.parley.message.MessageEvent;
import org.parley.message.SenderType;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Async subscriber of {@link MessageEvent.MessageSent}. A visible agent or bot reply is recorded for reply reach
 * and schedules, per conversation, one pending push job and one email job (grouping: none is added while one is
 * active); a contact's message marks the replies before it as answered. Never throws into the bus.
 */
public final class Notifier {
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final Database db;
    private final NotificationRepository repository;
    private final Ids ids;
    private final Clock clock;
    private final VisitorPresence presence;
    private final ConversationService conversations;
    private final Duration pushDelay;
    private final Duration emailDelay;
    /**
     * Conversations with an agent or bot reply the contact has not answered yet. Kept in memory so that
     * the visitor messages of every other conversation (nearly all of them) cost no database read here:
     * one read per visitor message measurably hurt delivery latency (bench --mode latency, p99 ~1 s).
     * Filled at start from the last 30 days of reply_reach; one node only (cluster mode: a later issue).
     */
    private final java.util.Set<String> awaitingAnswer = java.util.concurrent.ConcurrentHashMap.newKeySet();

    Notifier(Database db, NotificationRepository repository, Ids ids, Clock clock, VisitorPresence presence,
             ConversationService conversations, Duration pushDelay, Duration emailDelay) {
        this.conversations = conversations;
        this.db = db;
        this.repository = repository;
        this.ids = ids;
        this.clock = clock;
        this.presence = presence;
        this.pushDelay = pushDelay;
        this.emailDelay = emailDelay;
        long since = clock.millis() - Duration.ofDays(30).toMillis();
        awaitingAnswer.addAll(db.read(h -> repository.conversationsAwaitingAnswer(h, since)));
    }

    public void on(MessageEvent.MessageSent event) {
        Message m = event.message();
        try {
            if (m.senderType() == SenderType.CONTACT) {
                if (!awaitingAnswer.contains(m.conversationId())) {
                    return;
                }
                // Removed before the write: a reply recorded meanwhile adds its conversation again after its commit.
                awaitingAnswer.remove(m.conversationId());
                if (!db.read(h -> repository.hasUnanswered(h, m.workspaceId(), m.conversationId(), m.seq()))) {
                    return;
                }
                db.write(m.workspaceId(), h -> {
                    repository.markAnswered(h, m.workspaceId(), m.conversationId(), m.seq(), m.createdAt());
                    return null;
                });
            } else if ((m.senderType() == SenderType.AGENT || m.senderType() == SenderType.BOT) && !m.isPrivate()) {
                scheduleFor(m, event.contactId());
            }
        } catch (RuntimeException e) {
            log.error("notify: scheduling for message {} failed", m.id(), e);
        }
    }

    private void scheduleFor(Message m, String contactId) {
        // The conversation's browser, for the VisitorPrincipal the worker reads and inbound replies send with.
        String visitorId = conversations.require(new VisitorPrincipal(m.workspaceId(), null, contactId), m.conversationId())
                .visitorId();
        boolean present = isPresent(m.workspaceId(), contactId);
        long now = clock.millis();
        db.write(m.workspaceId(), h -> {
            repository.recordReply(h, m.id(), m.workspaceId(), m.conversationId(), contactId, m.seq(), m.createdAt(), present);
            repository.schedule(h, ids.newId(), m.workspaceId(), m.conversationId(), contactId, visitorId,
                    NotificationJob.Channel.PUSH, now + pushDelay.toMillis(), now);
            repository.schedule(h, ids.newId(), m.workspaceId(), m.conversationId(), contactId, visitorId,
                    NotificationJob.Channel.EMAIL, now + emailDelay.toMillis(), now);
            return null;
        });
        awaitingAnswer.add(m.conversationId());
    }

    /**
     * Schedules for replies whose event this node never handled: the reply committed, then the node stopped before
     * this async subscriber ran. Run once when the worker starts; a reply is "handled" once it has a reply_reach row.
     * Reads {@code messages} directly (one query over recent rows) rather than a service call per conversation.
     */
    void catchUp(long since) {
        record Missed(Message message, String contactId) {
        }
        var missed = db.read(h -> h.createQuery("SELECT m.id, m.workspace_id, m.conversation_id, m.seq, m.sender_type, "
                        + "m.sender_id, m.sender_name, m.created_at, c.contact_id FROM messages m "
                        + "JOIN conversations c ON c.id = m.conversation_id WHERE m.id >= :floor AND m.created_at >= :since "
                        + "AND m.sender_type IN ('AGENT', 'BOT') AND m.is_private = :private "
                        + "AND NOT EXISTS (SELECT 1 FROM reply_reach r WHERE r.message_id = m.id) ORDER BY m.created_at LIMIT 1000")
                .bind("floor", idFloor(since)).bind("since", since).bind("private", false)
                .map((rs, ctx) -> new Missed(new Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        SenderType.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7), null, "", null, false,
                        rs.getLong(8)), rs.getString(9))).list());
        for (Missed m : missed) {
            try {
                scheduleFor(m.message(), m.contactId());
            } catch (RuntimeException e) {
                log.warn("notify: catching up on message {} failed: {}", m.message().id(), e.toString());
            }
        }
        if (!missed.isEmpty()) {
            log.info("notify: scheduled notifications for {} replies sent before the last stop", missed.size());
        }
    }

    /**
     * The smallest UUIDv7 (Ids) made at {@code millis}: message ids are time-ordered text, so {@code id >= floor}
     * walks the primary key instead of scanning every message by created_at.
     */
    static String idFloor(long millis) {
        return String.format("%08x-%04x-7000-8000-000000000000", millis >>> 16, millis & 0xFFFF);
    }

    private boolean isPresent(String workspaceId, String contactId) {
        try {
            return presence.isPresent(workspaceId, contactId);
        } catch (RuntimeException e) {
            log.warn("notify: visitor presence unavailable: {}", e.toString());
            return false;
        }
    }
}
