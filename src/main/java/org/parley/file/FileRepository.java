package org.parley.file;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for files and the purge queue (V30). Every query names the workspace, but the signed-link lookup by id. */
final class FileRepository {
    private static final String COLUMNS = "id, workspace_id, uploader_type, uploader_id, conversation_id, message_id, "
            + "is_private, name, content_type, kind, size, width, height, thumbnail_type, storage_key, sha256, created_at, "
            + "attached_at, removed_at";
    private static final RowMapper<StoredFile> FILE = (rs, ctx) -> new StoredFile(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getBoolean(7), rs.getString(8),
            rs.getString(9), rs.getString(10), rs.getLong(11), intOrNull(rs, 12), intOrNull(rs, 13), rs.getString(14), rs.getString(15), rs.getString(16),
            rs.getLong(17), longOrNull(rs, 18), longOrNull(rs, 19));

    private static Integer intOrNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static Long longOrNull(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private FileRepository() {
    }

    static void insert(Handle h, StoredFile f) {
        h.createUpdate("INSERT INTO files (" + COLUMNS + ") VALUES (:id, :ws, :ut, :ui, NULL, NULL, FALSE, :name, :type, "
                        + ":kind, :size, :width, :height, :thumb, :key, :sha, :at, NULL, NULL)")
                .bind("id", f.id()).bind("ws", f.workspaceId()).bind("ut", f.uploaderType()).bind("ui", f.uploaderId())
                .bind("name", f.name()).bind("type", f.contentType()).bind("kind", f.kind()).bind("size", f.size())
                .bind("width", f.width()).bind("height", f.height()).bind("thumb", f.thumbnailType())
                .bind("key", f.storageKey()).bind("sha", f.sha256()).bind("at", f.createdAt())
                .execute();
    }

    static Optional<StoredFile> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", id).map(FILE).findOne();
    }

    /** For a signed link, which carries no workspace: the signature is over the id. */
    static Optional<StoredFile> findById(Handle h, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE id = :id").bind("id", id).map(FILE).findOne();
    }

    static List<StoredFile> findAll(Handle h, String workspaceId, List<String> ids) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE workspace_id = :ws AND id IN (<ids>)")
                .bind("ws", workspaceId).bindList("ids", ids).map(FILE).list();
    }

    /** Attaches a pending file; false when it is no longer pending (attached meanwhile by another send). */
    static boolean attach(Handle h, String workspaceId, String id, String conversationId, String messageId,
                          boolean isPrivate, long now) {
        return h.createUpdate("UPDATE files SET conversation_id = :c, message_id = :m, is_private = :p, attached_at = :at "
                        + "WHERE workspace_id = :ws AND id = :id AND message_id IS NULL AND removed_at IS NULL")
                .bind("c", conversationId).bind("m", messageId).bind("p", isPrivate).bind("at", now)
                .bind("ws", workspaceId).bind("id", id).execute() == 1;
    }

    /** Bytes the workspace holds: files pending or attached whose bytes retention has not removed. */
    static long usage(Handle h, String workspaceId) {
        return h.createQuery("SELECT COALESCE(SUM(size), 0) FROM files WHERE workspace_id = :ws AND removed_at IS NULL")
                .bind("ws", workspaceId).mapTo(Long.class).one();
    }

    /** Queues the bytes of {@code f} (and its thumbnail) for deletion from the store. */
    static void queuePurge(Handle h, StoredFile f, long now) {
        queuePurge(h, f.workspaceId(), f.storageKey(), now);
        if (f.thumbnailType() != null) {
            queuePurge(h, f.workspaceId(), f.thumbnailKey(), now);
        }
    }

    static void queuePurge(Handle h, String workspaceId, String key, long now) {
        h.createUpdate("INSERT INTO file_purges (storage_key, workspace_id, queued_at) VALUES (:key, :ws, :at) "
                + "ON CONFLICT (storage_key) DO NOTHING").bind("key", key).bind("ws", workspaceId).bind("at", now).execute();
    }

    /** Keys due for deletion: queued at or before {@code now} (an upload's intent is queued ahead, see FileService). */
    static List<String> purges(Handle h, long now, int limit) {
        return h.createQuery("SELECT storage_key FROM file_purges WHERE queued_at <= :now ORDER BY queued_at LIMIT :n")
                .bind("now", now).bind("n", limit).mapTo(String.class).list();
    }

    static void purged(Handle h, String key) {
        h.createUpdate("DELETE FROM file_purges WHERE storage_key = :key").bind("key", key).execute();
    }

    /** Uploads never attached, older than {@code cutoff}: a failed or abandoned send. */
    static List<StoredFile> abandoned(Handle h, long cutoff, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE message_id IS NULL AND created_at < :cutoff "
                + "ORDER BY created_at LIMIT :n").bind("cutoff", cutoff).bind("n", limit).map(FILE).list();
    }

    /** Deletes a file that is still pending; false when it was attached meanwhile. */
    static boolean deletePending(Handle h, String workspaceId, String id) {
        return h.createUpdate("DELETE FROM files WHERE workspace_id = :ws AND id = :id AND message_id IS NULL")
                .bind("ws", workspaceId).bind("id", id).execute() == 1;
    }

    /** Attached files of the workspace older than {@code cutoff} whose bytes are still kept (retention). */
    static List<StoredFile> expired(Handle h, String workspaceId, long cutoff, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM files WHERE workspace_id = :ws AND message_id IS NOT NULL "
                        + "AND removed_at IS NULL AND created_at < :cutoff ORDER BY created_at LIMIT :n")
                .bind("ws", workspaceId).bind("cutoff", cutoff).bind("n", limit).map(FILE).list();
    }

    static void markRemoved(Handle h, String workspaceId, String id, long now) {
        h.createUpdate("UPDATE files SET removed_at = :at WHERE workspace_id = :ws AND id = :id").bind("at", now)
                .bind("ws", workspaceId).bind("id", id).execute();
    }
}
