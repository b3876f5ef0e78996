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

    /**
     * Runs {@code sql} on the hourly and on the daily rows of {@code table} that {@code pieces} select: {@code
     * <table>} and {@code <time>} in it are replaced by the grain's table and time column, {@code <pieces>} by
     * their condition.
     */
    private void each(String table, String sql, List<Spans.Piece> pieces, Map<String, Object> binds,
                      org.jdbi.v3.core.mapper.RowMapper<?> row) {
        for (boolean daily : new boolean[] {false, true}) {
            Map<String, Object> all = new HashMap<>(binds);
            String where = Spans.where(pieces, daily, daily ? "day" : "hour", all);
            if (where == null) {
                continue;
            }
            String query = sql.replace("<table>", daily ? table + "_daily" : table).replace("<time>", daily ? "day" : "hour")
                    .replace("<pieces>", where);
            db.read(h -> h.createQuery(query).bindMap(all).map(row).list());
        }
    }

    Map<String, TreeMap<Long, double[]>> counts(String ws, List<String> metrics, String dim, String val, List<Spans.Piece> at) {
        Map<String, TreeMap<Long, double[]>> out = new HashMap<>();
        each("report_counts", "SELECT metric, <time>, n, total FROM <table> WHERE workspace_id = :ws AND metric IN ("
                        + in(metrics) + ") AND dim = :dim AND val = :val AND <pieces>", at, binds(ws, metrics, dim, val),
                (rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .put(rs.getLong(2), new double[] {rs.getLong(3), rs.getDouble(4)}));
        return out;
    }

    /** {@code :m0, :m1, ...} for the metrics bound by {@link #binds}. */
    private static String in(List<String> metrics) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < metrics.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(":m").append(i);
        }
        return s.toString();
    }

    private static Map<String, Object> binds(String ws, List<String> metrics, String dim, String val) {
        Map<String, Object> binds = new HashMap<>();
        binds.put("ws", ws);
        for (int i = 0; i < metrics.size(); i++) {
            binds.put("m" + i, metrics.get(i));
        }
        if (dim != null) {
            binds.put("dim", dim);
        }
        if (val != null) {
            binds.put("val", val);
        }
        return binds;
    }

    Map<String, TreeMap<Long, long[]>> histograms(String ws, List<String> metrics, String dim, String val,
                                                  List<Spans.Piece> at) {
        Map<String, TreeMap<Long, long[]>> out = new HashMap<>();
        each("report_histograms", "SELECT metric, <time>, bucket, n FROM <table> WHERE workspace_id = :ws AND metric IN ("
                        + in(metrics) + ") AND dim = :dim AND val = :val AND <pieces>", at, binds(ws, metrics, dim, val),
                (rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .computeIfAbsent(rs.getLong(2), k -> new long[DurationBuckets.LAST + 1])[rs.getInt(3)] += rs.getLong(4));
        return out;
    }

    Map<String, TreeMap<Long, VisitorSketch>> sketches(String ws, List<String> metrics, String dim, String val,
                                                       List<Spans.Piece> at) {
        Map<String, TreeMap<Long, VisitorSketch>> out = new HashMap<>();
        each("report_sketches", "SELECT metric, <time>, sketch FROM <table> WHERE workspace_id = :ws AND metric IN ("
                        + in(metrics) + ") AND dim = :dim AND val = :val AND <pieces>", at, binds(ws, metrics, dim, val),
                (rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new TreeMap<>())
                        .put(rs.getLong(2), VisitorSketch.of(rs.getBytes(3))));
        return out;
    }

    /** Per value of {@code dim}: the count (or total) of each metric over the span, largest first by the first metric. */
    Map<String, Map<String, double[]>> byValue(String ws, List<String> metrics, String dim, List<Spans.Piece> at) {
        Map<String, Map<String, double[]>> out = new LinkedHashMap<>();
        each("report_counts", "SELECT val, metric, SUM(n), SUM(total) FROM <table> WHERE workspace_id = :ws AND metric IN ("
                        + in(metrics) + ") AND dim = :dim AND <pieces> GROUP BY val, metric", at, binds(ws, metrics, dim, null),
                (rs, ctx) -> {
                    double[] sums = out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                            .computeIfAbsent(rs.getString(2), k -> new double[2]);
                    sums[0] += rs.getLong(3);
                    sums[1] += rs.getDouble(4);
                    return null;
                });
        return out;
    }

    /** Per value of {@code dim}: the merged histogram of each metric over the span. */
    Map<String, Map<String, long[]>> histogramsByValue(String ws, List<String> metrics, String dim, List<Spans.Piece> at) {
        Map<String, Map<String, long[]>> out = new LinkedHashMap<>();
        each("report_histograms", "SELECT val, metric, bucket, SUM(n) FROM <table> WHERE workspace_id = :ws AND metric IN ("
                        + in(metrics) + ") AND dim = :dim AND <pieces> GROUP BY val, metric, bucket", at,
                binds(ws, metrics, dim, null),
                (rs, ctx) -> out.computeIfAbsent(rs.getString(1), k -> new HashMap<>())
                        .computeIfAbsent(rs.getString(2), k -> new long[DurationBuckets.LAST + 1])[rs.getInt(3)] += rs.getLong(4));
        return out;
    }

    /** The most frequent values of every filter dimension over the span. */
    Map<String, List<String>> topValues(String ws, List<Spans.Piece> at, int limit) {
        Map<String, Map<String, Long>> sums = new LinkedHashMap<>();
        List<String> metrics = List.of("page_views", "started", "conversions", "ratings", "replies");
        each("report_counts", "SELECT dim, val, SUM(n) FROM <table> WHERE workspace_id = :ws AND dim <> '' AND metric IN ("
                        + in(metrics) + ") AND <pieces> GROUP BY dim, val", at, binds(ws, metrics, null, null),
                (rs, ctx) -> sums.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum));
        Map<String, List<String>> out = new LinkedHashMap<>();
        sums.forEach((dim, values) -> out.put(dim, values.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList()));
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
