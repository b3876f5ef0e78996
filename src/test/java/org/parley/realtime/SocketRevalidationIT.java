package org.parley.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.parley.identity.Role;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/** An agent socket ends when its credential ends: logout, password change, revoked API key. */
class SocketRevalidationIT {
    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeAll
    static void start() {
        server = TestServer.start("sqlite");
        tenant = server.tenant("Revalidation");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aLoggedOutAgentsSocketIsClosedAndOthersStay() {
        TestServer.Agent leaving = server.agent(tenant.workspace(), "leaving@example.com", Role.AGENT);
        try (WsClient gone = server.agentSocket(leaving); WsClient staying = server.agentSocket(tenant.agent())) {
            assertThat(leaving.http().post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);
            server.wiring().gateway.revalidateAgents();
            assertThat(gone.awaitClose()).isEqualTo(4401);
            staying.send(Map.of("type", "ping"));
            assertThat(staying.awaitType("pong")).isNotNull();
            assertThat(staying.isClosed()).isFalse();
        }
    }

    @Test
    void aRevokedApiKeysSocketIsClosed() {
        JsonNode key = tenant.owner().http().post("/api/v1/api-keys", Map.of("name", "bot")).body();
        try (WsClient bot = WsClient.connect(server.baseUrl(), "/ws/agent")) {
            bot.send(Map.of("type", "auth", "api_key", key.get("key").asText()));
            assertThat(bot.awaitType("ready").get("api_key_id").asText()).isEqualTo(key.get("id").asText());
            server.wiring().gateway.revalidateAgents();
            assertThat(bot.isClosed()).as("still valid, still open").isFalse();
            tenant.owner().http().delete("/api/v1/api-keys/" + key.get("id").asText());
            // At once (issue 11): no ping round needed.
            assertThat(bot.awaitClose()).isEqualTo(4401);
        }
    }

    @Test
    void resumesAreRateLimitedPerSocket() {
        try (WsClient agent = server.agentSocket(tenant.owner())) {
            int limited = 0;
            for (int i = 0; i < 8; i++) {
                agent.send(Map.of("type", "resume", "cursor", 0));
                JsonNode answer = agent.await(f -> f.path("type").asText().equals("resumed")
                        || f.path("type").asText().equals("error"));
                if (answer.path("type").asText().equals("error")) {
                    assertThat(answer.get("code").asText()).isEqualTo("rate_limited");
                    // Like REST's Retry-After: clients wait this long instead of retrying at once.
                    assertThat(answer.path("retry_after").asInt()).isPositive();
                    limited++;
                }
            }
            assertThat(limited).as("a burst of 5 resumes (one used on connect), then refused").isGreaterThanOrEqualTo(3);
        }
    }
}
