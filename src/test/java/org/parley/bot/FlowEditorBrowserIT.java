package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.parley.identity.Role;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The Bots settings page (issue 13, docs/flow-editor.md) in headless Chromium against a real server: an admin
 * creates a flow with forms, sees the validation problem at the step it names, fixes it, runs the preview chat
 * (an invalid email gets the reask), publishes version 1; axe finds nothing serious. SQLite only.
 */
class FlowEditorBrowserIT {
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

    static Browser signIn(TestServer.Agent agent) {
        return org.parley.inbox.InboxBrowserIT.signInAt(server, agent);
    }

    static void await(Browser browser, Supplier<Boolean> condition) {
        browser.waitFor(d -> {
            try {
                return condition.get() ? Boolean.TRUE : null;
            } catch (StaleElementReferenceException e) {
                return null;
            }
        });
    }

    static String step(String id) {
        return "[data-testid=flow-step][data-step-id='" + id + "']";
    }

    static List<String> bubbles(Browser browser) {
        return browser.driver().findElements(By.cssSelector("[data-testid=preview-message]")).stream()
                .map(m -> m.getAttribute("data-from") + ": " + m.findElement(By.cssSelector(".fe-text")).getText().trim())
                .toList();
    }

    static void answer(Browser browser, String text) {
        WebElement input = browser.find("[data-testid=preview-input]");
        input.sendKeys(text);
        input.sendKeys(Keys.ENTER);
    }

    @Test
    void anAdminBuildsValidatesPreviewsAndPublishesAFlow() {
        TestServer.Tenant shop = server.tenant("Flow shop");
        TestServer.Agent admin = server.agent(shop.workspace(), "admin-" + UUID.randomUUID().toString().substring(0, 8)
                + "@example.com", Role.ADMIN);
        try (Browser browser = signIn(admin)) {
            browser.find("[data-testid=settings-link]").click();
            browser.find("[data-testid=settings-nav-bots]").click();
            browser.find("[data-testid=settings-bots]");
            browser.find("[data-testid=flow-list-empty]");

            browser.find("[data-testid=flow-new-name]").sendKeys("Welcome");
            browser.find("[data-testid=flow-create]").click();
            browser.find("[data-testid=flow-editor]");

            // A say step, then an ask (email) step without a variable.
            browser.find("[data-testid=step-add]").click();
            browser.find(step("say-1") + " [data-field=text]").sendKeys("Hi! Welcome to Flow shop.");
            new Select(browser.find("[data-testid=step-add-type]")).selectByValue("ask");
            browser.find("[data-testid=step-add]").click();
            browser.find(step("ask-2") + " [data-field=text]").sendKeys("What is your email?");
            new Select(browser.find(step("ask-2") + " [data-field=input]")).selectByValue("email");
            browser.find(step("ask-2") + " [data-field=reask]").sendKeys("That doesn't look like an email address.");
            browser.find("[data-testid=flow-dirty]");

            browser.find("[data-testid=flow-validate]").click();
            WebElement problem = browser.find(step("ask-2") + " [data-testid=step-problem]");
            assertThat(problem.getText()).as("the problem is shown at the ask step").containsIgnoringCase("variable");
            assertThat(browser.find("[data-testid=flow-problems]").getAttribute("role")).isEqualTo("alert");
            assertThat(browser.driver().findElements(By.cssSelector(step("say-1") + " [data-testid=step-problem]")))
                    .as("none at the say step").isEmpty();
            browser.find("[data-testid=flow-problem][data-step='ask-2']").click();
            assertThat((Boolean) browser.js("return !!document.activeElement.closest(arguments[0])", step("ask-2")))
                    .as("the summary's link focuses the step").isTrue();
            assertThat(browser.axeViolations()).as("editor with a problem").isEmpty();

            browser.find(step("ask-2") + " [data-field=variable]").sendKeys("email");
            browser.find("[data-testid=flow-validate]").click();
            await(browser, () -> browser.find("[data-testid=flow-message]").getText().equals("No problems found."));
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=flow-problems]"))).isEmpty();
            assertThat(browser.driver().findElements(By.cssSelector(step("ask-2") + " [data-testid=step-problem]"))).isEmpty();

            // The preview runs the draft on the page: an invalid email gets the reask, a valid one ends the flow.
            browser.find("[data-testid=preview-restart]").click();
            await(browser, () -> bubbles(browser).equals(List.of("bot: Hi! Welcome to Flow shop.", "bot: What is your email?")));
            assertThat(browser.find("[data-testid=preview-outcome]").getAttribute("data-outcome")).isEqualTo("waiting");
            answer(browser, "not an email");
            await(browser, () -> bubbles(browser).contains("bot: That doesn't look like an email address."));
            assertThat(bubbles(browser)).containsSubsequence("visitor: not an email", "bot: That doesn't look like an email address.");
            assertThat(browser.find("[data-testid=preview-outcome]").getAttribute("data-outcome")).isEqualTo("waiting");
            answer(browser, "ana@example.com");
            await(browser, () -> "handed_off".equals(browser.find("[data-testid=preview-outcome]").getAttribute("data-outcome")));
            assertThat(bubbles(browser)).contains("visitor: ana@example.com");
            assertThat(browser.find("[data-testid=preview-contact]").getText()).contains("ana@example.com");
            assertThat(browser.axeViolations()).as("editor with the preview").isEmpty();

            browser.find("[data-testid=flow-publish]").click();
            await(browser, () -> browser.find("[data-testid=flow-message]").getText().equals("Version 1 published"));
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=flow-dirty]"))).as("saved").isEmpty();
            Http.Response flows = shop.owner().http().get("/api/v1/flows");
            assertThat(flows.status()).as(flows.raw()).isEqualTo(200);
            assertThat(flows.body().get("flows")).hasSize(1);
            assertThat(flows.body().get("flows").get(0).get("name").asText()).isEqualTo("Welcome");
            assertThat(flows.body().get("flows").get(0).get("published_version").asInt()).isEqualTo(1);
            browser.find("[data-testid=flow-stats]");
            assertThat(browser.axeViolations()).as("editor after publishing").isEmpty();

            browser.find("[data-testid=flow-back]").click();
            assertThat(browser.find("[data-testid=flow-list] tbody tr").getText()).contains("Welcome").contains("Version 1");
            assertThat(browser.axeViolations()).as("list of flows").isEmpty();
        }
        try (Browser browser = signIn(shop.agent())) {
            browser.open(server.baseUrl() + "/app#/settings/me");
            browser.find("[data-testid=settings-me]");
            assertThat(browser.driver().findElements(By.cssSelector("[data-testid=settings-nav-bots]"))).as("agents")
                    .isEmpty();
        }
    }
}
