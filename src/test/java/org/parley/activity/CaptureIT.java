package org.parley.activity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * Capture without a visitor session (issue 14), on both databases: beacons named by the browser's analytics
 * id alone are stored, a session started with that id makes them the visitor's (the agents' activity view),
 * and consent withdrawn with forget deletes that browser's rows and no one else's.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class CaptureIT {
    private static final String SHOP = "https://shop.example";
    private static final String EVIL = "https://evil.example";

    @Parameter
    String database;

    static TestServer server;
    /** Each test's own workspace. */
    TestServer.Tenant tenant;
    static final List<ActivityRecorded> published = new CopyOnWriteArrayList<>();

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        published.clear();
        server.wiring().bus.subscribeSync(ActivityRecorded.class, published::add);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String anon(String seed) {
        return (seed + "_0123456789abcdefghij").substring(0, 22);
    }

    private static Map<String, Object> page(String path, long at) {
        return Map.of("type", "page_view", "url", SHOP + path, "title", "Page " + path, "at", at);
    }

    private static Http.Response post(String path, String origin, Map<String, Object> body) {
        try {
            return server.http().with("Origin", origin).sendBody("POST", path, Http.JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private Http.Response beacon(Map<String, Object> fields, List<?> events) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("key", tenant.widgetKey());
        body.put("events", events);
        return post("/api/v1/widget/activity", SHOP, body);
    }

    private long rows(String sql, Object... args) {
        return server.count("SELECT COUNT(*) FROM visitor_activity WHERE workspace_id = ? AND " + sql,
                prepend(tenant.workspace().id(), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        List<Object> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray();
    }

    @Test
    void anonymousBeaconsAreStoredThenLinkedToTheVisitorOfASessionWithThatId() {
        tenant = server.tenant("Capture link");
        String anon = anon("link");
        long t = System.currentTimeMillis() - 60_000;
        Http.Response landing = beacon(Map.of("anon", anon), List.of(Map.of("type", "page_view",
                "url", SHOP + "/?utm_source=news&utm_campaign=dec&utm_bogus=x", "referrer", "https://search.example/", "at", t)));
        assertThat(landing.status()).as(landing.raw()).isEqualTo(204);
        assertThat(landing.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(beacon(Map.of("anon", anon), List.of(page("/scarves", t + 1000))).status()).isEqualTo(204);
        assertThat(rows("anon_id = ? AND visitor_id IS NULL", anon)).isEqualTo(2);
        assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", tenant.workspace().id()))
                .as("no visitor session made to record activity").isZero();
        ActivityRecorded event = published.stream().filter(e -> anon.equals(e.anonId())).findFirst().orElseThrow();
        assertThat(event.workspaceId()).isEqualTo(tenant.workspace().id());
        assertThat(event.visitorId()).isNull();
        assertThat(event.events().getFirst().utm()).as("read from the URL by the server")
                .isEqualTo(Map.of("source", "news", "campaign", "dec"));

        // Another browser's anonymous rows stay anonymous.
        assertThat(beacon(Map.of("anon", anon("other")), List.of(page("/other", t))).status()).isEqualTo(204);

        Http.Response session = post("/api/v1/visitor/session", SHOP, Map.of("workspace_key", tenant.widgetKey(), "anon", anon));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        String visitorId = session.body().get("visitor_id").asText();
        String token = session.body().get("token").asText();
        assertThat(rows("anon_id = ? AND visitor_id = ?", anon, visitorId)).isEqualTo(2);
        assertThat(rows("anon_id = ? AND visitor_id IS NULL", anon("other"))).isEqualTo(1);

        // With the token, later beacons are the visitor's at once.
        assertThat(beacon(Map.of("anon", anon, "token", token), List.of(page("/cart", t + 2000))).status()).isEqualTo(204);
        assertThat(published.getLast().visitorId()).isEqualTo(visitorId);
        assertThat(published.getLast().anonId()).isEqualTo(anon);

        // The agent sees the pages seen before the chat, and how the visitor came.
        String conversation = server.conversation(new TestServer.Visitor(token, visitorId,
                session.body().get("contact_id").asText(), server.http().bearer(token)), "Do you ship to Lyon?");
        JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation + "/activity").body();
        assertThat(view.get("activity")).hasSize(3);
        assertThat(view.at("/current_page/url").asText()).isEqualTo(SHOP + "/cart");
        assertThat(view.at("/visitor/referrer").asText()).isEqualTo("https://search.example/");
        assertThat(view.at("/visitor/utm/campaign").asText()).isEqualTo("dec");
    }

    @Test
    void badIdsAndForeignTokensAreRefusedAndStoreNothing() {
        tenant = server.tenant("Capture refusals");
        long before = rows("1 = 1");
        List<Map<String, Object>> events = List.of(page("/", System.currentTimeMillis()));
        for (String bad : List.of("short", "has spaces in it 123", "x".repeat(65), "semi;colon;0123456789")) {
            Http.Response refused = beacon(Map.of("anon", bad), events);
            assertThat(refused.status()).as(bad).isEqualTo(400);
            assertThat(refused.body().at("/error/message").asText()).contains("'anon'");
        }
        assertThat(beacon(Map.of(), events).status()).as("neither anon nor token").isEqualTo(400);
        TestServer.Visitor stranger = server.visitor(server.tenant("Elsewhere"));
        assertThat(beacon(Map.of("anon", anon("foreign"), "token", stranger.token()), events).status())
                .as("a token of another workspace").isEqualTo(401);
        assertThat(beacon(Map.of("anon", anon("forged"), "token", "vt_forged"), events).status()).isEqualTo(401);
        assertThat(post("/api/v1/visitor/session", SHOP, Map.of("workspace_key", tenant.widgetKey(), "anon", "bad id")).status())
                .isEqualTo(400);
        assertThat(post("/api/v1/widget/activity", EVIL, Map.of("key", tenant.widgetKey(), "anon", anon("evil"),
                "events", events)).status()).isEqualTo(403);
        assertThat(rows("1 = 1")).isEqualTo(before);

        // An older loader's beacon (a token, no anon) is still recorded for its visitor.
        TestServer.Visitor visitor = server.visitor(tenant);
        assertThat(beacon(Map.of("token", visitor.token()), events).status()).isEqualTo(204);
        assertThat(rows("visitor_id = ? AND anon_id IS NULL", visitor.visitorId())).isEqualTo(1);
    }

    @Test
    void forgetDeletesThatBrowsersRowsAndOnlyThose() {
        tenant = server.tenant("Capture forget");
        long t = System.currentTimeMillis() - 10_000;
        String mine = anon("mine");
        String theirs = anon("theirs");
        beacon(Map.of("anon", mine), List.of(page("/a", t), page("/b", t + 1)));
        beacon(Map.of("anon", theirs), List.of(page("/c", t)));
        // A browser with a session: its rows under an earlier id go too when the token comes along.
        Http.Response session = post("/api/v1/visitor/session", SHOP, Map.of("workspace_key", tenant.widgetKey()));
        String token = session.body().get("token").asText();
        String visitorId = session.body().get("visitor_id").asText();
        beacon(Map.of("token", token), List.of(page("/d", t)));
        TestServer.Tenant other = server.tenant("Capture elsewhere");
        Http.Response foreign = post("/api/v1/widget/activity", SHOP, Map.of("key", other.widgetKey(), "anon", mine,
                "events", List.of(page("/e", t))));
        assertThat(foreign.status()).as("the same id on another workspace's widget").isEqualTo(204);

        Map<String, Object> forget = new HashMap<>(Map.of("key", tenant.widgetKey(), "anon", mine));
        assertThat(post("/api/v1/widget/activity/forget", SHOP, Map.of("key", tenant.widgetKey(), "anon", mine,
                "token", server.visitor(other).token())).status()).as("a token of another workspace").isEqualTo(401);
        assertThat(rows("anon_id = ?", mine)).as("nothing deleted on a refusal").isEqualTo(2);
        assertThat(post("/api/v1/widget/activity/forget", SHOP, Map.of("key", tenant.widgetKey(), "anon", "nope")).status())
                .isEqualTo(400);
        assertThat(post("/api/v1/widget/activity/forget", EVIL, forget).status()).isEqualTo(403);

        forget.put("token", token);
        Http.Response forgotten = post("/api/v1/widget/activity/forget", SHOP, forget);
        assertThat(forgotten.status()).as(forgotten.raw()).isEqualTo(204);
        assertThat(forgotten.header("Access-Control-Allow-Origin")).isEqualTo(SHOP);
        assertThat(rows("anon_id = ?", mine)).isZero();
        assertThat(rows("visitor_id = ?", visitorId)).as("the visitor of the token").isZero();
        assertThat(rows("anon_id = ?", theirs)).as("another browser's rows stay").isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM visitor_activity WHERE workspace_id = ? AND anon_id = ?",
                other.workspace().id(), mine)).as("another workspace's rows stay").isEqualTo(1);
        assertThat(post("/api/v1/widget/activity/forget", SHOP, forget).status()).as("idempotent").isEqualTo(204);
    }
}
