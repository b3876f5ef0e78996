package org.parley.instance;

import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for sign-up links: only the token's digest is stored; a link is used once. */
final class SignupLinks {
    record Link(String tokenHash, String email, long expiresAt, Long usedAt) {
    }

    void insert(Handle h, String tokenHash, String email, String invitedBy, long now, long expiresAt) {
        h.createUpdate("INSERT INTO signup_links (token_hash, email, invited_by, created_at, expires_at) "
                        + "VALUES (:hash, :email, :by, :now, :expires)")
                .bind("hash", tokenHash).bind("email", email).bind("by", invitedBy).bind("now", now)
                .bind("expires", expiresAt).execute();
    }

    Optional<Link> find(Handle h, String tokenHash) {
        return h.createQuery("SELECT token_hash, email, expires_at, used_at FROM signup_links WHERE token_hash = :hash")
                .bind("hash", tokenHash)
                .map((rs, ctx) -> {
                    long used = rs.getLong(4);
                    Long usedAt = rs.wasNull() ? null : used; // before any other column is read
                    return new Link(rs.getString(1), rs.getString(2), rs.getLong(3), usedAt);
                })
                .findOne();
    }

    /** 1 when the link was unused and is now spent; 0 when someone spent it first. */
    int use(Handle h, String tokenHash, long now) {
        return h.createUpdate("UPDATE signup_links SET used_at = :now WHERE token_hash = :hash AND used_at IS NULL")
                .bind("now", now).bind("hash", tokenHash).execute();
    }
}
