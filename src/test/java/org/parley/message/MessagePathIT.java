package org.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/** The one message path, end to end over REST and WebSocket, on SQLite and PostgreSQL. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class MessagePathIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Scarf Shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void visitorMessageOverWebSocketReachesEveryAgentAndTheVisitorsOtherTabs() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Hi there");
        try (WsClient owner = server.agentSocket(tenant.owner());
             WsClient agent = server.agentSocket(tenant.agent());
             WsClient tab1 = server.visitorSocket(visitor);
             WsClient tab2 = server.visitorSocket(visitor)) {
            tab1.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "c-1",
                    "text", "Do you have red scarves?"));
            JsonNode ack = tab1.awaitType("ack");
            assertThat(ack.get("client_msg_id").asText()).isEqualTo("c-1");
            assertThat(ack.get("seq").asLong()).isEqualTo(2);

            for (WsClient receiver : List.of(owner, agent, tab2)) {
                JsonNode event = receiver.awaitEvent("message.created");
                assertThat(event.get("conversation_id").asText()).isEqualTo(conversation);
                assertThat(event.at("/data/text").asText()).isEqualTo("Do you have red scarves?");
                assertThat(event.at("/data/seq").asLong()).isEqualTo(2);
                assertThat(event.at("/data/sender/type").asText()).isEqualTo("contact");
            }
            assertThat(owner.drain(Duration.ofMillis(300)))
                    .as("one message, one event").noneMatch(f -> f.path("event").asText().equals("message.created"));
        }
    }

    @Test
    void agentReplyOverRestReachesTheVisitorLiveAndOverRest() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Is shipping free?");
        try (WsClient tab = server.visitorSocket(visitor)) {
            Http.Response reply = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "r-1", "text", "Yes, over 50 euros."));
            assertThat(reply.status()).isEqualTo(201);
            assertThat(reply.body().get("seq").asLong()).isEqualTo(2);

            JsonNode event = tab.awaitEvent("message.created");
            assertThat(event.at("/data/text").asText()).isEqualTo("Yes, over 50 euros.");
            assertThat(event.at("/data/sender/type").asText()).isEqualTo("agent");
            assertThat(event.at("/data/sender/id").asText()).isEqualTo(tenant.agent().id());
            assertThat(event.has("cursor")).as("visitors get no workspace cursor").isFalse();
        }
        JsonNode page = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").body();
        assertThat(page.get("messages")).extracting(m -> m.get("text").asText())
                .containsExactly("Is shipping free?", "Yes, over 50 euros.");
    }

    @Test
    void agentReplyOverWebSocketIsAckedAndDelivered() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Hello");
        try (WsClient agent = server.agentSocket(tenant.agent()); WsClient tab = server.visitorSocket(visitor)) {
            agent.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "w-1", "text", "Hello! How can I help?"));
            assertThat(agent.awaitType("ack").get("seq").asLong()).isEqualTo(2);
            assertThat(tab.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("Hello! How can I help?");
        }
    }

    @Test
    void privateNotesReachAgentsButNeverTheVisitor() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Where is my order?");
        try (WsClient owner = server.agentSocket(tenant.owner()); WsClient tab = server.visitorSocket(visitor)) {
            Http.Response note = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/notes",
                    Map.of("client_msg_id", "n-1", "text", "Customer is a VIP, check the warehouse"));
            assertThat(note.status()).isEqualTo(201);
            Http.Response viaFlag = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "n-2", "text", "Second internal note", "private", true));
            assertThat(viaFlag.status()).isEqualTo(201);
            tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "r-1", "text", "It ships today."));

            JsonNode first = owner.awaitEvent("message.created");
            assertThat(first.at("/data/private").asBoolean()).isTrue();
            assertThat(first.at("/data/text").asText()).isEqualTo("Customer is a VIP, check the warehouse");

            List<JsonNode> visitorFrames = tab.drain(Duration.ofMillis(800));
            assertThat(visitorFrames).extracting(f -> f.at("/data/text").asText()).containsExactly("It ships today.");
        }
        JsonNode visitorPage = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").body();
        assertThat(visitorPage.toString()).doesNotContain("VIP").doesNotContain("internal note");
        JsonNode visitorList = visitor.http().get("/api/v1/visitor/conversations").body();
        assertThat(visitorList.toString()).doesNotContain("VIP");

        JsonNode agentPage = tenant.agent().http().get("/api/v1/conversations/" + conversation).body();
        assertThat(agentPage.get("messages")).extracting(m -> m.get("text").asText())
                .containsExactly("Where is my order?", "Customer is a VIP, check the warehouse", "Second internal note",
                        "It ships today.");
    }

    @Test
    void visitorCannotWritePrivateNotes() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Hello");
        try (WsClient tab = server.visitorSocket(visitor)) {
            tab.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "p-1", "text", "x", "private", true));
            JsonNode error = tab.awaitType("error");
            assertThat(error.get("code").asText()).isEqualTo("forbidden");
        }
        Http.Response rest = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "p-2", "text", "x", "private", true));
        assertThat(rest.status()).isEqualTo(400);
        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversation)).isEqualTo(1);
    }
}
