package org.parley.rating;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for conversation_ratings. Every query is scoped by workspace_id. */
final class RatingRepository {
    private static final String COLUMNS =
            "conversation_id, workspace_id, contact_id, score, comment, agent_id, created_at, updated_at";

    /** Inserts the rating, or replaces the conversation's earlier one keeping its {@code created_at}. */
    void upsert(Handle h, Rating r) {
        h.createUpdate("""
                        INSERT INTO conversation_ratings (conversation_id, workspace_id, contact_id, score, comment, agent_id,
                            created_at, updated_at)
                        VALUES (:conversation, :ws, :contact, :score, :comment, :agent, :now, :now)
                        ON CONFLICT (conversation_id) DO UPDATE SET contact_id = excluded.contact_id, score = excluded.score,
                            comment = excluded.comment, agent_id = excluded.agent_id, updated_at = excluded.updated_at""")
                .bind("conversation", r.conversationId()).bind("ws", r.workspaceId()).bind("contact", r.contactId())
                .bind("score", r.score()).bind("comment", r.comment()).bind("agent", r.agentId())
                .bind("now", r.updatedAt()).execute();
    }

    Optional<Rating> find(Handle h, String workspaceId, String conversationId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM conversation_ratings WHERE workspace_id = :ws "
                        + "AND conversation_id = :conversation")
                .bind("ws", workspaceId).bind("conversation", conversationId)
                .map((rs, ctx) -> map(rs)).findOne();
    }

    /** The agent who last replied to the visitor (no private notes; bots and API keys send as bots). */
    Optional<String> lastAgentReply(Handle h, String workspaceId, String conversationId) {
        return h.createQuery("""
                        SELECT sender_id FROM messages WHERE workspace_id = :ws AND conversation_id = :conversation
                            AND sender_type = 'AGENT' AND is_private = FALSE ORDER BY seq DESC LIMIT 1""")
                .bind("ws", workspaceId).bind("conversation", conversationId).mapTo(String.class).findOne();
    }

    private static Rating map(ResultSet rs) throws SQLException {
        return new Rating(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getLong(8));
    }
}
