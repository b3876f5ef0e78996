package org.parley.notify;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.parley.storage.Database;

/** SQL for the notify tables (V8__notifications.sql). */
final class NotificationRepository {
    static final String JOB_COLUMNS = "id, workspace_id, conversation_id, contact_id, visitor_id, channel, status, due_at, "
            + "attempts, through_seq, last_error, created_at, updated_at";
    static final RowMapper<NotificationJob> JOB = (rs, ctx) -> new NotificationJob(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), NotificationJob.Channel.valueOf(rs.getString(6)),
            rs.getString(7), rs.getLong(8), rs.getInt(9), (Long) rs.getObject(10) == null ? null : rs.getLong(10),
            rs.getString(11), rs.getLong(12), rs.getLong(13));

    private final Database.Dialect dialect;

    NotificationRepository(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    /** Schedules a pending job unless the conversation already has an active one on the channel (grouping). */
    boolean schedule(Handle h, String id, String workspaceId, String conversationId, String contactId, String visitorId,
                     NotificationJob.Channel channel, long dueAt, long now) {
        return h.createUpdate("INSERT INTO notification_jobs (id, workspace_id, conversation_id, contact_id, visitor_id, "
                        + "channel, status, due_at, attempts, created_at, updated_at) VALUES (:id, :ws, :conv, :contact, "
                        + ":visitor, :channel, 'pending', :due, 0, :now, :now) ON CONFLICT DO NOTHING")
                .bind("id", id).bind("ws", workspaceId).bind("conv", conversationId).bind("contact", contactId)
                .bind("visitor", visitorId).bind("channel", channel.name()).bind("due", dueAt).bind("now", now)
                .execute() == 1;
    }

    /** Workspaces with jobs to claim: due pending ones, or sending ones whose lease ran out (a node died mid-send). */
    List<String> workspacesWithDueJobs(Handle h, long now) {
        return h.createQuery("SELECT DISTINCT workspace_id FROM notification_jobs WHERE (status = 'pending' AND due_at <= :now) "
                        + "OR (status = 'sending' AND lease_until < :now) LIMIT 100")
                .bind("now", now).mapTo(String.class).list();
    }

    /**
     * Claims up to {@code limit} due jobs of a workspace: status sending, a lease, one more attempt. On PostgreSQL
     * rows another node holds are skipped ({@code FOR UPDATE SKIP LOCKED}); SQLite has a single writer anyway.
     */
    List<NotificationJob> claim(Handle h, String workspaceId, long now, long leaseUntil, int limit) {
        String lock = dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return h.createQuery("UPDATE notification_jobs SET status = 'sending', lease_until = :lease, attempts = attempts + 1, "
                        + "updated_at = :now WHERE id IN (SELECT id FROM notification_jobs WHERE workspace_id = :ws "
                        + "AND ((status = 'pending' AND due_at <= :now) OR (status = 'sending' AND lease_until < :now)) "
                        + "ORDER BY due_at LIMIT :limit" + lock + ") RETURNING " + JOB_COLUMNS)
                .bind("lease", leaseUntil).bind("now", now).bind("ws", workspaceId).bind("limit", limit)
                .map(JOB).list();
    }

    /** Ends a claimed job (sent or skipped); false when it was no longer ours (lease lost to another node). */
    boolean finish(Handle h, NotificationJob job, String status, Long throughSeq, String note, long now) {
        return h.createUpdate("UPDATE notification_jobs SET status = :status, through_seq = :through, last_error = :note, "
                        + "lease_until = NULL, updated_at = :now WHERE id = :id AND status = 'sending' AND attempts = :attempts")
                .bind("status", status).bind("through", throughSeq).bind("note", note).bind("now", now)
                .bind("id", job.id()).bind("attempts", job.attempts()).execute() == 1;
    }

    /** After a failed attempt: pending again at {@code dueAt}, or failed when {@code dueAt} is null. */
    void fail(Handle h, NotificationJob job, Long dueAt, String error, long now) {
        h.createUpdate("UPDATE notification_jobs SET status = :status, due_at = COALESCE(:due, due_at), last_error = :error, "
                        + "lease_until = NULL, updated_at = :now WHERE id = :id AND status = 'sending' AND attempts = :attempts")
                .bind("status", dueAt == null ? "failed" : "pending").bind("due", dueAt).bind("error", error)
                .bind("now", now).bind("id", job.id()).bind("attempts", job.attempts()).execute();
    }

    long watermark(Handle h, String conversationId, NotificationJob.Channel channel) {
        return h.createQuery("SELECT seq FROM notification_watermarks WHERE conversation_id = :conv AND channel = :channel")
                .bind("conv", conversationId).bind("channel", channel.name()).mapTo(Long.class).findOne().orElse(0L);
    }

    Map<String, NotificationService.Notified> notified(Handle h, String workspaceId, String conversationId) {
        Map<String, NotificationService.Notified> result = new java.util.TreeMap<>();
        h.createQuery("SELECT channel, seq, updated_at FROM notification_watermarks WHERE workspace_id = :ws AND conversation_id = :conv")
                .bind("ws", workspaceId).bind("conv", conversationId)
                .map((rs, ctx) -> {
                    result.put(rs.getString(1).toLowerCase(java.util.Locale.ROOT),
                            new NotificationService.Notified(rs.getLong(2), rs.getLong(3)));
                    return null;
                }).list();
        return result;
    }

    void moveWatermark(Handle h, String workspaceId, String conversationId, NotificationJob.Channel channel, long seq, long now) {
        h.createUpdate("INSERT INTO notification_watermarks (conversation_id, channel, workspace_id, seq, updated_at) "
                        + "VALUES (:conv, :channel, :ws, :seq, :now) ON CONFLICT (conversation_id, channel) DO UPDATE SET "
                        + "seq = CASE WHEN excluded.seq > notification_watermarks.seq THEN excluded.seq "
                        + "ELSE notification_watermarks.seq END, updated_at = excluded.updated_at")
                .bind("conv", conversationId).bind("channel", channel.name()).bind("ws", workspaceId).bind("seq", seq)
                .bind("now", now).execute();
    }

    List<NotificationJob> listFailed(Handle h, String workspaceId, int limit) {
        return h.createQuery("SELECT " + JOB_COLUMNS + " FROM notification_jobs WHERE workspace_id = :ws AND status = 'failed' "
                        + "ORDER BY updated_at DESC LIMIT :limit")
                .bind("ws", workspaceId).bind("limit", limit).map(JOB).list();
    }

    /** A failed job back to pending, due now, with fresh attempts; 0 when there is no such failed job. */
    int retryFailed(Handle h, String workspaceId, String jobId, long now) {
        return h.createUpdate("UPDATE notification_jobs SET status = 'pending', due_at = :now, attempts = 0, "
                        + "last_error = NULL, updated_at = :now WHERE id = :id AND workspace_id = :ws AND status = 'failed'")
                .bind("now", now).bind("id", jobId).bind("ws", workspaceId).execute();
    }

    /** Whether the conversation already has an active job on that job's channel (one at a time per channel). */
    boolean hasActiveSibling(Handle h, String workspaceId, String jobId) {
        return h.createQuery("SELECT COUNT(*) FROM notification_jobs j JOIN notification_jobs f ON f.conversation_id = "
                        + "j.conversation_id AND f.channel = j.channel WHERE f.id = :id AND f.workspace_id = :ws "
                        + "AND j.status IN ('pending', 'sending')")
                .bind("id", jobId).bind("ws", workspaceId).mapTo(Long.class).one() > 0;
    }

    /** Jobs per status among pending, sending and failed, over all workspaces (sent and skipped are history). */
    Map<String, Long> countOpenJobs(Handle h) {
        Map<String, Long> counts = new java.util.HashMap<>(Map.of("pending", 0L, "sending", 0L, "failed", 0L));
        h.createQuery("SELECT status, COUNT(*) FROM notification_jobs WHERE status IN ('pending', 'sending', 'failed') "
                        + "GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> counts.put(e.getKey(), e.getValue()));
        return counts;
    }

    // reply reach

    void recordReply(Handle h, String messageId, String workspaceId, String conversationId, String contactId, long seq,
                     long sentAt, boolean present) {
        h.createUpdate("INSERT INTO reply_reach (message_id, workspace_id, conversation_id, contact_id, seq, sent_at, "
                        + "visitor_present) VALUES (:id, :ws, :conv, :contact, :seq, :at, :present) ON CONFLICT DO NOTHING")
                .bind("id", messageId).bind("ws", workspaceId).bind("conv", conversationId).bind("contact", contactId)
                .bind("seq", seq).bind("at", sentAt).bind("present", present).execute();
    }

    void markAnswered(Handle h, String workspaceId, String conversationId, long beforeSeq, long now) {
        h.createUpdate("UPDATE reply_reach SET answered_at = :now WHERE workspace_id = :ws AND conversation_id = :conv "
                        + "AND seq < :seq AND answered_at IS NULL")
                .bind("now", now).bind("ws", workspaceId).bind("conv", conversationId).bind("seq", beforeSeq).execute();
    }

    List<String> conversationsAwaitingAnswer(Handle h, long since) {
        return h.createQuery("SELECT DISTINCT conversation_id FROM reply_reach WHERE answered_at IS NULL AND sent_at > :since")
                .bind("since", since).mapTo(String.class).list();
    }

    boolean hasUnanswered(Handle h, String workspaceId, String conversationId, long beforeSeq) {
        return h.createQuery("SELECT COUNT(*) FROM reply_reach WHERE workspace_id = :ws AND conversation_id = :conv "
                        + "AND seq < :seq AND answered_at IS NULL")
                .bind("ws", workspaceId).bind("conv", conversationId).bind("seq", beforeSeq).mapTo(Long.class).one() > 0;
    }

    void markNotified(Handle h, String conversationId, long afterSeq, long throughSeq, NotificationJob.Channel channel, long now) {
        h.createUpdate("UPDATE reply_reach SET notified_via = :channel, notified_at = :now WHERE conversation_id = :conv "
                        + "AND seq > :after AND seq <= :through AND notified_via IS NULL")
                .bind("channel", channel.wire()).bind("now", now).bind("conv", conversationId).bind("after", afterSeq)
                .bind("through", throughSeq).execute();
    }

    /** Whether a reply newer than {@code seq} exists (it needs a follow-up job). */
    boolean hasReplyAfter(Handle h, String conversationId, long seq) {
        return h.createQuery("SELECT COUNT(*) FROM reply_reach WHERE conversation_id = :conv AND seq > :seq")
                .bind("conv", conversationId).bind("seq", seq).mapTo(Long.class).one() > 0;
    }

    record Reach(long absent, long notified, long answered) {
    }

    Reach reach(Handle h, String workspaceId, long from, long to) {
        return h.createQuery("SELECT COUNT(*), COUNT(notified_via), COUNT(answered_at) FROM reply_reach "
                        + "WHERE workspace_id = :ws AND sent_at >= :from AND sent_at < :to AND visitor_present = :present")
                .bind("ws", workspaceId).bind("from", from).bind("to", to).bind("present", false)
                .map((rs, ctx) -> new Reach(rs.getLong(1), rs.getLong(2), rs.getLong(3))).one();
    }

    // preferences (columns of contacts added by V8)

    record Preferences(String email, boolean notifyEmail, boolean notifyPush) {
    }

    Optional<Preferences> preferences(Handle h, String workspaceId, String contactId) {
        return h.createQuery("SELECT email, notify_email, notify_push FROM contacts WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", contactId)
                .map((rs, ctx) -> new Preferences(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3))).findOne();
    }

    void updatePreferences(Handle h, String workspaceId, String contactId, Boolean email, Boolean push) {
        h.createUpdate("UPDATE contacts SET notify_email = COALESCE(:email, notify_email), "
                        + "notify_push = COALESCE(:push, notify_push) WHERE workspace_id = :ws AND id = :id")
                .bind("email", email).bind("push", push).bind("ws", workspaceId).bind("id", contactId).execute();
    }

    // keys

    Optional<String> key(Handle h, String name) {
        return h.createQuery("SELECT value FROM notify_keys WHERE name = :name").bind("name", name).mapTo(String.class).findOne();
    }

    void insertKey(Handle h, String name, String value, long now) {
        h.createUpdate("INSERT INTO notify_keys (name, value, created_at) VALUES (:name, :value, :now) ON CONFLICT DO NOTHING")
                .bind("name", name).bind("value", value).bind("now", now).execute();
    }

    // reply addresses

    void insertReplyAddress(Handle h, String tokenHash, String workspaceId, String conversationId, String contactId,
                            String visitorId, String email, long now, long expiresAt) {
        h.createUpdate("INSERT INTO reply_addresses (token_hash, workspace_id, conversation_id, contact_id, visitor_id, email, "
                        + "created_at, expires_at) VALUES (:hash, :ws, :conv, :contact, :visitor, :email, :now, :expires)")
                .bind("hash", tokenHash).bind("ws", workspaceId).bind("conv", conversationId).bind("contact", contactId)
                .bind("visitor", visitorId).bind("email", email).bind("now", now).bind("expires", expiresAt).execute();
    }

    record ReplyAddress(String workspaceId, String conversationId, String contactId, String visitorId, String email,
                        long expiresAt) {
    }

    Optional<ReplyAddress> findReplyAddress(Handle h, String tokenHash) {
        return h.createQuery("SELECT workspace_id, conversation_id, contact_id, visitor_id, email, expires_at "
                        + "FROM reply_addresses WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new ReplyAddress(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6))).findOne();
    }

    void insertInbound(Handle h, String id, String workspaceId, String conversationId, String status, String reason,
                       String from, String messageIdHeader, String messageId, String raw, long now) {
        h.createUpdate("INSERT INTO inbound_emails (id, workspace_id, conversation_id, status, reason, from_address, "
                        + "message_id_header, message_id, raw, created_at) VALUES (:id, :ws, :conv, :status, :reason, :from, "
                        + ":header, :message, :raw, :now)")
                .bind("id", id).bind("ws", workspaceId).bind("conv", conversationId).bind("status", status)
                .bind("reason", reason).bind("from", from).bind("header", messageIdHeader).bind("message", messageId)
                .bind("raw", raw).bind("now", now).execute();
    }
}
