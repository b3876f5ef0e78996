package org.parley.identity;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/**
 * SQL for accounts, agents (an account's membership in one workspace), their sessions and API keys. Every
 * query names the workspace, the account or a secret digest.
 */
final class AgentRepository {
    private static final String COLUMNS = "a.id, a.workspace_id, ac.email, a.name, a.role, a.active, a.created_at, a.account_id";
    private static final String FROM = " FROM agents a JOIN accounts ac ON ac.id = a.account_id";
    private static final RowMapper<Agent> AGENT = (rs, ctx) -> new Agent(rs.getString(1), rs.getString(2),
            rs.getString(3), rs.getString(4), Role.valueOf(rs.getString(5)), rs.getBoolean(6), rs.getLong(7),
            rs.getString(8));

    /** An account: one email and password, memberships in any number of workspaces. */
    record Account(String id, String email, String passwordHash, boolean serverAdmin) {
    }

    void insertAccount(Handle h, String id, String email, String passwordHash, boolean serverAdmin, long now) {
        h.createUpdate("INSERT INTO accounts (id, email, password_hash, server_admin, created_at) "
                        + "VALUES (:id, :email, :hash, :admin, :now)")
                .bind("id", id).bind("email", email).bind("hash", passwordHash).bind("admin", serverAdmin)
                .bind("now", now).execute();
    }

    /** A membership of an existing account. */
    void insert(Handle h, Agent agent) {
        h.createUpdate("""
                        INSERT INTO agents (id, workspace_id, account_id, name, role, active, created_at)
                        VALUES (:id, :ws, :account, :name, :role, :active, :created)""")
                .bind("id", agent.id()).bind("ws", agent.workspaceId()).bind("account", agent.accountId())
                .bind("name", agent.name()).bind("role", agent.role().name())
                .bind("active", agent.active()).bind("created", agent.createdAt())
                .execute();
    }

    Optional<Account> findAccountByEmail(Handle h, String email) {
        return h.createQuery("SELECT id, email, password_hash, server_admin FROM accounts WHERE email = :email")
                .bind("email", email)
                .map((rs, ctx) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .findOne();
    }

    Optional<Account> findAccount(Handle h, String accountId) {
        return h.createQuery("SELECT id, email, password_hash, server_admin FROM accounts WHERE id = :id")
                .bind("id", accountId)
                .map((rs, ctx) -> new Account(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .findOne();
    }

    void updatePassword(Handle h, String accountId, String hash) {
        h.createUpdate("UPDATE accounts SET password_hash = :hash WHERE id = :id")
                .bind("hash", hash).bind("id", accountId).execute();
    }

    /** Every workspace of the account, oldest membership first. */
    List<Membership> memberships(Handle h, String accountId) {
        return h.createQuery("SELECT a.id, a.workspace_id, w.name, a.role, a.active, w.disabled_at FROM agents a "
                        + "JOIN workspaces w ON w.id = a.workspace_id WHERE a.account_id = :account ORDER BY a.created_at")
                .bind("account", accountId)
                .map((rs, ctx) -> new Membership(rs.getString(1), rs.getString(2), rs.getString(3),
                        Role.valueOf(rs.getString(4)), rs.getBoolean(5), rs.getObject(6) != null))
                .list();
    }

    Optional<Agent> findMembership(Handle h, String accountId, String workspaceId) {
        return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE a.account_id = :account AND a.workspace_id = :ws")
                .bind("account", accountId).bind("ws", workspaceId).map(AGENT).findOne();
    }

    Optional<Agent> find(Handle h, String workspaceId, String agentId) {
        return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE a.workspace_id = :ws AND a.id = :id")
                .bind("ws", workspaceId).bind("id", agentId).map(AGENT).findOne();
    }

    List<Agent> list(Handle h, String workspaceId) {
        return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE a.workspace_id = :ws ORDER BY a.name")
                .bind("ws", workspaceId).map(AGENT).list();
    }

    void insertSession(Handle h, String tokenHash, Agent agent, long now, long expiresAt) {
        h.createUpdate("""
                        INSERT INTO agent_sessions (token_hash, workspace_id, agent_id, created_at, expires_at)
                        VALUES (:hash, :ws, :agent, :now, :expires)""")
                .bind("hash", tokenHash).bind("ws", agent.workspaceId()).bind("agent", agent.id())
                .bind("now", now).bind("expires", expiresAt).execute();
    }

    /** The session's agent while its membership is active and its workspace is not disabled. */
    Optional<Agent> findBySession(Handle h, String tokenHash, long now) {
        return h.createQuery("SELECT " + COLUMNS + " FROM agent_sessions s "
                        + "JOIN agents a ON a.id = s.agent_id AND a.workspace_id = s.workspace_id "
                        + "JOIN accounts ac ON ac.id = a.account_id "
                        + "JOIN workspaces w ON w.id = a.workspace_id AND w.disabled_at IS NULL "
                        + "WHERE s.token_hash = :hash AND s.expires_at > :now AND a.active = :active")
                .bind("hash", tokenHash).bind("now", now).bind("active", true).map(AGENT).findOne();
    }

    void deleteSession(Handle h, String tokenHash) {
        h.createUpdate("DELETE FROM agent_sessions WHERE token_hash = :hash").bind("hash", tokenHash).execute();
    }

    void deleteSessions(Handle h, String workspaceId, String agentId) {
        h.createUpdate("DELETE FROM agent_sessions WHERE workspace_id = :ws AND agent_id = :agent")
                .bind("ws", workspaceId).bind("agent", agentId).execute();
    }

    /** Ends the account's sessions in every workspace; returns the memberships whose sessions ended. */
    List<Agent> deleteAccountSessions(Handle h, String accountId) {
        List<Agent> members = h.createQuery("SELECT " + COLUMNS + FROM + " WHERE a.account_id = :account")
                .bind("account", accountId).map(AGENT).list();
        h.createUpdate("DELETE FROM agent_sessions WHERE agent_id IN (SELECT id FROM agents WHERE account_id = :account)")
                .bind("account", accountId).execute();
        return members;
    }

    void insertApiKey(Handle h, ApiKey key, String keyHash) {
        h.createUpdate("""
                        INSERT INTO api_keys (id, workspace_id, name, key_hash, key_prefix, created_at)
                        VALUES (:id, :ws, :name, :hash, :prefix, :created)""")
                .bind("id", key.id()).bind("ws", key.workspaceId()).bind("name", key.name())
                .bind("hash", keyHash).bind("prefix", key.prefix()).bind("created", key.createdAt()).execute();
    }

    Optional<ApiKey> findApiKey(Handle h, String keyHash) {
        return h.createQuery("SELECT k.id, k.workspace_id, k.name, k.key_prefix, k.created_at FROM api_keys k "
                        + "JOIN workspaces w ON w.id = k.workspace_id AND w.disabled_at IS NULL "
                        + "WHERE k.key_hash = :hash AND k.revoked_at IS NULL")
                .bind("hash", keyHash)
                .map((rs, ctx) -> new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)))
                .findOne();
    }

    List<ApiKey> listApiKeys(Handle h, String workspaceId) {
        return h.createQuery("SELECT id, workspace_id, name, key_prefix, created_at FROM api_keys "
                        + "WHERE workspace_id = :ws AND revoked_at IS NULL ORDER BY created_at")
                .bind("ws", workspaceId)
                .map((rs, ctx) -> new ApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5)))
                .list();
    }

    int revokeApiKey(Handle h, String workspaceId, String id, long now) {
        return h.createUpdate("UPDATE api_keys SET revoked_at = :now WHERE workspace_id = :ws AND id = :id AND revoked_at IS NULL")
                .bind("now", now).bind("ws", workspaceId).bind("id", id).execute();
    }

    Optional<AgentSettings> findSettings(Handle h, String workspaceId, String agentId) {
        return h.createQuery("SELECT presence, notifications FROM agents WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", agentId)
                .map((rs, ctx) -> new AgentSettings(rs.getString(1), AgentSettings.Notifications.parse(rs.getString(2))))
                .findOne();
    }

    void updateProfile(Handle h, String workspaceId, String agentId, String name, String presence, String notifications) {
        h.createUpdate("UPDATE agents SET name = :name, presence = :presence, notifications = :notifications "
                        + "WHERE workspace_id = :ws AND id = :id")
                .bind("name", name).bind("presence", presence).bind("notifications", notifications)
                .bind("ws", workspaceId).bind("id", agentId).execute();
    }

    void updateRoleAndActive(Handle h, String workspaceId, String agentId, Role role, boolean active) {
        h.createUpdate("UPDATE agents SET role = :role, active = :active WHERE workspace_id = :ws AND id = :id")
                .bind("role", role.name()).bind("active", active).bind("ws", workspaceId).bind("id", agentId).execute();
    }

    long countOwners(Handle h) {
        return h.createQuery("SELECT COUNT(*) FROM agents WHERE role = :role").bind("role", Role.OWNER.name())
                .mapTo(Long.class).one();
    }

    int countActiveOwners(Handle h, String workspaceId) {
        return h.createQuery("SELECT COUNT(*) FROM agents WHERE workspace_id = :ws AND role = :role AND active = :active")
                .bind("ws", workspaceId).bind("role", Role.OWNER.name()).bind("active", true).mapTo(Integer.class).one();
    }

    /** The membership of the account with this email in this workspace. */
    Optional<Agent> findByEmail(Handle h, String workspaceId, String email) {
        return h.createQuery("SELECT " + COLUMNS + FROM + " WHERE ac.email = :email AND a.workspace_id = :ws")
                .bind("email", email).bind("ws", workspaceId).map(AGENT).findOne();
    }
}
