package org.parley.analytics;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.parley.http.ApiError;

/**
 * The reports (docs/analytics.md): each a list of metrics read from the hourly rollups, summed per series
 * slot and over the range, under at most one filter. A metric whose facts do not carry the filter's
 * dimension is null under it (the response lists the report's filters).
 */
final class Reports {
    private static final List<String> ACTIVITY = List.of("page", "source", "utm_campaign", "ref", "device");
    private static final List<String> CONVERSATION = List.of("page", "source", "device", "agent", "flow");
    private static final List<String> AGENT = List.of("agent");
    private static final List<String> PURCHASE = List.of("page", "source", "utm_campaign", "ref", "device");
    private static final List<String> ATTRIBUTED = List.of("page", "source", "utm_campaign", "ref", "device", "agent",
            "flow");

    /** How a metric is read: a count (or total) of a rolled-up metric, distinct visitors, a percentile, a ratio. */
    sealed interface Metric {
        String key();

        String label();

        String unit();

        List<String> dims();
    }

    record Count(String key, String label, String unit, String metric, boolean total, List<String> dims) implements Metric {
    }

    record Distinct(String key, String label, String metric, List<String> dims) implements Metric {
        public String unit() {
            return "count";
        }
    }

    record Percentile(String key, String label, String metric, double p, List<String> dims) implements Metric {
        public String unit() {
            return "seconds";
        }
    }

    /** {@code numerator / denominator} of two other metrics of the report; {@code average} divides a total by its count. */
    record Ratio(String key, String label, String unit, String numerator, String denominator, List<String> dims)
            implements Metric {
    }

    record Definition(String name, List<Metric> metrics) {
        List<String> filters() {
            List<String> filters = new ArrayList<>();
            for (String dim : List.of("page", "source", "utm_campaign", "ref", "device", "agent", "flow")) {
                if (metrics.stream().anyMatch(m -> m.dims().contains(dim))) {
                    filters.add(dim);
                }
            }
            return filters;
        }
    }

    static final Map<String, Definition> ALL = new LinkedHashMap<>();

    static {
        define("visitors",
                new Distinct("visitors", "Visitors", "visitors", ACTIVITY),
                new Count("page_views", "Page views", "count", "page_views", false, ACTIVITY),
                new Count("visits", "Visits", "count", "visits", false, ACTIVITY));
        define("conversations",
                new Count("started", "Conversations", "count", "started", false, CONVERSATION),
                new Count("by_visitor", "Started by visitors", "count", "by_visitor", false, CONVERSATION),
                new Count("by_proactive", "Proactive", "count", "by_proactive", false, CONVERSATION),
                new Count("by_flow", "Started by flows", "count", "by_flow", false, CONVERSATION));
        define("engagement",
                new Distinct("visitors", "Visitors", "visitors", List.of("page", "source", "device")),
                new Distinct("engaged_visitors", "Visitors who chatted", "engaged", List.of("page", "source", "device")),
                new Ratio("engagement_rate", "Engagement rate", "percent", "engaged_visitors", "visitors",
                        List.of("page", "source", "device")));
        define("response_times",
                new Percentile("first_response_median", "First response (median)", "first_response", 0.5, CONVERSATION),
                new Percentile("first_response_p90", "First response (p90)", "first_response", 0.9, CONVERSATION),
                new Percentile("resolution_median", "Resolution (median)", "resolution", 0.5, CONVERSATION),
                new Percentile("resolution_p90", "Resolution (p90)", "resolution", 0.9, CONVERSATION));
        define("bots",
                new Count("flow_started", "Flow conversations", "count", "flow_started", false, CONVERSATION),
                new Count("contained", "Resolved by the bot", "count", "contained", false, CONVERSATION),
                new Count("handed_off", "Handed to a person", "count", "handed_off", false, CONVERSATION),
                new Ratio("containment_rate", "Containment", "percent", "contained", "flow_started", CONVERSATION),
                new Ratio("handoff_rate", "Handoff rate", "percent", "handed_off", "flow_started", CONVERSATION));
        define("csat",
                new Count("ratings", "Ratings", "count", "ratings", false, AGENT),
                new Ratio("average", "Average (1-5)", "score", "score_total", "ratings", AGENT),
                new Ratio("satisfied_rate", "Satisfied (4-5)", "percent", "satisfied", "ratings", AGENT),
                new Count("score_total", "Sum of scores", "count", "ratings", true, AGENT),
                new Count("satisfied", "Satisfied", "count", "satisfied", false, AGENT));
        define("reach",
                new Count("replies", "Replies", "count", "replies", false, AGENT),
                new Count("seen_live", "Seen live", "count", "seen_live", false, AGENT),
                new Count("replies_to_absent", "Replies to visitors who had left", "count", "replies_to_absent", false, AGENT),
                new Count("by_push", "Reached by push", "count", "by_push", false, AGENT),
                new Count("by_email", "Reached by email", "count", "by_email", false, AGENT),
                new Count("answered", "Answered after leaving", "count", "answered", false, AGENT));
        define("conversions",
                new Count("conversions", "Conversions", "count", "conversions", false, PURCHASE),
                new Count("revenue", "Revenue", "money", "conversions", true, PURCHASE),
                new Count("first_touch_conversions", "After a conversation (first touch)", "count", "ft_conversions", false,
                        ATTRIBUTED),
                new Count("first_touch_revenue", "Revenue (first touch)", "money", "ft_conversions", true, ATTRIBUTED),
                new Count("last_touch_conversions", "After a conversation (last touch)", "count", "lt_conversions", false,
                        ATTRIBUTED),
                new Count("last_touch_revenue", "Revenue (last touch)", "money", "lt_conversions", true, ATTRIBUTED));
    }

    private static void define(String name, Metric... metrics) {
        ALL.put(name, new Definition(name, List.of(metrics)));
    }

    static Definition require(String name) {
        Definition d = ALL.get(name);
        if (d == null) {
            throw ApiError.notFound("No report '" + name + "'; reports: " + String.join(", ", ALL.keySet()));
        }
        return d;
    }

    /** The figures of one report over a range: per slot (in order) and over the whole range. */
    record Figures(List<LocalDateTime> slots, List<Map<String, Number>> series, Map<String, Number> totals) {
    }

    static Figures compute(ReportQueries q, String ws, Definition d, ReportRange range, String dim, String val) {
        List<Spans.Piece> at = Spans.of(range.bounds());
        List<LocalDateTime> slots = range.slots();
        Map<LocalDateTime, Integer> index = new HashMap<>();
        for (int i = 0; i < slots.size(); i++) {
            index.put(slots.get(i), i);
        }
        List<Map<String, Number>> series = new ArrayList<>();
        slots.forEach(s -> series.add(new LinkedHashMap<>()));
        Map<String, Number> totals = new LinkedHashMap<>();
        String filterDim = dim == null ? "" : dim;
        String filterVal = val == null ? "" : val;
        List<String> counted = new ArrayList<>();
        List<String> distinct = new ArrayList<>();
        List<String> histograms = new ArrayList<>();
        for (Metric m : d.metrics()) {
            if (dim != null && !m.dims().contains(dim)) {
                continue;
            }
            switch (m) {
                case Count c -> counted.add(c.metric());
                case Distinct c -> distinct.add(c.metric());
                case Percentile p -> histograms.add(p.metric());
                case Ratio r -> { }
            }
        }
        var counts = counted.isEmpty() ? Map.<String, TreeMap<Long, double[]>>of()
                : q.counts(ws, counted, filterDim, filterVal, at);
        var sketches = distinct.isEmpty() ? Map.<String, TreeMap<Long, VisitorSketch>>of()
                : q.sketches(ws, distinct, filterDim, filterVal, at);
        var hists = histograms.isEmpty() ? Map.<String, TreeMap<Long, long[]>>of()
                : q.histograms(ws, histograms, filterDim, filterVal, at);
        for (Metric m : d.metrics()) {
            boolean applies = dim == null || m.dims().contains(dim);
            switch (m) {
                case Count c -> {
                    double[] perSlot = new double[slots.size()];
                    double all = 0;
                    for (var e : counts.getOrDefault(c.metric(), new TreeMap<>()).entrySet()) {
                        double v = c.total() ? e.getValue()[1] : e.getValue()[0];
                        perSlot[index.get(range.slotOf(e.getKey()))] += v;
                        all += v;
                    }
                    for (int i = 0; i < slots.size(); i++) {
                        series.get(i).put(c.key(), applies ? number(perSlot[i], c.unit()) : null);
                    }
                    totals.put(c.key(), applies ? number(all, c.unit()) : null);
                }
                case Distinct c -> {
                    VisitorSketch[] perSlot = new VisitorSketch[slots.size()];
                    VisitorSketch all = new VisitorSketch();
                    for (var e : sketches.getOrDefault(c.metric(), new TreeMap<>()).entrySet()) {
                        int i = index.get(range.slotOf(e.getKey()));
                        (perSlot[i] == null ? perSlot[i] = new VisitorSketch() : perSlot[i]).add(e.getValue());
                        all.add(e.getValue());
                    }
                    for (int i = 0; i < slots.size(); i++) {
                        series.get(i).put(c.key(), applies ? (Number) (perSlot[i] == null ? 0L : perSlot[i].count()) : null);
                    }
                    totals.put(c.key(), applies ? all.count() : null);
                }
                case Percentile p -> {
                    long[][] perSlot = new long[slots.size()][];
                    long[] all = new long[DurationBuckets.LAST + 1];
                    for (var e : hists.getOrDefault(p.metric(), new TreeMap<>()).entrySet()) {
                        int i = index.get(range.slotOf(e.getKey()));
                        long[] slot = perSlot[i] == null ? perSlot[i] = new long[DurationBuckets.LAST + 1] : perSlot[i];
                        for (int b = 0; b < all.length; b++) {
                            slot[b] += e.getValue()[b];
                            all[b] += e.getValue()[b];
                        }
                    }
                    for (int i = 0; i < slots.size(); i++) {
                        series.get(i).put(p.key(), applies && perSlot[i] != null ? DurationBuckets.percentile(perSlot[i], p.p()) : null);
                    }
                    totals.put(p.key(), applies ? DurationBuckets.percentile(all, p.p()) : null);
                }
                case Ratio r -> { }
            }
        }
        for (Metric m : d.metrics()) {
            if (m instanceof Ratio r) {
                boolean applies = dim == null || r.dims().contains(dim);
                for (Map<String, Number> slot : series) {
                    slot.put(r.key(), applies ? ratio(slot.get(r.numerator()), slot.get(r.denominator())) : null);
                }
                totals.put(r.key(), applies ? ratio(totals.get(r.numerator()), totals.get(r.denominator())) : null);
            }
        }
        return new Figures(slots, series, totals);
    }

    private static Number number(double value, String unit) {
        return unit.equals("money") ? Math.round(value * 100) / 100.0 : (Number) Math.round(value);
    }

    private static Double ratio(Number numerator, Number denominator) {
        if (numerator == null || denominator == null || denominator.doubleValue() == 0) {
            return null;
        }
        return Math.round(numerator.doubleValue() / denominator.doubleValue() * 10_000) / 10_000.0;
    }
}
