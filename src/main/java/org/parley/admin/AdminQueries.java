package org.parley.admin;

import java.util.List;
import org.parley.storage.Database;

/**
 * What operators list, across all workspaces: a read model over the workspaces and agents tables (no
 * service lists every tenant, and none should for requests).
 */
final class AdminQueries {
    record WorkspaceRow(String id, String name, String widgetKey, int activeAgents, long createdAt) {
    }

    private final Database database;

    AdminQueries(Database database) {
        this.database = database;
    }

    List<WorkspaceRow> listWorkspaces() {
        // TODO(issue 12): count memberships instead of agents once accounts land.
        return database.read(h -> h.createQuery("""
                        SELECT w.id, w.name, w.widget_key, w.created_at,
                               (SELECT COUNT(*) FROM agents a WHERE a.workspace_id = w.id AND a.active = :active)
                        FROM workspaces w ORDER BY w.created_at, w.id""")
                .bind("active", true)
                .map((rs, ctx) -> new WorkspaceRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(5),
                        rs.getLong(4)))
                .list());
    }
}
