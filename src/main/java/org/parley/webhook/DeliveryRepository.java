package org.parley.webhook;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.parley.storage.Database;

/** SQL for webhook_deliveries and webhook_attempts (V27__webhooks.sql); every query filters by workspace. */
final class DeliveryRepository {
    static final String COLUMNS = "id, webhook_id, workspace_id, event_cursor, event, conversation_id, body, status, replay, "
            + "attempts, next_attempt_at, lease_until, created_at, delivered_at";
    static final RowMapper<WebhookDelivery> DELIVERY = (rs, ctx) -> new WebhookDelivery(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
            rs.getBoolean(9), rs.getInt(10), rs.getLong(11), (Long) (rs.getObject(12) == null ? null : rs.getLong(12)),
            rs.getLong(13), (Long) (rs.getObject(14) == null ? null : rs.getLong(14)));
    static final RowMapper<WebhookAttempt> ATTEMPT = (rs, ctx) -> new WebhookAttempt(rs.getString(1), rs.getInt(2),
            rs.getLong(3), rs.getLong(4), (Integer) (rs.getObject(5) == null ? null : rs.getInt(5)), rs.getString(6),
            rs.getString(7), rs.getString(8));
    /** Open: waiting for its first or next attempt, or for a replay. */
    private static final String OPEN = "(status = 'PENDING' OR replay = :on)";

    private final Database.Dialect dialect;

    DeliveryRepository(Database.Dialect dialect) {
        this.dialect = dialect;
    }

    void insert(Handle h, WebhookDelivery d) {
        h.createUpdate("INSERT INTO webhook_deliveries (" + COLUMNS + ") VALUES (:id, :webhook, :ws, :cursor, :event, :conv, "
                        + ":body, :status, :replay, 0, :next, NULL, :created, NULL)")
                .bind("id", d.id()).bind("webhook", d.webhookId()).bind("ws", d.workspaceId()).bind("cursor", d.eventCursor())
                .bind("event", d.event()).bind("conv", d.conversationId()).bind("body", d.body()).bind("status", d.status())
                .bind("replay", d.replay()).bind("next", d.nextAttemptAt()).bind("created", d.createdAt()).execute();
    }

    /** Workspaces with a delivery due now (open, due, not leased by a live node). */
    List<String> workspacesWithDue(Handle h, long now) {
        return h.createQuery("SELECT DISTINCT workspace_id FROM webhook_deliveries WHERE " + OPEN
                        + " AND next_attempt_at <= :now AND (lease_until IS NULL OR lease_until < :now) AND EXISTS "
                        + "(SELECT 1 FROM webhooks w WHERE w.id = webhook_id AND w.enabled = :on) LIMIT 200")
                .bind("on", true).bind("now", now).mapTo(String.class).list();
    }

    /**
     * Leases up to {@code limit} due deliveries of a workspace, each the earliest open one of its webhook and
     * conversation (so a conversation's deliveries go one at a time, in log order). On PostgreSQL rows another
     * node holds are skipped.
     */
    List<WebhookDelivery> claim(Handle h, String workspaceId, long now, long leaseUntil, int limit) {
        String lock = dialect == Database.Dialect.POSTGRESQL ? " FOR UPDATE SKIP LOCKED" : "";
        return h.createQuery("UPDATE webhook_deliveries SET lease_until = :lease, attempts = attempts + 1 WHERE id IN ("
                        + "SELECT d.id FROM webhook_deliveries d WHERE d.workspace_id = :ws AND (d.status = 'PENDING' OR "
                        + "d.replay = :on) AND d.next_attempt_at <= :now AND (d.lease_until IS NULL OR d.lease_until < :now) "
                        + "AND EXISTS (SELECT 1 FROM webhooks w WHERE w.id = d.webhook_id AND w.enabled = :on) "
                        + "AND NOT EXISTS (SELECT 1 FROM webhook_deliveries e WHERE e.webhook_id = d.webhook_id "
                        + "AND e.conversation_id = d.conversation_id AND (e.status = 'PENDING' OR e.replay = :on) "
                        + "AND e.event_cursor < d.event_cursor) ORDER BY d.next_attempt_at, d.event_cursor LIMIT :limit"
                        + lock + ") RETURNING " + COLUMNS)
                .bind("lease", leaseUntil).bind("ws", workspaceId).bind("on", true).bind("now", now).bind("limit", limit)
                .map(DELIVERY).list();
    }

    void insertAttempt(Handle h, String workspaceId, WebhookAttempt a) {
        h.createUpdate("INSERT INTO webhook_attempts (delivery_id, workspace_id, attempt, started_at, duration_ms, status_code, "
                        + "error, response, trigger_kind) VALUES (:id, :ws, :attempt, :started, :duration, :code, :error, "
                        + ":response, :trigger)")
                .bind("id", a.deliveryId()).bind("ws", workspaceId).bind("attempt", a.attempt()).bind("started", a.startedAt())
                .bind("duration", a.durationMs()).bind("code", a.statusCode()).bind("error", a.error())
                .bind("response", a.response()).bind("trigger", a.trigger()).execute();
    }

    /** Ends a leased attempt; false when the lease was lost meanwhile (another node took the delivery). */
    boolean settle(Handle h, WebhookDelivery d, String status, long nextAttemptAt, Long deliveredAt) {
        return h.createUpdate("UPDATE webhook_deliveries SET status = :status, replay = :off, next_attempt_at = :next, "
                        + "lease_until = NULL, delivered_at = COALESCE(:delivered, delivered_at) WHERE workspace_id = :ws "
                        + "AND id = :id AND attempts = :attempts")
                .bind("status", status).bind("off", false).bind("next", nextAttemptAt).bind("delivered", deliveredAt)
                .bind("ws", d.workspaceId()).bind("id", d.id()).bind("attempts", d.attempts()).execute() == 1;
    }

    /** How many scheduled (not replayed) attempts a delivery has had. */
    int retryAttempts(Handle h, String workspaceId, String deliveryId) {
        return h.createQuery("SELECT COUNT(*) FROM webhook_attempts WHERE workspace_id = :ws AND delivery_id = :id "
                        + "AND trigger_kind = 'RETRY'")
                .bind("ws", workspaceId).bind("id", deliveryId).mapTo(Integer.class).one();
    }

    /** A webhook's deliveries, newest first, optionally of one status and created before {@code before}. */
    List<WebhookDelivery> list(Handle h, String workspaceId, String webhookId, String status, Long before, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE workspace_id = :ws AND webhook_id = :wh "
                        + (status == null ? "" : "AND status = :status ")
                        + (before == null ? "" : "AND created_at < :before ")
                        + "ORDER BY created_at DESC, event_cursor DESC LIMIT :limit")
                .bind("ws", workspaceId).bind("wh", webhookId).bind("status", status).bind("before", before)
                .bind("limit", limit).map(DELIVERY).list();
    }

    Optional<WebhookDelivery> find(Handle h, String workspaceId, String webhookId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhook_deliveries WHERE workspace_id = :ws AND webhook_id = :wh "
                        + "AND id = :id")
                .bind("ws", workspaceId).bind("wh", webhookId).bind("id", id).map(DELIVERY).findOne();
    }

    List<WebhookAttempt> attempts(Handle h, String workspaceId, String deliveryId) {
        return h.createQuery("SELECT delivery_id, attempt, started_at, duration_ms, status_code, error, response, trigger_kind "
                        + "FROM webhook_attempts WHERE workspace_id = :ws AND delivery_id = :id ORDER BY attempt")
                .bind("ws", workspaceId).bind("id", deliveryId).map(ATTEMPT).list();
    }

    /** The last attempt of each delivery given, by delivery id. */
    java.util.Map<String, WebhookAttempt> lastAttempts(Handle h, String workspaceId, List<String> deliveryIds) {
        java.util.Map<String, WebhookAttempt> last = new java.util.HashMap<>();
        if (deliveryIds.isEmpty()) {
            return last;
        }
        h.createQuery("SELECT a.delivery_id, a.attempt, a.started_at, a.duration_ms, a.status_code, a.error, a.response, "
                        + "a.trigger_kind FROM webhook_attempts a WHERE a.workspace_id = :ws AND a.delivery_id IN (<ids>) "
                        + "AND a.attempt = (SELECT MAX(b.attempt) FROM webhook_attempts b WHERE b.delivery_id = a.delivery_id)")
                .bind("ws", workspaceId).bindList("ids", deliveryIds).map(ATTEMPT)
                .forEach(a -> last.put(a.deliveryId(), a));
        return last;
    }

    /** Marks deliveries for replay, due now: one by id, or every one created in [from, to) (at most {@code limit}). */
    int markReplay(Handle h, String workspaceId, String webhookId, String id, long now) {
        return h.createUpdate("UPDATE webhook_deliveries SET replay = :on, next_attempt_at = :now WHERE workspace_id = :ws "
                        + "AND webhook_id = :wh AND id = :id")
                .bind("on", true).bind("now", now).bind("ws", workspaceId).bind("wh", webhookId).bind("id", id).execute();
    }

    int markReplayRange(Handle h, String workspaceId, String webhookId, long from, long to, long now, int limit) {
        return h.createUpdate("UPDATE webhook_deliveries SET replay = :on, next_attempt_at = :now WHERE id IN (SELECT id FROM "
                        + "webhook_deliveries WHERE workspace_id = :ws AND webhook_id = :wh AND created_at >= :from "
                        + "AND created_at < :to ORDER BY event_cursor LIMIT :limit)")
                .bind("on", true).bind("now", now).bind("ws", workspaceId).bind("wh", webhookId).bind("from", from)
                .bind("to", to).bind("limit", limit).execute();
    }

    /** Workspaces holding finished deliveries created before {@code cutoff} (the log's retention). */
    List<String> workspacesWithOldDeliveries(Handle h, long cutoff) {
        return h.createQuery("SELECT DISTINCT workspace_id FROM webhook_deliveries WHERE created_at < :cutoff "
                        + "AND status <> 'PENDING' AND replay = :off LIMIT 100")
                .bind("cutoff", cutoff).bind("off", false).mapTo(String.class).list();
    }

    /** Deletes up to {@code limit} finished deliveries of a workspace created before {@code cutoff}, with their attempts. */
    int pruneFinished(Handle h, String workspaceId, long cutoff, int limit) {
        List<String> ids = h.createQuery("SELECT id FROM webhook_deliveries WHERE workspace_id = :ws AND created_at < :cutoff "
                        + "AND status <> 'PENDING' AND replay = :off ORDER BY created_at LIMIT :limit")
                .bind("ws", workspaceId).bind("cutoff", cutoff).bind("off", false).bind("limit", limit)
                .mapTo(String.class).list();
        if (ids.isEmpty()) {
            return 0;
        }
        h.createUpdate("DELETE FROM webhook_attempts WHERE workspace_id = :ws AND delivery_id IN (<ids>)")
                .bind("ws", workspaceId).bindList("ids", ids).execute();
        return h.createUpdate("DELETE FROM webhook_deliveries WHERE workspace_id = :ws AND id IN (<ids>)")
                .bind("ws", workspaceId).bindList("ids", ids).execute();
    }

    long countRange(Handle h, String workspaceId, String webhookId, long from, long to) {
        return h.createQuery("SELECT COUNT(*) FROM webhook_deliveries WHERE workspace_id = :ws AND webhook_id = :wh "
                        + "AND created_at >= :from AND created_at < :to")
                .bind("ws", workspaceId).bind("wh", webhookId).bind("from", from).bind("to", to).mapTo(Long.class).one();
    }
}
