package org.parley.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/** The visitor summary on the agents' activity route, on both databases. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ActivityIT {
    private static final String SHOP = "https://shop.example";
    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    private static final String WINDOWS_EDGE = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            + "Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0";

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Activity");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static void beacon(TestServer.Visitor visitor, String userAgent, List<Map<String, Object>> events) {
        try {
            Http.Response response = server.http().with("Origin", SHOP).with("User-Agent", userAgent)
                    .sendBody("POST", "/api/v1/widget/activity", Http.JSON.writeValueAsString(
                            Map.of("key", tenant.widgetKey(), "token", visitor.token(), "events", events)));
            assertThat(response.status()).as(response.raw()).isEqualTo(204);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theVisitorSummaryComesFromTheFirstAndLatestActivity() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Where is my order?");
        long t = System.currentTimeMillis() - 60_000;
        beacon(visitor, WINDOWS_EDGE, List.of(Map.of("type", "page_view", "url", SHOP + "/?utm_source=news",
                "referrer", "https://search.example/?q=scarves", "utm", Map.of("source", "news", "campaign", "winter"), "at", t)));
        beacon(visitor, IPHONE, List.of(Map.of("type", "page_view", "url", SHOP + "/cart", "referrer", SHOP + "/",
                "at", t + 30_000)));

        JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation + "/activity").body();
        JsonNode summary = view.get("visitor");
        assertThat(summary).as(view.toString()).isNotNull();
        assertThat(summary.get("browser").asText()).as("the latest browser").isEqualTo("Safari 18");
        assertThat(summary.get("os").asText()).isEqualTo("iOS");
        assertThat(summary.get("device").asText()).isEqualTo("mobile");
        assertThat(summary.get("user_agent").asText()).isEqualTo(IPHONE);
        assertThat(summary.get("referrer").asText()).as("how they came: the first activity").isEqualTo("https://search.example/?q=scarves");
        assertThat(summary.at("/utm/source").asText()).isEqualTo("news");
        assertThat(summary.at("/utm/campaign").asText()).isEqualTo("winter");
        assertThat(summary.get("first_seen_at").asLong()).isEqualTo(t);
        assertThat(summary.get("last_seen_at").asLong()).isEqualTo(t + 30_000);
        assertThat(view.at("/current_page/url").asText()).isEqualTo(SHOP + "/cart");
        assertThat(view.get("activity")).hasSize(2);
    }

    @Test
    void aVisitorWithoutActivityHasNoSummaryAndOptionalFieldsAreLeftOut() {
        TestServer.Visitor quiet = server.visitor(tenant);
        String conversation = server.conversation(quiet, "hi");
        JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation + "/activity").body();
        assertThat(view.has("visitor")).isFalse();
        assertThat(view.get("activity")).isEmpty();

        TestServer.Visitor direct = server.visitor(tenant);
        String other = server.conversation(direct, "hello");
        beacon(direct, "curl/8.5.0", List.of(Map.of("type", "track", "name", "opened_chat")));
        JsonNode summary = tenant.agent().http().get("/api/v1/conversations/" + other + "/activity").body().get("visitor");
        assertThat(summary.get("browser").asText()).isEqualTo("Other");
        assertThat(summary.get("os").asText()).isEqualTo("Other");
        assertThat(summary.get("device").asText()).isEqualTo("desktop");
        assertThat(summary.has("referrer")).isFalse();
        assertThat(summary.has("utm")).isFalse();
        assertThat(summary.get("first_seen_at").asLong()).isEqualTo(summary.get("last_seen_at").asLong());
        TestServer.Tenant elsewhere = server.tenant("Activity elsewhere");
        assertThat(elsewhere.agent().http().get("/api/v1/conversations/" + other + "/activity").status()).isEqualTo(404);
    }
}
