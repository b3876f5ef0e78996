package org.parley.bench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Times every report over HTTP as the reports screen asks for it (signed in as the owner): the last 12 months by
 * month, the last 30 days by day, yesterday by hour; each plain, with {@code compare=previous} and with one
 * filter; then the filters' values and a CSV export. Each request runs {@code warmup} + {@code runs} times, one
 * at a time; the table shows the median and the maximum of the timed runs.
 */
final class ReportTimer {
    private static final List<String> REPORTS = List.of("visitors", "conversations", "engagement", "response_times", "bots",
            "csat", "reach", "conversions");
    private static final Set<String> BY_DEVICE = Set.of("visitors", "conversations", "engagement", "response_times", "bots",
            "conversions");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Range(String name, String from, String to, String interval) {
    }

    private record Row(String what, String range, String variant, double p50, double max, int bytes, String error) {
    }

    private final URI base;
    private final int runs;
    private final int warmup;
    private final long deadline;
    private final int yearDays;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private String cookie;

    ReportTimer(String url, int runs, int warmup, int maxSeconds, int yearDays) {
        this.base = URI.create(url);
        String host = base.getHost();
        if (!Set.of("127.0.0.1", "localhost", "[::1]").contains(host)) {
            throw new IllegalArgumentException("loopback only, got " + host);
        }
        this.runs = Math.max(1, Math.min(runs, 50));
        this.warmup = Math.max(0, Math.min(warmup, 10));
        this.deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        this.yearDays = yearDays;
    }

    void run(String email, String password) throws IOException, InterruptedException {
        HttpResponse<String> login = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/auth/login"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("email", email, "password", password))))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IOException("login answered " + login.statusCode() + ": " + login.body());
        }
        cookie = login.headers().allValues("set-cookie").stream().map(c -> c.split(";", 2)[0].trim())
                .filter(c -> c.startsWith("parley_session=")).findFirst().orElseThrow();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<Range> ranges = List.of(
                new Range(yearDays == 365 ? "12 months" : yearDays + " days", today.minusDays(yearDays - 1).toString(), today.toString(), "month"),
                new Range("30 days", today.minusDays(29).toString(), today.toString(), "day"),
                new Range("1 day", today.minusDays(1).toString(), today.minusDays(1).toString(), "hour"));
        long first = System.nanoTime();
        JsonNode filters = JSON.readTree(get("/api/v1/reports/filters?from=" + ranges.get(0).from() + "&to=" + today).body());
        System.out.printf(Locale.ROOT, "time: first request %.0f ms (it waits for the server's start-up recompute of recent "
                + "hours)%n", (System.nanoTime() - first) / 1e6);
        String agent = filters.path("agent").path(0).path("id").asText("ag_bench_0");
        List<Row> rows = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-15s %-10s %-15s %9s %9s %9s%n", "report", "range", "variant", "p50_ms", "max_ms", "bytes");
        for (Range r : ranges) {
            for (String report : REPORTS) {
                String path = "/api/v1/reports/" + report + "?from=" + r.from() + "&to=" + r.to() + "&interval=" + r.interval();
                String filter = BY_DEVICE.contains(report) ? "device:mobile" : "agent:" + agent;
                rows.add(time(report, r.name(), "", path));
                rows.add(time(report, r.name(), "compare", path + "&compare=previous"));
                rows.add(time(report, r.name(), filter.startsWith("agent") ? "agent:<id>" : filter,
                        path + "&filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)));
            }
            rows.add(time("filters", r.name(), "", "/api/v1/reports/filters?from=" + r.from() + "&to=" + r.to()));
            rows.add(time("visitors", r.name(), "csv", "/api/v1/reports/visitors?from=" + r.from() + "&to=" + r.to()
                    + "&interval=" + r.interval() + "&format=csv"));
        }
        summary(rows);
    }

    private Row time(String what, String range, String variant, String path) throws InterruptedException {
        if (System.nanoTime() > deadline) {
            return print(new Row(what, range, variant, 0, 0, 0, "skipped: --max-seconds reached"));
        }
        double[] ms = new double[runs];
        int bytes = 0;
        try {
            for (int i = 0; i < warmup + runs; i++) {
                long t = System.nanoTime();
                HttpResponse<String> response = get(path);
                double elapsed = (System.nanoTime() - t) / 1e6;
                if (response.statusCode() != 200) {
                    return print(new Row(what, range, variant, 0, 0, 0, "HTTP " + response.statusCode() + " " + response.body()));
                }
                bytes = response.body().length();
                if (i >= warmup) {
                    ms[i - warmup] = elapsed;
                }
            }
        } catch (IOException e) {
            return print(new Row(what, range, variant, 0, 0, 0, e.toString()));
        }
        Arrays.sort(ms);
        return print(new Row(what, range, variant, ms[(ms.length - 1) / 2], ms[ms.length - 1], bytes, null));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).header("Cookie", cookie).timeout(Duration.ofSeconds(120))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Row print(Row r) {
        if (r.error() != null) {
            System.out.printf(Locale.ROOT, "%-15s %-10s %-15s %s%n", r.what(), r.range(), r.variant(),
                    r.error().length() > 200 ? r.error().substring(0, 200) : r.error());
        } else {
            System.out.printf(Locale.ROOT, "%-15s %-10s %-15s %9.1f %9.1f %9d%n", r.what(), r.range(), r.variant(), r.p50(),
                    r.max(), r.bytes());
        }
        System.out.flush();
        return r;
    }

    private void summary(List<Row> rows) {
        int slow = 0;
        Row slowest = null;
        for (Row r : rows) {
            if (r.error() == null) {
                slow += r.p50() >= 1000 ? 1 : 0;
                slowest = slowest == null || r.p50() > slowest.p50() ? r : slowest;
            }
        }
        long errors = rows.stream().filter(r -> r.error() != null).count();
        System.out.printf(Locale.ROOT, "time: %d requests timed (%d runs after %d warm-up each), %d failed or skipped, "
                        + "%d with p50 >= 1 s; slowest p50 %s %s %s %.1f ms%n", rows.size(), runs, warmup, errors, slow,
                slowest == null ? "-" : slowest.what(), slowest == null ? "" : slowest.range(),
                slowest == null ? "" : slowest.variant(), slowest == null ? 0 : slowest.p50());
    }
}
