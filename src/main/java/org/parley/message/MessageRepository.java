package org.parley.message;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL for messages. Allocating a seq updates the conversation row's counters (last_seq, last
 * activity, preview, first reply): they belong to the message path, and the row lock orders seqs.
 */
final class MessageRepository {
    private static final String COLUMNS = "id, workspace_id, conversation_id, seq, sender_type, sender_id, sender_name, "
            + "client_msg_id, text, content, is_private, created_at";
    private static final RowMapper<Message> MESSAGE = (rs, ctx) -> new Message(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getLong(4), SenderType.valueOf(rs.getString(5)), rs.getString(6), rs.getString(7),
            rs.getString(8), rs.getString(9), rs.getString(10), rs.getBoolean(11), rs.getLong(12));

    Optional<Message> findByClientId(Handle h, String workspaceId, String conversationId, SenderType senderType,
                                     String senderId, String clientMsgId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages WHERE workspace_id = :ws AND conversation_id = :conv "
                        + "AND sender_type = :type AND sender_id = :sender AND client_msg_id = :client")
                .bind("ws", workspaceId).bind("conv", conversationId).bind("type", senderType.name())
                .bind("sender", senderId).bind("client", clientMsgId)
                .map(MESSAGE).findOne();
    }

    /** The seq taken for a new message, with what the caller needs to know about its conversation. */
    record Allocation(long seq, String visitorId, String status) {
    }

    /**
     * Takes the next seq and updates the conversation's counters, in one statement that also authorises:
     * the row must be in the workspace and, for a visitor, be the visitor's own. Empty when it is not.
     */
    Optional<Allocation> nextSeq(Handle h, String workspaceId, String conversationId, String onlyVisitorId, long now,
                                 String preview, boolean agentReply) {
        StringBuilder sql = new StringBuilder("UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = :now");
        if (preview != null) {
            sql.append(", last_message_preview = :preview");
        }
        if (agentReply) {
            sql.append(", first_agent_reply_at = COALESCE(first_agent_reply_at, :now)");
        }
        sql.append(" WHERE workspace_id = :ws AND id = :id");
        if (onlyVisitorId != null) {
            sql.append(" AND visitor_id = :visitor");
        }
        sql.append(" RETURNING last_seq, visitor_id, status");
        var update = h.createQuery(sql.toString()).bind("now", now).bind("ws", workspaceId).bind("id", conversationId);
        if (preview != null) {
            update.bind("preview", preview);
        }
        if (onlyVisitorId != null) {
            update.bind("visitor", onlyVisitorId);
        }
        return update.map((rs, ctx) -> new Allocation(rs.getLong(1), rs.getString(2), rs.getString(3))).findOne();
    }

    void insert(Handle h, Message m) {
        h.createUpdate("INSERT INTO messages (" + COLUMNS + ") VALUES (:id, :ws, :conv, :seq, :type, :sender, :senderName, "
                        + ":client, :text, :content, :private, :created)")
                .bind("id", m.id()).bind("ws", m.workspaceId()).bind("conv", m.conversationId()).bind("seq", m.seq())
                .bind("type", m.senderType().name()).bind("sender", m.senderId()).bind("senderName", m.senderName())
                .bind("client", m.clientMsgId()).bind("text", m.text()).bind("content", m.content())
                .bind("private", m.isPrivate()).bind("created", m.createdAt())
                .execute();
    }

    List<Message> listAfter(Handle h, String workspaceId, String conversationId, long afterSeq, int limit,
                            boolean includePrivate) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages WHERE workspace_id = :ws AND conversation_id = :conv "
                        + "AND seq > :after" + (includePrivate ? "" : " AND is_private = :private")
                        + " ORDER BY seq LIMIT :limit")
                .bind("ws", workspaceId).bind("conv", conversationId).bind("after", afterSeq)
                .bind("private", false).bind("limit", limit)
                .map(MESSAGE).list();
    }
}
