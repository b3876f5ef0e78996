package org.parley.rating;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.parley.inbox.InboxBrowserIT;
import org.parley.testing.Browser;
import org.parley.testing.TestServer;
import org.parley.widget.WidgetBrowserIT.Widget;

/**
 * CSAT end to end in real browsers: a visitor on a phone chats, the agent resolves the conversation in the
 * inbox, the widget's thread ends with the rating at once, one tap saves it, the comment follows; the agent's
 * inbox shows the score and comment live; axe finds nothing serious at phone width. SQLite only (RatingIT
 * covers PostgreSQL).
 */
class RatingBrowserIT {
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
    void theVisitorRatesTheResolvedConversationInOneTapAndTheAgentSeesItLive() {
        TestServer.Tenant shop = server.tenant("Rated shop");
        try (Browser visitor = Browser.phone(); Browser agent = InboxBrowserIT.signInAt(server, shop.agent())) {
            Widget w = new Widget(visitor, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.button("Start a conversation").click();
            w.send("Can I swap my scarf for a blue one?");
            w.awaitSent("Can I swap my scarf for a blue one?");
            assertThat(visitor.driver().findElements(By.cssSelector(".rate"))).as("no rating while open").isEmpty();

            String conversation = shop.agent().http().get("/api/v1/conversations").body().at("/conversations/0/id").asText();
            agent.find("[data-testid=tab-all]").click();
            agent.find("[data-testid=conversation-item][data-conversation-id='" + conversation + "']").click();
            agent.find("[data-testid=conversation][data-conversation-id='" + conversation + "']");
            shop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "swap-answer", "text", "Of course, send it back and we'll ship the blue one."));
            w.awaitMessage("send it back");
            agent.find("[data-testid=resolve]").click();

            // Live: the thread ends with the question and five labelled faces.
            WebElement group = visitor.find(".rate [role=group]");
            assertThat(visitor.find(".rate .ask-title").getText()).isEqualTo("How was this conversation?");
            List<WebElement> faces = group.findElements(By.cssSelector("button"));
            assertThat(faces).extracting(f -> f.getAttribute("aria-label")).containsExactly(
                    "Very bad (1 of 5)", "Bad (2 of 5)", "Okay (3 of 5)", "Good (4 of 5)", "Very good (5 of 5)");
            assertThat(faces.get(4).getRect().getX() + faces.get(4).getRect().getWidth()).as("fits a 375 px phone")
                    .isLessThanOrEqualTo(375);
            assertThat(visitor.axeViolations()).as("axe: the rating at phone width").isEmpty();

            faces.get(3).click();
            await(visitor, "the tap saved and announced", () -> "Rating saved: Good.".equals(visitor.js(
                    "return document.querySelector('.rate [role=status]').textContent")));
            assertThat(visitor.find(".rate button[aria-pressed=true]").getAttribute("aria-label")).isEqualTo("Good (4 of 5)");
            JsonView saved = rating(shop, conversation);
            assertThat(saved.score()).isEqualTo(4);
            await(agent, "the inbox shows the rating live", () -> agent.driver()
                    .findElements(By.cssSelector("[data-testid=rating][data-score='4']")).size() == 1);

            WebElement comment = visitor.find(".rate textarea");
            assertThat(comment.getAccessibleName()).isEqualTo("Anything to add? (optional)");
            assertThat(visitor.axeViolations()).as("axe: the comment field at phone width").isEmpty();
            comment.sendKeys("Quick and friendly");
            w.button("Send").click();
            await(visitor, "thanks", () -> visitor.find(".rate").getText().contains("Thanks for your feedback!"));
            assertThat(rating(shop, conversation).comment()).isEqualTo("Quick and friendly");
            await(agent, "the comment in the inbox", () -> agent.find("[data-testid=rating]").getText().contains("Quick and friendly"));
            assertThat(agent.find("[data-testid=rating]").getText()).contains("Rated 4 of 5 (Good)");
            assertThat(visitor.axeViolations()).as("axe: thanks at phone width").isEmpty();
        }
    }

    record JsonView(int score, String comment) {
    }

    static JsonView rating(TestServer.Tenant shop, String conversation) {
        var body = shop.agent().http().get("/api/v1/conversations/" + conversation + "/rating").body();
        return new JsonView(body.at("/rating/score").asInt(), body.at("/rating/comment").asText(null));
    }

    static void await(Browser browser, String what, Supplier<Boolean> condition) {
        try {
            browser.waitFor(d -> {
                try {
                    return Boolean.TRUE.equals(condition.get()) ? true : null;
                } catch (StaleElementReferenceException e) {
                    return null;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what);
        }
    }
}
