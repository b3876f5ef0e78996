package org.parley.bot;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.parley.storage.Database;

/**
 * Figures of flows, from their runs (docs/bots.md): per version, and containment overall and per flow.
 * Runs are counted by when they started, in [from, to).
 */
public final class FlowStats {
    private final Database db;

    public FlowStats(Database db) {
        this.db = db;
    }

    /** One version's or one flow's figures. */
    public record Figures(int started, int running, int resolved, int handedOff, int dropped, Map<String, Integer> byReason,
                          Map<String, Integer> droppedAt, Long medianMsToHandoff) {
    }

    public Map<Integer, Figures> perVersion(String workspaceId, String flowId, long from, long to) {
        return db.read(h -> group(h, workspaceId, flowId, from, to, "version")).entrySet().stream()
                .collect(TreeMap::new, (m, e) -> m.put(Integer.parseInt(e.getKey()), e.getValue()), Map::putAll);
    }

    /** Per flow id, and overall under the key "all". */
    public Map<String, Figures> containment(String workspaceId, long from, long to) {
        return db.read(h -> {
            Map<String, Figures> figures = new LinkedHashMap<>(group(h, workspaceId, null, from, to, null));
            figures.putAll(group(h, workspaceId, null, from, to, "flow_id"));
            return figures;
        });
    }

    private record Row(String key, String status, String reason, String step, long started, Long ended) {
    }

    private static Map<String, Figures> group(Handle h, String workspaceId, String flowId, long from, long to, String by) {
        String key = by == null ? "'all'" : by;
        List<Row> rows = h.createQuery("SELECT " + key + ", status, reason, step, started_at, ended_at FROM flow_runs "
                        + "WHERE workspace_id = :ws AND started_at >= :from AND started_at < :to"
                        + (flowId != null ? " AND flow_id = :flow" : ""))
                .bind("ws", workspaceId).bind("from", from).bind("to", to).bind("flow", flowId)
                .map((rs, ctx) -> {
                    long ended = rs.getLong(6);
                    return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                            rs.wasNull() ? null : ended);
                }).list();
        Map<String, List<Row>> grouped = new TreeMap<>();
        rows.forEach(r -> grouped.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(r));
        Map<String, Figures> figures = new LinkedHashMap<>();
        grouped.forEach((k, list) -> figures.put(k, figures(list)));
        if (by == null && figures.isEmpty()) {
            figures.put("all", figures(List.of()));
        }
        return figures;
    }

    private static Figures figures(List<Row> rows) {
        int running = 0;
        int resolved = 0;
        int handedOff = 0;
        int dropped = 0;
        Map<String, Integer> byReason = new TreeMap<>();
        Map<String, Integer> droppedAt = new TreeMap<>();
        List<Long> toHandoff = new ArrayList<>();
        for (Row row : rows) {
            switch (row.status()) {
                case "running" -> running++;
                case "resolved" -> resolved++;
                case "dropped" -> {
                    dropped++;
                    droppedAt.merge(row.step() == null ? "(start)" : row.step(), 1, Integer::sum);
                }
                default -> {
                    handedOff++;
                    if (row.ended() != null) {
                        toHandoff.add(row.ended() - row.started());
                    }
                }
            }
            if (row.reason() != null) {
                byReason.merge(row.reason(), 1, Integer::sum);
            }
        }
        toHandoff.sort(null);
        Long median = toHandoff.isEmpty() ? null : toHandoff.get((toHandoff.size() - 1) / 2);
        return new Figures(rows.size(), running, resolved, handedOff, dropped, byReason, droppedAt, median);
    }
}
