package org.parley.live;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import java.util.Map;
import org.parley.activity.ActivityEvent;
import org.parley.http.Json;
import org.parley.storage.Database;

/**
 * The visit history from the stored activity (table {@code visitor_activity}, written by the activity feature):
 * by the browser's anonymous id or its visitor, one indexed query when a browser shows up in the registry.
 * TODO(issue 14): read it through the activity feature's service once it offers a query by anonymous id.
 */
public final class ActivityHistory implements VisitHistory {
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private final Database db;

    public ActivityHistory(Database db) {
        this.db = db;
    }

    @Override
    public List<ActivityEvent> before(Browser browser, long before, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT kind, url, title, referrer, utm, ref, occurred_at FROM visitor_activity
                        WHERE workspace_id = :ws AND (anon_id = :anon OR visitor_id = :visitor) AND occurred_at < :before
                        ORDER BY occurred_at DESC LIMIT :limit""")
                .bind("ws", browser.workspaceId()).bind("anon", browser.anonId()).bind("visitor", browser.visitorId())
                .bind("before", before).bind("limit", limit)
                .map((rs, ctx) -> new ActivityEvent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        utm(rs.getString(5)), rs.getString(6), null, null, rs.getLong(7)))
                .list());
    }

    private static Map<String, String> utm(String json) {
        if (json == null) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(json, STRINGS);
        } catch (Exception e) {
            return null; // a corrupt row costs the source, never the live list
        }
    }
}
