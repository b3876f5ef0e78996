package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * A flow through its real entry points (docs/bots.md): published over HTTP, run when a visitor opens a
 * conversation, answered by taps and typed answers, handed to the humans with a summary; on both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowIT {
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

    static final Map<String, Object> STYLIST = Map.of(
            "trigger", Map.of("type", "conversation_started"),
            "steps", List.of(
                    Map.of("id", "greet", "type", "say", "text", "Hi! A few questions first."),
                    Map.of("id", "style", "type", "ask", "text", "Which style?", "input", "choice",
                            "choices", List.of(Map.of("label", "Classic", "value", "classic"),
                                    Map.of("label", "Bold", "value", "bold")),
                            "variable", "style", "save_to", "contact"),
                    Map.of("id", "email", "type", "ask", "text", "Your email?", "input", "email", "variable", "email",
                            "save_to", "contact", "reask", "That is not an email."),
                    Map.of("id", "handoff", "type", "handoff", "text", "A stylist is coming.")));

    /** Creates and publishes a flow in the tenant; returns its id. */
    static String publish(TestServer.Tenant tenant, Object definition) {
        Http owner = tenant.owner().http();
        Http.Response created = owner.post("/api/v1/flows", Map.of("name", "Stylist", "definition", definition));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().get("id").asText();
        Http.Response published = owner.post("/api/v1/flows/" + id + "/publish", Map.of());
        assertThat(published.status()).as(published.raw()).isEqualTo(201);
        return id;
    }

    static String open(TestServer.Visitor visitor) {
        Http.Response started = visitor.http().post("/api/v1/visitor/conversations", Map.of());
        assertThat(started.status()).as(started.raw()).isEqualTo(201);
        return started.body().get("conversation").get("id").asText();
    }

    static JsonNode visitorMessages(TestServer.Visitor visitor, String conversation) {
        return visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").body().get("messages");
    }

    /** Waits (bounded) until the visitor's thread holds a message matching {@code wanted}; returns the thread. */
    static List<JsonNode> awaitVisitorThread(TestServer.Visitor visitor, String conversation, Predicate<List<JsonNode>> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            List<JsonNode> thread = new ArrayList<>();
            visitorMessages(visitor, conversation).forEach(thread::add);
            if (wanted.test(thread) || Instant.now().isAfter(deadline)) {
                return thread;
            }
            sleep();
        }
    }

    static JsonNode awaitAgentView(Http agent, String conversation, Predicate<JsonNode> wanted) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            JsonNode view = agent.get("/api/v1/conversations/" + conversation).body();
            if (wanted.test(view) || Instant.now().isAfter(deadline)) {
                return view;
            }
            sleep();
        }
    }

    /**
     * Waits (bounded) until the node's async subscribers are idle, so every flow turn that a request caused has
     * been taken: the event of a request is queued before its response, and the gauge counts queued and running.
     */
    static void awaitSettled(TestServer server) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            String metrics = server.http().bearer(TestServer.METRICS_TOKEN).get("/metrics").raw();
            boolean idle = metrics.lines().anyMatch(l -> l.matches("parley_eventbus_async_pending(\\{[^}]*\\})? 0(\\.0)?"));
            if (idle) {
                return;
            }
            assertThat(Instant.now()).as("async subscribers still busy: %s", metrics.lines()
                    .filter(l -> l.startsWith("parley_eventbus_async_pending")).toList()).isBefore(deadline);
            sleep();
        }
    }

    static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean lastBotSays(List<JsonNode> thread, String text) {
        return !thread.isEmpty() && thread.get(thread.size() - 1).get("sender").get("type").asText().equals("bot")
                && thread.get(thread.size() - 1).get("text").asText().equals(text);
    }

    static void answer(TestServer.Visitor visitor, String conversation, String text, String payload) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("client_msg_id", "a-" + UUID.randomUUID(), "text", text));
        if (payload != null) {
            body.put("payload", payload);
        }
        Http.Response sent = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages", body);
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    @Test
    void aFlowGreetsAsksValidatesAndHandsTheThreadToTheHumansWithASummary() {
        TestServer.Tenant tenant = server.tenant("Flow " + database);
        String flowId = publish(tenant, STYLIST);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);

        List<JsonNode> thread = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?"));
        assertThat(thread).extracting(m -> m.get("text").asText()).containsExactly("Hi! A few questions first.", "Which style?");
        assertThat(thread.get(1).get("content").get("quick_replies").get(0).get("payload").asText()).isEqualTo("classic");
        Http agent = tenant.agent().http();
        JsonNode view = agent.get("/api/v1/conversations/" + conversation).body();
        assertThat(view.get("conversation").get("owner").get("type").asText()).isEqualTo("flow");
        assertThat(view.get("conversation").get("owner").get("id").asText()).isEqualTo(flowId);
        assertThat(view.get("conversation").get("first_agent_reply_at")).as("a bot is not the team's first reply").isNull();

        answer(visitor, conversation, "Classic", "classic");
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your email?"));
        answer(visitor, conversation, "not an email", null);
        thread = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your email?") && t.size() == 7);
        assertThat(thread.get(5).get("text").asText()).isEqualTo("That is not an email.");
        assertThat(thread.get(6).get("content").get("input").get("type").asText()).isEqualTo("email");
        answer(visitor, conversation, "Lena@Example.com", null);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "A stylist is coming."));

        view = awaitAgentView(agent, conversation, v -> v.get("conversation").get("owner").get("type").asText().equals("humans"));
        assertThat(view.get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
        JsonNode summary = null;
        for (JsonNode m : view.get("messages")) {
            if (m.path("content").has("summary")) {
                summary = m;
            }
        }
        assertThat(summary).as("the hand-off's summary note").isNotNull();
        assertThat(summary.get("private").asBoolean()).isTrue();
        assertThat(summary.get("content").get("summary").get("answers").get("style").asText()).isEqualTo("classic");
        assertThat(summary.get("content").get("summary").get("answers").get("email").asText()).isEqualTo("lena@example.com");
        assertThat(visitorMessages(visitor, conversation).toString()).as("visitors never see the summary").doesNotContain("Collected by");

        JsonNode contact = agent.get("/api/v1/contacts/" + visitor.contactId()).body();
        assertThat(contact.toString()).contains("\"style\":\"classic\"");
        assertThat(contact.path("contact").path("email").asText(contact.path("email").asText())).isEqualTo("lena@example.com");

        Http.Response reply = agent.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r1", "text", "Hi Lena, I'm Ana, your stylist."));
        assertThat(reply.status()).isEqualTo(201);
        assertThat(awaitVisitorThread(visitor, conversation, t -> t.get(t.size() - 1).get("text").asText().startsWith("Hi Lena")))
                .last().extracting(m -> m.get("sender").get("type").asText()).isEqualTo("agent");

        Http.Response back = agent.post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "flow"));
        assertThat(back.status()).as("a flow that reached its hand-off has nothing left to ask").isEqualTo(409);

        JsonNode stats = agent.get("/api/v1/flows/" + flowId + "/stats").body().get("versions").get(0);
        assertThat(stats.get("version").asInt()).isEqualTo(1);
        assertThat(stats.get("started").asInt()).isEqualTo(1);
        assertThat(stats.get("handed_off").asInt()).isEqualTo(1);
    }

    @Test
    void anAgentsReplyTakesTheThreadAndTheBotSaysNothingMore() {
        TestServer.Tenant tenant = server.tenant("Take " + database);
        publish(tenant, STYLIST);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?"));

        Http agent = tenant.agent().http();
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r1", "text", "I'll take it from here.")).status()).isEqualTo(201);
        JsonNode view = agent.get("/api/v1/conversations/" + conversation).body();
        assertThat(view.get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
        answer(visitor, conversation, "Classic", "classic");
        sleep();
        server.wiring().flowRunner.wakeDue();
        List<JsonNode> thread = new ArrayList<>();
        visitorMessages(visitor, conversation).forEach(thread::add);
        assertThat(thread).extracting(m -> m.get("sender").get("type").asText()).containsExactly("bot", "bot", "agent", "contact");

        // Given back, the bot asks its question again; taken, it stops.
        Http.Response back = agent.post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "flow"));
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?") && t.size() == 5);
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "humans")).status())
                .isEqualTo(200);
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "robots")).status())
                .isEqualTo(400);
    }

    @Test
    void givingBackAThreadNoFlowRanInIsAConflict() {
        TestServer.Tenant tenant = server.tenant("NoFlow " + database);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        Http.Response back = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "flow"));
        assertThat(back.status()).isEqualTo(409);
        assertThat(back.errorMessage()).contains("No bot can take this conversation back");
    }
}
