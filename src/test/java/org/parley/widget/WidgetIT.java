package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
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
import org.parley.testing.WsClient;

/** The widget's server side: config, origins, activity beacons, identify, the demo shop. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class WidgetIT {
    private static final String SHOP = "https://shop.example";
    private static final String EVIL = "https://evil.example";

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Widget shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String configPath() {
        return "/api/v1/widget/config?key=" + tenant.widgetKey();
    }

    @Test
    void configIsServedToAllowedOriginsWithCorsAndRefusedElsewhere() {
        Http.Response allowed = server.http().with("Origin", SHOP).get(configPath());
        assertThat(allowed.status()).isEqualTo(200);
        assertThat(allowed.header("access-control-allow-origin")).isEqualTo(SHOP);
        assertThat(allowed.body().get("workspace_name").asText()).isEqualTo("Widget shop");
        assertThat(allowed.body().get("color").asText()).matches("#[0-9a-f]{6}");
        assertThat(allowed.body().has("greeting")).isTrue();

        Http.Response refused = server.http().with("Origin", EVIL).get(configPath());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("origin_not_allowed");
        assertThat(refused.body().at("/error/message").asText()).contains("not allowed on https://evil.example");
        // No CORS headers on the refusal (security/web/CorsIT): the page cannot read it, and it carries no data.
        assertThat(refused.header("access-control-allow-origin")).isNull();
        assertThat(refused.body().has("workspace_name")).isFalse();

        assertThat(server.http().with("Origin", server.baseUrl()).get(configPath()).status()).as("Parley's own iframe").isEqualTo(200);
        assertThat(server.http().get("/api/v1/widget/config?key=wk_unknown").status()).isEqualTo(404);
    }

    @Test
    void adminsChangeTheWidgetSettingsAndTheConfigFollows() {
        TestServer.Tenant styled = server.tenant("Styled shop");
        Http.Response changed = styled.owner().http().patch("/api/v1/workspace", Map.of("color", "#112233",
                "position", "left", "launcher_label", "Ask us", "greeting", "Hello there", "expected_reply_time", "a day",
                "greeting_delay_seconds", 8));
        assertThat(changed.status()).isEqualTo(200);
        assertThat(styled.agent().http().get("/api/v1/workspace").body().at("/settings/color").asText()).isEqualTo("#112233");
        JsonNode config = server.http().get("/api/v1/widget/config?key=" + styled.widgetKey()).body();
        assertThat(config.get("color").asText()).isEqualTo("#112233");
        assertThat(config.get("position").asText()).isEqualTo("left");
        assertThat(config.get("launcher_label").asText()).isEqualTo("Ask us");
        assertThat(config.get("greeting").asText()).isEqualTo("Hello there");
        assertThat(config.get("expected_reply_time").asText()).isEqualTo("a day");
        assertThat(config.get("greeting_delay_seconds").asInt()).isEqualTo(8);

        styled.owner().http().patch("/api/v1/workspace", Map.of("greeting_delay_seconds", 0));
        assertThat(server.http().get("/api/v1/widget/config?key=" + styled.widgetKey()).body().has("greeting_delay_seconds"))
                .as("0 turns the delayed greeting off").isFalse();
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("greeting_delay_seconds", 601),
                Map.of("color", "red"), Map.of("position", "top"), Map.of("allowed_origins", List.of("https://x.example/path")))) {
            assertThat(styled.owner().http().patch("/api/v1/workspace", bad).status()).as(bad.toString()).isEqualTo(400);
        }
        assertThat(server.http().get("/api/v1/widget/config?key=" + styled.widgetKey()).body().get("color").asText())
                .isEqualTo("#112233");
    }

    @Test
    void theBusinessTextsAreServedInTheVisitorsLanguageEachMissingOneFallingBackToTheDefault() {
        TestServer.Tenant shop = server.tenant("Language shop");
        Http.Response changed = shop.owner().http().patch("/api/v1/workspace", Map.of(
                "launcher_label", "Chat with us", "greeting", "Hello!", "expected_reply_time", "under an hour",
                "texts", Map.of("fr", Map.of("greeting", "Bonjour !", "expected_reply_time", "moins d'une heure"),
                        "de", Map.of("launcher_label", "Schreiben Sie uns", "greeting", " "))));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        JsonNode stored = shop.agent().http().get("/api/v1/workspace").body().at("/settings/texts");
        assertThat(stored.at("/fr/greeting").asText()).isEqualTo("Bonjour !");
        assertThat(stored.at("/de/launcher_label").asText()).isEqualTo("Schreiben Sie uns");
        assertThat(stored.at("/de").has("greeting")).as("a blank text is no override").isFalse();
        assertThat(stored.has("en")).isFalse();

        String path = "/api/v1/widget/config?key=" + shop.widgetKey();
        JsonNode fr = server.http().get(path + "&locale=fr-CA").body();
        assertThat(fr.get("locale").asText()).isEqualTo("fr");
        assertThat(fr.get("greeting").asText()).isEqualTo("Bonjour !");
        assertThat(fr.get("expected_reply_time").asText()).isEqualTo("moins d'une heure");
        assertThat(fr.get("launcher_label").asText()).as("no French label: the default").isEqualTo("Chat with us");

        JsonNode de = server.http().with("Accept-Language", "es;q=1, de-DE;q=0.9, fr;q=0.8").get(path).body();
        assertThat(de.get("locale").asText()).as("the browser's first language the widget has").isEqualTo("de");
        assertThat(de.get("launcher_label").asText()).isEqualTo("Schreiben Sie uns");
        assertThat(de.get("greeting").asText()).isEqualTo("Hello!");
        assertThat(server.http().with("Accept-Language", "de").get(path + "&locale=fr").body().get("greeting").asText())
                .as("the page's data-locale wins over the browser").isEqualTo("Bonjour !");
        assertThat(server.http().with("Accept-Language", "fr").get(path + "&locale=es").body().get("locale").asText())
                .as("a data-locale the widget lacks: the browser's").isEqualTo("fr");
        JsonNode plain = server.http().with("Accept-Language", "ja").get(path + "&locale=").body();
        assertThat(plain.get("locale").asText()).isEqualTo("en");
        assertThat(plain.get("greeting").asText()).isEqualTo("Hello!");
        assertThat(server.http().get(path + "&locale=" + "x".repeat(40)).status()).isEqualTo(400);
        assertThat(server.http().get(path + "&locale=%3Cb%3E").errorMessage())
                .isEqualTo("Query parameter 'locale' must be a language tag such as fr or fr-CA");

        // Texts, when given, replace every override.
        shop.owner().http().patch("/api/v1/workspace", Map.of("texts", Map.of("de", Map.of("greeting", "Hallo!"))));
        JsonNode replaced = shop.agent().http().get("/api/v1/workspace").body().at("/settings/texts");
        assertThat(replaced.has("fr")).isFalse();
        assertThat(replaced.at("/de/greeting").asText()).isEqualTo("Hallo!");
    }

    @Test
    void perLanguageTextsAndTheEmailAskDelayAreValidatedStrictly() {
        TestServer.Tenant shop = server.tenant("Strict shop");
        Map<Object, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(Map.of("texts", Map.of("es", Map.of("greeting", "Hola"))),
                "Field 'texts' takes the languages en, fr, de; 'es' is not one of them");
        refusals.put(Map.of("texts", Map.of("fr", Map.of("greeting", "x".repeat(501)))),
                "Field 'texts.fr.greeting' must be at most 500 characters");
        refusals.put(Map.of("texts", Map.of("de", Map.of("launcher_label", "x".repeat(41)))),
                "Field 'texts.de.launcher_label' must be at most 40 characters");
        refusals.put(Map.of("texts", Map.of("fr", Map.of("colour", "red"))), "Unknown field 'colour'");
        refusals.put(Map.of("texts", Map.of("fr", "Bonjour")), "Field 'texts.fr' has the wrong type (expected object)");
        refusals.put(Map.of("texts", List.of("fr")), "Field 'texts' has the wrong type (expected object)");
        refusals.put(Map.of("email_ask_delay_seconds", -1), "Field 'email_ask_delay_seconds' must be 0-3600 (0 asks for an email at once)");
        refusals.put(Map.of("email_ask_delay_seconds", 3601), "Field 'email_ask_delay_seconds' must be 0-3600 (0 asks for an email at once)");
        refusals.put(Map.of("email_ask_delay_seconds", "30"), "Field 'email_ask_delay_seconds' has the wrong type (expected integer)");
        refusals.put(Map.of("email_ask_delay_seconds", 1.5), "Field 'email_ask_delay_seconds' has the wrong type (expected integer)");
        for (Map.Entry<Object, String> refusal : refusals.entrySet()) {
            Http.Response refused = shop.owner().http().patch("/api/v1/workspace", refusal.getKey());
            assertThat(refused.status()).as(refusal.getKey().toString()).isEqualTo(400);
            assertThat(refused.errorMessage()).as(refusal.getKey().toString()).isEqualTo(refusal.getValue());
        }
        Http.Response nullLanguage = shop.owner().http().sendBody("PATCH", "/api/v1/workspace", "{\"texts\":{\"fr\":null}}");
        assertThat(nullLanguage.errorMessage()).isEqualTo(
                "Field 'texts.fr' must be an object; leave the language out to use the default texts");
        assertThat(shop.agent().http().patch("/api/v1/workspace", Map.of("email_ask_delay_seconds", 5)).status())
                .as("admins only").isEqualTo(403);

        JsonNode settings = shop.agent().http().get("/api/v1/workspace").body().get("settings");
        assertThat(settings.get("email_ask_delay_seconds").asInt()).as("nothing changed: the default").isEqualTo(30);
        assertThat(settings.get("texts").size()).isZero();
    }

    @Test
    void theEmailAskDelayIsASettingServedToTheWidgetAndOlderSettingsReadWithTheDefaults() throws Exception {
        TestServer.Tenant shop = server.tenant("Asking shop");
        String path = "/api/v1/widget/config?key=" + shop.widgetKey();
        assertThat(server.http().get(path).body().get("email_ask_delay_seconds").asInt()).isEqualTo(30);
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("email_ask_delay_seconds", 0)).status()).isEqualTo(200);
        assertThat(server.http().get(path).body().get("email_ask_delay_seconds").asInt()).as("0: at once").isZero();
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("email_ask_delay_seconds", 2)).status()).isEqualTo(200);
        assertThat(shop.agent().http().get("/api/v1/workspace").body().at("/settings/email_ask_delay_seconds").asInt()).isEqualTo(2);

        // Settings stored before these fields existed (one JSON document per workspace): read with their defaults.
        try (var c = server.jdbc(); var update = c.prepareStatement("UPDATE workspaces SET settings = ? WHERE id = ?")) {
            update.setString(1, "{\"color\":\"#112233\",\"position\":\"left\",\"launcher_label\":\"Ask\",\"greeting\":\"Hi\","
                    + "\"expected_reply_time\":\"a day\"}");
            update.setString(2, shop.workspace().id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        JsonNode config = server.http().get(path + "&locale=fr").body();
        assertThat(config.get("email_ask_delay_seconds").asInt()).isEqualTo(30);
        assertThat(config.get("greeting").asText()).isEqualTo("Hi");
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("texts", Map.of("fr", Map.of("greeting", "Salut")))).status())
                .isEqualTo(200);
        assertThat(server.http().get(path + "&locale=fr").body().get("greeting").asText()).isEqualTo("Salut");
        assertThat(server.http().get(path).body().get("color").asText()).isEqualTo("#112233");
    }

    @Test
    void teamOnlineFollowsAgentSockets() {
        TestServer.Tenant quiet = server.tenant("Quiet shop");
        String path = "/api/v1/widget/config?key=" + quiet.widgetKey();
        assertThat(server.http().get(path).body().get("team_online").asBoolean()).isFalse();
        try (WsClient agent = server.agentSocket(quiet.agent())) {
            assertThat(server.http().get(path).body().get("team_online").asBoolean()).isTrue();
        }
    }

    @Test
    void aDisallowedOriginCannotStartSessionsOrOpenVisitorSockets() {
        long visitorsBefore = server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", tenant.workspace().id());
        Http.Response refused = server.http().with("Origin", EVIL).post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey()));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", tenant.workspace().id()))
                .isEqualTo(visitorsBefore);
        Http.Response fromShop = server.http().with("Origin", SHOP).post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey()));
        assertThat(fromShop.status()).isEqualTo(200);
        assertThat(fromShop.header("access-control-allow-origin")).isEqualTo(SHOP);

        TestServer.Visitor visitor = server.visitor(tenant);
        try (WsClient evil = WsClient.connect(server.baseUrl(), "/ws/visitor", Map.of("Origin", EVIL))) {
            evil.send(Map.of("type", "auth", "token", visitor.token()));
            assertThat(evil.awaitType("error").get("code").asText()).isEqualTo("unauthorized");
            assertThat(evil.awaitClose()).isEqualTo(4401);
        }
        try (WsClient shop = WsClient.connect(server.baseUrl(), "/ws/visitor", Map.of("Origin", SHOP))) {
            shop.send(Map.of("type", "auth", "token", visitor.token()));
            assertThat(shop.awaitType("ready").get("visitor_id").asText()).isEqualTo(visitor.visitorId());
        }
    }

    private static List<String> localeOf(String contactId) {
        try (var c = server.jdbc(); var st = c.prepareStatement("SELECT locale, time_zone FROM contacts WHERE id = ?")) {
            st.setString(1, contactId);
            try (var rs = st.executeQuery()) {
                rs.next();
                return java.util.Arrays.asList(rs.getString(1), rs.getString(2));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aSessionRecordsTheWidgetsLanguageAndTimeZoneOnTheContactForTheEmails() {
        Http.Response started = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey(), "locale", "fr-CA", "time_zone", "Europe/Paris"));
        assertThat(started.status()).as(started.raw()).isEqualTo(200);
        String token = started.body().get("token").asText();
        String contact = started.body().get("contact_id").asText();
        assertThat(localeOf(contact)).containsExactly("fr", "Europe/Paris");

        Map<String, String> resumed = Map.of("workspace_key", tenant.widgetKey(), "token", token, "locale", "de");
        assertThat(server.http().post("/api/v1/visitor/session", resumed).status()).isEqualTo(200);
        assertThat(localeOf(contact)).as("the latest language; the zone kept").containsExactly("de", "Europe/Paris");
        assertThat(server.http().post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey(), "token", token))
                .status()).isEqualTo(200);
        assertThat(localeOf(contact)).as("a session without them changes nothing").containsExactly("de", "Europe/Paris");
        assertThat(server.http().post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey(), "token", token,
                "locale", "es", "time_zone", "Mars/Olympus_Mons")).status()).isEqualTo(200);
        assertThat(localeOf(contact)).as("a language the widget lacks is English; an unknown zone is ignored")
                .containsExactly("en", "Europe/Paris");

        long visitorsBefore = server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", tenant.workspace().id());
        Http.Response badLocale = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey(), "locale", "<script>"));
        assertThat(badLocale.status()).isEqualTo(400);
        assertThat(badLocale.errorMessage()).isEqualTo("Field 'locale' must be a language tag such as fr or fr-CA");
        Http.Response badZone = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey(), "time_zone", "../../etc/passwd"));
        assertThat(badZone.status()).isEqualTo(400);
        assertThat(badZone.errorMessage()).isEqualTo("Field 'time_zone' must be an IANA time zone such as Europe/Paris");
        assertThat(server.http().post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey(),
                "locale", "x".repeat(40))).status()).isEqualTo(400);
        assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", tenant.workspace().id()))
                .as("a refused session makes no visitor").isEqualTo(visitorsBefore);
    }

    @Test
    void activityBeaconsAreStoredAndShownToAgentsNewestFirst() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Which scarf is warmest?");
        long t = System.currentTimeMillis() - 10_000;
        List<Map<String, Object>> events = List.of(
                Map.of("type", "page_view", "url", "https://shop.example/?utm_source=news", "title", "Home",
                        "referrer", "https://search.example/", "utm", Map.of("source", "news", "campaign", "winter"), "at", t),
                Map.of("type", "track", "name", "add_to_cart", "props", Map.of("product", "wool-scarf"), "at", t + 1000),
                Map.of("type", "page_view", "url", "https://shop.example/wool-scarf", "title", "Wool scarf",
                        "ref", "campaign-x", "at", t + 2000));
        // sendBeacon posts text/plain: the body is read as JSON whatever the content type says.
        Http.Response beacon = server.http().with("Origin", SHOP).sendBody("POST", "/api/v1/widget/activity",
                toJson(Map.of("key", tenant.widgetKey(), "token", visitor.token(), "events", events)));
        assertThat(beacon.status()).isEqualTo(204);

        JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation + "/activity").body();
        assertThat(view.at("/current_page/url").asText()).isEqualTo("https://shop.example/wool-scarf");
        assertThat(view.at("/current_page/ref").asText()).isEqualTo("campaign-x");
        List<String> types = new ArrayList<>();
        view.get("activity").forEach(e -> types.add(e.get("type").asText()));
        assertThat(types).containsExactly("page_view", "track", "page_view");
        assertThat(view.at("/activity/2/utm/campaign").asText()).isEqualTo("winter");
        assertThat(view.at("/activity/1/props/product").asText()).isEqualTo("wool-scarf");

        TestServer.Tenant other = server.tenant("Other");
        assertThat(other.agent().http().get("/api/v1/conversations/" + conversation + "/activity").status()).isEqualTo(404);
    }

    @Test
    void badBeaconsAreRefusedAndStoreNothing() {
        TestServer.Visitor visitor = server.visitor(tenant);
        long before = server.count("SELECT COUNT(*) FROM visitor_activity WHERE visitor_id = ?", visitor.visitorId());
        Map<String, Object> page = Map.of("type", "page_view", "url", "https://shop.example/");
        assertThat(beacon(SHOP, visitor.token(), List.of(Map.of("type", "page_view", "url", "javascript:alert(1)"))).status())
                .isEqualTo(400);
        assertThat(beacon(SHOP, visitor.token(), List.of(Map.of("type", "click", "url", "https://shop.example/"))).status())
                .isEqualTo(400);
        assertThat(beacon(SHOP, visitor.token(), java.util.Collections.nCopies(21, page)).status()).isEqualTo(400);
        assertThat(beacon(SHOP, visitor.token(), List.of(Map.of("type", "track", "name", "x", "props",
                Map.of("blob", "y".repeat(5000))))).status()).isEqualTo(413);
        assertThat(beacon(EVIL, visitor.token(), List.of(page)).status()).isEqualTo(403);
        assertThat(beacon(SHOP, "vt_forged", List.of(page)).status()).isEqualTo(401);
        TestServer.Tenant other = server.tenant("Elsewhere");
        TestServer.Visitor stranger = server.visitor(other);
        assertThat(beacon(SHOP, stranger.token(), List.of(page)).status()).as("token of another workspace").isEqualTo(401);
        assertThat(server.http().with("Origin", SHOP).sendBody("POST", "/api/v1/widget/activity", "x".repeat(20_000)).status())
                .isEqualTo(413);
        assertThat(server.count("SELECT COUNT(*) FROM visitor_activity WHERE visitor_id = ?", visitor.visitorId())).isEqualTo(before);
    }

    @Test
    void identifyUpdatesTheContactAndTellsAgents() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        try (WsClient agent = server.agentSocket(tenant.agent())) {
            Http.Response updated = visitor.http().patch("/api/v1/visitor/contact",
                    Map.of("name", "Ada Lovelace", "email", "Ada@Example.com", "attributes", Map.of("plan", "pro", "orders", 3)));
            assertThat(updated.status()).isEqualTo(200);
            assertThat(updated.body().at("/contact/email").asText()).isEqualTo("ada@example.com");
            JsonNode event = agent.awaitEvent("contact.updated");
            assertThat(event.at("/data/contact/name").asText()).isEqualTo("Ada Lovelace");
        }
        visitor.http().patch("/api/v1/visitor/contact", Map.of("attributes", Map.of("city", "London")));
        JsonNode view = tenant.agent().http().get("/api/v1/conversations/" + conversation).body();
        assertThat(view.at("/conversation/contact/name").asText()).isEqualTo("Ada Lovelace");
        assertThat(visitor.http().patch("/api/v1/visitor/contact", Map.of("email", "not an email")).status()).isEqualTo(400);
        assertThat(visitor.http().patch("/api/v1/visitor/contact", Map.of("attributes", Map.of("bad key!", 1))).status()).isEqualTo(400);
        assertThat(visitor.http().patch("/api/v1/visitor/contact", Map.of("attributes", Map.of("nested", Map.of("a", 1)))).status())
                .isEqualTo(400);
        assertThat(server.http().patch("/api/v1/visitor/contact", Map.of("name", "x")).status()).isEqualTo(401);
    }

    @Test
    void theDemoShopEmbedsTheWidgetSnippet() {
        Http.Response demo = server.http().get("/demo?workspace=" + tenant.widgetKey());
        assertThat(demo.status()).isEqualTo(200);
        assertThat(demo.raw()).contains("<script src=\"" + server.baseUrl() + "/widget.js\" data-workspace=\""
                + tenant.widgetKey() + "\" async></script>");
        assertThat(server.http().get("/demo/wool-scarf").raw()).contains("Merino wool scarf");
        assertThat(server.http().get("/demo?workspace=%22%3E%3Cscript%3E").status()).isEqualTo(400);
        assertThat(server.http().get("/demo/nope").status()).isEqualTo(404);
    }

    private static Http.Response beacon(String origin, String token, List<?> events) {
        return server.http().with("Origin", origin).sendBody("POST", "/api/v1/widget/activity",
                toJson(Map.of("key", tenant.widgetKey(), "token", token, "events", events)));
    }

    private static String toJson(Object value) {
        try {
            return Http.JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
