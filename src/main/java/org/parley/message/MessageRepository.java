package org.parley.message;

import java.util.List;
import java.util.Optional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.parley.storage.SqlCache;
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
        try {
            PreparedStatement find = SqlCache.prepare(h, "SELECT " + COLUMNS + " FROM messages WHERE workspace_id = ? "
                    + "AND conversation_id = ? AND sender_type = ? AND sender_id = ? AND client_msg_id = ?");
            find.setString(1, workspaceId);
            find.setString(2, conversationId);
            find.setString(3, senderType.name());
            find.setString(4, senderId);
            find.setString(5, clientMsgId);
            try (ResultSet rs = find.executeQuery()) {
                return rs.next() ? Optional.of(MESSAGE.map(rs, null)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The seq taken for a new message, with what the caller needs to know about its conversation. */
    record Allocation(long seq, String contactId, String status) {
    }

    /**
     * Takes the next seq and updates the conversation's counters, in one statement that also authorises:
     * the row must be in the workspace and, for a visitor, be the visitor's own; for a bot, owned by it. Empty when it is not.
     * The hot path of every message: plain JDBC on the writer's cached statements.
     */
    Optional<Allocation> nextSeq(Handle h, String workspaceId, String conversationId, String onlyContactId,
                                 String onlyOwner, long now, String preview, boolean agentReply) {
        String sql = "UPDATE conversations SET last_seq = last_seq + 1, last_activity_at = ?"
                + ", last_message_preview = COALESCE(?, last_message_preview)"
                + (agentReply ? ", first_agent_reply_at = COALESCE(first_agent_reply_at, ?)" : "")
                + " WHERE workspace_id = ? AND id = ?"
                + (onlyContactId != null ? " AND contact_id = ?" : "")
                + (onlyOwner != null ? " AND owner = ?" : "")
                + " RETURNING last_seq, contact_id, status";
        try {
            PreparedStatement update = SqlCache.prepare(h, sql);
            int i = 1;
            update.setLong(i++, now);
            update.setString(i++, preview);
            if (agentReply) {
                update.setLong(i++, now);
            }
            update.setString(i++, workspaceId);
            update.setString(i++, conversationId);
            if (onlyContactId != null) {
                update.setString(i++, onlyContactId);
            }
            if (onlyOwner != null) {
                update.setString(i, onlyOwner);
            }
            try (ResultSet rs = update.executeQuery()) {
                return rs.next() ? Optional.of(new Allocation(rs.getLong(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next seq for a system message: only last_seq moves (no preview, activity or first reply). */
    long nextSystemSeq(Handle h, String workspaceId, String conversationId) {
        return h.createQuery("UPDATE conversations SET last_seq = last_seq + 1 WHERE workspace_id = :ws AND id = :id "
                        + "RETURNING last_seq")
                .bind("ws", workspaceId).bind("id", conversationId).mapTo(Long.class).one();
    }

    void insert(Handle h, Message m) {
        try {
            PreparedStatement insert = SqlCache.prepare(h, "INSERT INTO messages (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert.setString(1, m.id());
            insert.setString(2, m.workspaceId());
            insert.setString(3, m.conversationId());
            insert.setLong(4, m.seq());
            insert.setString(5, m.senderType().name());
            insert.setString(6, m.senderId());
            insert.setString(7, m.senderName());
            insert.setString(8, m.clientMsgId());
            insert.setString(9, m.text());
            insert.setString(10, m.content());
            insert.setBoolean(11, m.isPrivate());
            insert.setLong(12, m.createdAt());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
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

    /** Up to {@code limit} messages with seq below {@code beforeSeq}, newest first. */
    List<Message> listBefore(Handle h, String workspaceId, String conversationId, long beforeSeq, int limit,
                             boolean includePrivate) {
        return h.createQuery("SELECT " + COLUMNS + " FROM messages WHERE workspace_id = :ws AND conversation_id = :conv "
                        + "AND seq < :before" + (includePrivate ? "" : " AND is_private = :private")
                        + " ORDER BY seq DESC LIMIT :limit")
                .bind("ws", workspaceId).bind("conv", conversationId).bind("before", beforeSeq)
                .bind("private", false).bind("limit", limit)
                .map(MESSAGE).list();
    }
}
