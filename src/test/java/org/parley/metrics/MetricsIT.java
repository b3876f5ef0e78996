package org.parley.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * GET /metrics as Prometheus scrapes it (docs/operations.md): the text format, the series moving with real
 * traffic through the API and the sockets, and the protection (token on the public port, or the separate port).
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class MetricsIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Metrics shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static String scrape(TestServer node) {
        Http.Response response = node.http().bearer(TestServer.METRICS_TOKEN).get("/metrics");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("text/plain").contains("version=0.0.4");
        return response.raw();
    }

    @Test
    void seriesMoveWithMessagesAndRequests() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first"); // a contact's message, and a route with an id later
        String before = scrape(server);
        assertThat(before).contains("# TYPE parley_messages_sent_total counter")
                .contains("# TYPE http_server_requests_seconds histogram")
                .contains("# TYPE jvm_memory_used_bytes gauge")
                .contains("# TYPE jvm_threads_live_threads gauge")
                .contains("jvm_gc_")
                .contains("# TYPE parley_websocket_connections gauge")
                .contains("# TYPE parley_notification_jobs gauge")
                .contains("# TYPE parley_write_batch_size histogram")
                .contains("# TYPE parley_write_commit_seconds histogram")
                .contains("# TYPE parley_events_publish_lag_seconds histogram")
                .contains("parley_eventbus_async_pending")
                .contains("parley_write_pending");
        double agentMessages = sample(before, "parley_messages_sent_total", Map.of("sender", "agent"));
        double contactMessages = sample(before, "parley_messages_sent_total", Map.of("sender", "contact"));
        assertThat(contactMessages).isGreaterThanOrEqualTo(1);
        Map<String, String> replies = Map.of("method", "POST", "route", "/api/v1/conversations/{id}/messages", "status", "201");
        double repliesBefore = sample(before, "http_server_requests_seconds_count", replies);
        double commits = sample(before, "parley_write_commit_seconds_count", Map.of());
        assertThat(commits).isPositive();
        assertThat(sample(before, "parley_notification_jobs", Map.of("state", "pending"))).isGreaterThanOrEqualTo(0);

        for (int i = 0; i < 3; i++) {
            Http.Response reply = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "m-" + UUID.randomUUID(), "text", "reply " + i));
            assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        }
        String after = scrape(server);
        assertThat(sample(after, "parley_messages_sent_total", Map.of("sender", "agent"))).isEqualTo(agentMessages + 3);
        assertThat(sample(after, "parley_messages_sent_total", Map.of("sender", "contact"))).isEqualTo(contactMessages);
        assertThat(sample(after, "http_server_requests_seconds_count", replies)).isEqualTo(repliesBefore + 3);
        assertThat(sample(after, "parley_write_commit_seconds_count", Map.of())).isGreaterThan(commits);
        assertThat(sample(after, "parley_write_batch_size_sum", Map.of())).isGreaterThanOrEqualTo(
                sample(after, "parley_write_batch_size_count", Map.of()));
        assertThat(after).as("routes are templates: no conversation id in any label").doesNotContain(conversation);
    }

    @Test
    void unknownPathsShareOneSeries() {
        for (int i = 0; i < 3; i++) {
            assertThat(server.http().get("/no-such-page-" + UUID.randomUUID()).status()).isEqualTo(404);
        }
        String text = scrape(server);
        assertThat(sample(text, "http_server_requests_seconds_count",
                Map.of("method", "GET", "route", "unmatched", "status", "404"))).isGreaterThanOrEqualTo(3);
        assertThat(text).doesNotContain("no-such-page");
    }

    @Test
    void webSocketGaugeFollowsOpenSockets() {
        TestServer.Visitor visitor = server.visitor(tenant);
        Map<String, String> visitors = Map.of("kind", "visitor");
        Map<String, String> agents = Map.of("kind", "agent");
        double visitorsBefore = sample(scrape(server), "parley_websocket_connections", visitors);
        double agentsBefore = sample(scrape(server), "parley_websocket_connections", agents);
        try (WsClient ws = server.visitorSocket(visitor); WsClient agent = server.agentSocket(tenant.agent())) {
            String open = scrape(server);
            assertThat(sample(open, "parley_websocket_connections", visitors)).isEqualTo(visitorsBefore + 1);
            assertThat(sample(open, "parley_websocket_connections", agents)).isEqualTo(agentsBefore + 1);
        }
        long deadline = System.currentTimeMillis() + 5_000;
        while (sample(scrape(server), "parley_websocket_connections", visitors) != visitorsBefore
                && System.currentTimeMillis() < deadline) {
            sleep(50);
        }
        String closed = scrape(server);
        assertThat(sample(closed, "parley_websocket_connections", visitors)).isEqualTo(visitorsBefore);
        assertThat(sample(closed, "parley_websocket_connections", agents)).isEqualTo(agentsBefore);
    }

    @Test
    void withoutTheTokenNoMetrics() {
        Http.Response none = server.http().get("/metrics");
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.header("www-authenticate")).isEqualTo("Bearer");
        assertThat(none.raw()).doesNotContain("jvm_");
        Http.Response wrong = server.http().bearer("not-" + TestServer.METRICS_TOKEN).get("/metrics");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(server.http().with("Authorization", "Basic " + TestServer.METRICS_TOKEN).get("/metrics").status())
                .isEqualTo(401);
    }

    @Test
    void aNodeWithoutATokenHasNoPublicMetricsButItsOwnPort() {
        try (TestServer open = TestServer.startWithMetrics(database, null, true)) {
            assertThat(open.http().get("/metrics").status()).isEqualTo(404);
            assertThat(open.http().bearer("anything").get("/metrics").status()).isEqualTo(404);
            Http.Response local = new Http("http://127.0.0.1:" + open.metricsPort()).get("/metrics");
            assertThat(local.status()).isEqualTo(200);
            assertThat(local.raw()).contains("# TYPE parley_messages_sent_total counter");
            assertThat(new Http("http://127.0.0.1:" + open.metricsPort()).get("/other").status()).isEqualTo(404);
        }
        try (TestServer closed = TestServer.startWithMetrics(database, null, false)) {
            assertThat(closed.http().get("/metrics").status()).isEqualTo(404);
            assertThat(closed.metricsPort()).isNull();
        }
    }

    @Test
    void theMetricsPortAsksForTheTokenWhenOneIsSet() {
        try (TestServer both = TestServer.startWithMetrics(database, "port-token", true)) {
            Http local = new Http("http://127.0.0.1:" + both.metricsPort());
            assertThat(local.get("/metrics").status()).isEqualTo(401);
            assertThat(local.bearer("port-token").get("/metrics").status()).isEqualTo(200);
            assertThat(both.http().bearer("port-token").get("/metrics").status()).isEqualTo(200);
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    /** The value of the one sample of {@code name} whose labels include {@code labels}; 0 when there is none. */
    static double sample(String text, String name, Map<String, String> labels) {
        Double found = null;
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.strip());
            if (!m.matches() || !m.group(1).equals(name)) {
                continue;
            }
            Map<String, String> its = new java.util.HashMap<>();
            Matcher label = LABEL.matcher(m.group(2) == null ? "" : m.group(2));
            while (label.find()) {
                its.put(label.group(1), label.group(2));
            }
            if (its.entrySet().containsAll(labels.entrySet())) {
                assertThat(found).as("more than one sample of %s with %s", name, labels).isNull();
                found = Double.parseDouble(m.group(3));
            }
        }
        return found == null ? 0 : found;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
