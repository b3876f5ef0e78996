package org.parley.kb;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for articles and the per-workspace version of the set. Every query is scoped by workspace_id. */
final class KbRepository {
    private static final String COLUMNS = "id, workspace_id, title, body, language, published, created_by, created_at, updated_at";
    private static final RowMapper<KbArticle> ROW = (rs, ctx) -> new KbArticle(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getLong(8),
            rs.getLong(9));

    /** Newest change first; {@code pattern} is a lower-case LIKE pattern (escape !) over title and body, or null. */
    List<KbArticle> list(Handle h, String workspaceId, String pattern, int limit) {
        String filter = pattern == null ? "" : " AND (LOWER(title) LIKE :p ESCAPE '!' OR LOWER(body) LIKE :p ESCAPE '!')";
        var query = h.createQuery("SELECT " + COLUMNS + " FROM kb_articles WHERE workspace_id = :ws" + filter
                        + " ORDER BY updated_at DESC, id LIMIT :limit")
                .bind("ws", workspaceId).bind("limit", limit);
        if (pattern != null) {
            query.bind("p", pattern);
        }
        return query.map(ROW).list();
    }

    List<KbArticle> listPublished(Handle h, String workspaceId, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM kb_articles WHERE workspace_id = :ws AND published = :yes "
                        + "ORDER BY id LIMIT :limit")
                .bind("ws", workspaceId).bind("yes", true).bind("limit", limit).map(ROW).list();
    }

    Optional<KbArticle> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM kb_articles WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).map(ROW).findOne();
    }

    void insert(Handle h, KbArticle a) {
        h.createUpdate("INSERT INTO kb_articles (" + COLUMNS + ") VALUES (:id, :ws, :title, :body, :language, :published, "
                        + ":by, :created, :updated)")
                .bind("id", a.id()).bind("ws", a.workspaceId()).bind("title", a.title()).bind("body", a.body())
                .bind("language", a.language()).bind("published", a.published()).bind("by", a.createdBy())
                .bind("created", a.createdAt()).bind("updated", a.updatedAt()).execute();
        bump(h, a.workspaceId());
    }

    void update(Handle h, KbArticle a) {
        h.createUpdate("UPDATE kb_articles SET title = :title, body = :body, language = :language, published = :published, "
                        + "updated_at = :updated WHERE workspace_id = :ws AND id = :id")
                .bind("title", a.title()).bind("body", a.body()).bind("language", a.language())
                .bind("published", a.published()).bind("updated", a.updatedAt()).bind("ws", a.workspaceId())
                .bind("id", a.id()).execute();
        bump(h, a.workspaceId());
    }

    int delete(Handle h, String workspaceId, String id) {
        int deleted = h.createUpdate("DELETE FROM kb_articles WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).execute();
        if (deleted > 0) {
            bump(h, workspaceId);
        }
        return deleted;
    }

    /** The version of the workspace's articles: 0 before the first change. */
    long version(Handle h, String workspaceId) {
        return h.createQuery("SELECT version FROM kb_versions WHERE workspace_id = :ws").bind("ws", workspaceId)
                .mapTo(Long.class).findOne().orElse(0L);
    }

    private static void bump(Handle h, String workspaceId) {
        h.createUpdate("INSERT INTO kb_versions (workspace_id, version) VALUES (:ws, 1) "
                + "ON CONFLICT (workspace_id) DO UPDATE SET version = kb_versions.version + 1").bind("ws", workspaceId).execute();
    }
}
