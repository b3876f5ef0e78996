package org.parley.message;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
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
 * A COMMIT that succeeds in the database but whose answer is lost (the database crashed right after it,
 * as bench/chaos.sh found on PostgreSQL): the writer finds out that the batch committed, answers the sender
 * and publishes, so live streams never go past the message. Through REST and /ws/agent, on both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class LostCommitReplyIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Lost reply");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void aCommittedMessageWhoseCommitAnswerWasLostIsAckedAndDeliveredLive() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "first");
        try (WsClient agent = server.agentSocket(tenant.agent())) {
            server.wiring().database.loseNextCommitReply(tenant.workspace().id());
            String clientMsgId = "lost-" + UUID.randomUUID();
            Http.Response sent = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", clientMsgId, "text", "stored, answer lost"));
            assertThat(sent.status()).as("the batch committed: " + sent.raw()).isEqualTo(201);
            JsonNode event = agent.await(f -> "message.created".equals(f.path("event").asText())
                    && "stored, answer lost".equals(f.at("/data/text").asText()));
            assertThat(event.at("/data/seq").asLong()).isEqualTo(sent.body().get("seq").asLong());
            assertThat(server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ? AND client_msg_id = ?",
                    conversation, clientMsgId)).isEqualTo(1);
            // The next write goes through as usual.
            Http.Response next = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "after-" + UUID.randomUUID(), "text", "next"));
            assertThat(next.status()).isEqualTo(201);
            assertThat(next.body().get("seq").asLong()).isEqualTo(sent.body().get("seq").asLong() + 1);
        }
    }
}
