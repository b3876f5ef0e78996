package org.parley.kb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.parley.inbox.InboxBrowserIT;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.widget.WidgetBrowserIT.Widget;

/**
 * The knowledge base end to end in real browsers (docs/kb.md): an admin writes an article in the Knowledge base
 * screen, sees the server's preview of its markdown and publishes it; a visitor on the demo shop (phone width) opens
 * the widget, the answer flow asks, the visitor types a question, the article's card appears, "Read" opens the public
 * page in a new tab, and "Yes" resolves the conversation. SQLite only (the API suites cover PostgreSQL).
 */
class KbBrowserIT {
    static final String ASK = "What can I help you with?";
    static final String TITLE = "Caring for silk scarves";

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
    void anAdminPublishesAnArticleAndTheAnswerBotOffersItToAVisitorWhoFindsItHelpful() {
        TestServer.Tenant shop = server.tenant("Kb shop");
        try (Browser admin = InboxBrowserIT.signInAt(server, shop.owner())) {
            admin.open(server.baseUrl() + "/app#/settings/kb");
            admin.shown("[data-testid=settings-kb]", "the Knowledge base page");
            admin.find("[data-testid=kb-new]").click();
            admin.find("[data-testid=kb-title]").sendKeys(TITLE);
            admin.find("[data-testid=kb-body]").sendKeys("Hand wash your **silk** in cold water.\n\n- Never wring it\n- Dry it flat\n\n"
                    + "<script>window.__kbx = 1</script>");
            admin.await(() -> "the preview renders the markdown", () -> admin.driver()
                    .findElements(By.cssSelector("[data-testid=kb-preview] strong")).stream().anyMatch(e -> e.getText().equals("silk"))
                    && admin.driver().findElements(By.cssSelector("[data-testid=kb-preview] li")).size() == 2);
            assertThat(admin.find("[data-testid=kb-preview]").getAttribute("innerHTML")).doesNotContain("<script");
            assertThat(admin.js("return window.__kbx === undefined")).isEqualTo(true);
            assertThat(admin.axeViolations()).as("axe on the article editor").isEmpty();
            admin.find("[data-testid=kb-published]").click();
            admin.find("[data-testid=kb-save]").click();
            WebElement item = admin.shown("[data-testid=kb-article]", "the saved article in the list");
            assertThat(item.getText()).contains(TITLE, "Published");
            assertThat(admin.axeViolations()).as("axe on the article list").isEmpty();
        }
        Http.Response articles = shop.agent().http().get("/api/v1/kb/articles");
        assertThat(articles.body().at("/articles/0/published").asBoolean()).as(articles.raw()).isTrue();
        String articleId = articles.body().at("/articles/0/id").asText();
        publishAnswerFlow(shop);

        try (Browser visitor = Browser.phone()) {
            Widget w = new Widget(visitor, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            w.awaitMessage(ASK);
            w.send("How do I wash my silk scarf?");
            w.awaitSent("How do I wash my silk scarf?");
            WebElement card = visitor.shown(".cards .card", "the article's card");
            assertThat(card.findElement(By.cssSelector(".card-title")).getText()).isEqualTo(TITLE);
            assertThat(card.findElement(By.cssSelector(".card-sub")).getText()).contains("silk");
            assertThat(card.findElements(By.cssSelector("img"))).as("a card without an image").isEmpty();
            assertThat(card.getRect().getX() + card.getRect().getWidth()).as("fits a phone").isLessThanOrEqualTo(375);
            WebElement read = card.findElement(By.cssSelector("a.link-button"));
            assertThat(read.getText()).startsWith("Read");
            assertThat(read.getAttribute("target")).isEqualTo("_blank");
            assertThat(read.getAttribute("href")).endsWith("/kb/" + shop.workspace().id() + "/" + articleId);
            w.awaitMessage("Did this help?");
            assertThat(visitor.axeViolations()).as("axe on the widget with the card and Yes / No").isEmpty();

            // "Read" opens the public page in a new tab.
            String widgetWindow = visitor.driver().getWindowHandle();
            read.click();
            visitor.waitFor(ExpectedConditions.numberOfWindowsToBe(2));
            List<String> handles = new ArrayList<>(visitor.driver().getWindowHandles());
            handles.remove(widgetWindow);
            visitor.driver().switchTo().window(handles.get(0));
            assertThat(visitor.shown("article h1", "the article's title").getText()).isEqualTo(TITLE);
            assertThat(visitor.find("article strong").getText()).isEqualTo("silk");
            assertThat(visitor.axeViolations()).as("axe on the public article page").isEmpty();
            visitor.driver().close();
            visitor.driver().switchTo().window(widgetWindow);
            w.enterFrame();

            // "Yes": the bot resolved it, and the thread ends with the rating prompt.
            List<WebElement> replies = visitor.driver().findElements(By.cssSelector(".chips[role=group] button"));
            assertThat(replies).extracting(WebElement::getText).containsExactly("Yes", "No");
            replies.get(0).click();
            w.awaitSent("Yes");
            visitor.shown(".rate", "the resolved conversation's rating prompt");
            String conversation = shop.agent().http().get("/api/v1/conversations?status=resolved").body()
                    .at("/conversations/0/id").asText();
            assertThat(conversation).as("the conversation is resolved").isNotBlank();
            assertThat(visitor.axeViolations()).as("axe on the resolved conversation").isEmpty();
        }
    }

    private static void publishAnswerFlow(TestServer.Tenant shop) {
        Http owner = shop.owner().http();
        Http.Response created = owner.post("/api/v1/flows", Map.of("name", "Help", "definition", Map.of(
                "trigger", Map.of("type", "conversation_started"),
                "steps", List.of(Map.of("id", "kb", "type", "answer", "text", ASK)))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        Http.Response published = owner.post("/api/v1/flows/" + created.body().get("id").asText() + "/publish", Map.of());
        assertThat(published.status()).as(published.raw()).isEqualTo(201);
    }
}
