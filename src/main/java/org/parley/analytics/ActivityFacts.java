package org.parley.analytics;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.parley.http.Json;

/**
 * The activity family of one hour from raw visitor_activity rows: page views, visits and distinct visitors
 * under every filter, and purchases ({@code track('purchase', {value, currency})}) with their attribution to
 * the conversations of that visitor's contact started within the conversion window before the purchase:
 * first touch credits the earliest, last touch the latest.
 */
final class ActivityFacts {
    static final List<String> METRICS = List.of("page_views", "visits", "visitors", "conversions", "ft_conversions",
            "lt_conversions");
    /** Events this long before the hour are read too, to find each visit's landing page. */
    static final long LOOKBACK = 2 * 3_600_000L;
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> OBJECTS = new TypeReference<>() { };

    private record Touch(String id, long createdAt, String agent, String origin, String flow) {
    }

    private ActivityFacts() {
    }

    static RollupRows compute(Handle h, String workspaceId, long hour, long windowMillis) {
        long end = hour + 3_600_000L;
        Map<String, List<PageViews.Raw>> byBrowser = new LinkedHashMap<>();
        h.createQuery("""
                        SELECT anon_id, visitor_id, kind, url, referrer, utm, ref, name, props, user_agent, occurred_at
                        FROM visitor_activity WHERE workspace_id = :ws AND occurred_at >= :from AND occurred_at < :to
                        ORDER BY occurred_at, id""")
                .bind("ws", workspaceId).bind("from", hour - LOOKBACK).bind("to", end)
                .map((rs, ctx) -> {
                    String anon = rs.getString(1);
                    String visitor = rs.getString(2);
                    String utm = rs.getString(6);
                    String props = rs.getString(9);
                    return new PageViews.Raw(anon != null ? anon : "v:" + visitor, visitor, rs.getString(3), rs.getString(4),
                            rs.getString(5), strings(utm), rs.getString(7), rs.getString(8),
                            props == null ? null : parse(props, OBJECTS), rs.getString(10), rs.getLong(11));
                })
                .forEach(raw -> byBrowser.computeIfAbsent(raw.browser(), k -> new ArrayList<>()).add(raw));
        RollupRows rows = new RollupRows();
        for (List<PageViews.Raw> events : byBrowser.values()) {
            if (events.get(events.size() - 1).at() < hour) {
                continue;
            }
            String visitorId = events.stream().map(PageViews.Raw::visitorId).filter(v -> v != null).findFirst().orElse(null);
            for (PageViews.Filed f : PageViews.file(events)) {
                if (f.raw().at() < hour) {
                    continue;
                }
                if ("page_view".equals(f.raw().kind())) {
                    rows.count("page_views", 1, f.dims());
                    rows.visitor("visitors", f.raw().browser(), f.dims());
                    if (f.visitStart()) {
                        rows.count("visits", 1, f.dims());
                    }
                } else if ("purchase".equals(f.raw().name())) {
                    purchase(h, workspaceId, rows, f, visitorId != null ? visitorId : visitorOf(h, workspaceId, f.raw()),
                            windowMillis);
                }
            }
        }
        return rows;
    }

    private static void purchase(Handle h, String workspaceId, RollupRows rows, PageViews.Filed f, String visitorId,
                                 long windowMillis) {
        Map<String, Object> props = f.raw().props() == null ? Map.of() : f.raw().props();
        double value = number(props.get("value"));
        String currency = currency(props.get("currency"));
        List<RollupRows.Dim> dims = new ArrayList<>(f.dims());
        dims.add(new RollupRows.Dim("currency", currency));
        rows.count("conversions", value, dims);
        if (visitorId == null) {
            return;
        }
        List<Touch> touches = h.createQuery("""
                        SELECT c.id, c.created_at, c.assignee_id, c.origin, r.flow_id FROM conversations c
                        JOIN visitors v ON v.id = :visitor AND v.workspace_id = c.workspace_id AND v.contact_id = c.contact_id
                        LEFT JOIN flow_runs r ON r.conversation_id = c.id
                        WHERE c.workspace_id = :ws AND c.created_at >= :from AND c.created_at <= :at
                        ORDER BY c.created_at, c.id""")
                .bind("visitor", visitorId).bind("ws", workspaceId).bind("from", f.raw().at() - windowMillis)
                .bind("at", f.raw().at())
                .map((rs, ctx) -> new Touch(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)))
                .list();
        if (touches.isEmpty()) {
            return;
        }
        rows.count("ft_conversions", value, touchDims(touches.get(0), dims));
        rows.count("lt_conversions", value, touchDims(touches.get(touches.size() - 1), dims));
    }

    private static List<RollupRows.Dim> touchDims(Touch touch, List<RollupRows.Dim> dims) {
        List<RollupRows.Dim> all = new ArrayList<>(dims);
        all.add(new RollupRows.Dim("agent", touch.agent()));
        all.add(new RollupRows.Dim("flow", touch.flow()));
        all.add(new RollupRows.Dim("origin", touch.origin()));
        return all;
    }

    /** The visitor a browser's purchase belongs to when the purchase itself was sent before its session. */
    private static String visitorOf(Handle h, String workspaceId, PageViews.Raw raw) {
        if (raw.browser().startsWith("v:")) {
            return raw.visitorId();
        }
        return h.createQuery("SELECT visitor_id FROM visitor_activity WHERE workspace_id = :ws AND anon_id = :anon "
                        + "AND visitor_id IS NOT NULL ORDER BY occurred_at DESC LIMIT 1")
                .bind("ws", workspaceId).bind("anon", raw.browser()).mapTo(String.class).findOne().orElse(null);
    }

    static double number(Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return n.doubleValue();
        }
        if (value instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                return Double.isFinite(d) ? d : 0;
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** An ISO 4217 code; XXX (no currency) when missing or malformed. */
    static String currency(Object value) {
        if (value instanceof String s && s.strip().matches("[A-Za-z]{3}")) {
            return s.strip().toUpperCase(Locale.ROOT);
        }
        return "XXX";
    }


    static Map<String, String> strings(String json) {
        return json == null ? null : parse(json, STRINGS);
    }

    private static <T> T parse(String json, TypeReference<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (java.io.IOException e) {
            return null; // validated on the way in; a row that no longer parses is filed without it
        }
    }
}
