package org.parley.rating;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * CSAT through the real HTTP API on both databases: a visitor (and a customer at /me) rates a resolved
 * conversation, rating again replaces it, the checks (409, 404, 400, 413), and conversation.rated live.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class RatingIT {
    @Parameter
    String database;

    static MovableClock clock;
    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        clock = new MovableClock();
        server = TestServer.startWithClock(database, clock);
        tenant = server.tenant("Ratings");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    /** A conversation of the visitor that the tenant's agent answered and resolved. */
    static String resolved(TestServer.Tenant tenant, TestServer.Visitor visitor) {
        String id = server.conversation(visitor, "Where is my order?");
        Http agent = tenant.agent().http();
        assertThat(agent.post("/api/v1/conversations/" + id + "/messages",
                Map.of("client_msg_id", "reply-" + UUID.randomUUID(), "text", "On its way!")).status()).isEqualTo(201);
        assertThat(agent.post("/api/v1/conversations/" + id + "/status", Map.of("status", "resolved")).status()).isEqualTo(200);
        return id;
    }

    static Http.Response rate(Http visitor, String conversation, Object body) {
        return visitor.sendBody("PUT", "/api/v1/visitor/conversations/" + conversation + "/rating", body);
    }

    @Test
    void aVisitorRatesAResolvedConversationAndRatingAgainReplacesIt() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = resolved(tenant, visitor);
        Http.Response none = tenant.agent().http().get("/api/v1/conversations/" + id + "/rating");
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body().path("rating").isNull() || none.body().path("rating").isMissingNode()).as("no rating yet").isTrue();

        Http.Response first = rate(visitor.http(), id, Map.of("score", 4));
        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        JsonNode rating = first.body().get("rating");
        assertThat(rating.get("score").asInt()).isEqualTo(4);
        assertThat(rating.has("comment")).isFalse();
        assertThat(rating.has("agent_id")).as("the visitor does not see whom it counts for").isFalse();
        long createdAt = rating.get("created_at").asLong();
        assertThat(rating.get("updated_at").asLong()).isEqualTo(createdAt);

        clock.advance(Duration.ofMinutes(3));
        Http.Response again = rate(visitor.http(), id, Map.of("score", 2, "comment", "  Took a while.  "));
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(again.body().at("/rating/score").asInt()).isEqualTo(2);
        assertThat(again.body().at("/rating/comment").asText()).isEqualTo("Took a while.");
        assertThat(again.body().at("/rating/created_at").asLong()).isEqualTo(createdAt);
        assertThat(again.body().at("/rating/updated_at").asLong()).as("moved by the clock")
                .isBetween(createdAt + 180_000, createdAt + 240_000);
        assertThat(server.count("SELECT COUNT(*) FROM conversation_ratings WHERE conversation_id = ?", id)).isEqualTo(1);

        JsonNode seen = tenant.owner().http().get("/api/v1/conversations/" + id + "/rating").body().get("rating");
        assertThat(seen.get("score").asInt()).isEqualTo(2);
        assertThat(seen.get("comment").asText()).isEqualTo("Took a while.");
        assertThat(seen.get("agent_id").asText()).as("unassigned: the last agent who replied").isEqualTo(tenant.agent().id());
        assertThat(visitor.http().get("/api/v1/visitor/conversations/" + id + "/rating").body().at("/rating/score").asInt())
                .isEqualTo(2);
    }

    @Test
    void theRatingCountsForTheAssigneeWhenThereIsOne() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = server.conversation(visitor, "Hello");
        Http owner = tenant.owner().http();
        owner.post("/api/v1/conversations/" + id + "/assign", Map.of("assignee_id", tenant.owner().id()));
        owner.post("/api/v1/conversations/" + id + "/status", Map.of("status", "resolved"));
        assertThat(rate(visitor.http(), id, Map.of("score", 5)).status()).isEqualTo(200);
        assertThat(owner.get("/api/v1/conversations/" + id + "/rating").body().at("/rating/agent_id").asText())
                .isEqualTo(tenant.owner().id());
    }

    @Test
    void onlyAResolvedConversationCanBeRated() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String open = server.conversation(visitor, "Still open");
        Http.Response refused = rate(visitor.http(), open, Map.of("score", 5));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.errorCode()).isEqualTo("not_resolved");

        String id = resolved(tenant, visitor);
        tenant.agent().http().post("/api/v1/conversations/" + id + "/status", Map.of("status", "open"));
        assertThat(rate(visitor.http(), id, Map.of("score", 5)).status()).as("reopened").isEqualTo(409);
        assertThat(server.count("SELECT COUNT(*) FROM conversation_ratings WHERE conversation_id IN (?, ?)", open, id))
                .isZero();
    }

    @Test
    void anotherVisitorsOrAnotherWorkspacesConversationIsNotFound() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = resolved(tenant, visitor);
        TestServer.Visitor stranger = server.visitor(tenant);
        Http.Response theirs = rate(stranger.http(), id, Map.of("score", 1));
        assertThat(theirs.status()).isEqualTo(404);
        assertThat(stranger.http().get("/api/v1/visitor/conversations/" + id + "/rating").status()).isEqualTo(404);

        TestServer.Tenant other = server.tenant("Other shop");
        assertThat(rate(server.visitor(other).http(), id, Map.of("score", 1)).status()).isEqualTo(404);
        assertThat(other.owner().http().get("/api/v1/conversations/" + id + "/rating").status()).isEqualTo(404);
        assertThat(rate(visitor.http(), "nope", Map.of("score", 1)).status()).isEqualTo(404);
        assertThat(rate(server.http(), id, Map.of("score", 1)).status()).as("no token").isEqualTo(401);
        assertThat(server.count("SELECT COUNT(*) FROM conversation_ratings WHERE conversation_id = ?", id)).isZero();
    }

    @Test
    void badScoresAndLongCommentsAreRefused() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = resolved(tenant, visitor);
        Map<String, Object> nullScore = new HashMap<>();
        nullScore.put("score", null);
        for (Object body : new Object[] {Map.of("score", 0), Map.of("score", 6), Map.of("score", -1), Map.of("score", "5"),
                Map.of("score", 4.5), Map.of("comment", "no score"), nullScore, Map.of("score", 3, "stars", 3), "[3]", "{"}) {
            Http.Response response = rate(visitor.http(), id, body);
            assertThat(response.status()).as(String.valueOf(body)).isEqualTo(400);
            assertThat(response.errorMessage()).as(String.valueOf(body)).isNotBlank();
        }
        assertThat(rate(visitor.http(), id, Map.of("score", 3)).status()).isEqualTo(200);
        Http.Response tooLong = rate(visitor.http(), id, Map.of("score", 3, "comment", "x".repeat(1001)));
        assertThat(tooLong.status()).isEqualTo(413);
        assertThat(tooLong.errorMessage()).contains("1000");
        assertThat(rate(visitor.http(), id, Map.of("score", 3, "comment", "\u0000")).status()).isEqualTo(400);
        Http.Response longest = rate(visitor.http(), id, Map.of("score", 3, "comment", "é".repeat(1000)));
        assertThat(longest.status()).as("1000 characters is fine").isEqualTo(200);
    }

    @Test
    void aCustomerRatesAtMeWithTheVisitorTokenTheirSessionMints() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = resolved(tenant, visitor);
        String email = "rater-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        // The continue link of a notification email: it verifies the contact's email and signs the customer in.
        String url = server.wiring().continueLinks.continueUrl(tenant.workspace().id(), visitor.contactId(), id, email);
        String token = url.replaceAll(".*token=([A-Za-z0-9_-]+).*", "$1");
        Http site = server.http().with("Origin", server.baseUrl());
        Http.Response session = site.post("/api/v1/customer/session", Map.of("token", token));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        Http customer = site.with("Cookie", session.header("set-cookie").split(";")[0]);
        Http.Response minted = customer.post("/api/v1/customer/workspaces/" + tenant.workspace().id() + "/visitor-session",
                Map.of("contact_id", visitor.contactId()));
        assertThat(minted.status()).as(minted.raw()).isEqualTo(201);
        Http atMe = server.http().bearer(minted.body().get("token").asText());

        Http.Response rated = rate(atMe, id, Map.of("score", 5, "comment", "Lovely"));
        assertThat(rated.status()).as(rated.raw()).isEqualTo(200);
        assertThat(visitor.http().get("/api/v1/visitor/conversations/" + id + "/rating").body().at("/rating/comment").asText())
                .as("the widget of the same contact sees it").isEqualTo("Lovely");
    }

    @Test
    void conversationRatedReachesTheAgentsAndTheContactLive() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String id = resolved(tenant, visitor);
        try (WsClient agent = server.agentSocket(tenant.agent()); WsClient tab = server.visitorSocket(visitor)) {
            assertThat(rate(visitor.http(), id, Map.of("score", 5, "comment", "Thanks!")).status()).isEqualTo(200);
            JsonNode event = agent.awaitEvent("conversation.rated");
            assertThat(event.get("conversation_id").asText()).isEqualTo(id);
            assertThat(event.at("/data/rating/score").asInt()).isEqualTo(5);
            assertThat(event.at("/data/rating/comment").asText()).isEqualTo("Thanks!");
            assertThat(event.at("/data/rating/agent_id").asText()).isEqualTo(tenant.agent().id());
            JsonNode forVisitor = tab.awaitEvent("conversation.rated");
            assertThat(forVisitor.at("/data/rating/score").asInt()).isEqualTo(5);
            assertThat(forVisitor.at("/data/rating").has("agent_id")).isFalse();
        }
    }
}
