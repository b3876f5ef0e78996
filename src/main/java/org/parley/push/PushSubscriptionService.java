package org.parley.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.parley.http.ApiError;
import org.parley.identity.VisitorPrincipal;
import org.parley.outbound.OutboundRefused;
import org.parley.outbound.UrlGuard;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/**
 * The one write path for push subscriptions. A subscription belongs to one contact of one workspace;
 * each workspace has its own row for an endpoint (the same browser can turn notifications on in two
 * workspaces of this server, and one never takes the other's). Posting an endpoint again updates it
 * (idempotent). Within a workspace an endpoint another contact holds moves to the caller only when the
 * caller posts the same keys: the keys come from the browser's own PushSubscription, so only that
 * browser (a new visitor of it, after a reset or a sign-in) can show them. Anyone else gets 409 and the
 * holder keeps it: an endpoint seen elsewhere (a log, a shared device's history) takes no pushes away.
 */
public final class PushSubscriptionService {
    static final int MAX_ENDPOINT_BYTES = 2048;
    /** Per contact; the oldest go first. */
    static final int MAX_PER_CONTACT = 10;

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    /** Where Parley may send pushes; checked here on the text, and again by WebPushChannel at each send. */
    private final UrlGuard guard;

    public PushSubscriptionService(Database db, Ids ids, Clock clock, UrlGuard guard) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.guard = guard;
    }

    public void subscribe(VisitorPrincipal visitor, String endpoint, String p256dh, String auth) {
        String checked = validEndpoint(endpoint);
        byte[] point = P256.fromBase64Url(p256dh);
        if (point == null || !P256.isValidPoint(point)) {
            throw ApiError.badRequest("Field 'keys.p256dh' must be a base64url uncompressed P-256 point (65 bytes)");
        }
        byte[] secret = P256.fromBase64Url(auth);
        if (secret == null || secret.length != 16) {
            throw ApiError.badRequest("Field 'keys.auth' must be 16 bytes, base64url");
        }
        // Stored in the canonical form (no padding) so the same key always compares equal.
        String key = P256.base64Url(point);
        String authSecret = P256.base64Url(secret);
        String ws = visitor.workspaceId();
        String contact = visitor.contactId();
        boolean stored = db.write(ws, h -> {
            // One statement decides, so two posts racing for an endpoint cannot both win: the row's own contact
            // updates its keys, another contact takes it only with the same keys, anyone else changes nothing.
            int changed = h.createUpdate("""
                            INSERT INTO push_subscriptions (id, workspace_id, contact_id, endpoint, p256dh, auth, created_at)
                            VALUES (:id, :ws, :contact, :endpoint, :p256dh, :auth, :now)
                            ON CONFLICT (workspace_id, endpoint) DO UPDATE SET contact_id = excluded.contact_id,
                                p256dh = excluded.p256dh, auth = excluded.auth
                            WHERE push_subscriptions.contact_id = excluded.contact_id
                               OR (push_subscriptions.p256dh = excluded.p256dh AND push_subscriptions.auth = excluded.auth)""")
                    .bind("id", ids.newId()).bind("ws", ws).bind("contact", contact).bind("endpoint", checked)
                    .bind("p256dh", key).bind("auth", authSecret).bind("now", clock.millis()).execute();
            if (changed == 0) {
                return false;
            }
            h.createUpdate("""
                            DELETE FROM push_subscriptions WHERE workspace_id = :ws AND contact_id = :contact
                              AND id NOT IN (SELECT id FROM push_subscriptions WHERE workspace_id = :ws AND contact_id = :contact
                                             ORDER BY created_at DESC, id DESC LIMIT :max)""")
                    .bind("ws", ws).bind("contact", contact).bind("max", MAX_PER_CONTACT).execute();
            return true;
        });
        if (!stored) {
            throw ApiError.conflict("This endpoint is subscribed for another visitor of this workspace; only the same "
                    + "browser (the same keys) can move it");
        }
    }

    /** Removes the endpoint if it is the contact's; another contact's endpoint is left alone (and nobody learns it exists). */
    public void unsubscribe(VisitorPrincipal visitor, String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            throw ApiError.badRequest("Field 'endpoint' is required");
        }
        db.write(visitor.workspaceId(), h -> h.createUpdate(
                        "DELETE FROM push_subscriptions WHERE workspace_id = :ws AND contact_id = :contact AND endpoint = :endpoint")
                .bind("ws", visitor.workspaceId()).bind("contact", visitor.contactId()).bind("endpoint", endpoint).execute());
    }

    List<PushSubscription> listForContact(String workspaceId, String contactId) {
        return db.read(h -> h.createQuery("""
                        SELECT id, workspace_id, contact_id, endpoint, p256dh, auth, created_at, last_success_at
                        FROM push_subscriptions WHERE workspace_id = :ws AND contact_id = :contact ORDER BY created_at, id""")
                .bind("ws", workspaceId).bind("contact", contactId)
                .map((rs, ctx) -> new PushSubscription(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7), lastSuccess(rs)))
                .list());
    }

    private static Long lastSuccess(java.sql.ResultSet rs) throws java.sql.SQLException {
        long value = rs.getLong(8);
        return rs.wasNull() ? null : value;
    }

    /** The push service said the subscription is gone (404, 410). Only if it still has the keys we used. */
    void delete(PushSubscription s) {
        db.write(s.workspaceId(), h -> h.createUpdate("DELETE FROM push_subscriptions WHERE id = :id AND endpoint = :endpoint")
                .bind("id", s.id()).bind("endpoint", s.endpoint()).execute());
    }

    void markSuccess(PushSubscription s) {
        db.write(s.workspaceId(), h -> h.createUpdate("UPDATE push_subscriptions SET last_success_at = :now WHERE id = :id")
                .bind("now", clock.millis()).bind("id", s.id()).execute());
    }

    /**
     * An absolute URL of at most 2 KB without fragment that the outbound guard's text check accepts: https,
     * no user info, no private or loopback IP literal, no localhost or single-label name (docs/outbound.md).
     * This answers a clear 400 early; the guard's check at each send, which resolves the name, is the real one.
     */
    String validEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isEmpty()) {
            throw ApiError.badRequest("Field 'endpoint' is required");
        }
        if (endpoint.getBytes(StandardCharsets.UTF_8).length > MAX_ENDPOINT_BYTES) {
            throw ApiError.badRequest("Field 'endpoint' must be at most 2 KB");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw ApiError.badRequest("Field 'endpoint' must be a URL");
        }
        if (uri.getRawFragment() != null) {
            throw ApiError.badRequest("Field 'endpoint' must not have a fragment");
        }
        try {
            guard.checkText(uri);
        } catch (OutboundRefused e) {
            throw ApiError.badRequest("Field 'endpoint' " + e.getMessage());
        }
        return endpoint;
    }
}
