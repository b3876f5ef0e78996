package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.bot.FlowIT.STYLIST;
import static org.parley.bot.FlowIT.answer;
import static org.parley.bot.FlowIT.awaitSettled;
import static org.parley.bot.FlowIT.awaitVisitorThread;
import static org.parley.bot.FlowIT.lastBotSays;
import static org.parley.bot.FlowIT.open;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.TestServer;

/**
 * An answer whose turn died (the node went down between storing the visitor's answer and the bot's next
 * message) is taken when the node starts again, not left until the question times out; the repeated turn writes
 * each bot message once. Both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowRecoveryIT {
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

    @Test
    void anAnswerWhoseTurnDiedIsTakenWhenTheNodeStartsAgain() {
        TestServer.Tenant tenant = server.tenant("Recovery " + database);
        FlowIT.publish(tenant, STYLIST);
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = open(visitor);
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Which style?"));
        awaitSettled(server);

        // The turn dies before the bot's next message: the answer is stored and acknowledged, nothing follows.
        server.wiring().flowRunner.beforeSend(() -> {
            throw new IllegalStateException("the node went down");
        });
        answer(visitor, conversation, "Bold", "bold");
        awaitSettled(server);
        server.wiring().flowRunner.beforeSend(null);
        assertThat(texts(visitor, conversation)).containsExactly("Hi! A few questions first.", "Which style?", "Bold");

        server.restart();
        awaitVisitorThread(visitor, conversation, t -> lastBotSays(t, "Your email?"));
        awaitSettled(server);
        assertThat(texts(visitor, conversation)).as("the next question, once")
                .containsExactly("Hi! A few questions first.", "Which style?", "Bold", "Your email?");
        assertThat(server.wiring().flowRunner.recover()).as("nothing left to recover").isZero();
    }

    static List<String> texts(TestServer.Visitor visitor, String conversation) {
        List<String> texts = new ArrayList<>();
        for (JsonNode m : FlowIT.visitorMessages(visitor, conversation)) {
            texts.add(m.get("text").asText());
        }
        return texts;
    }
}
