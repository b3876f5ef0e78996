package org.parley.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

/** SQL for conversations. Every query is scoped by workspace_id. */
final class ConversationRepository {
    static final String COLUMNS = "c.id, c.workspace_id, c.contact_id, c.visitor_id, c.status, c.snoozed_until, "
            + "c.assignee_id, c.last_seq, c.visitor_read_seq, c.agent_read_seq, c.last_message_preview, c.created_at, "
            + "c.last_activity_at, c.first_agent_reply_at, c.resolved_at, c.owner, c.attributes";

    /** A row of the agents' list: the conversation with its contact and unread count. */
    record Listed(Conversation conversation, ConversationJson.ContactRef contact, long unread) {
    }

    /** {@code origin}: who started it, for the reports ('visitor', 'proactive' or 'flow'; V21). */
    void insert(Handle h, Conversation c, String startClientMsgId, String origin) {
        h.createUpdate("""
                        INSERT INTO conversations (id, workspace_id, contact_id, visitor_id, status, last_seq,
                            visitor_read_seq, agent_read_seq, created_at, last_activity_at, start_client_msg_id, owner, origin)
                        VALUES (:id, :ws, :contact, :visitor, :status, 0, 0, 0, :now, :now, :start, :owner, :origin)""")
                .bind("id", c.id()).bind("ws", c.workspaceId()).bind("contact", c.contactId())
                .bind("visitor", c.visitorId()).bind("status", c.status().name()).bind("now", c.createdAt())
                .bind("start", startClientMsgId).bind("owner", c.owner()).bind("origin", origin).execute();
    }

    /** The conversation this contact started with that first message, if any. */
    Optional<Conversation> findStarted(Handle h, String workspaceId, String contactId, String startClientMsgId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversations c WHERE c.workspace_id = :ws "
                        + "AND c.contact_id = :contact AND c.start_client_msg_id = :start")
                .bind("ws", workspaceId).bind("contact", contactId).bind("start", startClientMsgId)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /**
     * PostgreSQL: locks the contact's row, so two nodes starting conversations for one contact do it one
     * after the other, each seeing what the other wrote (SQLite has one writer anyway).
     */
    void lockContact(Handle h, String workspaceId, String contactId) {
        h.createQuery("SELECT id FROM contacts WHERE workspace_id = :ws AND id = :contact FOR UPDATE")
                .bind("ws", workspaceId).bind("contact", contactId).mapTo(String.class).findOne();
    }

    /** Open conversations of the contact that no one has answered yet. */
    long countWaiting(Handle h, String workspaceId, String contactId) {
        return h.createQuery("SELECT COUNT(*) FROM conversations WHERE workspace_id = :ws AND contact_id = :contact "
                        + "AND status = 'OPEN' AND first_agent_reply_at IS NULL")
                .bind("ws", workspaceId).bind("contact", contactId).mapTo(Long.class).one();
    }

    static Optional<Conversation> find(Handle h, String workspaceId, String id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversations c WHERE c.workspace_id = :ws AND c.id = :id")
                .bind("ws", workspaceId).bind("id", id).map((rs, ctx) -> map(rs)).findOne();
    }

    /** What a visitor sees: the conversations of its contact (every browser of a verified person). */
    List<Conversation> listOwnedByContact(Handle h, String workspaceId, String contactId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversations c WHERE c.workspace_id = :ws "
                        + "AND c.contact_id = :contact ORDER BY c.last_activity_at DESC LIMIT 100")
                .bind("ws", workspaceId).bind("contact", contactId).map((rs, ctx) -> map(rs)).list();
    }

    List<Listed> listForAgents(Handle h, String workspaceId, ConversationFilter filter, String myAgentId) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + ", ct.name, ct.email, "
                + "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.workspace_id = c.workspace_id "
                + "AND m.seq > c.agent_read_seq AND m.sender_type = 'CONTACT') AS unread "
                + "FROM conversations c JOIN contacts ct ON ct.id = c.contact_id AND ct.workspace_id = c.workspace_id "
                + "WHERE c.workspace_id = :ws");
        if (filter.status() != null) {
            sql.append(" AND c.status = :status");
        }
        if (filter.assigneeId() != null) {
            sql.append(" AND c.assignee_id = :assignee");
        }
        if (filter.unassigned()) {
            sql.append(" AND c.assignee_id IS NULL");
        }
        if (filter.mine()) {
            sql.append(" AND c.assignee_id = :me");
        }
        if (filter.before() != null) {
            sql.append(" AND (c.last_activity_at < :before OR (c.last_activity_at = :before AND c.id < :beforeId))");
        }
        sql.append(" ORDER BY c.last_activity_at DESC, c.id DESC LIMIT :limit");
        Query query = h.createQuery(sql.toString()).bind("ws", workspaceId).bind("limit", filter.limit());
        if (filter.status() != null) {
            query.bind("status", filter.status().name());
        }
        if (filter.assigneeId() != null) {
            query.bind("assignee", filter.assigneeId());
        }
        if (filter.mine()) {
            query.bind("me", myAgentId == null ? "" : myAgentId);
        }
        if (filter.before() != null) {
            query.bind("before", filter.before().lastActivityAt()).bind("beforeId", filter.before().id());
        }
        return query.map((rs, ctx) -> new Listed(map(rs),
                new ConversationJson.ContactRef(rs.getString(3), rs.getString(18), rs.getString(19)), rs.getLong(20))).list();
    }

    /**
     * The latest page view of each visitor, in one query for a whole page of the list. It reads the activity
     * feature's table directly: activity depends on conversation, so calling its service would be a cycle.
     */
    Map<String, ConversationJson.CurrentPage> currentPages(Handle h, String workspaceId, Collection<String> visitorIds) {
        Map<String, ConversationJson.CurrentPage> pages = new HashMap<>();
        if (visitorIds.isEmpty()) {
            return pages;
        }
        h.createQuery("""
                        SELECT va.visitor_id, va.url, va.title, va.occurred_at FROM visitor_activity va
                        WHERE va.workspace_id = :ws AND va.id IN (
                            SELECT (SELECT v2.id FROM visitor_activity v2
                                    WHERE v2.workspace_id = :ws AND v2.visitor_id = v.id AND v2.kind = 'page_view'
                                    ORDER BY v2.occurred_at DESC, v2.id DESC LIMIT 1)
                            FROM visitors v WHERE v.workspace_id = :ws AND v.id IN (<visitors>))""")
                .bind("ws", workspaceId).bindList("visitors", List.copyOf(visitorIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1),
                        new ConversationJson.CurrentPage(rs.getString(2), rs.getString(3), rs.getLong(4))))
                .forEach(e -> pages.put(e.getKey(), e.getValue()));
        return pages;
    }

    /** Snoozed conversations whose time has come, of every workspace (for the wake-up job), earliest first. */
    List<Conversation> listDueSnoozed(Handle h, long now, int limit) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversations c WHERE c.status = :snoozed "
                        + "AND c.snoozed_until <= :now ORDER BY c.snoozed_until LIMIT :limit")
                .bind("snoozed", ConversationStatus.SNOOZED.name()).bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> map(rs)).list();
    }

    /** Opens a conversation whose snooze has ended; 0 when it is no longer snoozed or was snoozed again for later. */
    int wake(Handle h, String workspaceId, String id, long now) {
        return h.createUpdate("UPDATE conversations SET status = :open, snoozed_until = NULL WHERE workspace_id = :ws "
                        + "AND id = :id AND status = :snoozed AND snoozed_until <= :now")
                .bind("open", ConversationStatus.OPEN.name()).bind("snoozed", ConversationStatus.SNOOZED.name())
                .bind("ws", workspaceId).bind("id", id).bind("now", now).execute();
    }

    void updateAssignee(Handle h, String workspaceId, String id, String assigneeId) {
        h.createUpdate("UPDATE conversations SET assignee_id = :assignee WHERE workspace_id = :ws AND id = :id")
                .bind("assignee", assigneeId).bind("ws", workspaceId).bind("id", id).execute();
    }

    void updateStatus(Handle h, String workspaceId, String id, ConversationStatus status, Long snoozedUntil, Long resolvedAt) {
        h.createUpdate("UPDATE conversations SET status = :status, snoozed_until = :until, resolved_at = :resolved "
                        + "WHERE workspace_id = :ws AND id = :id")
                .bind("status", status.name()).bind("until", snoozedUntil).bind("resolved", resolvedAt)
                .bind("ws", workspaceId).bind("id", id).execute();
    }

    /** Moves the thread to {@code to} only if {@code from} still owns it; false when someone else changed it first. */
    boolean updateOwner(Handle h, String workspaceId, String id, String from, String to) {
        return h.createUpdate("UPDATE conversations SET owner = :to WHERE workspace_id = :ws AND id = :id AND owner = :from")
                .bind("to", to).bind("from", from).bind("ws", workspaceId).bind("id", id).execute() == 1;
    }

    void updateAttributes(Handle h, String workspaceId, String id, String attributes) {
        h.createUpdate("UPDATE conversations SET attributes = :attributes WHERE workspace_id = :ws AND id = :id")
                .bind("attributes", attributes).bind("ws", workspaceId).bind("id", id).execute();
    }

    void updateReadSeq(Handle h, String workspaceId, String id, String column, long seq) {
        h.createUpdate("UPDATE conversations SET " + column + " = :seq WHERE workspace_id = :ws AND id = :id AND "
                        + column + " < :seq")
                .bind("seq", seq).bind("ws", workspaceId).bind("id", id).execute();
    }

    static Conversation map(ResultSet rs) throws SQLException {
        return new Conversation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                ConversationStatus.valueOf(rs.getString(5)), nullableLong(rs, 6), rs.getString(7),
                rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11), rs.getLong(12), rs.getLong(13),
                nullableLong(rs, 14), nullableLong(rs, 15), rs.getString(16), rs.getString(17));
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    // Reads for the contact page and search: the agents' list shape, selected otherwise.

    List<Listed> listForContact(Handle h, String workspaceId, String contactId) {
        return h.createQuery(listedSelect() + " AND c.contact_id = :contact ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 100")
                .bind("ws", workspaceId).bind("contact", contactId)
                .map((rs, ctx) -> listed(rs)).list();
    }

    List<Listed> listByIds(Handle h, String workspaceId, java.util.Collection<String> ids) {
        return h.createQuery(listedSelect() + " AND c.id IN (<ids>)")
                .bind("ws", workspaceId).bindList("ids", List.copyOf(ids))
                .map((rs, ctx) -> listed(rs)).list();
    }

    private static String listedSelect() {
        return "SELECT " + COLUMNS + ", ct.name, ct.email, "
                + "(SELECT COUNT(*) FROM messages m WHERE m.conversation_id = c.id AND m.workspace_id = c.workspace_id "
                + "AND m.seq > c.agent_read_seq AND m.sender_type = 'CONTACT') AS unread "
                + "FROM conversations c JOIN contacts ct ON ct.id = c.contact_id AND ct.workspace_id = c.workspace_id "
                + "WHERE c.workspace_id = :ws";
    }

    private static Listed listed(ResultSet rs) throws SQLException {
        return new Listed(map(rs), new ConversationJson.ContactRef(rs.getString(3), rs.getString(18), rs.getString(19)),
                rs.getLong(20));
    }
}
