package org.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.parley.testing.WsClient;

/**
 * Rich messages through both entry points (docs/bots.md): an agent sends quick replies over the socket, the
 * visitor receives them live and taps one over the socket, the agent sees the tap's payload; refusals are
 * precise and store nothing. Both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class RichMessagesIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Rich " + database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static final Map<String, Object> COLOURS = Map.of("quick_replies", List.of(
            Map.of("label", "Ruby", "payload", "ruby"), Map.of("label", "Wine", "payload", "wine")));

    @Test
    void quickRepliesGoOutLiveAndATapComesBackWithItsPayload() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Which colours do you have?");
        try (WsClient visitorSocket = WsClient.connect(server.baseUrl(), "/ws/visitor");
             WsClient agentSocket = server.agentSocket(tenant.agent())) {
            visitorSocket.send(Map.of("type", "auth", "token", visitor.token()));
            visitorSocket.awaitType("ready");
            visitorSocket.send(Map.of("type", "resume", "cursors", Map.of(conversation, 1)));
            visitorSocket.awaitType("resumed");
            agentSocket.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "q1",
                    "text", "Ruby or wine?", "content", COLOURS));
            assertThat(agentSocket.awaitType("ack").get("client_msg_id").asText()).isEqualTo("q1");
            JsonNode live = visitorSocket.await(f -> "message.created".equals(f.path("event").asText())
                    && f.at("/data/text").asText().equals("Ruby or wine?"));
            assertThat(live.at("/data/content/quick_replies/1/payload").asText()).isEqualTo("wine");

            visitorSocket.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "tap1",
                    "text", "Wine", "payload", "wine"));
            visitorSocket.awaitType("ack");
            JsonNode tap = agentSocket.await(f -> "message.created".equals(f.path("event").asText())
                    && f.at("/data/client_msg_id").asText().equals("tap1"));
            assertThat(tap.at("/data/content/payload").asText()).isEqualTo("wine");
            assertThat(tap.at("/data/text").asText()).isEqualTo("Wine");
        }
        // The same tap again is the same message (idempotent), another payload with that id a conflict.
        Http.Response again = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "tap1", "text", "Wine", "payload", "wine"));
        assertThat(again.status()).isEqualTo(200);
        assertThat(visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "tap1", "text", "Wine", "payload", "ruby")).status()).isEqualTo(409);
    }

    @Test
    void refusalsNameTheFieldAndStoreNothing() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Hello");
        long before = server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation);
        Http agent = tenant.agent().http();
        String path = "/api/v1/conversations/" + conversation + "/messages";

        Http.Response badUrl = agent.post(path, Map.of("client_msg_id", "b1", "text", "See",
                "content", Map.of("buttons", List.of(Map.of("label", "Open", "url", "javascript:alert(1)")))));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.errorMessage()).contains("content.buttons[0].url");
        Http.Response onNote = agent.post(path, Map.of("client_msg_id", "b2", "text", "Note", "private", true,
                "content", COLOURS));
        assertThat(onNote.status()).isEqualTo(400);
        assertThat(onNote.errorMessage()).contains("private notes");
        Http.Response fromVisitor = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "b3", "text", "Hi", "content", COLOURS));
        assertThat(fromVisitor.status()).isEqualTo(400);
        assertThat(fromVisitor.errorMessage()).contains("content");
        Http.Response agentPayload = agent.post(path, Map.of("client_msg_id", "b4", "text", "Hi", "payload", "x"));
        assertThat(agentPayload.status()).as("a payload is a visitor's tap").isEqualTo(400);
        Http.Response longPayload = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "b5", "text", "Hi", "payload", "p".repeat(201)));
        assertThat(longPayload.status()).isEqualTo(400);

        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation))
                .as("nothing stored by a refused send").isEqualTo(before);
    }
}
