package org.parley.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/** Live visitors through the real server on both databases (docs/analytics.md, "Live visitors"). */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class LiveVisitorsIT {
    private static final String SHOP = "https://shop.example";
    private static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

    @Parameter
    String database;

    static MovableClock clock;
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        clock = new MovableClock();
        server = TestServer.startWithClock(database, clock);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static Http widget() {
        return server.http().with("Origin", SHOP).with("User-Agent", FIREFOX);
    }

    private static void beacon(TestServer.Tenant tenant, TestServer.Visitor visitor, String url) {
        Http.Response response = widget().post("/api/v1/widget/activity", Map.of("key", tenant.widgetKey(),
                "token", visitor.token(), "events", List.of(Map.of("type", "page_view", "url", url, "title", "Page " + url,
                        "referrer", "https://search.example/", "at", clock.millis()))));
        assertThat(response.status()).as(response.raw()).isEqualTo(204);
    }

    /** A beacon from a browser without a session: its analytics id, no token (docs/widget.md, page activity). */
    private static void anonymousBeacon(TestServer.Tenant tenant, String anon, String url) {
        try {
            Http.Response response = server.http().with("Origin", SHOP).with("User-Agent", FIREFOX)
                    .sendBody("POST", "/api/v1/widget/activity", Http.JSON.writeValueAsString(Map.of("key", tenant.widgetKey(),
                            "anon", anon, "events", List.of(Map.of("type", "page_view", "url", url, "title", "Page",
                                    "at", clock.millis())))));
            assertThat(response.status()).as(response.raw()).isEqualTo(204);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Http.Response ping(TestServer.Tenant tenant, String anon, String token) {
        StringBuilder body = new StringBuilder("{\"key\":\"" + tenant.widgetKey() + "\"");
        if (anon != null) {
            body.append(",\"anon\":\"").append(anon).append('"');
        }
        if (token != null) {
            body.append(",\"token\":\"").append(token).append('"');
        }
        return widget().post("/api/v1/widget/ping", body.append('}').toString());
    }

    private static JsonNode awaitListed(TestServer.Agent agent, Predicate<JsonNode> match) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode v : agent.http().get("/api/v1/visitors/live").body().get("visitors")) {
                if (match.test(v)) {
                    return v;
                }
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("not listed within 10 s");
    }

    private static String anon() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 22);
    }

    private static Http.Response proactive(TestServer.Agent agent, String id, String clientMsgId, String text) {
        return agent.http().post("/api/v1/visitors/live/" + id + "/messages", Map.of("client_msg_id", clientMsgId, "text", text));
    }

    @Test
    void aBeaconShowsTheVisitorToAgentsLiveThePageChangeFollowsAndTheyLeave() {
        TestServer.Tenant tenant = server.tenant("Live");
        try (WsClient agentSocket = server.agentSocket(tenant.agent())) {
            TestServer.Visitor visitor = server.visitor(tenant);
            beacon(tenant, visitor, SHOP + "/scarves");
            JsonNode updated = agentSocket.awaitEvent("visitor.updated");
            assertThat(updated.has("cursor")).as("ephemeral: no cursor").isFalse();
            JsonNode entry = updated.get("data");
            assertThat(entry.get("visitor_id").asText()).isEqualTo(visitor.visitorId());
            assertThat(entry.at("/current_page/url").asText()).isEqualTo(SHOP + "/scarves");
            assertThat(entry.at("/source/referrer").asText()).isEqualTo("https://search.example/");
            assertThat(entry.get("browser").asText()).isEqualTo("Firefox 133");
            assertThat(entry.get("os").asText()).isEqualTo("Linux");
            assertThat(entry.get("country").isNull()).as("no GeoIP database").isTrue();
            assertThat(entry.get("chatting").asBoolean()).isFalse();
            assertThat(entry.get("returning").asBoolean()).isFalse();
            String id = entry.get("id").asText();
            JsonNode listed = awaitListed(tenant.agent(), v -> v.get("id").asText().equals(id));
            assertThat(listed.get("visitor_id").asText()).isEqualTo(visitor.visitorId());

            clock.advance(Duration.ofSeconds(2));
            beacon(tenant, visitor, SHOP + "/cart");
            JsonNode moved = agentSocket.await(f -> "visitor.updated".equals(f.path("event").asText())
                    && f.at("/data/current_page/url").asText().equals(SHOP + "/cart")).get("data");
            assertThat(moved.get("id").asText()).isEqualTo(id);
            assertThat(moved.get("pages")).extracting(p -> p.get("url").asText()).containsExactly(SHOP + "/cart", SHOP + "/scarves");

            clock.advance(Duration.ofSeconds(60));
            assertThat(ping(tenant, null, visitor.token()).body().size()).as("a heartbeat keeps them").isZero();
            clock.advance(Duration.ofSeconds(89));
            server.wiring().live.sweep();
            assertThat(tenant.agent().http().get("/api/v1/visitors/live").body().get("visitors")).hasSize(1);
            clock.advance(Duration.ofSeconds(2));
            server.wiring().live.sweep();
            assertThat(agentSocket.awaitEvent("visitor.left").get("data")).isEqualTo(Http.JSON.valueToTree(Map.of("id", id)));
            assertThat(tenant.agent().http().get("/api/v1/visitors/live").body().get("visitors")).isEmpty();
        }
    }

    @Test
    void aProactiveMessageToABrowserWithoutSessionStartsOneConversationAndItsTokenGoesToTheNextPingOnce() {
        TestServer.Tenant tenant = server.tenant("Live proactive");
        String anon = anon();
        assertThat(ping(tenant, anon, null).raw()).isEqualTo("{}");
        anonymousBeacon(tenant, anon, SHOP + "/pricing");
        JsonNode entry = awaitListed(tenant.agent(), v -> v.at("/current_page/url").asText().equals(SHOP + "/pricing"));
        String id = entry.get("id").asText();
        assertThat(id).doesNotContain(anon);
        assertThat(entry.get("visitor_id").isNull()).isTrue();

        TestServer.Tenant other = server.tenant("Live elsewhere");
        assertThat(proactive(other.agent(), id, "hello-1", "Hi!").status()).isEqualTo(404);
        assertThat(other.agent().http().get("/api/v1/visitors/live").body().get("visitors")).isEmpty();

        Http.Response sent = proactive(tenant.agent(), id, "hello-1", "Can I help you choose a plan?");
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        String conversationId = sent.body().at("/conversation/id").asText();
        assertThat(sent.body().at("/message/text").asText()).isEqualTo("Can I help you choose a plan?");
        Http.Response retry = proactive(tenant.agent(), id, "hello-1", "Can I help you choose a plan?");
        assertThat(retry.status()).as(retry.raw()).isEqualTo(200);
        assertThat(retry.body().at("/conversation/id").asText()).isEqualTo(conversationId);
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE workspace_id = ? AND origin = 'proactive'",
                tenant.workspace().id())).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversationId)).isEqualTo(1);
        String today = java.time.LocalDate.ofInstant(java.time.Instant.ofEpochMilli(clock.millis()), java.time.ZoneOffset.UTC)
                .toString();
        JsonNode report = tenant.owner().http().get("/api/v1/reports/conversations?from=" + today + "&to=" + today).body();
        assertThat(report.at("/totals/by_proactive").asLong()).as("the reports count it as proactive").isEqualTo(1);

        JsonNode answer = ping(tenant, anon, null).body();
        assertThat(answer.get("load").asBoolean()).isTrue();
        String token = answer.get("token").asText();
        assertThat(token).startsWith("vt_");
        assertThat(ping(tenant, anon, null).raw()).as("handed over once").isEqualTo("{}");

        Http.Response session = widget().post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey(), "token", token));
        assertThat(session.body().get("resumed").asBoolean()).isTrue();
        assertThat(session.body().get("conversations")).singleElement()
                .satisfies(c -> assertThat(c.get("id").asText()).isEqualTo(conversationId));
        JsonNode messages = server.http().bearer(token).get("/api/v1/visitor/conversations/" + conversationId + "/messages").body();
        assertThat(messages.at("/messages/0/text").asText()).isEqualTo("Can I help you choose a plan?");
        JsonNode chatting = awaitListed(tenant.agent(), v -> v.get("id").asText().equals(id) && v.get("chatting").asBoolean());
        assertThat(chatting.get("conversation_id").asText()).isEqualTo(conversationId);
        assertThat(chatting.get("visitor_id").asText()).isEqualTo(session.body().get("visitor_id").asText());

        assertThat(proactive(tenant.agent(), id, "hello-2", "Two").status()).isEqualTo(201);
        assertThat(proactive(tenant.agent(), id, "hello-3", "Three").status()).isEqualTo(201);
        Http.Response capped = proactive(tenant.agent(), id, "hello-4", "Four");
        assertThat(capped.status()).isEqualTo(409);
        assertThat(capped.errorCode()).isEqualTo("proactive_limit");
        assertThat(proactive(tenant.agent(), id, "hello-1", "Can I help you choose a plan?").status()).as("a retry still").isEqualTo(200);
    }

    @Test
    void aProactiveMessageReachesAConnectedWidgetLive() {
        TestServer.Tenant tenant = server.tenant("Live connected");
        TestServer.Visitor visitor = server.visitor(tenant);
        try (WsClient widgetSocket = server.visitorSocket(visitor)) {
            beacon(tenant, visitor, SHOP + "/");
            assertThat(ping(tenant, null, visitor.token()).raw()).isEqualTo("{}");
            String id = awaitListed(tenant.agent(), v -> v.get("visitor_id").asText().equals(visitor.visitorId())
                    && v.get("chatting").asBoolean()).get("id").asText();

            Http.Response sent = proactive(tenant.agent(), id, "hi-connected", "Hello from the team");
            assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
            JsonNode created = widgetSocket.awaitEvent("conversation.created").get("data");
            assertThat(created.at("/conversation/id").asText()).isEqualTo(sent.body().at("/conversation/id").asText());
            JsonNode message = widgetSocket.awaitEvent("message.created").get("data");
            assertThat(message.get("text").asText()).isEqualTo("Hello from the team");
            assertThat(ping(tenant, null, visitor.token()).raw()).as("the frame has it: nothing to load").isEqualTo("{}");
        }
    }

    @Test
    void pingsAreCheckedLikeTheWidgetsOtherRoutes() {
        TestServer.Tenant tenant = server.tenant("Live pings");
        assertThat(ping(tenant, "short", null).status()).isEqualTo(400);
        assertThat(ping(tenant, null, null).status()).isEqualTo(400);
        TestServer.Visitor stranger = server.visitor(server.tenant("Live pings elsewhere"));
        assertThat(ping(tenant, null, stranger.token()).status()).isEqualTo(401);
        Http.Response foreign = server.http().with("Origin", "https://evil.example")
                .post("/api/v1/widget/ping", Map.of("key", tenant.widgetKey(), "anon", anon()));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.header("access-control-allow-origin")).isNull();
        assertThat(ping(tenant, anon(), null).header("access-control-allow-origin")).isEqualTo(SHOP);
        assertThat(tenant.agent().http().get("/api/v1/visitors/live").body().get("visitors")).as("no page seen").isEmpty();
    }
}
