package org.parley.customer;

import java.util.List;
import java.util.Map;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.parley.workspace.WorkspaceSettings;

/**
 * Read models of the customer inbox: the conversations of every contact linked to a customer, across
 * workspaces, in the visitor's view (never agent-only fields). Only contacts linked by a proof (magic
 * link, continue link, signed identify) carry {@code customer_id}; a typed email never does.
 */
public final class CustomerQueries {
    /**
     * One row of the /me list: the visitor's view of the conversation, the business it is with, and how many
     * replies from the team the customer has not read (their own messages and private notes never count).
     */
    public record Item(Map<String, Object> conversation, Map<String, Object> workspace, String contactId, long unreadCount) {
    }

    private static final int LIMIT = 200;

    private final Database db;

    public CustomerQueries(Database db) {
        this.db = db;
    }

    public List<Item> listConversations(String customerId) {
        return db.read(h -> h.createQuery("""
                        SELECT c.id, c.status, c.last_seq, c.visitor_read_seq, c.agent_read_seq, c.last_message_preview,
                               c.created_at, c.last_activity_at, w.id, w.name, w.settings, c.contact_id,
                               (SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.seq > c.visitor_read_seq
                                       AND m.sender_type <> 'CONTACT' AND m.is_private = FALSE) AS unread
                        FROM contacts k
                        JOIN conversations c ON c.workspace_id = k.workspace_id AND c.contact_id = k.id
                        JOIN workspaces w ON w.id = k.workspace_id
                        WHERE k.customer_id = :customer
                        ORDER BY c.last_activity_at DESC, c.id DESC LIMIT :limit""")
                .bind("customer", customerId).bind("limit", LIMIT)
                .map((rs, ctx) -> {
                    Map<String, Object> conversation = new java.util.LinkedHashMap<>();
                    conversation.put("id", rs.getString(1));
                    conversation.put("status", rs.getString(2).toLowerCase(java.util.Locale.ROOT));
                    conversation.put("last_seq", rs.getLong(3));
                    conversation.put("visitor_read_seq", rs.getLong(4));
                    conversation.put("agent_read_seq", rs.getLong(5));
                    conversation.put("last_message_preview", rs.getString(6));
                    conversation.put("created_at", rs.getLong(7));
                    conversation.put("last_activity_at", rs.getLong(8));
                    String color = Json.parse(rs.getString(11), WorkspaceSettings.class).color();
                    Map<String, Object> workspace = new java.util.LinkedHashMap<>();
                    workspace.put("id", rs.getString(9));
                    workspace.put("name", rs.getString(10));
                    workspace.put("color", color);
                    return new Item(conversation, workspace, rs.getString(12), rs.getLong(13));
                })
                .list());
    }

    /** A workspace as the customer sees it (id, name, color), for the conversation a push link opens. */
    public Map<String, Object> workspace(String workspaceId) {
        return db.read(h -> h.createQuery("SELECT id, name, settings FROM workspaces WHERE id = :id")
                .bind("id", workspaceId)
                .map((rs, ctx) -> {
                    Map<String, Object> workspace = new java.util.LinkedHashMap<>();
                    workspace.put("id", rs.getString(1));
                    workspace.put("name", rs.getString(2));
                    workspace.put("color", Json.parse(rs.getString(3), WorkspaceSettings.class).color());
                    return workspace;
                }).one());
    }

    /** The customer's contacts in the workspace, most recently active first. */
    public List<String> listContactIds(String customerId, String workspaceId) {
        return db.read(h -> h.createQuery("""
                        SELECT k.id FROM contacts k WHERE k.customer_id = :customer AND k.workspace_id = :ws
                        ORDER BY COALESCE((SELECT MAX(c.last_activity_at) FROM conversations c
                                  WHERE c.workspace_id = k.workspace_id AND c.contact_id = k.id), 0) DESC, k.updated_at DESC""")
                .bind("customer", customerId).bind("ws", workspaceId).mapTo(String.class).list());
    }
}
