package org.parley.privacy;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.storage.Database;

/** The audit_log table: appended to inside the audited write, listed newest first. */
final class AuditLog {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final Database db;

    AuditLog(Database db) {
        this.db = db;
    }

    void append(Handle h, String workspaceId, AuditEntry entry) {
        h.createUpdate("INSERT INTO audit_log (id, workspace_id, at, actor_type, actor_id, action, target_id, details) "
                        + "VALUES (:id, :ws, :at, :actorType, :actorId, :action, :target, :details)")
                .bind("id", entry.id()).bind("ws", workspaceId).bind("at", entry.at()).bind("actorType", entry.actorType())
                .bind("actorId", entry.actorId()).bind("action", entry.action()).bind("target", entry.targetId())
                .bind("details", Json.write(entry.details())).execute();
    }

    /** At most {@code limit} entries older than the entry {@code before} (null: the newest), newest first. */
    List<AuditEntry> list(String workspaceId, String before, int limit) {
        return db.read(h -> {
            String older = "";
            Long beforeAt = null;
            if (before != null) {
                beforeAt = h.createQuery("SELECT at FROM audit_log WHERE workspace_id = :ws AND id = :id")
                        .bind("ws", workspaceId).bind("id", before).mapTo(Long.class).findOne()
                        .orElseThrow(() -> ApiError.badRequest("Parameter 'before' is not an entry of this audit log"));
                older = " AND (at < :at OR (at = :at AND id < :before))";
            }
            var query = h.createQuery("SELECT id, at, actor_type, actor_id, action, target_id, details FROM audit_log "
                            + "WHERE workspace_id = :ws" + older + " ORDER BY at DESC, id DESC LIMIT :limit")
                    .bind("ws", workspaceId).bind("limit", limit);
            if (beforeAt != null) {
                query.bind("at", beforeAt).bind("before", before);
            }
            return query.map((rs, ctx) -> new AuditEntry(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), parse(rs.getString(7)))).list();
        });
    }

    private static Map<String, Object> parse(String json) {
        try {
            return Json.MAPPER.readValue(json, MAP);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt audit details", e);
        }
    }
}
