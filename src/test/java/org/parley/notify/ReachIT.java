package org.parley.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
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
 * GET /api/v1/conversations/reach: how a reply would reach each customer, before the agent sends it;
 * and the visitor_presence frames that keep it live. Agents of the workspace only; both databases.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ReachIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant shop;
    static TestServer.Tenant other;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        shop = server.tenant("Reach");
        other = server.tenant("Other");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static Map<String, JsonNode> reach(Http agent, String... ids) {
        Http.Response response = agent.get("/api/v1/conversations/reach?ids=" + String.join(",", ids));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        response.body().get("reach").forEach(r -> byId.put(r.get("conversation_id").asText(), r));
        return byId;
    }

    @Test
    void eachConversationSaysHowAReplyWouldReachItsCustomer() {
        TestServer.Visitor nobody = server.visitor(shop);
        String unreachable = server.conversation(nobody, "no way to reach me");
        TestServer.Visitor typed = server.visitor(shop);
        assertThat(typed.http().patch("/api/v1/visitor/contact", Map.of("email", "typed@example.com")).status()).isEqualTo(200);
        String byEmail = server.conversation(typed, "email me");
        TestServer.Visitor muted = server.visitor(shop);
        muted.http().patch("/api/v1/visitor/contact", Map.of("email", "muted@example.com"));
        assertThat(muted.http().patch("/api/v1/visitor/notifications", Map.of("email", false)).status()).isEqualTo(200);
        String off = server.conversation(muted, "don't email me");
        TestServer.Visitor here = server.visitor(shop);
        String live = server.conversation(here, "I'm here");
        String foreign = server.conversation(server.visitor(other), "another workspace");

        try (WsClient socket = server.visitorSocket(here)) {
            Map<String, JsonNode> reach = reach(shop.agent().http(), unreachable, byEmail, off, live, foreign, "no-such-id");
            assertThat(reach.keySet()).as("another workspace's and unknown ids are left out")
                    .containsExactlyInAnyOrder(unreachable, byEmail, off, live);
            assertThat(reach.get(unreachable).get("next").asText()).isEqualTo("none");
            assertThat(reach.get(unreachable).hasNonNull("email")).isFalse();
            assertThat(reach.get(byEmail).get("next").asText()).isEqualTo("email");
            assertThat(reach.get(byEmail).at("/email/address").asText()).isEqualTo("typed@example.com");
            assertThat(reach.get(byEmail).at("/email/verified").asBoolean()).as("typed, not verified").isFalse();
            assertThat(reach.get(off).get("next").asText()).as("email turned off").isEqualTo("none");
            assertThat(reach.get(live).get("present").asBoolean()).isTrue();
            assertThat(reach.get(live).get("next").asText()).isEqualTo("live");
            assertThat(reach.get(unreachable).get("present").asBoolean()).isFalse();
        }
    }

    @Test
    void agentsSeeAVisitorArriveAndLeaveLiveAndNoOtherWorkspaceDoes() {
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "hello");
        server.wiring().gateway.visitorGrace(java.time.Duration.ofMillis(1_500));
        try (WsClient agent = server.agentSocket(shop.agent()); WsClient stranger = server.agentSocket(other.agent())) {
            WsClient widget = server.visitorSocket(visitor);
            JsonNode arrived = agent.await(f -> "visitor_presence".equals(f.path("type").asText())
                    && visitor.contactId().equals(f.path("contact_id").asText()));
            assertThat(arrived.get("present").asBoolean()).isTrue();
            long closedAt = System.currentTimeMillis();
            widget.close();
            // Within the reload grace period the visitor still counts as here; after it, they left.
            assertThat(reach(shop.agent().http(), conversation).get(conversation).get("present").asBoolean()).isTrue();
            JsonNode left = agent.await(f -> "visitor_presence".equals(f.path("type").asText()) && !f.get("present").asBoolean()
                    && visitor.contactId().equals(f.path("contact_id").asText()));
            assertThat(left.get("left_at").asLong()).isBetween(closedAt - 1_000, closedAt + 1_000);
            JsonNode after = reach(shop.agent().http(), conversation).get(conversation);
            assertThat(after.get("present").asBoolean()).isFalse();
            assertThat(after.get("left_at").asLong()).isEqualTo(left.get("left_at").asLong());
            assertThat(stranger.drain(java.time.Duration.ofMillis(200)))
                    .noneMatch(f -> "visitor_presence".equals(f.path("type").asText()));
        } finally {
            server.wiring().gateway.visitorGrace(java.time.Duration.ofSeconds(10));
        }
    }

    @Test
    void onlyAgentsAskAndTheIdsAreBounded() {
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "hi");
        assertThat(server.http().get("/api/v1/conversations/reach?ids=" + conversation).status()).isEqualTo(401);
        assertThat(visitor.http().get("/api/v1/conversations/reach?ids=" + conversation).status()).isEqualTo(401);
        assertThat(shop.agent().http().get("/api/v1/conversations/reach").status()).isEqualTo(400);
        String many = String.join(",", java.util.Collections.nCopies(101, "x").stream()
                .map(x -> java.util.UUID.randomUUID().toString()).toList());
        assertThat(shop.agent().http().get("/api/v1/conversations/reach?ids=" + many).status()).isEqualTo(400);
        assertThat(reach(other.agent().http(), conversation)).isEmpty();
        assertThat(List.of(conversation)).isNotEmpty();
    }
}
