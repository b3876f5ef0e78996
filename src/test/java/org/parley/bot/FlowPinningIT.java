package org.parley.bot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.bot.FlowIT.answer;
import static org.parley.bot.FlowIT.awaitSettled;
import static org.parley.bot.FlowIT.awaitVisitorThread;
import static org.parley.bot.FlowIT.lastBotSays;
import static org.parley.bot.FlowIT.open;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Publishing makes a new version; a conversation already running stays on the version it started with to the
 * end, a new one gets the newest (docs/bots.md, Flows); figures are per version. On both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class FlowPinningIT {
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

    static Map<String, Object> version(String first, String second) {
        return Map.of("trigger", Map.of("type", "conversation_started"), "steps", List.of(
                Map.of("id", "q1", "type", "ask", "text", first, "variable", "a1"),
                Map.of("id", "q2", "type", "ask", "text", second, "variable", "a2"),
                Map.of("id", "handoff", "type", "handoff", "text", "Over to the team.")));
    }

    private static JsonNode owner(Http agent, String conversation) {
        return agent.get("/api/v1/conversations/" + conversation).body().get("conversation").get("owner");
    }

    @Test
    void aRunningConversationFinishesOnItsVersionWhileNewOnesGetTheNewest() {
        TestServer.Tenant tenant = server.tenant("Pinning " + database);
        Http owner = tenant.owner().http();
        Http agent = tenant.agent().http();
        String flowId = FlowIT.publish(tenant, version("Which style?", "Your budget?"));

        TestServer.Visitor early = server.visitor(tenant);
        String onV1 = open(early);
        awaitVisitorThread(early, onV1, t -> lastBotSays(t, "Which style?"));

        assertThat(owner.patch("/api/v1/flows/" + flowId, Map.of("definition", version("Which colour?", "Your size?")))
                .status()).isEqualTo(200);
        Http.Response v2 = owner.post("/api/v1/flows/" + flowId + "/publish", Map.of());
        assertThat(v2.status()).as(v2.raw()).isEqualTo(201);
        assertThat(v2.body().get("version").asInt()).isEqualTo(2);

        TestServer.Visitor late = server.visitor(tenant);
        String onV2 = open(late);
        awaitVisitorThread(late, onV2, t -> lastBotSays(t, "Which colour?"));
        assertThat(owner(agent, onV2).get("version").asInt()).isEqualTo(2);

        answer(early, onV1, "Classic", null);
        List<JsonNode> thread = awaitVisitorThread(early, onV1, t -> lastBotSays(t, "Your budget?"));
        assertThat(thread).extracting(m -> m.get("text").asText()).containsExactly("Which style?", "Classic", "Your budget?");
        assertThat(owner(agent, onV1).get("version").asInt()).isEqualTo(1);
        answer(early, onV1, "200", null);
        thread = awaitVisitorThread(early, onV1, t -> lastBotSays(t, "Over to the team."));
        assertThat(thread).extracting(m -> m.get("text").asText()).doesNotContain("Which colour?", "Your size?");

        answer(late, onV2, "Red", null);
        assertThat(awaitVisitorThread(late, onV2, t -> lastBotSays(t, "Your size?")))
                .extracting(m -> m.get("text").asText()).containsExactly("Which colour?", "Red", "Your size?");
        awaitSettled(server);

        JsonNode versions = agent.get("/api/v1/flows/" + flowId + "/stats").body().get("versions");
        assertThat(versions).hasSize(2);
        assertThat(versions.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(versions.get(0).get("started").asInt()).isEqualTo(1);
        assertThat(versions.get(0).get("handed_off").asInt()).isEqualTo(1);
        assertThat(versions.get(0).get("running").asInt()).isZero();
        assertThat(versions.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(versions.get(1).get("started").asInt()).isEqualTo(1);
        assertThat(versions.get(1).get("running").asInt()).isEqualTo(1);
        assertThat(versions.get(1).get("handed_off").asInt()).isZero();

        JsonNode detail = agent.get("/api/v1/flows/" + flowId).body();
        assertThat(detail.get("published_version").asInt()).isEqualTo(2);
        assertThat(detail.get("versions")).extracting(v -> v.get("version").asInt()).containsExactly(2, 1);
    }
}
