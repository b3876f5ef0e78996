package org.parley.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.parley.DemoSeed;
import org.parley.identity.Role;
import org.parley.inbox.InboxBrowserIT;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.workspace.Workspace;

/**
 * The inbox's Reports screen (issue 14, docs/inbox.md "Reports") in headless Chromium on the demo shop: every
 * report draws its chart and tables from GET /api/v1/reports/{name}, the range and the previous period change the
 * figures to what the API answers, the CSV link downloads, and agents have no Reports. SQLite only (the API suite
 * covers PostgreSQL).
 */
class ReportsBrowserIT {
    static final List<String> REPORTS = List.of("visitors", "conversations", "engagement", "response_times", "bots", "csat",
            "reach", "conversions");
    static TestServer server;
    static TestServer.Agent owner;
    static TestServer.Agent agent;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
        Workspace demo = DemoSeed.seed(server);
        owner = server.agent(demo, "reports-owner@donnicharm.example", Role.OWNER);
        agent = server.agent(demo, "reports-agent@donnicharm.example", Role.AGENT);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    static final String REPORT = "[data-testid=report]";

    /** Waits until the report section shows an answer that satisfies {@code condition}; returns the section. */
    static WebElement answered(Browser browser, String name, Predicate<WebElement> condition) {
        try {
            return browser.waitFor(d -> {
                try {
                    WebElement r = d.findElement(By.cssSelector(REPORT + "[data-report=" + name + "][data-state=ready]"));
                    return condition.test(r) ? r : null;
                } catch (NoSuchElementException | StaleElementReferenceException e) {
                    return null;
                }
            });
        } catch (TimeoutException e) {
            // What the screen shows instead (e.g. the server's error message), to say why.
            Object shown = browser.js("const r = document.querySelector(arguments[0]);"
                    + " const text = (r ? r.innerText : document.body.innerText).replace(/\\s*\\n\\s*/g, ' | ').slice(0, 300);"
                    + " return r ? r.dataset.report + ' ' + r.dataset.state + ': ' + text : text;", REPORT);
            throw new AssertionError("report " + name + " never answered; the screen shows " + shown, e);
        }
    }

    /** What the API answers for the query the section shows (same range and interval, no filter). */
    static JsonNode api(WebElement report, boolean compare) {
        String path = "/api/v1/reports/" + report.getAttribute("data-report") + "?from=" + report.getAttribute("data-from")
                + "&to=" + report.getAttribute("data-to") + "&interval=" + report.getAttribute("data-interval")
                + (compare ? "&compare=previous" : "");
        Http.Response answer = owner.http().get(path);
        assertThat(answer.status()).as(path + ": " + answer.raw()).isEqualTo(200);
        return answer.body();
    }

    /** A figure's raw number as the page holds it ("" = no data) against the API's (null = no data). */
    static void sameValue(String shown, JsonNode expected, String what) {
        if (expected == null || expected.isNull()) {
            assertThat(shown).as(what + " has no data").isEmpty();
        } else {
            assertThat(Double.parseDouble(shown)).as(what).isEqualTo(expected.asDouble());
        }
    }

    static void figuresMatch(WebElement report, JsonNode body, boolean previous) {
        List<WebElement> figures = report.findElements(By.cssSelector("[data-testid=report-figure]"));
        assertThat(figures).as("one figure per metric").hasSize(body.get("metrics").size());
        for (WebElement figure : figures) {
            String key = figure.getAttribute("data-metric");
            assertThat(figure.findElement(By.cssSelector("[data-testid=figure-value]")).getText()).as(key).isNotBlank();
            sameValue(figure.getAttribute("data-value"), body.at("/totals").get(key), key);
            if (previous) {
                WebElement before = figure.findElement(By.cssSelector("[data-testid=figure-previous]"));
                sameValue(before.getAttribute("data-value"), body.at("/previous/totals").get(key), key + " before");
            }
        }
    }

    @Test
    void anOwnerReadsEveryReportChangesTheRangeAndTheComparisonAndDownloadsTheCsv() {
        try (Browser browser = InboxBrowserIT.signInAt(server, owner)) {
            browser.find("[data-testid=reports-link]").click();
            answered(browser, "visitors", r -> true);
            for (String name : REPORTS) {
                browser.find("[data-testid=report-tab-" + name + "]").click();
                WebElement report = answered(browser, name, r -> true);
                WebElement chart = report.findElement(By.cssSelector("svg[role=img][data-testid=report-chart]"));
                assertThat(chart.getAttribute("aria-label")).as(name + " chart's summary").isNotBlank();
                assertThat(report.findElements(By.cssSelector("[data-testid=report-series] tbody tr"))).as(name + " table")
                        .isNotEmpty();
                JsonNode body = api(report, false);
                figuresMatch(report, body, false);
                if (body.hasNonNull("breakdown") && !body.at("/breakdown/rows").isEmpty()) {
                    assertThat(report.findElements(By.cssSelector("[data-testid=report-breakdown] tbody tr")))
                            .hasSize(body.at("/breakdown/rows").size());
                }
            }
            assertThat(browser.axeViolations()).as("a report").isEmpty();

            browser.find("[data-testid=report-tab-visitors]").click();
            String from = answered(browser, "visitors", r -> true).getAttribute("data-from");
            new Select(browser.find("[data-testid=report-range]")).selectByVisibleText("Last 12 months");
            WebElement year = answered(browser, "visitors", r -> !from.equals(r.getAttribute("data-from")));
            assertThat(year.getAttribute("data-interval")).isEqualTo("month");
            figuresMatch(year, api(year, false), false);

            browser.find("[data-testid=report-compare]").click();
            WebElement compared = answered(browser, "visitors", r -> "true".equals(r.getAttribute("data-compare")));
            figuresMatch(compared, api(compared, true), true);
            assertThat(browser.axeViolations()).as("a report compared with the previous period").isEmpty();

            String href = browser.find("[data-testid=report-csv]").getAttribute("href");
            assertThat(href).contains("/api/v1/reports/visitors?").contains("compare=previous").endsWith("&format=csv");
            @SuppressWarnings("unchecked")
            Map<String, Object> csv = (Map<String, Object>) ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                            + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text().then(t => done({status: r.status,"
                            + " type: r.headers.get('content-type') || '', header: t.split(/\\r?\\n/)[0]})))"
                            + ".catch(e => done({status: -1, type: '', header: String(e)}));", href);
            assertThat(((Number) csv.get("status")).intValue()).as("CSV: " + csv).isEqualTo(200);
            assertThat((String) csv.get("type")).contains("text/csv");
            String header = (String) csv.get("header");
            assertThat(header).as("the CSV's header line").startsWith("start");
            List<String> keys = new ArrayList<>();
            api(compared, false).get("metrics").forEach(m -> keys.add(m.get("key").asText()));
            assertThat(header).as("names every metric").contains(keys);
        }
    }

    @Test
    void onAPhoneReportsAreInTheTopBarAndFitTheWidth() {
        try (Browser browser = InboxBrowserIT.signInAt(server, owner)) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 375, "height", 667, "deviceScaleFactor", 2, "mobile", true));
            browser.find("[data-testid=reports-link]").click();
            browser.find("[data-testid=report-tab-conversations]").click();
            WebElement report = answered(browser, "conversations", r -> true);
            assertThat(report.findElement(By.cssSelector("svg[role=img]")).getRect().getWidth()).isLessThanOrEqualTo(375);
            Object overflow = browser.js("const p = document.querySelector('[data-testid=reports-page]');"
                    + " return p.scrollWidth - p.clientWidth;");
            assertThat(((Number) overflow).intValue()).as("only the tables scroll sideways, not the screen").isLessThanOrEqualTo(0);
            assertThat(browser.axeViolations()).as("reports on a phone").isEmpty();
        }
    }

    @Test
    void agentsHaveNoReports() {
        try (Browser browser = InboxBrowserIT.signInAt(server, agent)) {
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=reports-link]"))).isEmpty();
            browser.open(server.baseUrl() + "/app#/reports/visitors");
            browser.find("[data-testid=reports-forbidden]");
        }
        assertThat(agent.http().get("/api/v1/reports/visitors?from=2026-11-01&to=2026-11-30").status()).isEqualTo(403);
    }
}
