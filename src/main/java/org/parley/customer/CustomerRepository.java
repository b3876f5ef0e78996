package org.parley.customer;

import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;

/** SQL of customers, their sessions and their single-use sign-in links; token columns hold digests only. */
final class CustomerRepository {
    static final String MAGIC = "magic";
    static final String CONTINUE = "continue";

    /** A sign-in link as stored. {@code contactId}/{@code workspaceId}/{@code conversationId} may be null. */
    record Link(String tokenHash, String email, String contactId, String workspaceId, String conversationId,
                String purpose, long createdAt, long expiresAt, Long usedAt) {
    }

    private static final RowMapper<Customer> CUSTOMER = (rs, ctx) -> new Customer(rs.getString(1), rs.getString(2), rs.getLong(3));

    /** The customer of {@code email}, created when missing (two sign-ins at once make one row). */
    Customer upsert(Handle h, String id, String email, long now) {
        h.createUpdate("INSERT INTO customers (id, email, created_at) VALUES (:id, :email, :now) ON CONFLICT (email) DO NOTHING")
                .bind("id", id).bind("email", email).bind("now", now).execute();
        return findByEmail(h, email).orElseThrow();
    }

    Optional<Customer> findByEmail(Handle h, String email) {
        return h.createQuery("SELECT id, email, created_at FROM customers WHERE email = :email")
                .bind("email", email).map(CUSTOMER).findOne();
    }

    void insertSession(Handle h, String tokenHash, String customerId, long now, long expiresAt) {
        h.createUpdate("INSERT INTO customer_sessions (token_hash, customer_id, created_at, expires_at) "
                        + "VALUES (:hash, :customer, :now, :expires)")
                .bind("hash", tokenHash).bind("customer", customerId).bind("now", now).bind("expires", expiresAt).execute();
    }

    Optional<Customer> findBySession(Handle h, String tokenHash, long now) {
        return h.createQuery("SELECT c.id, c.email, c.created_at FROM customer_sessions s JOIN customers c ON c.id = s.customer_id "
                        + "WHERE s.token_hash = :hash AND s.expires_at > :now")
                .bind("hash", tokenHash).bind("now", now).map(CUSTOMER).findOne();
    }

    void deleteSession(Handle h, String tokenHash) {
        h.createUpdate("DELETE FROM customer_sessions WHERE token_hash = :hash").bind("hash", tokenHash).execute();
    }

    void insertLink(Handle h, Link link) {
        h.createUpdate("""
                        INSERT INTO customer_links (token_hash, email, contact_id, workspace_id, conversation_id, purpose,
                            created_at, expires_at)
                        VALUES (:hash, :email, :contact, :ws, :conversation, :purpose, :now, :expires)""")
                .bind("hash", link.tokenHash()).bind("email", link.email()).bind("contact", link.contactId())
                .bind("ws", link.workspaceId()).bind("conversation", link.conversationId()).bind("purpose", link.purpose())
                .bind("now", link.createdAt()).bind("expires", link.expiresAt()).execute();
    }

    Optional<Link> findLink(Handle h, String tokenHash) {
        return h.createQuery("SELECT token_hash, email, contact_id, workspace_id, conversation_id, purpose, created_at, "
                        + "expires_at, used_at FROM customer_links WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> new Link(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), rs.getLong(8), nullableLong(rs, 9)))
                .findOne();
    }

    /** Spends the link; false when it was already spent (or expired) meanwhile: single use under races too. */
    boolean useLink(Handle h, String tokenHash, long now) {
        return h.createUpdate("UPDATE customer_links SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL "
                        + "AND expires_at > :now")
                .bind("now", now).bind("hash", tokenHash).execute() == 1;
    }

    /** A push link: the contact and conversation it opens (docs/customer.md). */
    record PushLink(String workspaceId, String contactId, String conversationId) {
    }

    void insertPushLink(Handle h, String tokenHash, PushLink link, long now, long expiresAt) {
        h.createUpdate("""
                        INSERT INTO push_links (token_hash, workspace_id, contact_id, conversation_id, created_at, expires_at)
                        VALUES (:hash, :ws, :contact, :conversation, :now, :expires)""")
                .bind("hash", tokenHash).bind("ws", link.workspaceId()).bind("contact", link.contactId())
                .bind("conversation", link.conversationId()).bind("now", now).bind("expires", expiresAt).execute();
    }

    Optional<PushLink> findPushLink(Handle h, String tokenHash, long now) {
        return h.createQuery("SELECT workspace_id, contact_id, conversation_id FROM push_links "
                        + "WHERE token_hash = :hash AND used_at IS NULL AND expires_at > :now")
                .bind("hash", tokenHash).bind("now", now)
                .map((rs, ctx) -> new PushLink(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne();
    }

    /** Spends a push link; false when it was spent (or expired) meanwhile. */
    boolean usePushLink(Handle h, String tokenHash, long now) {
        return h.createUpdate("UPDATE push_links SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL "
                        + "AND expires_at > :now")
                .bind("now", now).bind("hash", tokenHash).execute() == 1;
    }

    int countRecentMagicLinks(Handle h, String email, long since) {
        return h.createQuery("SELECT COUNT(*) FROM customer_links WHERE email = :email AND purpose = 'magic' AND created_at > :since")
                .bind("email", email).bind("since", since).mapTo(Integer.class).one();
    }

    /** SQLite's driver cannot read NULL as a Long object. */
    private static Long nullableLong(java.sql.ResultSet rs, int column) throws java.sql.SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }
}
