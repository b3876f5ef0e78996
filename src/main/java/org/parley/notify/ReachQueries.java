package org.parley.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.parley.storage.Database;

/**
 * How a reply would reach the customer of each conversation now, for the agent before they press Send:
 * live (on the site), by web push, by email (verified or only typed), or not at all. Read-only; agents of
 * the workspace only.
 */
public final class ReachQueries {
    static final int MAX_IDS = 100;

    /** One conversation's reach; {@code next} is "live", "push_and_email", "push", "email" or "none". */
    public record Reach(String conversationId, String contactId, boolean present, Long leftAt, String email,
                        boolean emailVerified, boolean emailOn, int pushSubscriptions, boolean pushOn, String next) {
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("conversation_id", conversationId);
            json.put("contact_id", contactId);
            json.put("present", present);
            json.put("left_at", leftAt);
            Map<String, Object> mail = null;
            if (email != null) {
                mail = new LinkedHashMap<>();
                mail.put("address", email);
                mail.put("verified", emailVerified);
                mail.put("on", emailOn);
            }
            json.put("email", mail);
            json.put("push", Map.of("subscriptions", pushSubscriptions, "on", pushOn));
            json.put("next", next);
            return json;
        }
    }

    private final Database db;
    private final VisitorPresence presence;

    public ReachQueries(Database db, VisitorPresence presence) {
        this.db = db;
        this.presence = presence;
    }

    /** The reach of the workspace's conversations among {@code ids} (others are left out). */
    public List<Reach> reach(String workspaceId, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return db.read(h -> h.createQuery("""
                        SELECT c.id, k.id, k.email, k.email_verified_at, k.notify_email, k.notify_push,
                               (SELECT COUNT(*) FROM push_subscriptions p WHERE p.workspace_id = c.workspace_id
                                       AND p.contact_id = k.id) AS subscriptions,
                               (SELECT MAX(a.occurred_at) FROM visitor_activity a JOIN visitors v ON v.id = a.visitor_id
                                       WHERE a.workspace_id = c.workspace_id AND v.workspace_id = c.workspace_id
                                       AND v.contact_id = k.id) AS last_activity
                        FROM conversations c JOIN contacts k ON k.id = c.contact_id AND k.workspace_id = c.workspace_id
                        WHERE c.workspace_id = :ws AND c.id IN (<ids>)""")
                .bind("ws", workspaceId)
                .bindList("ids", ids)
                .map((rs, ctx) -> {
                    String contactId = rs.getString(2);
                    String email = rs.getString(3);
                    rs.getLong(4);
                    boolean verified = !rs.wasNull();
                    boolean emailOn = rs.getBoolean(5);
                    boolean pushOn = rs.getBoolean(6);
                    int subscriptions = rs.getInt(7);
                    long lastActivity = rs.getLong(8);
                    Long lastSeen = rs.wasNull() ? null : lastActivity;
                    boolean present = presence.isPresent(workspaceId, contactId);
                    Long leftAt = present ? null : presence.leftAt(workspaceId, contactId);
                    if (!present && leftAt == null) {
                        leftAt = lastSeen; // a node restarted since: the last page view or event is the best we know
                    }
                    boolean byEmail = email != null && !email.isBlank() && emailOn;
                    boolean byPush = pushOn && subscriptions > 0;
                    String next = present ? "live" : byPush && byEmail ? "push_and_email" : byPush ? "push" : byEmail ? "email" : "none";
                    return new Reach(rs.getString(1), contactId, present, leftAt, email, verified, emailOn, subscriptions,
                            pushOn, next);
                })
                .list());
    }
}
