package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.bot.FlowIT.answer;
import static org.parley.bot.FlowIT.awaitAgentView;
import static org.parley.bot.FlowIT.awaitSettled;
import static org.parley.bot.FlowIT.awaitVisitorThread;
import static org.parley.bot.FlowIT.lastBotSays;
import static org.parley.bot.FlowIT.open;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.TestServer;

/**
 * A flow's timers on a node whose clock the test moves (docs/bots.md): an unanswered question hands the thread
 * to the humans (reason timeout, counted as dropped at that step), a wait resumes when its time has passed. The
 * test calls the wake-up job itself after moving the clock; the node's own job, running on the same clock, may
 * take a due turn first, which changes nothing (turns are serialised per conversation). Each move leaves a margin
 * of several seconds on the side it tests, for the real time that passes meanwhile.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowTimeoutIT {
    @Parameter
    String database;

    static MovableClock clock;
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        clock = new MovableClock();
        server = TestServer.startWithClock(database, clock);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static final Map<String, Object> QUESTIONS = Map.of(
            "trigger", Map.of("type", "conversation_started"),
            "timeout_seconds", 30,
            "steps", List.of(
                    Map.of("id", "greet", "type", "say", "text", "Hi!"),
                    Map.of("id", "name", "type", "ask", "text", "Your name?", "variable", "name", "save_to", "contact"),
                    Map.of("id", "email", "type", "ask", "text", "Your email?", "input", "email", "variable", "email",
                            "save_to", "contact"),
                    Map.of("id", "handoff", "type", "handoff", "text", "A stylist is coming.")));

    static final Map<String, Object> PAUSE = Map.of(
            "trigger", Map.of("type", "conversation_started"),
            "steps", List.of(
                    Map.of("id", "hi", "type", "say", "text", "One moment, I'm checking..."),
                    Map.of("id", "pause", "type", "wait", "seconds", 60),
                    Map.of("id", "back", "type", "say", "text", "Thanks for waiting."),
                    Map.of("id", "email", "type", "ask", "text", "Your email?", "input", "email", "variable", "email")));

    private void moveAndWake(Duration by) {
        clock.advance(by);
        server.wiring().flowRunner.wakeDue();
        awaitSettled(server); // events of the woken turn (a hand-off) reach their async subscribers
    }

    private static String owner(Http agent, String conversation) {
        return agent.get("/api/v1/conversations/" + conversation).body().get("conversation").get("owner").get("type").asText();
    }

    /** The visitor's thread now: for what must not have happened, read once after the node settled. */
    private static List<JsonNode> thread(TestServer.Visitor visitor, String conversation) {
        List<JsonNode> thread = new ArrayList<>();
        FlowIT.visitorMessages(visitor, conversation).forEach(thread::add);
        return thread;
    }

    private static long count(List<JsonNode> thread, String text) {
        return thread.stream().filter(m -> m.get("text").asText().equals(text)).count();
    }

    /** Opens a conversation under QUESTIONS and answers the name, leaving "Your email?" unanswered. */
    private String atTheEmailQuestion(TestServer.Tenant tenant, TestServer.Visitor visitor) {
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your name?"));
        answer(visitor, conversation, "Lena", null);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your email?"));
        awaitSettled(server); // the turn that asked is saved with its timer
        return conversation;
    }

    @Test
    void anUnansweredQuestionHandsTheThreadToTheHumansAndCountsAsDroppedThere() {
        TestServer.Tenant tenant = server.tenant("Timeout " + database);
        String flowId = FlowIT.publish(tenant, QUESTIONS);
        TestServer.Visitor visitor = server.visitor(tenant);
        Http agent = tenant.agent().http();
        String conversation = atTheEmailQuestion(tenant, visitor);

        moveAndWake(Duration.ofSeconds(20));
        assertThat(owner(agent, conversation)).as("20 s of a 30 s timeout").isEqualTo("flow");

        moveAndWake(Duration.ofSeconds(11));
        JsonNode view = awaitAgentView(agent, conversation,
                v -> v.get("conversation").get("owner").get("type").asText().equals("humans"));
        assertThat(view.get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
        JsonNode summary = null;
        for (JsonNode m : view.get("messages")) {
            if (m.path("content").has("summary")) {
                summary = m;
            }
        }
        assertThat(summary).as("the hand-off's summary note").isNotNull();
        assertThat(summary.get("content").get("summary").get("answers").toString()).isEqualTo("{\"name\":\"Lena\"}");
        assertThat(server.count("SELECT COUNT(*) FROM workspace_events WHERE conversation_id = ? AND name = ? "
                + "AND agent_payload LIKE ?", conversation, "conversation.handed_over", "%\"reason\":\"timeout\"%"))
                .as("a conversation.handed_over event with reason timeout").isEqualTo(1);

        JsonNode stats = agent.get("/api/v1/flows/" + flowId + "/stats").body().get("versions").get(0);
        assertThat(stats.get("started").asInt()).isEqualTo(1);
        assertThat(stats.get("dropped").asInt()).isEqualTo(1);
        assertThat(stats.get("handed_off").asInt()).isZero();
        assertThat(stats.get("running").asInt()).isZero();
        assertThat(stats.get("dropped_at").toString()).isEqualTo("{\"email\":1}");
        assertThat(stats.get("by_reason").toString()).isEqualTo("{\"timeout\":1}");

        // Late, the answer reaches the humans; the bot says nothing more.
        answer(visitor, conversation, "lena@example.com", null);
        awaitSettled(server);
        List<JsonNode> thread = thread(visitor, conversation);
        assertThat(thread).extracting(m -> m.get("sender").get("type").asText())
                .containsExactly("bot", "bot", "contact", "bot", "contact");
    }

    @Test
    void aThreadGivenBackAfterATimeoutAsksTheQuestionAgain() {
        TestServer.Tenant tenant = server.tenant("TimeoutBack " + database);
        FlowIT.publish(tenant, QUESTIONS);
        TestServer.Visitor visitor = server.visitor(tenant);
        Http agent = tenant.agent().http();
        String conversation = atTheEmailQuestion(tenant, visitor);
        moveAndWake(Duration.ofSeconds(31));
        assertThat(owner(agent, conversation)).isEqualTo("humans");

        Http.Response back = agent.post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "flow"));
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
        awaitSettled(server);
        List<JsonNode> thread = awaitVisitorThread(visitor, conversation, t -> count(t, "Your email?") == 2);
        assertThat(count(thread, "Your email?")).as("the question, asked again").isEqualTo(2);

        answer(visitor, conversation, "lena@example.com", null);
        thread = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "A stylist is coming."));
        assertThat(thread).last().extracting(m -> m.get("text").asText()).isEqualTo("A stylist is coming.");
        assertThat(awaitAgentView(agent, conversation,
                v -> v.get("conversation").get("owner").get("type").asText().equals("humans"))
                .get("conversation").get("owner").get("type").asText()).isEqualTo("humans");
    }

    @Test
    void aTimerFoundDueBeforeAnAnswerWasTakenDoesNotTimeOutTheNextQuestion() throws Exception {
        TestServer.Tenant tenant = server.tenant("StaleTimer " + database);
        FlowIT.publish(tenant, QUESTIONS);
        TestServer.Visitor visitor = server.visitor(tenant);
        Http agent = tenant.agent().http();
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your name?"));
        awaitSettled(server);

        // 20 s into the name question's 30 s, the visitor answers. The answer's turn decides to ask "Your email?"
        // (timing out 30 s from now); just then the name question's timeout passes, and the wake-up job finds the
        // run due (as saved before this turn) and waits for the conversation's turn.
        clock.advance(Duration.ofSeconds(20));
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicReference<Thread> waker = new AtomicReference<>();
        server.wiring().flowRunner.beforeSend(() -> {
            if (!armed.getAndSet(false)) {
                return;
            }
            clock.advance(Duration.ofSeconds(11));
            Thread wake = new Thread(() -> server.wiring().flowRunner.wakeDue());
            waker.set(wake);
            wake.start();
            Instant deadline = Instant.now().plusSeconds(10);
            while (wake.isAlive() && !waitsForATurn(wake) && Instant.now().isBefore(deadline)) {
                Thread.onSpinWait();
            }
        });
        try {
            answer(visitor, conversation, "Lena", null);
            awaitSettled(server);
        } finally {
            server.wiring().flowRunner.beforeSend(null);
        }
        assertThat(armed).as("the hook ran").isFalse();
        waker.get().join(10_000);

        assertThat(owner(agent, conversation)).as("the question just asked has its own 30 s").isEqualTo("flow");
        moveAndWake(Duration.ofSeconds(10));
        assertThat(owner(agent, conversation)).as("21 s into them").isEqualTo("flow");
        assertThat(thread(visitor, conversation)).last().extracting(m -> m.get("text").asText()).isEqualTo("Your email?");
        moveAndWake(Duration.ofSeconds(10));
        assertThat(owner(agent, conversation)).as("and it does time out after them").isEqualTo("humans");
    }

    /** Whether {@code thread} is parked on a lock inside FlowRunner (the per-conversation turn lock). */
    private static boolean waitsForATurn(Thread thread) {
        if (thread.getState() != Thread.State.WAITING) {
            return false;
        }
        return java.util.Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().contains("ReentrantLock"))
                && java.util.Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getClassName().equals(FlowRunner.class.getName()));
    }

    @Test
    void aWaitOfSixtySecondsResumesOnceTheClockHasMovedSixtySeconds() {
        TestServer.Tenant tenant = server.tenant("Wait " + database);
        FlowIT.publish(tenant, PAUSE);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "One moment, I'm checking..."));
        awaitSettled(server);

        moveAndWake(Duration.ofSeconds(50));
        assertThat(thread(visitor, conversation)).as("50 s into a 60 s wait").hasSize(1);

        moveAndWake(Duration.ofSeconds(10));
        List<JsonNode> thread = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your email?"));
        assertThat(thread).extracting(m -> m.get("text").asText())
                .containsExactly("One moment, I'm checking...", "Thanks for waiting.", "Your email?");
    }

    @Test
    void aVisitorsMessageDuringAWaitDoesNotCancelIt() {
        TestServer.Tenant tenant = server.tenant("WaitTalk " + database);
        FlowIT.publish(tenant, PAUSE);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "One moment, I'm checking..."));
        awaitSettled(server);

        answer(visitor, conversation, "Are you still there?", null);
        awaitSettled(server); // the flow has taken the message (and said nothing: it waits)
        assertThat(thread(visitor, conversation)).hasSize(2);

        moveAndWake(Duration.ofSeconds(61));
        List<JsonNode> thread = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your email?"));
        List<String> texts = new ArrayList<>();
        thread.forEach(m -> texts.add(m.get("text").asText()));
        assertThat(texts).containsExactly("One moment, I'm checking...", "Are you still there?", "Thanks for waiting.",
                "Your email?");
    }
}
