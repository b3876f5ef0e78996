package org.parley.webhook;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.parley.http.Json;

/** SQL for the webhooks table (V27__webhooks.sql); every query filters by workspace. */
final class WebhookRepository {
    private static final String COLUMNS = "id, workspace_id, url, description, events, secret, previous_secret, "
            + "previous_secret_until, app_id, enabled, status, failing_since, cursor, created_at, updated_at";
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };
    static final RowMapper<Webhook> WEBHOOK = (rs, ctx) -> new Webhook(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4), names(rs.getString(5)), rs.getString(6), rs.getString(7),
            (Long) (rs.getObject(8) == null ? null : rs.getLong(8)), rs.getString(9), rs.getBoolean(10), rs.getString(11),
            (Long) (rs.getObject(12) == null ? null : rs.getLong(12)), rs.getLong(13), rs.getLong(14), rs.getLong(15));

    static List<String> names(String json) {
        try {
            return Json.MAPPER.readValue(json, NAMES);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("webhooks.events is no JSON list", e);
        }
    }

    void insert(Handle h, Webhook w) {
        h.createUpdate("INSERT INTO webhooks (" + COLUMNS + ") VALUES (:id, :ws, :url, :description, :events, :secret, "
                        + "NULL, NULL, :app, :enabled, :status, NULL, :cursor, :now, :now)")
                .bind("id", w.id()).bind("ws", w.workspaceId()).bind("url", w.url()).bind("description", w.description())
                .bind("events", Json.write(w.events())).bind("secret", w.secret()).bind("app", w.appId())
                .bind("enabled", w.enabled()).bind("status", w.status()).bind("cursor", w.cursor())
                .bind("now", w.createdAt()).execute();
    }

    List<Webhook> list(Handle h, String workspaceId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE workspace_id = :ws ORDER BY created_at, id")
                .bind("ws", workspaceId).map(WEBHOOK).list();
    }

    List<Webhook> listEnabled(Handle h, String workspaceId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE workspace_id = :ws AND enabled = :on ORDER BY id")
                .bind("ws", workspaceId).bind("on", true).map(WEBHOOK).list();
    }

    Optional<Webhook> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).map(WEBHOOK).findOne();
    }

    Optional<Webhook> findForApp(Handle h, String workspaceId, String appId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM webhooks WHERE workspace_id = :ws AND app_id = :app")
                .bind("ws", workspaceId).bind("app", appId).map(WEBHOOK).findOne();
    }

    long count(Handle h, String workspaceId) {
        return h.createQuery("SELECT COUNT(*) FROM webhooks WHERE workspace_id = :ws AND app_id IS NULL")
                .bind("ws", workspaceId).mapTo(Long.class).one();
    }

    void update(Handle h, Webhook w, long now) {
        h.createUpdate("UPDATE webhooks SET url = :url, description = :description, events = :events, enabled = :enabled, "
                        + "cursor = :cursor, updated_at = :now WHERE workspace_id = :ws AND id = :id")
                .bind("url", w.url()).bind("description", w.description()).bind("events", Json.write(w.events()))
                .bind("enabled", w.enabled()).bind("cursor", w.cursor()).bind("now", now)
                .bind("ws", w.workspaceId()).bind("id", w.id()).execute();
    }

    void rotate(Handle h, String workspaceId, String id, String secret, String previous, Long previousUntil, long now) {
        h.createUpdate("UPDATE webhooks SET secret = :secret, previous_secret = :previous, previous_secret_until = :until, "
                        + "updated_at = :now WHERE workspace_id = :ws AND id = :id")
                .bind("secret", secret).bind("previous", previous).bind("until", previousUntil).bind("now", now)
                .bind("ws", workspaceId).bind("id", id).execute();
    }

    void delete(Handle h, String workspaceId, String id) {
        h.createUpdate("DELETE FROM webhook_attempts WHERE workspace_id = :ws AND delivery_id IN "
                + "(SELECT id FROM webhook_deliveries WHERE workspace_id = :ws AND webhook_id = :id)")
                .bind("ws", workspaceId).bind("id", id).execute();
        h.createUpdate("DELETE FROM webhook_deliveries WHERE workspace_id = :ws AND webhook_id = :id")
                .bind("ws", workspaceId).bind("id", id).execute();
        h.createUpdate("DELETE FROM webhooks WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).execute();
    }

    void advance(Handle h, String workspaceId, String id, long cursor) {
        h.createUpdate("UPDATE webhooks SET cursor = :cursor WHERE workspace_id = :ws AND id = :id AND cursor < :cursor")
                .bind("cursor", cursor).bind("ws", workspaceId).bind("id", id).execute();
    }

    /** ACTIVE to FAILING; true only for the write that started the failing spell (one email per spell). */
    boolean markFailing(Handle h, String workspaceId, String id, long now) {
        return h.createUpdate("UPDATE webhooks SET status = 'FAILING', failing_since = :now WHERE workspace_id = :ws "
                        + "AND id = :id AND status = 'ACTIVE'")
                .bind("now", now).bind("ws", workspaceId).bind("id", id).execute() == 1;
    }

    void markActive(Handle h, String workspaceId, String id) {
        h.createUpdate("UPDATE webhooks SET status = 'ACTIVE', failing_since = NULL WHERE workspace_id = :ws AND id = :id "
                        + "AND status = 'FAILING'")
                .bind("ws", workspaceId).bind("id", id).execute();
    }

    /** Workspaces where some enabled webhook is behind the workspace's event log (the catch-up after a restart). */
    List<String> workspacesBehind(Handle h) {
        return h.createQuery("SELECT DISTINCT w.workspace_id FROM webhooks w JOIN workspaces s ON s.id = w.workspace_id "
                        + "WHERE w.enabled = :on AND w.cursor < s.last_event_cursor LIMIT 1000")
                .bind("on", true).mapTo(String.class).list();
    }
}
