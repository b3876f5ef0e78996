package org.parley.analytics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the daily rollups equal to the sums of their hours (migration V23, {@link Spans}): after an hour's rows
 * are replaced, its UTC day's rows of the same metrics are summed again from the day's 24 hours, in the same write.
 */
final class DailyRollups {
    private DailyRollups() {
    }

    static void refresh(Handle h, String workspaceId, long hour, List<String> metrics) {
        long day = Math.floorDiv(hour, Spans.DAY) * Spans.DAY;
        for (String table : List.of("report_counts_daily", "report_histograms_daily", "report_sketches_daily")) {
            h.createUpdate("DELETE FROM " + table + " WHERE workspace_id = :ws AND day = :day AND metric IN (<metrics>)")
                    .bind("ws", workspaceId).bind("day", day).bindList("metrics", metrics).execute();
        }
        h.createUpdate("""
                        INSERT INTO report_counts_daily (workspace_id, metric, dim, val, day, n, total)
                        SELECT workspace_id, metric, dim, val, :day, SUM(n), SUM(total) FROM report_counts
                        WHERE workspace_id = :ws AND hour >= :day AND hour < :end AND metric IN (<metrics>)
                        GROUP BY workspace_id, metric, dim, val""")
                .bind("ws", workspaceId).bind("day", day).bind("end", day + Spans.DAY).bindList("metrics", metrics).execute();
        h.createUpdate("""
                        INSERT INTO report_histograms_daily (workspace_id, metric, dim, val, day, bucket, n)
                        SELECT workspace_id, metric, dim, val, :day, bucket, SUM(n) FROM report_histograms
                        WHERE workspace_id = :ws AND hour >= :day AND hour < :end AND metric IN (<metrics>)
                        GROUP BY workspace_id, metric, dim, val, bucket""")
                .bind("ws", workspaceId).bind("day", day).bind("end", day + Spans.DAY).bindList("metrics", metrics).execute();
        Map<String, VisitorSketch> unions = new TreeMap<>();
        h.createQuery("SELECT metric, dim, val, sketch FROM report_sketches WHERE workspace_id = :ws AND hour >= :day "
                        + "AND hour < :end AND metric IN (<metrics>)")
                .bind("ws", workspaceId).bind("day", day).bind("end", day + Spans.DAY).bindList("metrics", metrics)
                .map((rs, ctx) -> {
                    unions.computeIfAbsent(rs.getString(1) + '\u0000' + rs.getString(2) + '\u0000' + rs.getString(3),
                            k -> new VisitorSketch()).add(VisitorSketch.of(rs.getBytes(4)));
                    return null;
                }).list();
        if (unions.isEmpty()) {
            return;
        }
        var batch = h.prepareBatch("INSERT INTO report_sketches_daily (workspace_id, metric, dim, val, day, sketch) "
                + "VALUES (:ws, :metric, :dim, :val, :day, :sketch)");
        unions.forEach((key, sketch) -> {
            String[] parts = key.split("\u0000", -1);
            batch.bind("ws", workspaceId).bind("metric", parts[0]).bind("dim", parts[1]).bind("val", parts[2])
                    .bind("day", day).bind("sketch", sketch.bytes()).add();
        });
        batch.execute();
    }
}
