package org.parley.canned;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for canned responses. Every query is scoped by workspace_id. */
final class CannedResponseRepository {
    private static final String COLUMNS = "id, workspace_id, shortcut, title, text, created_by, created_at, updated_at";
    private static final RowMapper<CannedResponse> ROW = (rs, ctx) -> new CannedResponse(rs.getString(1),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getLong(7),
            rs.getLong(8));

    /** Sorted by shortcut; {@code pattern} is a lower-case LIKE pattern (wildcards escaped with \) or null. */
    List<CannedResponse> list(Handle h, String workspaceId, String pattern, int limit) {
        String filter = pattern == null ? "" : " AND (LOWER(shortcut) LIKE :p ESCAPE '!' OR LOWER(title) LIKE :p ESCAPE '!' "
                + "OR LOWER(text) LIKE :p ESCAPE '!')";
        var query = h.createQuery("SELECT " + COLUMNS + " FROM canned_responses WHERE workspace_id = :ws" + filter
                        + " ORDER BY shortcut LIMIT :limit")
                .bind("ws", workspaceId).bind("limit", limit);
        if (pattern != null) {
            query.bind("p", pattern);
        }
        return query.map(ROW).list();
    }

    Optional<CannedResponse> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM canned_responses WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).map(ROW).findOne();
    }

    /** Whether another response of the workspace (not {@code exceptId}) has this shortcut. */
    boolean shortcutTaken(Handle h, String workspaceId, String shortcut, String exceptId) {
        return h.createQuery("SELECT COUNT(*) FROM canned_responses WHERE workspace_id = :ws AND shortcut = :s AND id <> :id")
                .bind("ws", workspaceId).bind("s", shortcut).bind("id", exceptId == null ? "" : exceptId)
                .mapTo(Long.class).one() > 0;
    }

    void insert(Handle h, CannedResponse r) {
        h.createUpdate("INSERT INTO canned_responses (" + COLUMNS + ") "
                        + "VALUES (:id, :ws, :shortcut, :title, :text, :by, :created, :updated)")
                .bind("id", r.id()).bind("ws", r.workspaceId()).bind("shortcut", r.shortcut()).bind("title", r.title())
                .bind("text", r.text()).bind("by", r.createdBy()).bind("created", r.createdAt())
                .bind("updated", r.updatedAt()).execute();
    }

    void update(Handle h, CannedResponse r) {
        h.createUpdate("UPDATE canned_responses SET shortcut = :shortcut, title = :title, text = :text, updated_at = :updated "
                        + "WHERE workspace_id = :ws AND id = :id")
                .bind("shortcut", r.shortcut()).bind("title", r.title()).bind("text", r.text())
                .bind("updated", r.updatedAt()).bind("ws", r.workspaceId()).bind("id", r.id()).execute();
    }

    int delete(Handle h, String workspaceId, String id) {
        return h.createUpdate("DELETE FROM canned_responses WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).execute();
    }
}
