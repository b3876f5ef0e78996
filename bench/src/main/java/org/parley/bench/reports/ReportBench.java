package org.parley.bench.reports;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The steps of bench/reports.sh (bench/README.md, "Reports"), each a separate run of this tool:
 * <pre>
 *   schema create|drop --db JDBC_URL --schema NAME     PostgreSQL: the run's own schema
 *   seed --db URL --workspace ID --end MILLIS [--raw-days 7] [--visitors 50000]   raw rows, JDBC
 *   copy --db URL --workspace ID --end MILLIS [--raw-days 7] [--year-days 365]    rollups of the raw days, SQL
 *   time --url http://127.0.0.1:PORT --email E --password P [--runs 5] [--warmup 1] [--max-seconds 600]
 * </pre>
 */
public final class ReportBench {
    static final List<String> ROLLUPS = List.of("report_counts", "report_histograms", "report_sketches");

    private ReportBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ReportBench schema|seed|copy|time [options] (see bench/README.md)");
            System.exit(2);
        }
        Map<String, String> o = options(args);
        switch (args[0]) {
            case "schema" -> schema(args[1], o.get("db"), o.get("schema"));
            case "seed" -> seed(o.get("db"), o.get("workspace"), Long.parseLong(o.get("end")),
                    Integer.parseInt(o.getOrDefault("raw-days", "7")), Integer.parseInt(o.getOrDefault("visitors", "50000")));
            case "copy" -> copy(o.get("db"), o.get("workspace"), Long.parseLong(o.get("end")),
                    Integer.parseInt(o.getOrDefault("raw-days", "7")), Integer.parseInt(o.getOrDefault("year-days", "365")));
            case "time" -> new ReportTimer(o.get("url"), Integer.parseInt(o.getOrDefault("runs", "5")),
                    Integer.parseInt(o.getOrDefault("warmup", "1")), Integer.parseInt(o.getOrDefault("max-seconds", "600")),
                    Integer.parseInt(o.getOrDefault("year-days", "365")))
                    .run(o.get("email"), o.get("password"));
            default -> {
                System.err.println("unknown step " + args[0]);
                System.exit(2);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (args[i].startsWith("--") && i + 1 < args.length) {
                o.put(args[i].substring(2), args[++i]);
            }
        }
        return o;
    }

    /** Creates or drops (with everything in it) the run's schema; only names made by reports.sh are accepted. */
    private static void schema(String action, String url, String schema) throws SQLException {
        if (schema == null || !schema.matches("parley_reportbench_[a-z0-9_]{1,40}")) {
            throw new IllegalArgumentException("schema names are parley_reportbench_*, got " + schema);
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(action.equals("create") ? "CREATE SCHEMA " + schema : "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    private static void seed(String url, String ws, long end, int rawDays, int visitors) throws SQLException {
        long started = System.nanoTime();
        long start = end - rawDays * RawShop.DAY;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            List<String> agents = new ArrayList<>();
            List<String> flows = new ArrayList<>();
            try (var account = c.prepareStatement("INSERT INTO accounts (id, email, password_hash, created_at) VALUES (?, ?, 'x', ?)");
                 var agent = c.prepareStatement("INSERT INTO agents (id, workspace_id, account_id, name, role, active, created_at) "
                         + "VALUES (?, ?, ?, ?, 'AGENT', TRUE, ?)");
                 var flow = c.prepareStatement("INSERT INTO flows (id, workspace_id, name, position, enabled, draft, "
                         + "published_version, created_at, updated_at) VALUES (?, ?, ?, ?, TRUE, '{}', 1, ?, ?)")) {
                String[] names = {"Ana", "Ben", "Chloé", "Dev", "Emil", "Fatou", "Greta", "Hiro"};
                for (int i = 0; i < names.length; i++) {
                    String id = "ag_bench_" + i;
                    account.setString(1, id);
                    account.setString(2, "agent" + i + "-" + ws.toLowerCase(Locale.ROOT) + "@bench.example");
                    account.setLong(3, start);
                    account.executeUpdate();
                    agent.setString(1, id);
                    agent.setString(2, ws);
                    agent.setString(3, id);
                    agent.setString(4, names[i]);
                    agent.setLong(5, start);
                    agent.executeUpdate();
                    agents.add(id);
                }
                String[] flowNames = {"Order status", "Returns", "Sizing help"};
                for (int i = 0; i < flowNames.length; i++) {
                    String id = "fl_bench_" + i;
                    flow.setString(1, id);
                    flow.setString(2, ws);
                    flow.setString(3, flowNames[i]);
                    flow.setInt(4, i);
                    flow.setLong(5, start);
                    flow.setLong(6, start);
                    flow.executeUpdate();
                    flows.add(id);
                }
            }
            c.commit();
            RawShop shop = new RawShop(c, ws, 20261207L, agents, flows);
            for (int day = 0; day < rawDays; day++) {
                long dayStart = start + day * RawShop.DAY;
                for (int v = 0; v < visitors; v++) {
                    shop.visit(shop.timeIn(dayStart));
                }
                shop.flush();
                System.out.printf(Locale.ROOT, "seed: day %d of %d written (%.0f s)%n", day + 1, rawDays,
                        (System.nanoTime() - started) / 1e9);
            }
            long[] n = shop.counts;
            System.out.printf(Locale.ROOT, "seed: %d days x %d visitors in %.1f s: visitor_activity=%d (purchases %d) "
                            + "contacts=visitors=%d conversations=%d messages=%d reply_reach=%d conversation_ratings=%d flow_runs=%d%n",
                    rawDays, visitors, (System.nanoTime() - started) / 1e9, n[0], n[7], n[1], n[2], n[3], n[4], n[5], n[6]);
        }
    }

    /**
     * Copies the rollup rows of the raw days (rolled up by the real RollupJob) into the rest of the year, whole
     * raw spans earlier each time (whole weeks by default: weekdays stay weekdays), exactly (n unscaled).
     */
    private static void copy(String url, String ws, long end, int rawDays, int yearDays) throws SQLException {
        long started = System.nanoTime();
        long span = rawDays * RawShop.DAY;
        long floor = end - yearDays * RawShop.DAY;
        try (Connection c = DriverManager.getConnection(url)) {
            c.setAutoCommit(false);
            Map<String, String> columns = Map.of(
                    "report_counts", "workspace_id, metric, dim, val, %s, n, total",
                    "report_histograms", "workspace_id, metric, dim, val, %s, bucket, n",
                    "report_sketches", "workspace_id, metric, dim, val, %s, sketch");
            // The hourly rows and their daily sums (V23: reports read whole days from the daily tables).
            for (String rollup : ROLLUPS) {
              for (String table : List.of(rollup, rollup + "_daily")) {
                String time = table.endsWith("_daily") ? "day" : "hour";
                String cols = columns.get(rollup);
                try (var s = c.prepareStatement("INSERT INTO " + table + " (" + cols.formatted(time) + ") SELECT "
                        + cols.formatted(time + " - ?") + " FROM " + table + " WHERE workspace_id = ? AND " + time + " >= ? AND "
                        + time + " < ? AND " + time + " - ? >= ?")) {
                    for (long shift = span; end - shift > floor; shift += span) {
                        s.setLong(1, shift);
                        s.setString(2, ws);
                        s.setLong(3, end - span);
                        s.setLong(4, end);
                        s.setLong(5, shift);
                        s.setLong(6, floor);
                        s.executeUpdate();
                    }
                }
                c.commit();
              }
            }
            c.setAutoCommit(true);
            boolean postgres = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            try (Statement s = c.createStatement()) {
                for (String table : ROLLUPS) {
                    // What autovacuum would do soon after such a load; done now so it does not run during the timing.
                    s.execute(postgres ? "VACUUM ANALYZE " + table : "SELECT 1");
                    s.execute(postgres ? "VACUUM ANALYZE " + table + "_daily" : "SELECT 1");
                }
            }
            System.out.printf(Locale.ROOT, "copy: rollups of the %d raw days copied over %d days in %.1f s%n", rawDays, yearDays,
                    (System.nanoTime() - started) / 1e9);
            try (Statement s = c.createStatement()) {
                for (String table : List.of("report_counts", "report_histograms", "report_sketches", "report_conversations")) {
                    String hours = table.equals("report_conversations") ? "0" : "COUNT(DISTINCT hour)";
                    String bytes = table.equals("report_sketches") ? "SUM(LENGTH(sketch))" : "0";
                    try (var rs = s.executeQuery("SELECT COUNT(*), " + hours + ", " + bytes + " FROM " + table
                            + " WHERE workspace_id = '" + ws.replace("'", "") + "'")) {
                        rs.next();
                        System.out.printf(Locale.ROOT, "rows: %-22s %,12d rows%s%s%n", table, rs.getLong(1),
                                rs.getLong(2) == 0 ? "" : String.format(Locale.ROOT, " over %,d hours", rs.getLong(2)),
                                rs.getLong(3) == 0 ? "" : String.format(Locale.ROOT, ", %.1f MB of sketches", rs.getLong(3) / 1e6));
                    }
                }
            }
        }
    }
}
