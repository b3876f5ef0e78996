package org.parley.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.TestServer;

/**
 * A scripted shop with known answers (docs/analytics.md): four visitors over two days, two conversations,
 * replies, a rating and two purchases, at fixed times (the node's clock is moved). Every report gives exactly
 * the expected figures from the rollups, on both databases; the rollups' totals equal counts of the raw rows,
 * and stay when retention deletes the raw activity.
 */
@ParameterizedClass
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ValueSource(strings = {"sqlite", "postgresql"})
class ReportsIT {
    static final String SHOP = "https://shop.example";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1";
    static final String DESKTOP = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
    static final long MINUTE = 60_000;
    static final long HOUR = 60 * MINUTE;

    @Parameter
    String database;

    static MovableClock clock;
    static TestServer server;
    static TestServer.Tenant tenant;
    static LocalDate day1;
    static long d1;
    static long d2;
    static String first;
    static String second;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws Exception {
        clock = new MovableClock();
        server = TestServer.startWithClock(database, clock);
        tenant = server.tenant("Reports");
        day1 = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        d1 = day1.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        d2 = d1 + 24 * HOUR;
        scenario();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static void at(long millis) {
        clock.advance(Duration.ofMillis(millis - clock.millis()));
    }

    static void beacon(TestServer.Visitor visitor, String userAgent, Map<String, Object> event) throws Exception {
        Http.Response response = server.http().with("Origin", SHOP).with("User-Agent", userAgent)
                .sendBody("POST", "/api/v1/widget/activity", Http.JSON.writeValueAsString(
                        Map.of("key", tenant.widgetKey(), "token", visitor.token(), "events", List.of(event))));
        assertThat(response.status()).as(response.raw()).isEqualTo(204);
    }

    static void page(TestServer.Visitor visitor, String userAgent, long time, String path, String referrer) throws Exception {
        at(time + 100);
        beacon(visitor, userAgent, referrer == null ? Map.of("type", "page_view", "url", SHOP + path, "at", time)
                : Map.of("type", "page_view", "url", SHOP + path, "referrer", referrer, "at", time));
    }

    static void purchase(TestServer.Visitor visitor, String userAgent, long time, double value) throws Exception {
        at(time + 100);
        beacon(visitor, userAgent, Map.of("type", "track", "name", "purchase", "url", SHOP + "/thanks",
                "props", Map.of("value", value, "currency", "eur"), "at", time));
    }

    /** The agent replies {@code seconds} (and half a second) after the conversation's first message. */
    static void replyAfter(String conversation, long seconds) {
        long asked = server.count("SELECT created_at FROM messages WHERE conversation_id = ? AND seq = 1", conversation);
        at(asked + seconds * 1000 + 500);
        assertThat(tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r-" + conversation, "text", "Happy to help")).status()).isEqualTo(201);
    }

    static void scenario() throws Exception {
        // Day 1. V1 lands from a newsletter on a phone, reads two pages, chats, buys.
        TestServer.Visitor v1 = server.visitor(tenant);
        at(d1 + 10 * HOUR);
        beacon(v1, IPHONE, Map.of("type", "page_view", "url", SHOP + "/?utm_source=news&utm_campaign=dec",
                "referrer", "https://news.example/a", "utm", Map.of("source", "news", "campaign", "dec"), "at", d1 + 10 * HOUR));
        page(v1, IPHONE, d1 + 10 * HOUR + MINUTE, "/scarves", SHOP + "/");
        page(v1, IPHONE, d1 + 10 * HOUR + 2 * MINUTE, "/checkout", SHOP + "/scarves");
        at(d1 + 10 * HOUR + 3 * MINUTE);
        first = server.conversation(v1, "Do you have it in red?");
        assertThat(tenant.agent().http().post("/api/v1/conversations/" + first + "/assign",
                Map.of("assignee_id", tenant.agent().id())).status()).isEqualTo(200);
        replyAfter(first, 120);
        long created = server.count("SELECT created_at FROM conversations WHERE id = ?", first);
        at(created + HOUR + 500);
        assertThat(tenant.agent().http().post("/api/v1/conversations/" + first + "/status", Map.of("status", "resolved"))
                .status()).isEqualTo(200);
        rate(first, v1, 5, "Lovely", d1 + 11 * HOUR + 10 * MINUTE);
        purchase(v1, IPHONE, d1 + 12 * HOUR, 49.9);
        // V2 comes straight in on a desktop, buys without chatting.
        TestServer.Visitor v2 = server.visitor(tenant);
        page(v2, DESKTOP, d1 + 14 * HOUR, "/", null);
        page(v2, DESKTOP, d1 + 14 * HOUR + 30_000, "/scarves", SHOP + "/");
        purchase(v2, DESKTOP, d1 + 14 * HOUR + 5 * MINUTE, 20);
        // Day 2. V3 from a search engine chats; V4 on a phone comes twice (40 minutes apart: two visits).
        TestServer.Visitor v3 = server.visitor(tenant);
        page(v3, DESKTOP, d2 + 9 * HOUR, "/scarves", "https://www.google.com/");
        at(d2 + 9 * HOUR + MINUTE);
        second = server.conversation(v3, "Hello");
        replyAfter(second, 600);
        TestServer.Visitor v4 = server.visitor(tenant);
        page(v4, IPHONE, d2 + 9 * HOUR + 30 * MINUTE, "/", null);
        page(v4, IPHONE, d2 + 10 * HOUR + 10 * MINUTE, "/scarves", null);
        at(d2 + 12 * HOUR);
        awaitReach(2);
        server.wiring().rollups.refresh();
    }

    static void rate(String conversation, TestServer.Visitor visitor, int score, String comment, long time) {
        at(time);
        Http.Response rated = visitor.http().sendBody("PUT", "/api/v1/visitor/conversations/" + conversation + "/rating",
                Map.of("score", score, "comment", comment));
        assertThat(rated.status()).as(rated.raw()).isEqualTo(200);
    }

    static void awaitReach(long replies) throws InterruptedException {
        for (int i = 0; i < 200 && server.count("SELECT COUNT(*) FROM reply_reach WHERE workspace_id = ?",
                tenant.workspace().id()) < replies; i++) {
            Thread.sleep(25);
        }
    }

    static JsonNode report(String name, String query) {
        Http.Response r = tenant.owner().http().get("/api/v1/reports/" + name + "?from=" + day1 + "&to=" + day1.plusDays(1)
                + query);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    @Test
    void visitorsPageViewsAndVisitsPerDayAndUnderFilters() {
        JsonNode r = report("visitors", "&compare=previous");
        assertThat(r.at("/interval").asText()).isEqualTo("hour");
        JsonNode daily = report("visitors", "&interval=day");
        assertThat(daily.at("/totals/visitors").asLong()).isEqualTo(4);
        assertThat(daily.at("/totals/page_views").asLong()).isEqualTo(8);
        assertThat(daily.at("/totals/visits").asLong()).isEqualTo(5);
        assertThat(daily.at("/series/0/start").asText()).isEqualTo(day1.toString());
        assertThat(daily.at("/series/0/page_views").asLong()).isEqualTo(5);
        assertThat(daily.at("/series/1/page_views").asLong()).isEqualTo(3);
        assertThat(daily.at("/series/0/visitors").asLong()).isEqualTo(2);
        assertThat(daily.at("/series/1/visits").asLong()).isEqualTo(3);
        assertThat(r.at("/previous/totals/page_views").asLong()).as("nothing the two days before").isZero();

        JsonNode news = report("visitors", "&interval=day&filter=source:news");
        assertThat(news.at("/totals/page_views").asLong()).as("the visit's pages keep its source").isEqualTo(3);
        assertThat(news.at("/totals/visitors").asLong()).isEqualTo(1);
        assertThat(report("visitors", "&filter=source:google.com").at("/totals/page_views").asLong()).isEqualTo(1);
        assertThat(report("visitors", "&filter=source:direct").at("/totals/page_views").asLong()).isEqualTo(4);
        assertThat(report("visitors", "&filter=utm_campaign:dec").at("/totals/visits").asLong()).isEqualTo(1);
        JsonNode mobile = report("visitors", "&filter=device:mobile");
        assertThat(mobile.at("/totals/page_views").asLong()).isEqualTo(5);
        assertThat(mobile.at("/totals/visitors").asLong()).isEqualTo(2);
        JsonNode scarves = report("visitors", "&filter=page:/scarves");
        assertThat(scarves.at("/totals/visitors").asLong()).isEqualTo(4);
        assertThat(r.at("/breakdown/title").asText()).isEqualTo("Top pages");
        assertThat(r.at("/breakdown/rows/0/value").asText()).isEqualTo("/scarves");
        assertThat(r.at("/breakdown/rows/0/page_views").asLong()).isEqualTo(4);
        assertThat(r.at("/breakdown/rows/1/value").asText()).isEqualTo("/");
        assertThat(r.at("/breakdown/rows/1/page_views").asLong()).isEqualTo(3);

        long raw = server.count("SELECT COUNT(*) FROM visitor_activity WHERE workspace_id = ? AND kind = 'page_view'",
                tenant.workspace().id());
        assertThat(daily.at("/totals/page_views").asLong()).as("rollups equal the raw rows").isEqualTo(raw);
    }

    @Test
    void conversationsEngagementAndResponseTimes() {
        JsonNode c = report("conversations", "&interval=day");
        assertThat(c.at("/totals/started").asLong()).isEqualTo(2);
        assertThat(c.at("/totals/by_visitor").asLong()).isEqualTo(2);
        assertThat(c.at("/totals/by_proactive").asLong()).isZero();
        assertThat(c.at("/series/0/started").asLong()).isEqualTo(1);
        assertThat(report("conversations", "&filter=device:mobile").at("/totals/started").asLong()).isEqualTo(1);
        assertThat(report("conversations", "&filter=source:news").at("/totals/started").asLong()).isEqualTo(1);
        assertThat(report("conversations", "&filter=page:/checkout").at("/totals/started").asLong())
                .as("the page the visitor was on").isEqualTo(1);
        assertThat(c.at("/totals/started").asLong()).isEqualTo(server.count(
                "SELECT COUNT(*) FROM conversations WHERE workspace_id = ?", tenant.workspace().id()));

        JsonNode e = report("engagement", "");
        assertThat(e.at("/totals/visitors").asLong()).isEqualTo(4);
        assertThat(e.at("/totals/engaged_visitors").asLong()).isEqualTo(2);
        assertThat(e.at("/totals/engagement_rate").asDouble()).isEqualTo(0.5);

        JsonNode t = report("response_times", "&interval=day");
        assertThat(t.at("/totals/first_response_median").asLong()).isEqualTo(120);
        assertThat(t.at("/totals/first_response_p90").asLong()).isEqualTo(600);
        assertThat(t.at("/series/1/first_response_median").asLong()).isEqualTo(600);
        assertThat(t.at("/totals/resolution_median").asLong()).isEqualTo(3600);
        assertThat(t.at("/totals/resolution_p90").asLong()).isEqualTo(3600);
        assertThat(server.count("SELECT COUNT(*) FROM report_conversations WHERE workspace_id = ? AND asked_at IS NOT NULL "
                + "AND replied_at IS NOT NULL", tenant.workspace().id()))
                .as("first responses settled once: a busy hour's messages are not read again every round").isEqualTo(2);
        JsonNode byAgent = report("response_times", "&filter=agent:" + tenant.agent().id());
        assertThat(byAgent.at("/totals/first_response_median").asLong()).isEqualTo(120);
        assertThat(report("response_times", "&filter=agent:nobody").at("/totals/first_response_median").isNull()).isTrue();
    }

    @Test
    void csatReachAndConversions() {
        JsonNode csat = report("csat", "");
        assertThat(csat.at("/totals/ratings").asLong()).isEqualTo(1);
        assertThat(csat.at("/totals/average").asDouble()).isEqualTo(5.0);
        assertThat(csat.at("/totals/satisfied_rate").asDouble()).isEqualTo(1.0);
        assertThat(csat.at("/breakdown/rows/0/comment").asText()).isEqualTo("Lovely");

        JsonNode reach = report("reach", "");
        assertThat(reach.at("/totals/replies").asLong()).isEqualTo(2);
        assertThat(reach.at("/totals/replies_to_absent").asLong()).as("no widget socket was open").isEqualTo(2);
        assertThat(reach.at("/totals/answered").asLong()).isZero();

        JsonNode sales = report("conversions", "&interval=day");
        assertThat(sales.at("/totals/conversions").asLong()).isEqualTo(2);
        assertThat(sales.at("/totals/revenue").asDouble()).isEqualTo(69.9);
        assertThat(sales.at("/currency").asText()).isEqualTo("EUR");
        assertThat(sales.at("/totals/first_touch_conversions").asLong()).as("only V1 had chatted").isEqualTo(1);
        assertThat(sales.at("/totals/first_touch_revenue").asDouble()).isEqualTo(49.9);
        assertThat(sales.at("/totals/last_touch_revenue").asDouble()).isEqualTo(49.9);
        assertThat(report("conversions", "&filter=agent:" + tenant.agent().id()).at("/totals/conversions").isNull())
                .as("unattributed purchases have no agent").isTrue();
        assertThat(report("conversions", "&filter=device:desktop").at("/totals/revenue").asDouble()).isEqualTo(20.0);
    }

    @Test
    void csvFiltersAndBadRequests() {
        Http.Response csv = tenant.owner().http().get("/api/v1/reports/visitors?from=" + day1 + "&to=" + day1.plusDays(1)
                + "&interval=day&format=csv");
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.raw()).startsWith("start,visitors,page_views,visits\r\n" + day1 + ",2,5,2\r\n" + day1.plusDays(1) + ",2,3,3\r\n");
        JsonNode filters = tenant.owner().http().get("/api/v1/reports/filters?from=" + day1 + "&to=" + day1.plusDays(1)).body();
        assertThat(filters.at("/source").toString()).contains("news", "google.com", "direct");
        assertThat(filters.at("/agent/0/id").asText()).isEqualTo(tenant.agent().id());
        Http owner = tenant.owner().http();
        assertThat(owner.get("/api/v1/reports/nope?from=" + day1 + "&to=" + day1).status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/reports/visitors?from=" + day1 + "&to=" + day1.minusDays(1)).status()).isEqualTo(400);
        assertThat(owner.get("/api/v1/reports/visitors?from=2025-01-01&to=2026-12-31").status()).isEqualTo(400);
        assertThat(owner.get("/api/v1/reports/visitors?from=x&to=" + day1).status()).isEqualTo(400);
        assertThat(owner.get("/api/v1/reports/csat?from=" + day1 + "&to=" + day1 + "&filter=device:mobile").status())
                .isEqualTo(400);
        assertThat(tenant.agent().http().get("/api/v1/reports/visitors?from=" + day1 + "&to=" + day1).status())
                .as("agents do not see reports").isEqualTo(403);
        TestServer.Tenant other = server.tenant("Other shop");
        assertThat(other.owner().http().get("/api/v1/reports/visitors?from=" + day1 + "&to=" + day1.plusDays(1))
                .body().at("/totals/page_views").asLong()).as("another workspace sees none of it").isZero();
    }

    @Test
    void theConversionWindowDecidesWhichPurchasesFollowAConversation() {
        Http owner = tenant.owner().http();
        assertThat(owner.get("/api/v1/reports/settings").body().get("conversion_window_hours").asInt()).isEqualTo(168);
        assertThat(owner.patch("/api/v1/reports/settings", Map.of("conversion_window_hours", 0)).status()).isEqualTo(400);
        assertThat(owner.patch("/api/v1/reports/settings", Map.of("window", 5)).status()).as("unknown field").isEqualTo(400);
        assertThat(tenant.agent().http().patch("/api/v1/reports/settings", Map.of("conversion_window_hours", 1)).status())
                .isEqualTo(403);
        try {
            // V1 bought 1 h 57 min after starting the conversation: outside a one-hour window, once recomputed.
            assertThat(owner.patch("/api/v1/reports/settings", Map.of("conversion_window_hours", 1)).status()).isEqualTo(200);
            server.wiring().rollups.rebuild(tenant.workspace().id(), d1, d2 + 24 * HOUR);
            JsonNode sales = report("conversions", "");
            assertThat(sales.at("/totals/conversions").asLong()).isEqualTo(2);
            assertThat(sales.at("/totals/first_touch_conversions").asLong()).isZero();
        } finally {
            owner.patch("/api/v1/reports/settings", Map.of("conversion_window_hours", 168));
            server.wiring().rollups.rebuild(tenant.workspace().id(), d1, d2 + 24 * HOUR);
        }
        assertThat(report("conversions", "").at("/totals/first_touch_conversions").asLong()).isEqualTo(1);
    }

    @Test
    void theDailyAndHourlyRollupsGiveTheSameFigures() {
        for (String name : List.of("visitors", "conversations", "engagement", "response_times", "csat", "reach", "conversions")) {
            JsonNode byDay = report(name, "&interval=day");
            JsonNode byHour = report(name, "&interval=hour");
            assertThat(byDay.get("totals")).as(name + ": whole UTC days read from the daily rows").isEqualTo(byHour.get("totals"));
            assertThat(byDay.get("breakdown")).as(name).isEqualTo(byHour.get("breakdown"));
        }
    }

    /** Last: it moves the clock a week on and prunes the raw activity the other tests count. */
    @Test
    @Order(Integer.MAX_VALUE)
    void retentionDeletesRawActivityAndTheReportsStay() {
        JsonNode visitors = report("visitors", "&interval=day");
        JsonNode conversations = report("conversations", "&interval=day");
        assertThat(tenant.owner().http().patch("/api/v1/workspace", Map.of("activity_retention_days", 1)).status())
                .isEqualTo(200);
        at(d2 + 7 * 24 * HOUR);
        server.wiring().pruner.pruneOnce();
        assertThat(server.count("SELECT COUNT(*) FROM visitor_activity WHERE workspace_id = ?", tenant.workspace().id()))
                .as("raw activity past its retention is gone").isZero();
        server.wiring().rollups.refresh(); // and the conversation hours are recomputed without it
        JsonNode after = report("visitors", "&interval=day");
        assertThat(after.get("totals")).isEqualTo(visitors.get("totals"));
        assertThat(after.get("series")).isEqualTo(visitors.get("series"));
        JsonNode conversationsAfter = report("conversations", "&interval=day");
        assertThat(conversationsAfter.get("totals")).isEqualTo(conversations.get("totals"));
        assertThat(report("conversations", "&filter=device:mobile").at("/totals/started").asLong())
                .as("where a conversation started outlives the raw activity").isEqualTo(1);
    }
}
