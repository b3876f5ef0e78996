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

    Optional<Workspace> find(Handle handle, String column, String value) {
        return handle.createQuery("SELECT id, name, widget_key, allowed_origins, settings, created_at FROM workspaces WHERE "
                        + column + " = :v")
                .bind("v", value)
                .map((rs, ctx) -> new Workspace(rs.getString(1), rs.getString(2), rs.getString(3),
                        parseOrigins(rs.getString(4)), Json.parse(rs.getString(5), WorkspaceSettings.class), rs.getLong(6)))
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
