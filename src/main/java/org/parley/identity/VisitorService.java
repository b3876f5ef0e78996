package org.parley.identity;

import java.time.Clock;
import java.util.Optional;
import org.parley.contact.Contact;
import org.parley.contact.ContactService;
import org.parley.http.ApiError;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.parley.storage.Secrets;

/**
 * Visitor tokens: 256 random bits issued by the server on first contact. A token proposed by the
 * client is honoured only if the server issued it for the same workspace; otherwise a new one is made.
 */
public final class VisitorService {
    /** A started or resumed session; {@code token} is what the widget keeps. */
    public record VisitorSession(String token, VisitorPrincipal principal, boolean resumed) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final ContactService contacts;

    public VisitorService(Database db, Ids ids, Clock clock, ContactService contacts) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.contacts = contacts;
    }

    /** Resumes the proposed token's session, or makes a new visitor ({@code beforeCreate} may refuse: rate limits). */
    public VisitorSession start(String workspaceId, String proposedToken, Runnable beforeCreate) {
        Optional<VisitorPrincipal> existing = authenticate(proposedToken).filter(p -> p.workspaceId().equals(workspaceId));
        if (existing.isPresent()) {
            touch(existing.get());
            return new VisitorSession(proposedToken, existing.get(), true);
        }
        beforeCreate.run();
        Contact contact = contacts.create(workspaceId);
        String token = ids.newToken("vt_");
        String visitorId = ids.newId();
        long now = clock.millis();
        db.write(workspaceId, h -> h.createUpdate("""
                        INSERT INTO visitors (id, workspace_id, contact_id, token_hash, created_at, last_seen_at)
                        VALUES (:id, :ws, :contact, :hash, :now, :now)""")
                .bind("id", visitorId).bind("ws", workspaceId).bind("contact", contact.id())
                .bind("hash", Secrets.digest(token)).bind("now", now).execute());
        return new VisitorSession(token, new VisitorPrincipal(workspaceId, visitorId, contact.id()), false);
    }

    /**
     * A new visitor (browser) of an existing contact: the customer inbox at /me chats as the customer's
     * contact (docs/customer.md). The caller has checked that the contact is theirs.
     */
    public VisitorSession startForContact(String workspaceId, String contactId) {
        String token = ids.newToken("vt_");
        String visitorId = ids.newId();
        long now = clock.millis();
        db.write(workspaceId, h -> h.createUpdate("""
                        INSERT INTO visitors (id, workspace_id, contact_id, token_hash, created_at, last_seen_at)
                        VALUES (:id, :ws, :contact, :hash, :now, :now)""")
                .bind("id", visitorId).bind("ws", workspaceId).bind("contact", contactId)
                .bind("hash", Secrets.digest(token)).bind("now", now).execute());
        return new VisitorSession(token, new VisitorPrincipal(workspaceId, visitorId, contactId), false);
    }

    public Optional<VisitorPrincipal> authenticate(String token) {
        if (token == null || !token.startsWith("vt_") || token.length() > 100) {
            return Optional.empty();
        }
        return db.read(h -> h.createQuery("SELECT v.workspace_id, v.id, v.contact_id FROM visitors v "
                        + "JOIN workspaces w ON w.id = v.workspace_id AND w.disabled_at IS NULL WHERE v.token_hash = :hash")
                .bind("hash", Secrets.digest(token))
                .map((rs, ctx) -> new VisitorPrincipal(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    /** The visitor (browser) by id within the workspace, as the server knows it without its token (live visitors). */
    public Optional<VisitorPrincipal> find(String workspaceId, String visitorId) {
        return db.read(h -> h.createQuery("SELECT workspace_id, id, contact_id FROM visitors WHERE workspace_id = :ws AND id = :id")
                .bind("ws", workspaceId).bind("id", visitorId)
                .map((rs, ctx) -> new VisitorPrincipal(rs.getString(1), rs.getString(2), rs.getString(3)))
                .findOne());
    }

    public VisitorPrincipal require(String token) {
        return authenticate(token).orElseThrow(() -> ApiError.unauthorized("Unknown visitor token"));
    }

    private void touch(VisitorPrincipal visitor) {
        db.write(visitor.workspaceId(), h -> h.createUpdate("UPDATE visitors SET last_seen_at = :now WHERE workspace_id = :ws AND id = :id")
                .bind("now", clock.millis()).bind("ws", visitor.workspaceId()).bind("id", visitor.visitorId()).execute());
    }
}
