package org.parley.app;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL of the apps table. Deleted apps keep their row (messages name them) without a token. */
final class AppRepository {
    private static final String COLUMNS = "id, workspace_id, name, avatar_url, token_prefix, primary_receiver, "
            + "reply_timeout_seconds, created_at, updated_at";

    void insert(Handle h, App app, String tokenHash) {
        h.createUpdate("""
                        INSERT INTO apps (id, workspace_id, name, avatar_url, token_hash, token_prefix,
                            primary_receiver, reply_timeout_seconds, created_at, updated_at)
                        VALUES (:id, :ws, :name, :avatar, :hash, :prefix, :primary, :timeout, :now, :now)""")
                .bind("id", app.id()).bind("ws", app.workspaceId()).bind("name", app.name())
                .bind("avatar", app.avatarUrl()).bind("hash", tokenHash).bind("prefix", app.tokenPrefix())
                .bind("primary", app.primaryReceiver()).bind("timeout", app.replyTimeoutSeconds())
                .bind("now", app.createdAt()).execute();
    }

    Optional<App> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM apps WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL")
                .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> app(rs)).findOne();
    }

    /** The app a token belongs to, if neither it nor its workspace is gone. */
    Optional<App> findByToken(Handle h, String tokenHash) {
        return h.createQuery("SELECT a.id, a.workspace_id, a.name, a.avatar_url, a.token_prefix, "
                        + "a.primary_receiver, a.reply_timeout_seconds, a.created_at, a.updated_at FROM apps a "
                        + "JOIN workspaces w ON w.id = a.workspace_id AND w.disabled_at IS NULL "
                        + "WHERE a.token_hash = :hash AND a.deleted_at IS NULL")
                .bind("hash", tokenHash).map((rs, ctx) -> app(rs)).findOne();
    }

    List<App> list(Handle h, String workspaceId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM apps WHERE workspace_id = :ws AND deleted_at IS NULL "
                        + "ORDER BY created_at, id")
                .bind("ws", workspaceId).map((rs, ctx) -> app(rs)).list();
    }

    int count(Handle h, String workspaceId) {
        return h.createQuery("SELECT COUNT(*) FROM apps WHERE workspace_id = :ws AND deleted_at IS NULL")
                .bind("ws", workspaceId).mapTo(Integer.class).one();
    }

    Optional<App> primary(Handle h, String workspaceId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM apps WHERE workspace_id = :ws AND deleted_at IS NULL "
                        + "AND primary_receiver = TRUE")
                .bind("ws", workspaceId).map((rs, ctx) -> app(rs)).findFirst();
    }

    void update(Handle h, App app, long now) {
        h.createUpdate("UPDATE apps SET name = :name, avatar_url = :avatar, primary_receiver = :primary, "
                        + "reply_timeout_seconds = :timeout, updated_at = :now WHERE workspace_id = :ws AND id = :id")
                .bind("name", app.name()).bind("avatar", app.avatarUrl()).bind("primary", app.primaryReceiver())
                .bind("timeout", app.replyTimeoutSeconds())
                .bind("now", now).bind("ws", app.workspaceId()).bind("id", app.id()).execute();
    }

    /** Only one primary receiver per workspace: making one clears the others. */
    void clearPrimary(Handle h, String workspaceId, String exceptId) {
        h.createUpdate("UPDATE apps SET primary_receiver = FALSE WHERE workspace_id = :ws AND id <> :id")
                .bind("ws", workspaceId).bind("id", exceptId).execute();
    }

    void setToken(Handle h, String workspaceId, String id, String tokenHash, String prefix, long now) {
        h.createUpdate("UPDATE apps SET token_hash = :hash, token_prefix = :prefix, updated_at = :now "
                        + "WHERE workspace_id = :ws AND id = :id")
                .bind("hash", tokenHash).bind("prefix", prefix).bind("now", now).bind("ws", workspaceId).bind("id", id)
                .execute();
    }

    int markDeleted(Handle h, String workspaceId, String id, long now) {
        return h.createUpdate("UPDATE apps SET deleted_at = :now, token_hash = NULL, primary_receiver = FALSE "
                        + "WHERE workspace_id = :ws AND id = :id AND deleted_at IS NULL")
                .bind("now", now).bind("ws", workspaceId).bind("id", id).execute();
    }

    /** The conversations an app owns (to give them to the humans when it is removed). */
    List<String> ownedConversations(Handle h, String workspaceId, String owner) {
        return h.createQuery("SELECT id FROM conversations WHERE workspace_id = :ws AND owner = :owner")
                .bind("ws", workspaceId).bind("owner", owner).mapTo(String.class).list();
    }

    /** A waiting visitor message of a thread an app owns, unanswered for longer than the app's reply timeout. */
    record Unanswered(String workspaceId, String conversationId, String owner) {
    }

    /**
     * Open conversations owned by an app whose newest visitor message came after the app's last visible message (and
     * after the last system line, e.g. the handover that gave it the thread), longer ago than the app's timeout.
     */
    List<Unanswered> unanswered(Handle h, long now, int limit) {
        return h.createQuery("""
                        SELECT c.workspace_id, c.id, c.owner FROM conversations c
                        JOIN apps a ON a.workspace_id = c.workspace_id AND c.owner = 'app:' || a.id
                        WHERE c.owner <> 'humans' AND c.owner LIKE 'app:%' AND c.status = 'OPEN'
                          AND a.deleted_at IS NULL AND a.reply_timeout_seconds > 0
                          AND EXISTS (SELECT 1 FROM messages m WHERE m.workspace_id = c.workspace_id
                              AND m.conversation_id = c.id AND m.sender_type = 'CONTACT'
                              AND m.created_at < :now - a.reply_timeout_seconds * 1000
                              AND m.seq > COALESCE((SELECT MAX(b.seq) FROM messages b WHERE b.workspace_id = c.workspace_id
                                  AND b.conversation_id = c.id AND ((b.sender_type = 'BOT' AND b.is_private = FALSE)
                                  OR b.sender_type = 'SYSTEM')), 0))
                        LIMIT :limit""")
                .bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new Unanswered(rs.getString(1), rs.getString(2), rs.getString(3))).list();
    }

    private static App app(ResultSet rs) throws SQLException {
        return new App(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getInt(7), rs.getLong(8), rs.getLong(9));
    }
}
