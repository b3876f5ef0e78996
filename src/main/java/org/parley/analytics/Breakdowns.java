package org.parley.analytics;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The table under a report's chart: its figures split by one dimension (top pages, agents, flows, ...). */
final class Breakdowns {
    private Breakdowns() {
    }

    static Map<String, Object> of(ReportQueries q, String ws, String report, ReportRange range, String dim, String val) {
        List<Spans.Piece> at = range.pieces();
        long from = range.startMillis();
        long to = range.endMillis();
        return switch (report) {
            case "visitors" -> "page".equals(dim)
                    ? counts(q, ws, "Top sources", "source", "Source", List.of("page_views", "visits"), at, null)
                    : counts(q, ws, "Top pages", "page", "Page", List.of("page_views", "visits"), at, null);
            case "conversations" -> counts(q, ws, "Started on", "page", "Page", List.of("started"), at, null);
            case "bots" -> counts(q, ws, "By flow", "flow", "Flow", List.of("flow_started", "contained", "handed_off"),
                    at, q.names(ws, "flows"));
            case "conversions" -> counts(q, ws, "By currency", "currency", "Currency",
                    List.of("conversions", "ft_conversions", "lt_conversions"), at, null);
            case "reach" -> counts(q, ws, "By agent", "agent", "Agent",
                    List.of("replies", "replies_to_absent", "answered"), at, q.names(ws, "agents"));
            case "response_times" -> responseTimes(q, ws, at);
            case "csat" -> {
                Map<String, Object> table = table("Recent comments", List.of(column("at", "When", "time"),
                        column("score", "Score", "score"), column("comment", "Comment", "text")));
                table.put("rows", q.comments(ws, "agent".equals(dim) ? val : null, from, to, 20));
                yield table;
            }
            default -> null;
        };
    }

    /** The currency most conversions were in over the range; null when there were none. */
    static String mainCurrency(ReportQueries q, String ws, ReportRange range) {
        return q.byValue(ws, List.of("conversions"), "currency", range.pieces()).entrySet().stream()
                .max(Comparator.comparingDouble(e -> e.getValue().get("conversions")[0]))
                .map(Map.Entry::getKey).orElse(null);
    }

    private static Map<String, Object> counts(ReportQueries q, String ws, String title, String dim, String label,
                                              List<String> metrics, List<Spans.Piece> at, Map<String, String> names) {
        List<Map<String, Object>> columns = new ArrayList<>();
        columns.add(column("value", label, "text"));
        for (String m : metrics) {
            columns.add(column(m, m.replace('_', ' '), "count"));
            if (dim.equals("currency")) {
                columns.add(column(m + "_revenue", "revenue", "money"));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        q.byValue(ws, metrics, dim, at).forEach((value, byMetric) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("value", names == null ? value : names.getOrDefault(value, value));
            for (String m : metrics) {
                double[] v = byMetric.getOrDefault(m, new double[2]);
                row.put(m, Math.round(v[0]));
                if (dim.equals("currency")) {
                    row.put(m + "_revenue", Math.round(v[1] * 100) / 100.0);
                }
            }
            rows.add(row);
        });
        rows.sort(Comparator.comparingLong((Map<String, Object> r) -> -((Number) r.get(metrics.get(0))).longValue())
                .thenComparing(r -> String.valueOf(r.get("value"))));
        Map<String, Object> table = table(title, columns);
        table.put("rows", rows.size() > 20 ? rows.subList(0, 20) : rows);
        return table;
    }

    private static Map<String, Object> responseTimes(ReportQueries q, String ws, List<Spans.Piece> at) {
        Map<String, String> names = q.names(ws, "agents");
        List<Map<String, Object>> rows = new ArrayList<>();
        q.histogramsByValue(ws, List.of("first_response", "resolution"), "agent", at).forEach((agent, h) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("value", names.getOrDefault(agent, agent));
            long[] first = h.get("first_response");
            long[] resolution = h.get("resolution");
            row.put("first_response_median", first == null ? null : DurationBuckets.percentile(first, 0.5));
            row.put("resolution_median", resolution == null ? null : DurationBuckets.percentile(resolution, 0.5));
            rows.add(row);
        });
        rows.sort(Comparator.comparing(r -> String.valueOf(r.get("value"))));
        Map<String, Object> table = table("By agent", List.of(column("value", "Agent", "text"),
                column("first_response_median", "First response (median)", "seconds"),
                column("resolution_median", "Resolution (median)", "seconds")));
        table.put("rows", JsonRows.list(rows));
        return table;
    }

    private static Map<String, Object> table(String title, List<Map<String, Object>> columns) {
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("title", title);
        table.put("columns", columns);
        return table;
    }

    private static Map<String, Object> column(String key, String label, String unit) {
        return Map.of("key", key, "label", label, "unit", unit);
    }
}
