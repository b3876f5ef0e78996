package org.parley.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.parley.inbox.InboxBrowserIT;
import org.parley.testing.Browser;
import org.parley.testing.TestServer;
import org.parley.widget.WidgetBrowserIT.Widget;

/**
 * Live visitors end to end (docs/inbox.md, "Visitors"), in real browsers on the demo shop: a visitor
 * browses the shop without opening the chat; the agent's Visitors screen lists them with their current
 * page and follows them to a product page live; the agent sends a proactive message from that screen,
 * lands in the new conversation, and the visitor's widget shows the message. Axe-clean on the screen, on a
 * desktop and at phone width. SQLite only (the API suites cover PostgreSQL).
 */
class LiveVisitorsBrowserIT {
    static final String HOME_TITLE = "Donni Charm — scarves";
    static final String PRODUCT_TITLE = "Silk twill scarf — Donni Charm";
    static final String ROW = "[data-testid=visitor]";

    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theAgentFollowsAVisitorAcrossPagesAndStartsAConversationTheWidgetShows() {
        TestServer.Tenant shop = server.tenant("Live shop");
        String message = "Hello! Need a hand choosing a scarf?";
        try (Browser visitor = Browser.desktop(); Browser agent = InboxBrowserIT.signInAt(server, shop.agent())) {
            agent.js("window.__stay = 1");
            agent.find("[data-testid=nav-visitors]").click();
            agent.find("[data-testid=visitors]");
            assertThat(agent.find("[data-testid=nav-visitors]").getAttribute("aria-current")).isEqualTo("page");

            // The visitor browses the shop; the chat stays closed.
            Widget w = new Widget(visitor, server).openDemo(shop);
            w.bubble();
            agent.shown(ROW, "the visitor on the Visitors screen");
            String id = onlyRowOn(agent, HOME_TITLE);
            assertThat(agent.driver().findElements(By.cssSelector(ROW))).as("one visitor in this workspace").hasSize(1);
            assertThat(agent.find("[data-testid=visitors-count]").getAttribute("data-count")).isEqualTo("1");
            WebElement link = agent.find(row(id) + " [data-testid=visitor-page] a");
            assertThat(link.getAttribute("href")).startsWith(server.baseUrl() + "/demo");
            assertThat(link.getAttribute("target")).isEqualTo("_blank");
            assertThat(link.getAttribute("rel")).contains("noopener");
            assertThat(text(agent, id, "visitor-returning")).isEqualTo("New");
            assertThat(text(agent, id, "visitor-device")).startsWith("Desktop");
            assertThat(text(agent, id, "visitor-source")).isEqualTo("Direct");
            assertThat(agent.driver().findElements(By.cssSelector(row(id) + " [data-testid=visitor-chatting]"))).isEmpty();
            String time = text(agent, id, "visitor-time");
            agent.await(() -> "the time on site ticks", () -> !text(agent, id, "visitor-time").equals(time));

            // To a product page: the same row follows, with both pages of the visit.
            visitor.open(server.baseUrl() + "/demo/silk-scarf?workspace=" + shop.widgetKey());
            w.bubble();
            assertThat(onlyRowOn(agent, PRODUCT_TITLE)).as("the same row follows the visitor").isEqualTo(id);
            assertThat(agent.driver().findElements(By.cssSelector(ROW))).as("still one visitor").hasSize(1);
            assertThat(agent.find(row(id) + " .trail summary").getText()).isEqualTo("2 pages");
            assertThat(agent.axeViolations()).as("axe on the Visitors screen").isEmpty();

            // A proactive message: the agent lands in the new conversation with it.
            agent.find(row(id) + " [data-testid=visitor-message]").click();
            WebElement box = agent.find("[data-testid=proactive-input]");
            assertThat(agent.axeViolations()).as("axe with the composer open").isEmpty();
            box.sendKeys(message);
            box.sendKeys(Keys.ENTER);
            WebElement conversation = agent.shown("[data-testid=conversation]", "the new conversation opened");
            String conversationId = conversation.getAttribute("data-conversation-id");
            agent.await(() -> "the message in the conversation", () -> agent.driver()
                    .findElements(By.cssSelector("[data-testid=message][data-sender-type=agent] .text")).stream()
                    .anyMatch(m -> m.getText().equals(message)));
            assertThat(agent.js("return window.__stay")).as("no reload").isEqualTo(1L);

            // The visitor's widget shows it: the bubble calls for attention, and the chat opens on the message. A browser
            // with no widget socket learns of it from its next heartbeat: at most 30 s (docs/analytics.md).
            w.hostPage();
            visitor.await(java.time.Duration.ofSeconds(45), () -> "the bubble shows the message (bubble: '" + w.bubbleElement().getAccessibleName() + "')", () -> {
                WebElement bubble = w.bubbleElement();
                return "true".equals(bubble.getAttribute("aria-expanded")) || bubble.getAccessibleName().contains("unread")
                        || bubble.getText().contains(message.substring(0, 10));
            });
            if (!"true".equals(w.bubbleElement().getAttribute("aria-expanded"))) {
                w.bubble().click();
            }
            w.enterFrame();
            w.awaitMessage(message);

            // Back on the Visitors screen, the visitor is chatting in that conversation.
            agent.find("[data-testid=nav-visitors]").click();
            agent.await(() -> "the visitor shown as chatting", () -> !agent.driver()
                    .findElements(By.cssSelector(row(id) + " [data-testid=visitor-chatting]")).isEmpty());
            assertThat(agent.find(row(id) + " [data-testid=visitor-chatting]").getAttribute("href"))
                    .endsWith("#/conversations/" + conversationId);

            // At phone width: the facts stack, the top bar wraps, nothing scrolls sideways, still axe-clean.
            ((ChromeDriver) agent.driver()).executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 375, "height", 667, "deviceScaleFactor", 2, "mobile", true));
            agent.find(row(id));
            assertThat(agent.js("const m = document.querySelector('[data-testid=visitors]');"
                    + " return m.scrollWidth <= m.clientWidth")).as("no sideways scrolling at 375 px").isEqualTo(true);
            assertThat(agent.js("return [...document.querySelectorAll('.topbar a, .topbar button')]"
                    + ".every(e => e.getBoundingClientRect().right <= innerWidth)")).as("the top bar wraps: no button cut off").isEqualTo(true);
            assertThat(agent.axeViolations()).as("axe on the Visitors screen at phone width").isEmpty();
        }
    }

    /**
     * The id of the one visitor row once it shows {@code title} as the current page. Waits for the list to settle
     * rather than pinning the first row seen: under CI load the first row seen once never got its page link
     * (its id was gone from the list 15 s later), so the browser's first row was replaced early on. Cause not found
     * yet; TODO(issue 17): the live registry moves behind its port and gets a contract test for one entry per browser.
     */
    private static String onlyRowOn(Browser agent, String title) {
        String[] id = new String[1];
        agent.await(() -> "one visitor row with " + title + " as the current page (rows: " + rowText(agent) + ")", () -> {
            List<WebElement> rows = agent.driver().findElements(By.cssSelector(ROW));
            if (rows.size() != 1) {
                return false;
            }
            try {
                id[0] = rows.get(0).getAttribute("data-visitor-id");
                return currentPage(agent, id[0]).contains(title);
            } catch (org.openqa.selenium.StaleElementReferenceException e) {
                return false;
            }
        });
        return id[0];
    }

    private static String row(String id) {
        return ROW + "[data-visitor-id='" + id + "']";
    }

    private static String text(Browser agent, String id, String testId) {
        return agent.find(row(id) + " [data-testid=" + testId + "]").getText();
    }

    private static String currentPage(Browser agent, String id) {
        List<WebElement> page = agent.driver().findElements(By.cssSelector(row(id) + " [data-testid=visitor-page]"));
        return page.isEmpty() ? "" : page.get(0).getText();
    }

    private static String rowText(Browser agent) {
        return agent.driver().findElements(By.cssSelector(ROW)).stream().map(WebElement::getText).toList().toString();
    }
}
