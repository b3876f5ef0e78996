package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * Capture that loses nothing (issue 14), in a real browser: a shop on its own loopback origin (a tiny web
 * server here) embeds the snippet; its visitors browse fast and never open the chat. Page views reach the
 * server without a visitor session, and consent given once is remembered until it is withdrawn. SQLite
 * only (CaptureIT covers both databases).
 */
class CaptureBrowserIT {
    private static final String SEARCH_PATH = "/search";

    static TestServer server;
    static HttpServer site;
    /** The shop's origin; the "search engine" is the same little server seen as localhost: another origin. */
    static String shopOrigin;
    static String searchOrigin;
    /** The script tag the next pages carry, by test. */
    static volatile String snippet = "";

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start("sqlite");
        site = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        site.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = page(path).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        site.start();
        shopOrigin = "http://127.0.0.1:" + site.getAddress().getPort();
        searchOrigin = "http://localhost:" + site.getAddress().getPort();
    }

    @AfterAll
    static void stop() {
        if (site != null) {
            site.stop(0);
        }
        if (server != null) {
            server.close();
        }
    }

    /** A search result linking to the shop's landing page with a campaign; shop pages /pN link to /pN+1. */
    private static String page(String path) {
        if (path.equals(SEARCH_PATH)) {
            return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Search</title></head><body>"
                    + "<a id=\"next\" href=\"" + shopOrigin + "/p1?utm_source=news&amp;utm_campaign=dec\">Scarves</a></body></html>";
        }
        int n = path.matches("/p\\d") ? path.charAt(2) - '0' : 0;
        return "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Page " + n + "</title></head><body>"
                + "<script>window.Parley = window.Parley || function () { (Parley.q = Parley.q || []).push(arguments); };"
                // Counts the beacons this page sends, so a test can see that none went.
                + "window.__beacons = []; const send = navigator.sendBeacon.bind(navigator);"
                + "navigator.sendBeacon = (url, body) => (window.__beacons.push(url), send(url, body));</script>"
                + "<h1>Page " + n + "</h1><a id=\"next\" href=\"/p" + (n + 1) + "\">Next</a>" + snippet + "</body></html>";
    }

    private static TestServer.Tenant shop(String name, String consent) {
        TestServer.Tenant shop = server.tenant(name);
        assertThat(shop.owner().http().patch("/api/v1/workspace", Map.of("allowed_origins", List.of(shopOrigin))).status())
                .isEqualTo(200);
        snippet = "<script src=\"" + server.baseUrl() + "/widget.js\" data-workspace=\"" + shop.widgetKey() + "\""
                + consent + " async></script>";
        return shop;
    }

    @Test
    void aVisitorBrowsingFastLosesNoPageAndGetsNoSession() throws Exception {
        TestServer.Tenant shop = shop("Fast shop", "");
        try (Browser browser = Browser.desktop()) {
            WidgetBrowserIT.Widget w = landFromSearch(browser);
            for (int n = 1; n <= 4; n++) {
                onPage(browser, w, n);
                if (n < 4) {
                    moveOnAfterASecond(browser);
                }
            }
            WidgetBrowserIT.await(browser, "the 4 page views stored", () -> rows(shop).size() == 4);
        }
        List<Map<String, String>> rows = rows(shop);
        assertThat(rows).extracting(r -> r.get("url")).containsExactly(shopOrigin + "/p1?utm_source=news&utm_campaign=dec",
                shopOrigin + "/p2", shopOrigin + "/p3", shopOrigin + "/p4");
        Map<String, String> landing = rows.get(0);
        assertThat(landing.get("referrer")).as("the search engine's referrer").isEqualTo(searchOrigin + "/");
        JsonNode utm = Http.JSON.readTree(landing.get("utm"));
        assertThat(utm.path("source").asText()).isEqualTo("news");
        assertThat(utm.path("campaign").asText()).isEqualTo("dec");
        assertThat(rows).extracting(r -> r.get("anon_id")).as("one browser, one analytics id").containsOnly(rows.get(0).get("anon_id"));
        assertThat(rows.get(0).get("anon_id")).matches("[A-Za-z0-9_-]{16,64}");
        assertThat(rows).extracting(r -> r.get("visitor_id")).containsOnlyNulls();
        assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", shop.workspace().id()))
                .as("no visitor session only to send activity").isZero();
    }

    @Test
    void theAgentSeesThePagesSeenBeforeTheChat() throws Exception {
        TestServer.Tenant shop = shop("Linking shop", "");
        try (Browser browser = Browser.desktop()) {
            WidgetBrowserIT.Widget w = landFromSearch(browser);
            onPage(browser, w, 1);
            moveOnAfterASecond(browser);
            onPage(browser, w, 2);
            w.bubble().click();
            w.enterFrame();
            w.button(WidgetBrowserIT.START).click();
            w.send("Is the red scarf wool?");
            w.awaitSent("Is the red scarf wool?");
            String conversation = WidgetBrowserIT.agentFindsConversation(shop);
            WidgetBrowserIT.await(browser, "both pages in the agent's activity view", () -> tenantView(shop, conversation)
                    .get("activity").size() == 2);
            JsonNode view = tenantView(shop, conversation);
            assertThat(view.at("/current_page/url").asText()).isEqualTo(shopOrigin + "/p2");
            assertThat(view.at("/visitor/referrer").asText()).as("how the visitor came").isEqualTo(searchOrigin + "/");
            assertThat(view.at("/visitor/utm/campaign").asText()).isEqualTo("dec");
        }
        assertThat(rows(shop)).extracting(r -> r.get("visitor_id")).as("every page linked to the visitor").doesNotContainNull();
    }

    private static JsonNode tenantView(TestServer.Tenant shop, String conversation) {
        return shop.agent().http().get("/api/v1/conversations/" + conversation + "/activity").body();
    }

    @Test
    void consentIsRememberedUntilWithdrawnAndForgetDeletesWhatWasCaptured() {
        TestServer.Tenant shop = shop("Consent shop", " data-consent=\"required\"");
        try (Browser browser = Browser.desktop()) {
            WidgetBrowserIT.Widget w = new WidgetBrowserIT.Widget(browser, server);
            browser.open(shopOrigin + "/p1");
            w.bubble();
            browser.js("Parley('consent', true)");
            WidgetBrowserIT.await(browser, "page 1 sent once consent is given", () -> rows(shop).size() == 1);

            browser.find("#next").click();
            onPage(browser, w, 2);
            WidgetBrowserIT.await(browser, "page 2 captured without asking again", () -> rows(shop).size() == 2);

            browser.find("#next").click();
            onPage(browser, w, 3);
            browser.js("Parley('consent', false, {forget: true})");
            WidgetBrowserIT.await(browser, "the captured rows deleted", () -> rows(shop).isEmpty());
            assertThat(browser.js("return window.__beacons")).asList().as("the forget beacon")
                    .contains(server.baseUrl() + "/api/v1/widget/activity/forget");

            browser.find("#next").click();
            onPage(browser, w, 4);
            // Leaving the page makes the loader send what it holds: nothing, consent being withdrawn.
            browser.js("dispatchEvent(new Event('pagehide'))");
            assertThat(browser.js("return window.__beacons")).asList().as("no beacon after withdrawal").isEmpty();
            String stored = (String) browser.js("return localStorage.getItem(arguments[0])", "parley:" + shop.widgetKey());
            assertThat(stored).as("no analytics id nor queue kept").doesNotContain("\"n\"").doesNotContain("\"q\"");
        }
        assertThat(rows(shop)).isEmpty();
        assertThat(server.count("SELECT COUNT(*) FROM visitors WHERE workspace_id = ?", shop.workspace().id())).isZero();
    }

    /** The visitor comes from the search engine's result to the shop's landing page, /p1 with a campaign. */
    private static WidgetBrowserIT.Widget landFromSearch(Browser browser) {
        browser.open(searchOrigin + SEARCH_PATH);
        browser.find("#next").click();
        return new WidgetBrowserIT.Widget(browser, server);
    }

    /** The visitor reads for about a second (less than the loader's 2 s batching), then follows the link. */
    private static void moveOnAfterASecond(Browser browser) throws InterruptedException {
        Thread.sleep(1000);
        browser.find("#next").click();
    }

    /** Waits for shop page {@code n} and the loader on it: its page view is recorded. */
    private static void onPage(Browser browser, WidgetBrowserIT.Widget w, int n) {
        WidgetBrowserIT.await(browser, "page " + n, () -> ("Page " + n).equals(browser.driver().getTitle()));
        w.bubble();
    }

    /** The workspace's activity rows, oldest first. */
    private static List<Map<String, String>> rows(TestServer.Tenant shop) {
        try (Connection c = server.jdbc(); var query = c.prepareStatement("SELECT url, referrer, utm, anon_id, visitor_id "
                + "FROM visitor_activity WHERE workspace_id = ? ORDER BY occurred_at, id")) {
            query.setString(1, shop.workspace().id());
            List<Map<String, String>> rows = new ArrayList<>();
            try (var rs = query.executeQuery()) {
                while (rs.next()) {
                    Map<String, String> row = new java.util.HashMap<>();
                    for (String column : List.of("url", "referrer", "utm", "anon_id", "visitor_id")) {
                        row.put(column, rs.getString(column));
                    }
                    rows.add(row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
