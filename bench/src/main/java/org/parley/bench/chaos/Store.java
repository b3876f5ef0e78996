package org.parley.bench.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Direct reads of the database the run owns: for the checker, and for the one setup step the public API
 * has no call for (creating a second workspace with its owner, copied from the demo workspace).
 */
final class Store implements AutoCloseable {

    /** One stored message. */
    record Row(String id, String workspaceId, String conversationId, long seq, String senderType, String senderId,
               String clientMsgId, String text, boolean priv) {
    }

    /** One conversation: its workspace, its contact (the visitor's sender id) and its last allocated seq. */
    record Conversation(String id, String workspaceId, String contactId, long lastSeq) {
    }

    private final Connection connection;

    private Store(Connection connection) {
        this.connection = connection;
    }

    static Store open(String jdbcUrl) throws SQLException {
        return new Store(DriverManager.getConnection(jdbcUrl));
    }

    static String sqliteUrl(java.nio.file.Path dataDir) {
        return "jdbc:sqlite:" + dataDir.resolve("parley.db") + "?busy_timeout=20000";
    }

    /**
     * A workspace like the demo one (same settings) with an owner whose password is the demo owner's (the
     * hash is copied): the public API creates agents but not workspaces.
     */
    String createWorkspaceLikeDemo(String demoKey, String demoOwnerEmail, String name, String widgetKey,
                                   String ownerEmail) throws SQLException {
        String workspaceId = UUID.randomUUID().toString();
        try (PreparedStatement ws = connection.prepareStatement("""
                INSERT INTO workspaces (id, name, widget_key, allowed_origins, settings, created_at)
                SELECT ?, ?, ?, allowed_origins, settings, created_at FROM workspaces WHERE widget_key = ?""");
             PreparedStatement account = connection.prepareStatement("""
                INSERT INTO accounts (id, email, password_hash, server_admin, created_at)
                SELECT ?, ?, password_hash, FALSE, created_at FROM accounts WHERE email = ?""");
             PreparedStatement owner = connection.prepareStatement("""
                INSERT INTO agents (id, workspace_id, account_id, name, role, active, created_at)
                SELECT ?, ?, ?, ?, a.role, a.active, a.created_at FROM agents a
                JOIN accounts ac ON ac.id = a.account_id WHERE ac.email = ?""")) {
            String accountId = UUID.randomUUID().toString();
            ws.setString(1, workspaceId);
            ws.setString(2, name);
            ws.setString(3, widgetKey);
            ws.setString(4, demoKey);
            account.setString(1, accountId);
            account.setString(2, ownerEmail);
            account.setString(3, demoOwnerEmail);
            owner.setString(1, UUID.randomUUID().toString());
            owner.setString(2, workspaceId);
            owner.setString(3, accountId);
            owner.setString(4, name + " owner");
            owner.setString(5, demoOwnerEmail);
            if (ws.executeUpdate() != 1 || account.executeUpdate() != 1 || owner.executeUpdate() != 1) {
                throw new SQLException("the demo workspace or its owner is missing: cannot copy them");
            }
        }
        return workspaceId;
    }

    String workspaceIdByKey(String widgetKey) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM workspaces WHERE widget_key = ?")) {
            query.setString(1, widgetKey);
            try (ResultSet rs = query.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("no workspace with widget key " + widgetKey);
                }
                return rs.getString(1);
            }
        }
    }

    List<Row> messages() throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("""
                SELECT id, workspace_id, conversation_id, seq, sender_type, sender_id, client_msg_id, text, is_private
                FROM messages ORDER BY conversation_id, seq""");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getString(8), rs.getBoolean(9)));
            }
        }
        return rows;
    }

    Map<String, Conversation> conversations() throws SQLException {
        Map<String, Conversation> all = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, workspace_id, contact_id, last_seq FROM conversations");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                all.put(rs.getString(1), new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4)));
            }
        }
        return all;
    }

    /** Agent and contact ids to their workspace id, for presence and visitor_presence frames (ids are UUIDs). */
    Map<String, String> agentWorkspaces() throws SQLException {
        Map<String, String> all = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT id, workspace_id FROM agents UNION ALL SELECT id, workspace_id FROM contacts");
             ResultSet rs = query.executeQuery()) {
            while (rs.next()) {
                all.put(rs.getString(1), rs.getString(2));
            }
        }
        return all;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
