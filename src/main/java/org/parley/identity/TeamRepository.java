package org.parley.identity;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL for password resets and invitations. Tokens are looked up by digest only. */
final class TeamRepository {
    private static final RowMapper<Invitation> INVITATION = (rs, ctx) -> new Invitation(rs.getString(1), rs.getString(2),
            rs.getString(3), Role.valueOf(rs.getString(4)), rs.getLong(5), rs.getLong(6));
    private static final String INVITATION_COLUMNS = "id, workspace_id, email, role, created_at, expires_at";

    record Reset(String workspaceId, String agentId, long expiresAt, Long usedAt) {
    }

    void insertReset(Handle h, String tokenHash, Agent agent, long now, long expiresAt) {
        h.createUpdate("""
                        INSERT INTO password_resets (token_hash, workspace_id, agent_id, created_at, expires_at)
                        VALUES (:hash, :ws, :agent, :now, :expires)""")
                .bind("hash", tokenHash).bind("ws", agent.workspaceId()).bind("agent", agent.id())
                .bind("now", now).bind("expires", expiresAt).execute();
    }

    Optional<Reset> findReset(Handle h, String tokenHash) {
        return h.createQuery("SELECT workspace_id, agent_id, expires_at, used_at FROM password_resets WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> {
                    long usedAt = rs.getLong(4);
                    Long used = rs.wasNull() ? null : usedAt;
                    return new Reset(rs.getString(1), rs.getString(2), rs.getLong(3), used);
                })
                .findOne();
    }

    /** Marks every open reset link of the agent used: one reset spends them all. */
    void useResets(Handle h, String agentId, long now) {
        h.createUpdate("UPDATE password_resets SET used_at = :now WHERE agent_id = :agent AND used_at IS NULL")
                .bind("now", now).bind("agent", agentId).execute();
    }

    int countRecentResets(Handle h, String agentId, long since) {
        return h.createQuery("SELECT COUNT(*) FROM password_resets WHERE agent_id = :agent AND created_at > :since")
                .bind("agent", agentId).bind("since", since).mapTo(Integer.class).one();
    }

    void insertInvitation(Handle h, Invitation invitation, String tokenHash, String invitedBy) {
        h.createUpdate("""
                        INSERT INTO invitations (id, workspace_id, email, role, token_hash, invited_by, created_at, expires_at)
                        VALUES (:id, :ws, :email, :role, :hash, :by, :created, :expires)""")
                .bind("id", invitation.id()).bind("ws", invitation.workspaceId()).bind("email", invitation.email())
                .bind("role", invitation.role().name()).bind("hash", tokenHash).bind("by", invitedBy)
                .bind("created", invitation.createdAt()).bind("expires", invitation.expiresAt()).execute();
    }

    List<Invitation> listPending(Handle h, String workspaceId, long now) {
        return h.createQuery("SELECT " + INVITATION_COLUMNS + " FROM invitations WHERE workspace_id = :ws "
                        + "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now ORDER BY created_at DESC")
                .bind("ws", workspaceId).bind("now", now).map(INVITATION).list();
    }

    /** A pending invitation by its token's digest. */
    Optional<Invitation> findPending(Handle h, String tokenHash, long now) {
        return h.createQuery("SELECT " + INVITATION_COLUMNS + " FROM invitations WHERE token_hash = :hash "
                        + "AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > :now")
                .bind("hash", tokenHash).bind("now", now).map(INVITATION).findOne();
    }

    int revoke(Handle h, String workspaceId, String id, long now) {
        return h.createUpdate("UPDATE invitations SET revoked_at = :now WHERE workspace_id = :ws AND id = :id "
                        + "AND accepted_at IS NULL AND revoked_at IS NULL")
                .bind("now", now).bind("ws", workspaceId).bind("id", id).execute();
    }

    /** Spends the invitation; 0 when another request accepted it first. */
    int accept(Handle h, String id, long now) {
        return h.createUpdate("UPDATE invitations SET accepted_at = :now WHERE id = :id AND accepted_at IS NULL AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).execute();
    }
}
