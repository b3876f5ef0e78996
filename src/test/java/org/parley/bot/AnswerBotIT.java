package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.bot.FlowIT.answer;
import static org.parley.bot.FlowIT.awaitAgentView;
import static org.parley.bot.FlowIT.awaitVisitorThread;
import static org.parley.bot.FlowIT.lastBotSays;
import static org.parley.bot.FlowIT.open;
import static org.parley.bot.FlowIT.publish;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

/**
 * The answer step (docs/kb.md) through the widget's API: the visitor's question gets the best article as a card,
 * "Yes" resolves the conversation as contained, "No" or no match hands it to the humans with a summary; the figures
 * count each. On both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class AnswerBotIT {
    static final String ASK = "What can I help you with?";
    static final Map<String, Object> ANSWER_FLOW = Map.of(
            "trigger", Map.of("type", "conversation_started"),
            "steps", List.of(Map.of("id", "kb", "type", "answer", "text", ASK, "max_articles", 2)));

    @Parameter
    String database;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    record Shop(TestServer.Tenant tenant, String flowId, String silk) {
    }

    static Shop shop(String name) {
        TestServer.Tenant tenant = server.tenant(name);
        Http owner = tenant.owner().http();
        String silk = article(owner, "Caring for silk scarves", "Hand wash your silk in cold water with a mild soap. "
                + "Never wring it; dry it flat.");
        article(owner, "Returns and refunds", "Return any unworn item within 30 days for a refund.");
        article(owner, "Delivery times", "Orders ship within one day; delivery takes 2-4 working days.");
        return new Shop(tenant, publish(tenant, ANSWER_FLOW), silk);
    }

    static String article(Http owner, String title, String body) {
        Http.Response created = owner.post("/api/v1/kb/articles", Map.of("title", title, "body", body, "published", true));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asText();
    }

    /** Opens the conversation, waits for the question and asks {@code question}; returns the conversation. */
    static String ask(TestServer.Visitor visitor, String question) {
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, ASK));
        answer(visitor, conversation, question, null);
        return conversation;
    }

    static JsonNode stats(Shop shop) {
        return shop.tenant().agent().http().get("/api/v1/flows/" + shop.flowId() + "/stats").body().get("versions").get(0);
    }

    static JsonNode summary(JsonNode view) {
        JsonNode summary = null;
        for (JsonNode m : view.get("messages")) {
            if (m.path("content").has("summary")) {
                summary = m;
            }
        }
        assertThat(summary).as("the hand-off's summary note").isNotNull();
        assertThat(summary.get("private").asBoolean()).isTrue();
        return summary.get("content").get("summary").get("answers");
    }

    @Test
    void theBestArticleIsOfferedAndYesResolvesTheConversationAsContained() {
        Shop shop = shop("Answer yes " + database);
        TestServer.Visitor visitor = server.visitor(shop.tenant());
        String conversation = ask(visitor, "How should I wash my silk scarf?");
        List<JsonNode> thread = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Did this help?"));
        assertThat(lastBotSays(thread, "Did this help?")).as(thread.toString()).isTrue();
        JsonNode offer = thread.get(thread.size() - 2);
        JsonNode cards = offer.get("content").get("cards");
        assertThat(cards.get(0).get("title").asText()).isEqualTo("Caring for silk scarves");
        assertThat(cards.get(0).get("subtitle").asText()).contains("silk").hasSizeLessThanOrEqualTo(200);
        JsonNode button = cards.get(0).get("buttons").get(0);
        assertThat(button.get("label").asText()).isEqualTo("Read");
        String url = button.get("url").asText();
        assertThat(url).isEqualTo(server.baseUrl() + "/kb/" + shop.tenant().workspace().id() + "/" + shop.silk());
        assertThat(offer.get("text").asText()).isIn("This article may help:", "These articles may help:");
        Http.Response page = server.http().get(url.substring(server.baseUrl().length()));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw()).contains("Caring for silk scarves");
        JsonNode replies = thread.get(thread.size() - 1).get("content").get("quick_replies");
        assertThat(replies.get(0).get("payload").asText()).isEqualTo("kb.yes");
        assertThat(replies.get(1).get("payload").asText()).isEqualTo("kb.no");

        answer(visitor, conversation, "Yes", "kb.yes");
        Http agent = shop.tenant().agent().http();
        JsonNode view = awaitAgentView(agent, conversation,
                v -> v.get("conversation").get("status").asText().equalsIgnoreCase("resolved"));
        assertThat(view.get("conversation").get("status").asText()).isEqualToIgnoringCase("resolved");
        FlowIT.awaitSettled(server);
        JsonNode stats = stats(shop);
        assertThat(stats.get("resolved").asInt()).isEqualTo(1);
        assertThat(stats.get("handed_off").asInt()).isZero();
        assertThat(stats.get("by_reason").get("kb_answered").asInt()).isEqualTo(1);
        JsonNode containment = agent.get("/api/v1/flows/containment").body();
        assertThat(containment.toString()).contains("\"containment_rate\":1.0");

        server.wiring().rollups.refresh();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Http.Response report = shop.tenant().owner().http().get("/api/v1/reports/bots?from=" + today.minusDays(1)
                + "&to=" + today.plusDays(1));
        assertThat(report.status()).as(report.raw()).isEqualTo(200);
        assertThat(report.body().at("/totals/contained").asLong()).as(report.raw()).isEqualTo(1);
        assertThat(report.body().at("/totals/handed_off").asLong()).isZero();
    }

    @Test
    void noHandsTheThreadToTheHumansWithTheQuestionAndTheArticlesOffered() {
        Shop shop = shop("Answer no " + database);
        TestServer.Visitor visitor = server.visitor(shop.tenant());
        String conversation = ask(visitor, "how do I return an item for a refund?");
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Did this help?"));
        answer(visitor, conversation, "not sure", null);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Did this help?") && t.size() == 6);
        answer(visitor, conversation, "No", "kb.no");
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Sorry about that; a person will help you."));

        Http agent = shop.tenant().agent().http();
        JsonNode view = awaitAgentView(agent, conversation,
                v -> v.get("conversation").get("owner").get("type").asText().equals("humans"));
        assertThat(view.get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
        assertThat(view.get("conversation").get("status").asText()).isNotEqualToIgnoringCase("resolved");
        JsonNode answers = summary(view);
        assertThat(answers.get("kb_question").asText()).isEqualTo("how do I return an item for a refund?");
        assertThat(answers.get("kb_articles").asText()).startsWith("Returns and refunds");
        FlowIT.awaitSettled(server);
        JsonNode stats = stats(shop);
        assertThat(stats.get("handed_off").asInt()).isEqualTo(1);
        assertThat(stats.get("resolved").asInt()).isZero();
        assertThat(stats.get("by_reason").get("kb_not_helpful").asInt()).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM flow_runs WHERE conversation_id = ? AND reason = 'kb_not_helpful'",
                conversation)).isEqualTo(1);
    }

    @Test
    void noMatchHandsOffAtOnce() {
        Shop shop = shop("Answer none " + database);
        TestServer.Visitor visitor = server.visitor(shop.tenant());
        String conversation = ask(visitor, "xylophone quantum");
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "I couldn't find an article on that; a person will help you."));
        JsonNode view = awaitAgentView(shop.tenant().agent().http(), conversation,
                v -> v.get("conversation").get("owner").get("type").asText().equals("humans"));
        assertThat(view.get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
        assertThat(summary(view).get("kb_question").asText()).isEqualTo("xylophone quantum");
        FlowIT.awaitSettled(server);
        assertThat(stats(shop).get("by_reason").get("kb_no_match").asInt()).isEqualTo(1);
    }

    @Test
    void theSimulatorSearchesTheRealArticlesAndTheParserChecksTheStep() {
        Shop shop = shop("Answer sim " + database);
        Http owner = shop.tenant().owner().http();
        Http.Response simulated = owner.post("/api/v1/flows/simulate", Map.of("definition", ANSWER_FLOW,
                "answers", List.of(Map.of("text", "washing silk"), Map.of("text", "Yes", "payload", "kb.yes"))));
        assertThat(simulated.status()).as(simulated.raw()).isEqualTo(200);
        assertThat(simulated.body().get("outcome").asText()).isEqualTo("resolved");
        assertThat(simulated.body().get("reason").asText()).isEqualTo("kb_answered");
        assertThat(simulated.body().get("transcript").get(2).get("content").get("cards").get(0).get("title").asText())
                .isEqualTo("Caring for silk scarves");

        Http.Response invalid = owner.post("/api/v1/flows/validate", Map.of("definition", Map.of(
                "trigger", Map.of("type", "conversation_started"),
                "steps", List.of(Map.of("id", "kb", "type", "answer", "max_articles", 9, "colour", "red")))));
        assertThat(invalid.status()).as(invalid.raw()).isEqualTo(200);
        assertThat(invalid.body().get("problems").toString()).contains("\"field\":\"max_articles\"", "\"field\":\"text\"",
                "\"field\":\"colour\"");
    }
}
