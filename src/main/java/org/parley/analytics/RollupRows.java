package org.parley.analytics;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;

/**
 * The rollup rows of one hour of one family, built in memory from raw rows, then written in place of that
 * hour's previous rows. Every fact is added under each of its filter values and under the unfiltered key
 * ({@code dim = ''}, {@code val = ''}).
 */
final class RollupRows {
    /** A filter value of a fact: its dimension ("page", "source", ...) and value. */
    record Dim(String dim, String val) {
        static final Dim ALL = new Dim("", "");
    }

    private record Key(String metric, String dim, String val) implements Comparable<Key> {
        public int compareTo(Key o) {
            int c = metric.compareTo(o.metric);
            c = c != 0 ? c : dim.compareTo(o.dim);
            return c != 0 ? c : val.compareTo(o.val);
        }
    }

    private final Map<Key, double[]> counts = new TreeMap<>();
    private final Map<Key, long[]> histograms = new TreeMap<>();
    private final Map<Key, VisitorSketch> sketches = new TreeMap<>();
    private final List<ConversationFacts.Start> starts = new java.util.ArrayList<>();

    /** A conversation's start, seen for the first time: recorded with the hour's rows. */
    void started(ConversationFacts.Start start) {
        starts.add(start);
    }

    /** Adds one to {@code metric} and {@code value} to its total, unfiltered and under each of {@code dims}. */
    void count(String metric, double value, Collection<Dim> dims) {
        for (Dim d : withAll(dims)) {
            double[] c = counts.computeIfAbsent(new Key(metric, d.dim(), d.val()), k -> new double[2]);
            c[0]++;
            c[1] += value;
        }
    }

    void duration(String metric, long seconds, Collection<Dim> dims) {
        int bucket = DurationBuckets.bucket(seconds);
        for (Dim d : withAll(dims)) {
            histograms.computeIfAbsent(new Key(metric, d.dim(), d.val()), k -> new long[DurationBuckets.LAST + 1])[bucket]++;
        }
    }

    void visitor(String metric, String visitorKey, Collection<Dim> dims) {
        visitor(metric, VisitorSketch.hash(visitorKey), dims);
    }

    void visitor(String metric, long hash, Collection<Dim> dims) {
        for (Dim d : withAll(dims)) {
            sketches.computeIfAbsent(new Key(metric, d.dim(), d.val()), k -> new VisitorSketch()).add(hash);
        }
    }

    /** Replaces the hour's rows of {@code metrics} by these ones. */
    void write(Handle h, String workspaceId, long hour, List<String> metrics) {
        for (String table : List.of("report_counts", "report_histograms", "report_sketches")) {
            h.createUpdate("DELETE FROM " + table + " WHERE workspace_id = :ws AND hour = :hour AND metric IN (<metrics>)")
                    .bind("ws", workspaceId).bind("hour", hour).bindList("metrics", metrics).execute();
        }
        for (ConversationFacts.Start st : starts) {
            h.createUpdate("""
                            INSERT INTO report_conversations (conversation_id, workspace_id, page, source, device, browser_hash,
                                asked_at, wait_from, replied_at, replier)
                            VALUES (:id, :ws, :page, :source, :device, :hash, :asked, :wait, :replied, :replier)
                            ON CONFLICT (conversation_id) DO UPDATE SET asked_at = :asked, wait_from = :wait,
                                replied_at = :replied, replier = :replier""")
                    .bind("id", st.conversationId()).bind("ws", workspaceId).bind("page", st.page()).bind("source", st.source())
                    .bind("device", st.device()).bind("hash", st.browserHash()).bind("asked", st.askedAt())
                    .bind("wait", st.waitFrom()).bind("replied", st.repliedAt()).bind("replier", st.replier()).execute();
        }
        var c = h.prepareBatch("INSERT INTO report_counts (workspace_id, metric, dim, val, hour, n, total) "
                + "VALUES (:ws, :metric, :dim, :val, :hour, :n, :total)");
        counts.forEach((k, v) -> c.bind("ws", workspaceId).bind("metric", k.metric()).bind("dim", k.dim()).bind("val", k.val())
                .bind("hour", hour).bind("n", (long) v[0]).bind("total", v[1]).add());
        if (!counts.isEmpty()) {
            c.execute();
        }
        var hist = h.prepareBatch("INSERT INTO report_histograms (workspace_id, metric, dim, val, hour, bucket, n) "
                + "VALUES (:ws, :metric, :dim, :val, :hour, :bucket, :n)");
        boolean any = false;
        for (Map.Entry<Key, long[]> e : histograms.entrySet()) {
            long[] buckets = e.getValue();
            for (int b = 0; b < buckets.length; b++) {
                if (buckets[b] > 0) {
                    any = true;
                    hist.bind("ws", workspaceId).bind("metric", e.getKey().metric()).bind("dim", e.getKey().dim())
                            .bind("val", e.getKey().val()).bind("hour", hour).bind("bucket", b).bind("n", buckets[b]).add();
                }
            }
        }
        if (any) {
            hist.execute();
        }
        var s = h.prepareBatch("INSERT INTO report_sketches (workspace_id, metric, dim, val, hour, sketch) "
                + "VALUES (:ws, :metric, :dim, :val, :hour, :sketch)");
        sketches.forEach((k, v) -> s.bind("ws", workspaceId).bind("metric", k.metric()).bind("dim", k.dim())
                .bind("val", k.val()).bind("hour", hour).bind("sketch", v.bytes()).add());
        if (!sketches.isEmpty()) {
            s.execute();
        }
        DailyRollups.refresh(h, workspaceId, hour, metrics);
    }

    private static List<Dim> withAll(Collection<Dim> dims) {
        List<Dim> all = new java.util.ArrayList<>(dims.size() + 1);
        all.add(Dim.ALL);
        for (Dim d : dims) {
            if (d.val() != null && !d.val().isEmpty()) {
                all.add(d);
            }
        }
        return all;
    }
}
