package org.parley.analytics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.parley.storage.Database;

/** Reads the hourly rollups of one workspace over a span of hours, under one filter value (or none). */
final class ReportQueries {
    private final Database db;

    ReportQueries(Database db) {
        this.db = db;
    }

    Map<String, TreeMap<Long, double[]>> counts(String ws, List<String> metrics, String dim, String val, long from, long to) {
        Map<String, TreeMap<Long, double[]>> out = new HashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT metric, hour, n, total FROM report_counts WHERE workspace_id = :ws AND metric IN (<metrics>)
                        AND dim = :dim AND val = :val AND hour >= :from AND hour < :to""")
                .bind("ws", ws).bindList("metrics", metrics).bind("dim", dim).bind("val", val).bind("from", from).bind("to", to)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .put(rs.getLong(2), new double[] {rs.getLong(3), rs.getDouble(4)}))
                .list());
        return out;
    }

    Map<String, TreeMap<Long, long[]>> histograms(String ws, List<String> metrics, String dim, String val, long from, long to) {
        Map<String, TreeMap<Long, long[]>> out = new HashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT metric, hour, bucket, n FROM report_histograms WHERE workspace_id = :ws
                        AND metric IN (<metrics>) AND dim = :dim AND val = :val AND hour >= :from AND hour < :to""")
                .bind("ws", ws).bindList("metrics", metrics).bind("dim", dim).bind("val", val).bind("from", from).bind("to", to)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getLong(2), k -> new long[DurationBuckets.LAST + 1])[rs.getInt(3)] += rs.getLong(4))
                .list());
        return out;
    }

    Map<String, TreeMap<Long, VisitorSketch>> sketches(String ws, List<String> metrics, String dim, String val, long from,
                                                       long to) {
        Map<String, TreeMap<Long, VisitorSketch>> out = new HashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT metric, hour, sketch FROM report_sketches WHERE workspace_id = :ws AND metric IN (<metrics>)
                        AND dim = :dim AND val = :val AND hour >= :from AND hour < :to""")
                .bind("ws", ws).bindList("metrics", metrics).bind("dim", dim).bind("val", val).bind("from", from).bind("to", to)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .put(rs.getLong(2), VisitorSketch.of(rs.getBytes(3))))
                .list());
        return out;
    }

    /** Per value of {@code dim}: the count (or total) of each metric over the span, largest first by the first metric. */
    Map<String, Map<String, double[]>> byValue(String ws, List<String> metrics, String dim, long from, long to) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT val, metric, SUM(n), SUM(total) FROM report_counts WHERE workspace_id = :ws
                        AND metric IN (<metrics>) AND dim = :dim AND hour >= :from AND hour < :to GROUP BY val, metric""")
                .bind("ws", ws).bindList("metrics", metrics).bind("dim", dim).bind("from", from).bind("to", to)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .put(rs.getString(2), new double[] {rs.getLong(3), rs.getDouble(4)}))
                .list());
        return out;
    }

    /** Per value of {@code dim}: the merged histogram of each metric over the span. */
    Map<String, Map<String, long[]>> histogramsByValue(String ws, List<String> metrics, String dim, long from, long to) {
        Map<String, Map<String, long[]>> out = new LinkedHashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT val, metric, bucket, SUM(n) FROM report_histograms WHERE workspace_id = :ws
                        AND metric IN (<metrics>) AND dim = :dim AND hour >= :from AND hour < :to GROUP BY val, metric, bucket""")
                .bind("ws", ws).bindList("metrics", metrics).bind("dim", dim).bind("from", from).bind("to", to)
                .map((rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[DurationBuckets.LAST + 1])[rs.getInt(3)] += rs.getLong(4))
                .list());
        return out;
    }

    /** The most frequent values of every filter dimension over the span. */
    Map<String, List<String>> topValues(String ws, long from, long to, int limit) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        db.read(h -> h.createQuery("""
                        SELECT dim, val, SUM(n) AS n FROM report_counts WHERE workspace_id = :ws AND dim <> ''
                        AND metric IN ('page_views', 'started', 'conversions', 'ratings', 'replies')
                        AND hour >= :from AND hour < :to GROUP BY dim, val ORDER BY dim, n DESC, val""")
                .bind("ws", ws).bind("from", from).bind("to", to)
                .map((rs, ctx) -> {
                    List<String> values = out.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>());
                    if (values.size() < limit) {
                        values.add(rs.getString(2));
                    }
                    return null;
                }).list());
        return out;
    }

    Map<String, String> names(String ws, String table) {
        Map<String, String> names = new HashMap<>();
        db.read(h -> h.createQuery("SELECT id, name FROM " + table + " WHERE workspace_id = :ws").bind("ws", ws)
                .map((rs, ctx) -> names.put(rs.getString(1), rs.getString(2))).list());
        return names;
    }

    List<Map<String, Object>> comments(String ws, String agent, long from, long to, int limit) {
        String byAgent = agent == null ? "" : " AND r.agent_id = :agent";
        return db.read(h -> h.createQuery("""
                        SELECT r.conversation_id, r.score, r.comment, r.agent_id, r.created_at FROM conversation_ratings r
                        WHERE r.workspace_id = :ws AND r.created_at >= :from AND r.created_at < :to
                        AND r.comment IS NOT NULL AND r.comment <> ''""" + byAgent + " ORDER BY r.created_at DESC LIMIT :limit")
                .bind("ws", ws).bind("from", from).bind("to", to).bind("limit", limit)
                .bindMap(agent == null ? Map.of() : Map.of("agent", agent))
                .map((rs, ctx) -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("conversation_id", rs.getString(1));
                    row.put("score", rs.getInt(2));
                    row.put("comment", rs.getString(3));
                    row.put("agent_id", rs.getString(4));
                    row.put("at", rs.getLong(5));
                    return row;
                }).list());
    }
}
