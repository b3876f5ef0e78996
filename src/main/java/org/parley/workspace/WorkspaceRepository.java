package org.parley.workspace;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.parley.http.Json;

final class WorkspaceRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    void insert(Handle handle, Workspace ws) {
        handle.createUpdate("""
                        INSERT INTO workspaces (id, name, widget_key, allowed_origins, settings, created_at)
                        VALUES (:id, :name, :key, :origins, :settings, :created)""")
                .bind("id", ws.id()).bind("name", ws.name()).bind("key", ws.widgetKey())
                .bind("origins", Json.write(ws.allowedOrigins())).bind("settings", Json.write(ws.settings()))
                .bind("created", ws.createdAt())
                .execute();
    }

    void update(Handle handle, Workspace ws) {
        handle.createUpdate("UPDATE workspaces SET name = :name, allowed_origins = :origins, settings = :settings WHERE id = :id")
                .bind("id", ws.id()).bind("name", ws.name())
                .bind("origins", Json.write(ws.allowedOrigins())).bind("settings", Json.write(ws.settings()))
                .execute();
    }

    /** What a widget key opens: the workspace, whether the key is its previous one, until when, and if disabled. */
    record KeyMatch(Workspace workspace, boolean previous, Long previousValidUntil, boolean disabled) {
    }

    Optional<KeyMatch> findByKey(Handle handle, String key) {
        return handle.createQuery("SELECT id, name, widget_key, allowed_origins, settings, created_at, previous_widget_key, "
                        + "previous_key_valid_until, disabled_at FROM workspaces WHERE widget_key = :k OR previous_widget_key = :k")
                .bind("k", key)
                .map((rs, ctx) -> new KeyMatch(map(rs), key.equals(rs.getString(7)), nullableLong(rs, 8),
                        nullableLong(rs, 9) != null))
                .findFirst();
    }

    void rotateKey(Handle handle, String id, String previousKey, String newKey, long validUntil) {
        handle.createUpdate("UPDATE workspaces SET widget_key = :key, previous_widget_key = :previous, "
                        + "previous_key_valid_until = :until WHERE id = :id")
                .bind("key", newKey).bind("previous", previousKey).bind("until", validUntil).bind("id", id).execute();
    }

    void setDisabled(Handle handle, String id, Long disabledAt) {
        handle.createUpdate("UPDATE workspaces SET disabled_at = :at WHERE id = :id").bind("at", disabledAt).bind("id", id)
                .execute();
    }

    List<WorkspaceSummary> listAll(Handle handle) {
        return handle.createQuery("SELECT w.id, w.name, w.widget_key, w.allowed_origins, w.settings, w.created_at, "
                        + "(SELECT COUNT(*) FROM agents a WHERE a.workspace_id = w.id AND a.active = :active), w.disabled_at "
                        + "FROM workspaces w ORDER BY w.created_at")
                .bind("active", true)
                .map((rs, ctx) -> new WorkspaceSummary(map(rs), rs.getInt(7), nullableLong(rs, 8)))
                .list();
    }

    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Workspace map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Workspace(rs.getString(1), rs.getString(2), rs.getString(3), parseOrigins(rs.getString(4)),
                Json.parse(rs.getString(5), WorkspaceSettings.class), rs.getLong(6));
    }

    Optional<Workspace> find(Handle handle, String column, String value) {
        return handle.createQuery("SELECT id, name, widget_key, allowed_origins, settings, created_at FROM workspaces WHERE "
                        + column + " = :v")
                .bind("v", value)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private static List<String> parseOrigins(String json) {
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt allowed_origins", e);
        }
    }
}
