package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.widget.WidgetBrowserIT.START;
import static org.parley.widget.WidgetBrowserIT.agentFindsConversation;
import static org.parley.widget.WidgetBrowserIT.agentMessages;
import static org.parley.widget.WidgetBrowserIT.agentReply;
import static org.parley.widget.WidgetBrowserIT.await;
import static org.parley.widget.WidgetBrowserIT.awaitAgentSees;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.parley.testing.Browser;
import org.parley.testing.TestServer;

/**
 * A rolling restart as the visitor lives it (docs/operations.md): the node stops gracefully (the path SIGTERM
 * takes), the widget is told 1012 and resumes on the restarted node by itself, with nothing missed and
 * nothing twice. SQLite only: the database plays no part in what the browser does.
 */
class WidgetRestartBrowserIT {
    /** Records the close code of every WebSocket of every frame, installed before the page's own scripts. */
    private static final String RECORD_CLOSES = """
            (() => {
              const Native = window.WebSocket;
              window.__closeCodes = [];
              window.WebSocket = class extends Native {
                constructor(...args) {
                  super(...args);
                  this.addEventListener('close', (e) => window.__closeCodes.push(e.code));
                }
              };
            })();""";

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
    void theWidgetResumesOnTheRestartedNodeWithNoGapAndNoDuplicate() {
        TestServer.Tenant shop = server.tenant("Rolling restart shop");
        try (Browser browser = Browser.desktop()) {
            ((ChromeDriver) browser.driver()).executeCdpCommand("Page.addScriptToEvaluateOnNewDocument",
                    Map.of("source", RECORD_CLOSES));
            WidgetBrowserIT.Widget w = new WidgetBrowserIT.Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("Before the restart");
            w.awaitSent("Before the restart");
            String conversation = agentFindsConversation(shop);
            agentReply(shop.agent(), conversation, "Reply before the restart");
            w.awaitMessage("Reply before the restart");
            browser.js("window.__stay = 1;");

            server.restart(); // the graceful stop, then a new node on the same database and port
            agentReply(shop.agent(), conversation, "Reply right after the restart");
            w.awaitMessage("Reply right after the restart");
            assertThat(browser.js("return window.__closeCodes")).as("the widget's socket was told: service restart")
                    .asList().contains(1012L);
            await(browser, "the widget online again", () -> browser.driver()
                    .findElements(org.openqa.selenium.By.cssSelector("p[role=status]")).isEmpty());

            w.send("After the restart");
            w.awaitSent("After the restart");
            awaitAgentSees(shop, conversation, "After the restart");
            agentReply(shop.agent(), conversation, "Live again");
            w.awaitMessage("Live again");
            assertThat(w.messageTexts()).as("everything once, in order").containsExactly("Before the restart",
                    "Reply before the restart", "Reply right after the restart", "After the restart", "Live again");
            List<String> stored = agentMessages(shop, conversation).stream()
                    .filter(m -> !m.at("/sender/type").asText().equals("system")).map(m -> m.get("text").asText()).toList();
            assertThat(stored).as("stored once each").containsExactly("Before the restart",
                    "Reply before the restart", "Reply right after the restart", "After the restart", "Live again");
            assertThat(browser.js("return window.__stay")).as("no reload").isEqualTo(1L);
        }
    }
}
