package org.parley.widget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.widget.WidgetBrowserIT.START;
import static org.parley.widget.WidgetBrowserIT.agentFindsConversation;
import static org.parley.widget.WidgetBrowserIT.agentReply;
import static org.parley.widget.WidgetBrowserIT.await;
import static org.parley.widget.WidgetBrowserIT.awaitAgentSees;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.parley.testing.Browser;
import org.parley.testing.TestServer;
import org.parley.widget.WidgetBrowserIT.Widget;

/**
 * The widget for visitors who use a keyboard, a phone or assistive technology: focus order and return,
 * Esc, the full-screen panel on narrow screens, and axe-core on the host page and inside the frame.
 */
class WidgetAccessibilityIT {
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
    void keyboardOnlyVisitorOpensWritesSendsAndClosesAndFocusReturnsToTheBubble() {
        TestServer.Tenant shop = server.tenant("Keyboard shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            tabToTheBubble(w);
            assertThat(browser.js("return document.activeElement === arguments[0]", w.host())).isEqualTo(true);

            w.keys(Keys.ENTER);
            await(browser, "Enter on the focused bubble opens the panel",
                    () -> "true".equals(w.bubbleElement().getAttribute("aria-expanded")));
            w.enterFrame();
            w.awaitFocus("button", START);
            w.keys(Keys.ENTER);
            w.awaitFocus("textarea", "");
            assertThat(browser.js("return document.activeElement.getAttribute('aria-label')")).isEqualTo("Message");
            w.keys("Sent with the keyboard");
            w.keys(Keys.ENTER);
            w.awaitSent("Sent with the keyboard");
            awaitAgentSees(shop, agentFindsConversation(shop), "Sent with the keyboard");

            w.keys(Keys.ESCAPE);
            w.assertClosedWithFocusOnTheBubble("Esc in the message box");
        }
    }

    @Test
    void theBubbleIsNoKeyboardTrap() {
        TestServer.Tenant shop = server.tenant("Tab shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            tabToTheBubble(w);
            w.keys(Keys.SHIFT, Keys.TAB);
            assertThat(w.bubbleHasFocus()).as("Shift+Tab moves focus off the bubble").isFalse();
            assertThat(browser.js("return document.activeElement === arguments[0]", w.host())).isEqualTo(false);
        }
    }

    @Test
    void escapeStillClosesThePanelAfterSendingWithTheSendButton() {
        TestServer.Tenant shop = server.tenant("Send button shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button(START).click();
            w.send("The first message starts the conversation");
            w.awaitSent("The first message starts the conversation");
            browser.find("textarea[aria-label=Message]").click();
            w.keys("Sent with the button");
            w.keys(Keys.TAB);
            assertThat(browser.js("return document.activeElement.getAttribute('aria-label')")).isEqualTo("Attach a file");
            w.keys(Keys.TAB);
            assertThat(browser.js("return document.activeElement.getAttribute('aria-label')")).isEqualTo("Send");
            w.keys(Keys.ENTER);
            w.awaitSent("Sent with the button");
            // Let the browser settle focus (a control disabled while focused loses it at the next rendering).
            ((JavascriptExecutor) browser.driver()).executeAsyncScript(
                    "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));");
            Object focus = browser.js("const a = document.activeElement; return a.tagName + ' ' + (a.getAttribute('aria-label') || '')");
            w.keys(Keys.ESCAPE);
            w.assertClosedWithFocusOnTheBubble("Esc after sending with the Send button; focus was on " + focus);
        }
    }

    @Test
    void onAPhoneTheOpenPanelFillsTheScreenAndInputsDoNotZoom() {
        TestServer.Tenant shop = server.tenant("Phone shop");
        try (Browser browser = Browser.phone()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            w.bubble().click();
            long width = (Long) browser.js("return window.innerWidth");
            long height = (Long) browser.js("return window.innerHeight");
            assertThat(width).isEqualTo(375);
            await(browser, "the panel is laid out", () -> w.frameElement().getRect().getWidth() > 0);
            var rect = w.frameElement().getRect();
            assertThat(rect.getX()).isZero();
            assertThat(rect.getY()).isZero();
            assertThat((long) rect.getWidth()).as("panel width").isBetween(width - 1, width);
            assertThat((long) rect.getHeight()).as("panel height").isBetween(height - 1, height);
            assertThat(w.bubbleElement().isDisplayed()).as("bubble hidden under the full-screen panel").isFalse();

            w.enterFrame();
            w.button(START).click();
            browser.find("textarea[aria-label=Message]");
            @SuppressWarnings("unchecked")
            List<Object> sizes = (List<Object>) browser.js("return [...document.querySelectorAll('input, textarea, select')]"
                    + ".map(e => parseFloat(getComputedStyle(e).fontSize))");
            assertThat(sizes).as("font sizes of inputs (under 16 px phones zoom in)").isNotEmpty()
                    .allSatisfy(s -> assertThat(((Number) s).doubleValue()).isGreaterThanOrEqualTo(16));

            browser.find("button[aria-label='Close chat']").click();
            w.hostPage();
            await(browser, "the bubble is back after closing", () -> w.bubbleElement().isDisplayed());
            assertThat(w.bubble().getAttribute("aria-expanded")).isEqualTo("false");
        }
    }

    @Test
    void axeFindsNoSeriousViolationsOnTheHostPageOrInTheWidget() {
        TestServer.Tenant shop = server.tenant("Accessible shop");
        try (Browser browser = Browser.desktop()) {
            Widget w = new Widget(browser, server).openDemo(shop);
            WebElement bubble = w.bubble();
            assertNoSeriousViolations(browser, "host page with the bubble");
            // axe cannot see into the closed shadow root: the bubble's role, name and contrast are checked here.
            assertThat(bubble.getAriaRole()).isEqualTo("button");
            assertThat(bubble.getAccessibleName()).isEqualTo("Chat with us");
            assertThat(contrast(bubble.getCssValue("color"), bubble.getCssValue("background-color")))
                    .as("bubble text contrast (WCAG AA)").isGreaterThanOrEqualTo(4.5);

            bubble.click();
            w.enterFrame();
            w.button(START);
            assertNoSeriousViolations(browser, "home screen");
            w.button(START).click();
            w.send("Is the silk scarf hand-rolled?");
            w.awaitSent("Is the silk scarf hand-rolled?");
            agentReply(shop.agent(), agentFindsConversation(shop), "Yes, see https://example.com/silk");
            w.awaitMessage("Yes, see https://example.com/silk");
            assertNoSeriousViolations(browser, "conversation screen");
        }
    }

    private static void tabToTheBubble(Widget w) {
        w.bubble();
        for (int i = 0; i < 30 && !w.bubbleHasFocus(); i++) {
            w.keys(Keys.TAB);
        }
        assertThat(w.bubbleHasFocus()).as("Tab reaches the bubble").isTrue();
    }

    private static void assertNoSeriousViolations(Browser browser, String where) {
        List<Map<String, Object>> violations = browser.axeViolations();
        assertThat(violations).as("axe, serious or critical, on the %s:%n%s", where, violations.stream()
                .map(v -> "  " + v.get("impact") + " " + v.get("id") + ": " + v.get("help") + " at " + v.get("nodes"))
                .collect(Collectors.joining("\n"))).isEmpty();
    }

    /** WCAG contrast ratio of two CSS colours as Chromium reports them ({@code rgb(...)} or {@code rgba(...)}). */
    static double contrast(String a, String b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    private static double luminance(String css) {
        String[] parts = css.replaceAll("[^0-9.,]", "").split(",");
        double[] c = new double[3];
        for (int i = 0; i < 3; i++) {
            double v = Double.parseDouble(parts[i]) / 255;
            c[i] = v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
    }
}
