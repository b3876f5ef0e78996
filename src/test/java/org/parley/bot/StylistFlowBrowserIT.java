package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.parley.testing.Browser;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.widget.WidgetBrowserIT.Widget;

/**
 * The acceptance test of flows (docs/bots.md), end to end in real browsers on the demo shop: the owner
 * publishes the demo's stylist flow over HTTP; a visitor (desktop, then phone) opens the chat and the flow
 * greets them by itself, they tap quick replies and buttons, type an answer, reload the page in the middle
 * and reopen the chat straight at the question they were at, have an invalid email refused in the widget, and give a valid one; the stylist,
 * signed into the inbox, sees the thread leave Bots for the humans with the summary and the contact's
 * attributes, answers, and the visitor sees the answer live. SQLite only (the API suites cover PostgreSQL).
 */
class StylistFlowBrowserIT {
    static final String DEMO_FLOW = "/demo/stylist-flow.json";
    static final String EMAIL_ERROR = "Enter a valid email address.";

    static TestServer server;
    static JsonNode definition;

    @BeforeAll
    static void start() throws IOException {
        try (InputStream in = StylistFlowBrowserIT.class.getResourceAsStream(DEMO_FLOW)) {
            assertThat(in).as("the demo flow on the classpath").isNotNull();
            definition = Http.JSON.readTree(in);
        }
        server = TestServer.start("sqlite");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"desktop", "phone"})
    void theVisitorAnswersTheStylistFlowAndTheStylistAnswersLiveWithTheirAnswers(String device) {
        TestServer.Tenant shop = server.tenant("Donni Charm (" + device + ")");
        String flowId = publishStylistFlow(shop.owner());
        String greeting = text("greet");
        String style = text("style");
        String colours = text("colours");
        String occasion = text("occasion");
        String budget = text("budget");
        String email = text("email");

        try (Browser visitor = device.equals("phone") ? Browser.phone() : Browser.desktop();
             Browser stylist = signIn(shop.agent())) {
            // Opening the chat starts the flow: its greeting and first question, without the visitor typing.
            Widget w = new Widget(visitor, server).openDemo(shop);
            w.bubble().click();
            w.enterFrame();
            awaitTranscript(visitor, w, greeting, style);
            assertThat(visitor.driver().findElements(By.cssSelector("ol[aria-label=Messages] > li.mine")))
                    .as("nothing sent by the visitor").isEmpty();
            List<WebElement> chips = quickReplies(visitor);
            assertThat(chips).extracting(WebElement::getTagName).containsOnly("button");
            assertThat(chips).extracting(WebElement::getText).containsExactly("Classic", "Bold", "Minimal");

            // The flow owns the thread: so says the API, and the inbox lists it under Bots only.
            String conversation = theOnlyConversation(shop);
            JsonNode owner = conversationView(shop, conversation).at("/conversation/owner");
            assertThat(owner.path("type").asText()).as(owner.toString()).isEqualTo("flow");
            assertThat(owner.path("id").asText()).isEqualTo(flowId);
            stylist.find("[data-testid=tab-bots]").click();
            assertThat(shown(stylist, item(conversation) + " [data-testid=bot-tag]", "the conversation under Bots, with its bot tag").getText()).isEqualTo("Stylist (bot)");
            stylist.find("[data-testid=tab-all]").click();
            await(stylist, "the All tab selected", () -> "true".equals(
                    stylist.find("[data-testid=tab-all]").getAttribute("aria-selected")));
            assertThat(stylist.driver().findElements(By.cssSelector(item(conversation))))
                    .as("a bot's conversation is not among the humans' ones").isEmpty();
            stylist.find("[data-testid=tab-bots]").click();
            stylist.find(item(conversation));

            assertThat(visitor.axeViolations()).as("axe on the widget with quick replies").isEmpty();

            // A quick reply, then a postback button, then a typed answer.
            quickReplies(visitor).get(1).click(); // "Bold", found again: the frame may have rendered since
            w.awaitSent("Bold");
            awaitTranscript(visitor, w, greeting, style, "Bold", colours);
            assertThat(quickReplies(visitor)).as("quick replies only under the newest message").isEmpty();
            String colourButtons = "ol[aria-label=Messages] > li:last-child [role=group] button";
            assertThat(visitor.driver().findElements(By.cssSelector(colourButtons))).extracting(WebElement::getText)
                    .containsExactly("Warm reds & ochres", "Cool blues & greens", "Neutrals");
            visitor.driver().findElements(By.cssSelector(colourButtons)).get(2).click();
            w.awaitSent("Neutrals");
            awaitTranscript(visitor, w, greeting, style, "Bold", colours, "Neutrals", occasion);
            w.send("A wedding in June");
            w.awaitSent("A wedding in June");
            List<String> sofar = List.of(greeting, style, "Bold", colours, "Neutrals", occasion, "A wedding in June", budget);
            awaitTranscript(visitor, w, sofar.toArray(String[]::new));

            // A reload in the middle: the same conversation, at the step it was at.
            w.hostPage();
            String token = w.storedToken(shop);
            visitor.driver().navigate().refresh();
            w.bubble().click();
            assertThat(w.storedToken(shop)).as("the same visitor").isEqualTo(token);
            w.enterFrame();
            // Straight back into the flow in progress: no tap on the conversation needed.
            awaitTranscript(visitor, w, sofar.toArray(String[]::new));
            visitor.js("window.__stay = 1");
            WebElement answer = shown(visitor, "input[aria-label=Message]", "a one-line answer field instead of the message box");
            assertThat(answer.getAttribute("inputmode")).as("the composer asks for a number").isEqualTo("decimal");
            assertThat(visitor.driver().findElements(By.cssSelector("textarea[aria-label=Message]"))).isEmpty();
            assertThat(theOnlyConversation(shop)).as("no second conversation after the reload").isEqualTo(conversation);

            answer.sendKeys("120", Keys.ENTER);
            w.awaitSent("120");
            awaitLastMessage(visitor, w, email);

            // An invalid email stays in the box with an error, and is not sent.
            WebElement emailBox = shown(visitor, "input[type=email][aria-label=Message]", "an email field for the email question");
            emailBox.sendKeys("not-an-email", Keys.ENTER);
            WebElement error = visitor.find("#parley-answer-error");
            await(visitor, "the inline error", () -> EMAIL_ERROR.equals(error.getText()));
            assertThat(error.isDisplayed()).isTrue();
            assertThat(emailBox.getAttribute("aria-invalid")).isEqualTo("true");
            assertThat(emailBox.getAttribute("value")).as("left in the box to correct").isEqualTo("not-an-email");
            assertThat(w.messageTexts()).doesNotContain("not-an-email");
            emailBox.sendKeys(Keys.chord(Keys.CONTROL, "a"), "lena@example.com", Keys.ENTER);
            w.awaitSent("lena@example.com");
            awaitLastMessage(visitor, w, "Thank you! A stylist has your answers");
            assertThat(visitorMessages(shop, conversation)).as("stored visitor messages, oldest first")
                    .containsExactly("Bold", "Neutrals", "A wedding in June", "120", "lena@example.com");

            // The humans own it now: it leaves Bots live, and the stylist finds it with everything gathered.
            assertThat(conversationView(shop, conversation).at("/conversation/owner/type").asText()).isEqualTo("humans");
            awaitGone(stylist, "the conversation leaves Bots", item(conversation));
            stylist.find("[data-testid=tab-unassigned]").click();
            assertThat(stylist.find(item(conversation)).findElements(By.cssSelector("[data-testid=bot-tag]"))).isEmpty();
            stylist.find(item(conversation)).click();
            stylist.find("[data-testid=conversation][data-conversation-id='" + conversation + "']");
            assertThat(stylist.find("[data-testid=owner-line]").getAttribute("data-owner")).isEqualTo("humans");
            WebElement summary = shown(stylist, "[data-testid=flow-summary]", "the flow's summary note");
            assertThat(summary.getAttribute("data-flow-id")).isEqualTo(flowId);
            assertThat(rows(summary, "tr", "th", "td")).isEqualTo(Map.of("style", "bold", "colours", "neutral",
                    "occasion", "A wedding in June", "budget", "120", "email", "lena@example.com"));
            await(stylist, "the contact's attributes", () -> rows(stylist.find("[data-testid=contact-attributes]"),
                    "dt", null, null).keySet().containsAll(List.of("style", "colours", "occasion", "budget")));
            assertThat(rows(stylist.find("[data-testid=contact-attributes]"), "dt", null, null))
                    .containsEntry("style", "bold").containsEntry("colours", "neutral")
                    .containsEntry("occasion", "A wedding in June").containsEntry("budget", "120");
            assertThat(stylist.find("[data-testid=contact-email]").getText()).isEqualTo("lena@example.com");
            assertThat(stylist.axeViolations()).as("axe on the inbox conversation with the summary").isEmpty();

            // The stylist answers; the visitor sees it live, without a reload.
            String reply = "Lovely, Lena! Here are three bold neutral scarves for a June wedding.";
            WebElement composer = stylist.find("[data-testid=composer-input]");
            composer.sendKeys(reply);
            composer.sendKeys(Keys.ENTER);
            awaitLastMessage(visitor, w, reply);
            assertThat(visitor.js("return window.__stay")).as("no reload").isEqualTo(1L);
            assertThat(theOnlyConversation(shop)).isEqualTo(conversation);
        }
    }

    // --- the owner, as an admin would -----------------------------------------------------------------

    private static String publishStylistFlow(TestServer.Agent owner) {
        Http.Response created = owner.http().post("/api/v1/flows", Map.of("name", "Stylist", "definition", definition));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asText();
        Http.Response published = owner.http().post("/api/v1/flows/" + id + "/publish", Map.of());
        assertThat(published.status()).as(published.raw()).isEqualTo(201);
        return id;
    }

    /** The text of a step of the demo flow: what the visitor reads. */
    private static String text(String step) {
        for (JsonNode s : definition.get("steps")) {
            if (s.get("id").asText().equals(step)) {
                return s.get("text").asText();
            }
        }
        throw new IllegalArgumentException(step);
    }

    // --- the visitor's side ----------------------------------------------------------------------------

    private static List<WebElement> quickReplies(Browser visitor) {
        return visitor.driver().findElements(By.cssSelector(".chips[role=group] button"));
    }

    /** The messages on screen are exactly these, oldest first. */
    private static void awaitTranscript(Browser visitor, Widget w, String... texts) {
        await(visitor, () -> "the transcript " + List.of(texts) + " (on screen: " + w.messageTexts() + ")",
                () -> w.messageTexts().equals(List.of(texts)));
    }

    private static void awaitLastMessage(Browser visitor, Widget w, String prefix) {
        await(visitor, () -> "the newest message starting '" + prefix + "' (on screen: " + w.messageTexts() + ")", () -> {
            List<String> texts = w.messageTexts();
            return !texts.isEmpty() && texts.get(texts.size() - 1).startsWith(prefix);
        });
    }

    // --- the stylist's side ----------------------------------------------------------------------------

    /** Signs in through the inbox's form, as the stylist would (InboxBrowserIT.signInAt). */
    private static Browser signIn(TestServer.Agent agent) {
        Browser browser = Browser.desktop().open(server.baseUrl() + "/app");
        browser.find("[data-testid=login-email]").sendKeys(agent.email());
        browser.find("[data-testid=login-password]").sendKeys(TestServer.PASSWORD);
        browser.find("[data-testid=login-submit]").click();
        browser.find("[data-testid=conversation-list]");
        return browser;
    }

    private static String item(String conversation) {
        return "[data-testid=conversation-item][data-conversation-id='" + conversation + "']";
    }

    /**
     * Label → value of a table (rows {@code row}, cells {@code key} and {@code value}) or, with {@code row}
     * "dt", of a description list.
     */
    private static Map<String, String> rows(WebElement in, String row, String key, String value) {
        Map<String, String> result = new LinkedHashMap<>();
        if (row.equals("dt")) {
            List<WebElement> dts = in.findElements(By.cssSelector("dt"));
            List<WebElement> dds = in.findElements(By.cssSelector("dd"));
            for (int i = 0; i < dts.size() && i < dds.size(); i++) {
                result.put(dts.get(i).getText(), dds.get(i).getText());
            }
            return result;
        }
        for (WebElement tr : in.findElements(By.cssSelector(row))) {
            result.put(tr.findElement(By.cssSelector(key)).getText(), tr.findElement(By.cssSelector(value)).getText());
        }
        return result;
    }

    // --- the agent REST API ------------------------------------------------------------------------------

    private static JsonNode conversationView(TestServer.Tenant shop, String conversation) {
        Http.Response view = shop.agent().http().get("/api/v1/conversations/" + conversation);
        assertThat(view.status()).as(view.raw()).isEqualTo(200);
        return view.body();
    }

    /** The workspace has exactly one conversation (waits for the first); its id. */
    private static String theOnlyConversation(TestServer.Tenant shop) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            Http.Response list = shop.agent().http().get("/api/v1/conversations");
            assertThat(list.status()).as(list.raw()).isEqualTo(200);
            JsonNode conversations = list.body().get("conversations");
            assertThat(conversations.size()).as("conversations of the workspace").isLessThanOrEqualTo(1);
            if (conversations.size() == 1) {
                return conversations.get(0).get("id").asText();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no conversation within 15 s");
            }
            sleep(100);
        }
    }

    /** The texts of the visitor's messages as the agent API has them, oldest first. */
    private static List<String> visitorMessages(TestServer.Tenant shop, String conversation) {
        JsonNode messages = conversationView(shop, conversation).get("messages");
        return java.util.stream.StreamSupport.stream(messages.spliterator(), false)
                .filter(m -> m.at("/sender/type").asText().equals("contact"))
                .map(m -> m.get("text").asText()).toList();
    }

    // --- waiting -------------------------------------------------------------------------------------------

    private static void await(Browser browser, String what, Supplier<Boolean> condition) {
        await(browser, () -> what, condition);
    }

    /** Waits (15 s); on failure says {@code what}, described when it failed (with what is on screen then). */
    private static void await(Browser browser, Supplier<String> what, Supplier<Boolean> condition) {
        try {
            browser.waitFor(d -> {
                try {
                    return Boolean.TRUE.equals(condition.get()) ? Boolean.TRUE : null;
                } catch (StaleElementReferenceException e) {
                    return null;
                }
            });
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what.get());
        }
    }

    /** The displayed element, or a failure that says what was missing. */
    private static WebElement shown(Browser browser, String css, String what) {
        try {
            return browser.find(css);
        } catch (TimeoutException e) {
            throw new AssertionError("not within 15 s: " + what + " (" + css + ")");
        }
    }

    private static void awaitGone(Browser browser, String what, String css) {
        await(browser, what, () -> browser.driver().findElements(By.cssSelector(css)).isEmpty());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
