package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.bot.FlowIT.STYLIST;
import static org.parley.bot.FlowIT.answer;
import static org.parley.bot.FlowIT.awaitSettled;
import static org.parley.bot.FlowIT.awaitVisitorThread;
import static org.parley.bot.FlowIT.lastBotSays;
import static org.parley.bot.FlowIT.open;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.conversation.ThreadOwner;
import org.parley.http.ApiError;
import org.parley.identity.BotPrincipal;
import org.parley.message.SendMessage;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The race rule (docs/bots.md): a flow's message is stored only while the flow owns the thread, checked where its
 * seq is taken, so no bot message ever follows a human's first reply. First each order made deterministic (a bot's
 * send after the take; an agent's reply put exactly before a turn's send by FlowRunner's test hook), then a soak
 * of real concurrent answers and replies checking the invariant over what is stored; on both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowRaceIT {
    static final int SOAK_ITERATIONS = 50;

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

    private static String ownerType(Http agent, String conversation) {
        return agent.get("/api/v1/conversations/" + conversation).body().get("conversation").get("owner").get("type").asText();
    }

    private static long botMessages(String conversation) {
        return server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender_type = 'BOT'", conversation);
    }

    /** Bot messages stored after the first human (agent, not private) message, by seq; 0 when no human wrote. */
    private static long botMessagesAfterTheFirstHuman(String conversation) {
        long firstHuman = server.count("SELECT COALESCE(MIN(seq), 0) FROM messages WHERE conversation_id = ? "
                + "AND sender_type = 'AGENT' AND NOT is_private", conversation);
        if (firstHuman == 0) {
            return 0;
        }
        return server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND sender_type = 'BOT' "
                + "AND sender_id LIKE 'flow:%' AND seq > ?", conversation, firstHuman);
    }

    @Test
    void aBotsSendAfterAnAgentTookTheThreadIsRefusedAndStoresNothing() {
        TestServer.Tenant tenant = server.tenant("Refused " + database);
        String flowId = FlowIT.publish(tenant, STYLIST);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?"));
        awaitSettled(server);
        BotPrincipal bot = new BotPrincipal(tenant.workspace().id(), ThreadOwner.flow(flowId, 1), flowId, "Stylist");

        // While it owns the thread, the bot may send: the refusal below is the rule, not a broken principal.
        server.wiring().messages.send(bot, new SendMessage(conversation, "race-1", "Still mine", false, List.of(), null, null));
        Http agent = tenant.agent().http();
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/owner", Map.of("owner", "humans")).status())
                .isEqualTo(200);
        long lastSeq = server.count("SELECT last_seq FROM conversations WHERE id = ?", conversation);
        long messages = server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation);

        assertThatThrownBy(() -> server.wiring().messages.send(bot,
                new SendMessage(conversation, "race-2", "Too late", false, List.of(), null, null)))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.code()).isEqualTo("not_thread_owner");
                });
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(messages);
        assertThat(server.count("SELECT last_seq FROM conversations WHERE id = ?", conversation))
                .as("no seq was taken").isEqualTo(lastSeq);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE client_msg_id = 'race-2'")).isZero();
    }

    @Test
    void anAgentsReplyJustBeforeTheBotsNextSendStopsTheBotForGood() {
        TestServer.Tenant tenant = server.tenant("Hook " + database);
        FlowIT.publish(tenant, STYLIST);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?"));
        awaitSettled(server);
        Http agent = tenant.agent().http();
        AtomicBoolean armed = new AtomicBoolean(true);
        AtomicReference<Http.Response> reply = new AtomicReference<>();
        server.wiring().flowRunner.beforeSend(() -> {
            if (armed.getAndSet(false)) { // the turn has decided to ask "Your email?"; the agent replies first
                reply.set(agent.post("/api/v1/conversations/" + conversation + "/messages",
                        Map.of("client_msg_id", "hook-1", "text", "Hi, Ana here. I'll take it from here.")));
            }
        });
        try {
            answer(visitor, conversation, "Classic", "classic");
            awaitSettled(server);
        } finally {
            server.wiring().flowRunner.beforeSend(null);
        }

        assertThat(armed).as("the hook ran").isFalse();
        assertThat(reply.get().status()).as(reply.get().raw()).isEqualTo(201);
        List<JsonNode> thread = new ArrayList<>();
        FlowIT.visitorMessages(visitor, conversation).forEach(thread::add);
        assertThat(thread).extracting(m -> m.get("sender").get("type").asText() + ": " + m.get("text").asText()).containsExactly(
                "bot: Hi! A few questions first.", "bot: Which style?", "contact: Classic",
                "agent: Hi, Ana here. I'll take it from here.");
        assertThat(ownerType(agent, conversation)).isEqualTo("humans");
        assertThat(server.count("SELECT COUNT(*) FROM flow_runs WHERE conversation_id = ? AND status = 'handed_off' "
                + "AND reason = 'agent_replied'", conversation)).isEqualTo(1);

        // The run has ended: a later answer or timer makes the bot say nothing.
        answer(visitor, conversation, "lena@example.com", null);
        server.wiring().flowRunner.wakeDue();
        awaitSettled(server);
        assertThat(botMessages(conversation)).isEqualTo(2);
        assertThat(botMessagesAfterTheFirstHuman(conversation)).isZero();
    }

    @Test
    void underConcurrentAnswersAndRepliesNoBotMessageFollowsTheFirstHumanOne() throws Exception {
        TestServer.Tenant tenant = server.tenant("Soak " + database);
        FlowIT.publish(tenant, STYLIST);
        Http agent = tenant.agent().http();
        AtomicInteger botFirst = new AtomicInteger();
        for (int i = 0; i < SOAK_ITERATIONS; i++) {
            TestServer.Visitor visitor = server.visitor(tenant);
            String conversation = open(visitor);
            List<JsonNode> asked = awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?"));
            assertThat(lastBotSays(asked, "Which style?")).as("iteration %d: the flow asked", i).isTrue();

            CountDownLatch go = new CountDownLatch(1);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicInteger replyStatus = new AtomicInteger();
            Thread visitorSide = Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    answer(visitor, conversation, "Classic", "classic"); // the bot's turn sends "Your email?"
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            long offsetMillis = i % 20; // swept, so both orders happen: the bot's turn starts after the answer commits
            Thread agentSide = Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                    Thread.sleep(offsetMillis);
                    replyStatus.set(agent.post("/api/v1/conversations/" + conversation + "/messages",
                            Map.of("client_msg_id", "soak-" + UUID.randomUUID(), "text", "A human here.")).status());
                } catch (Throwable e) {
                    failure.set(e);
                }
            });
            go.countDown();
            assertThat(visitorSide.join(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(agentSide.join(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(failure.get()).as("iteration %d", i).isNull();
            assertThat(replyStatus.get()).as("iteration %d: the agent's reply", i).isEqualTo(201);
            awaitSettled(server); // bounded: the runner's turn is done when the async queue is empty

            assertThat(botMessagesAfterTheFirstHuman(conversation)).as("iteration %d: bot messages after the human's", i)
                    .isZero();
            assertThat(ownerType(agent, conversation)).as("iteration %d", i).isEqualTo("humans");
            if (botMessages(conversation) == 3) {
                botFirst.incrementAndGet(); // "Your email?" got its seq before the reply: allowed
            }
        }
        System.out.printf("FlowRaceIT soak (%s): the bot's next question came first in %d of %d iterations%n",
                database, botFirst.get(), SOAK_ITERATIONS);
    }

    /**
     * The start route writes the conversation, then the visitor's opening message: a flow's first question can land in
     * between (CI's load did it). The opening message was typed before any question, so it is never the answer: no
     * "didn't get that", and the real answer still counts. Deterministic: the two writes are made here, in that order,
     * with the flow's first turn between them.
     */
    @Test
    void theOpeningMessageStoredAfterTheFirstQuestionIsNotItsAnswer() {
        TestServer.Tenant tenant = server.tenant("Opening " + database);
        FlowIT.publish(tenant, Map.of("trigger", Map.of("type", "first_message"), "steps", List.of(
                Map.of("id", "order", "type", "ask", "text", "Your order number?", "input", "number", "variable", "order"),
                Map.of("id", "done", "type", "handoff", "text", "A person takes it from here."))));
        TestServer.Visitor visitor = server.visitor(tenant);
        var principal = new org.parley.identity.VisitorPrincipal(tenant.workspace().id(), visitor.visitorId(),
                visitor.contactId());
        String conversation = server.wiring().conversations.start(principal, "opening-1").conversation().id();
        assertThat(lastBotSays(awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your order number?")),
                "Your order number?")).as("the flow asked first").isTrue();
        server.wiring().messages.send(principal, new SendMessage(conversation, "opening-1", "Where is my order?", false));
        awaitSettled(server);
        List<JsonNode> thread = FlowIT.awaitVisitorThread(visitor, conversation, t -> t.size() >= 2);
        assertThat(thread).extracting(m -> m.get("text").asText())
                .as("no re-ask of the question for the opening message").containsExactly("Your order number?", "Where is my order?");
        answer(visitor, conversation, "4711", null);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "A person takes it from here."));
        awaitSettled(server);
        assertThat(ownerType(tenant.agent().http(), conversation)).isEqualTo("humans");
    }
}
