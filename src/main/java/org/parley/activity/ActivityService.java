package org.parley.activity;

import com.fasterxml.jackson.core.type.TypeReference;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.parley.eventbus.EventBus;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.VisitorPrincipal;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/** Records what visitors do on the site and shows agents where a visitor is and has been. */
public final class ActivityService {
    public static final int MAX_EVENTS = 20;
    /** The loader's first-party analytics id of a browser (docs/widget.md, "Page activity"). */
    private static final Pattern ANON_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");
    private static final Set<String> UTM_KEYS = Set.of("source", "medium", "campaign", "term", "content");
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OBJECTS = new TypeReference<>() { };

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final EventBus bus;

    public ActivityService(Database db, Ids ids, Clock clock, EventBus bus) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.bus = bus;
    }

    public void record(VisitorPrincipal visitor, List<ActivityEvent> events, String userAgent) {
        record(visitor.workspaceId(), null, visitor.visitorId(), events, userAgent);
    }

    /** Stores a beacon's events for a browser ({@code anonId}) and, with a session, its visitor (else null). */
    public void record(String workspaceId, String anonId, String visitorId, List<ActivityEvent> events, String userAgent) {
        if (events == null || events.isEmpty() || events.size() > MAX_EVENTS) {
            throw ApiError.badRequest("Field 'events' must hold 1-" + MAX_EVENTS + " events");
        }
        events.forEach(ActivityService::validate);
        long now = clock.millis();
        String agent = userAgent == null ? null : truncate(userAgent, 400);
        // A client clock may be off: keep its order but never let it claim the future. A page view without
        // utm gets the one of its URL's utm_* parameters (the loader leaves that to the server: its size budget).
        List<ActivityEvent> stored = events.stream().map(e -> new ActivityEvent(e.type(), e.url(), e.title(), e.referrer(),
                e.utm() == null && e.type().equals("page_view") ? utmOf(e.url()) : e.utm(), e.ref(), e.name(), e.props(),
                e.at() == null ? now : Math.min(e.at(), now))).toList();
        db.write(workspaceId, h -> {
            var batch = h.prepareBatch("""
                    INSERT INTO visitor_activity (id, workspace_id, visitor_id, anon_id, kind, url, title, referrer, utm, ref,
                        name, props, user_agent, occurred_at, received_at)
                    VALUES (:id, :ws, :visitor, :anon, :kind, :url, :title, :referrer, :utm, :ref, :name, :props, :ua, :at,
                        :now)""");
            for (ActivityEvent e : stored) {
                long at = e.at();
                batch.bind("id", ids.newId()).bind("ws", workspaceId).bind("visitor", visitorId).bind("anon", anonId)
                        .bind("kind", e.type()).bind("url", e.url()).bind("title", e.title()).bind("referrer", e.referrer())
                        .bind("utm", e.utm() == null ? null : Json.write(e.utm())).bind("ref", e.ref()).bind("name", e.name())
                        .bind("props", e.props() == null ? null : Json.write(e.props())).bind("ua", agent)
                        .bind("at", at).bind("now", now).add();
            }
            return batch.execute();
        });
        bus.publish(new ActivityRecorded(workspaceId, anonId, visitorId, stored, agent, now));
    }

    /** {@code value} when it is shaped like the loader's analytics id, else a 400 naming {@code field}. */
    public static String requireAnonId(String field, String value) {
        if (value == null || !ANON_ID.matcher(value).matches()) {
            throw ApiError.badRequest("Field '" + field + "' must be 16-64 characters of A-Z, a-z, 0-9, '_' and '-'");
        }
        return value;
    }

    /**
     * The browser got a visitor session: what it reported before (rows of its analytics id with no visitor
     * yet) becomes that visitor's, so agents see the pages seen before the chat. Returns the rows linked.
     */
    public int link(String workspaceId, String anonId, String visitorId) {
        return db.write(workspaceId, h -> h.createUpdate("""
                        UPDATE visitor_activity SET visitor_id = :visitor
                        WHERE workspace_id = :ws AND anon_id = :anon AND visitor_id IS NULL""")
                .bind("visitor", visitorId).bind("ws", workspaceId).bind("anon", anonId).execute());
    }

    /**
     * Consent withdrawn with {@code forget}: deletes the workspace's activity of the browser's analytics id and,
     * when the browser has a visitor session ({@code visitorId} not null), that visitor's. Returns the rows deleted.
     */
    public int forget(String workspaceId, String anonId, String visitorId) {
        return db.write(workspaceId, h -> {
            var delete = h.createUpdate("DELETE FROM visitor_activity WHERE workspace_id = :ws AND "
                    + (visitorId == null ? "anon_id = :anon" : "(anon_id = :anon OR visitor_id = :visitor)"));
            if (visitorId != null) {
                delete.bind("visitor", visitorId);
            }
            return delete.bind("ws", workspaceId).bind("anon", anonId).execute();
        });
    }

    /** The visitor's latest activity, newest first. */
    public List<Map<String, Object>> recent(String workspaceId, String visitorId, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT kind, url, title, referrer, utm, ref, name, props, user_agent, occurred_at
                        FROM visitor_activity WHERE workspace_id = :ws AND visitor_id = :visitor
                        ORDER BY occurred_at DESC, id DESC LIMIT :limit""")
                .bind("ws", workspaceId).bind("visitor", visitorId).bind("limit", limit)
                .map((rs, ctx) -> {
                    Map<String, Object> row = new java.util.LinkedHashMap<>();
                    row.put("type", rs.getString(1));
                    putIfPresent(row, "url", rs.getString(2));
                    putIfPresent(row, "title", rs.getString(3));
                    putIfPresent(row, "referrer", rs.getString(4));
                    String utm = rs.getString(5);
                    if (utm != null) {
                        row.put("utm", parse(utm, STRINGS));
                    }
                    putIfPresent(row, "ref", rs.getString(6));
                    putIfPresent(row, "name", rs.getString(7));
                    String props = rs.getString(8);
                    if (props != null) {
                        row.put("props", parse(props, OBJECTS));
                    }
                    putIfPresent(row, "user_agent", rs.getString(9));
                    row.put("at", rs.getLong(10));
                    return row;
                }).list());
    }

    private record FirstActivity(String referrer, String utm, long at) {
    }

    /** The visitor's summary from their first and latest activity; empty when they have reported none. */
    public java.util.Optional<VisitorSummary> summary(String workspaceId, String visitorId) {
        return db.read(h -> {
            var first = h.createQuery("""
                            SELECT referrer, utm, occurred_at FROM visitor_activity
                            WHERE workspace_id = :ws AND visitor_id = :visitor
                            ORDER BY occurred_at ASC, id ASC LIMIT 1""")
                    .bind("ws", workspaceId).bind("visitor", visitorId)
                    .map((rs, ctx) -> new FirstActivity(rs.getString(1), rs.getString(2), rs.getLong(3))).findOne();
            if (first.isEmpty()) {
                return java.util.Optional.<VisitorSummary>empty();
            }
            long lastSeenAt = h.createQuery("SELECT MAX(occurred_at) FROM visitor_activity "
                            + "WHERE workspace_id = :ws AND visitor_id = :visitor")
                    .bind("ws", workspaceId).bind("visitor", visitorId).mapTo(Long.class).one();
            String userAgent = h.createQuery("""
                            SELECT user_agent FROM visitor_activity
                            WHERE workspace_id = :ws AND visitor_id = :visitor AND user_agent IS NOT NULL
                            ORDER BY occurred_at DESC, id DESC LIMIT 1""")
                    .bind("ws", workspaceId).bind("visitor", visitorId).mapTo(String.class).findOne().orElse("");
            String referrer = first.get().referrer();
            Map<String, String> utm = first.get().utm() == null ? null : parse(first.get().utm(), STRINGS);
            UserAgent parsed = UserAgent.parse(userAgent);
            return java.util.Optional.of(new VisitorSummary(parsed.browser(), parsed.os(), parsed.device(), userAgent,
                    referrer == null || referrer.isEmpty() ? null : referrer, utm == null || utm.isEmpty() ? null : utm,
                    first.get().at(), lastSeenAt));
        });
    }

    private static void validate(ActivityEvent e) {
        if (e == null || e.type() == null) {
            throw ApiError.badRequest("Every event needs a 'type'");
        }
        switch (e.type()) {
            case "page_view" -> {
                if (e.url() == null || !isWebUrl(e.url())) {
                    throw ApiError.badRequest("A page_view needs an http(s) 'url'");
                }
                if (e.name() != null || e.props() != null) {
                    throw ApiError.badRequest("A page_view has no 'name' or 'props'");
                }
            }
            case "track" -> {
                if (e.name() == null || e.name().isBlank() || e.name().length() > 100) {
                    throw ApiError.badRequest("A track event needs a 'name' of 1-100 characters");
                }
                if (e.props() != null && Json.write(e.props()).length() > 4000) {
                    throw ApiError.tooLarge("Event 'props' must be under 4,000 characters of JSON");
                }
            }
            default -> throw ApiError.badRequest("Event 'type' must be page_view or track");
        }
        bounded("url", e.url(), 2000);
        bounded("title", e.title(), 500);
        bounded("ref", e.ref(), 200);
        if (e.referrer() != null && !e.referrer().isEmpty()) {
            bounded("referrer", e.referrer(), 2000);
            if (!isWebUrl(e.referrer())) {
                throw ApiError.badRequest("Field 'referrer' must be an http(s) URL");
            }
        }
        if (e.utm() != null) {
            for (Map.Entry<String, String> entry : e.utm().entrySet()) {
                if (!UTM_KEYS.contains(entry.getKey())) {
                    throw ApiError.badRequest("Unknown utm key '" + truncate(entry.getKey(), 20) + "'");
                }
                bounded("utm." + entry.getKey(), entry.getValue(), 200);
            }
        }
    }

    /** The {@code utm_*} parameters (of UTM_KEYS, the first non-empty of each, cut to 200 characters) of a URL, or null. */
    static Map<String, String> utmOf(String url) {
        int start = url.indexOf('?');
        String query = start < 0 ? "" : url.substring(start + 1).replaceFirst("#.*", "");
        Map<String, String> utm = new java.util.LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.startsWith("utm_") && UTM_KEYS.contains(key.substring(4)) && eq > 0) {
                try {
                    String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    if (!value.isEmpty()) {
                        utm.putIfAbsent(key.substring(4), truncate(value, 200));
                    }
                } catch (IllegalArgumentException malformed) {
                    // a value that is not URL-encoded is left out
                }
            }
        }
        return utm.isEmpty() ? null : utm;
    }

    private static boolean isWebUrl(String value) {
        try {
            String scheme = URI.create(value).getScheme();
            return "http".equals(scheme) || "https".equals(scheme);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void bounded(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw ApiError.tooLarge("Field '" + field + "' must be at most " + max + " characters");
        }
    }

    private static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    private static void putIfPresent(Map<String, Object> row, String key, String value) {
        if (value != null) {
            row.put(key, value);
        }
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (Exception e) {
            throw new IllegalStateException("corrupt activity json", e);
        }
    }
}
