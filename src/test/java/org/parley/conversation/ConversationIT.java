package org.parley.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
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

/** Listing, assignment, status, read watermarks and persistence across restarts, on both databases. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ConversationIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Conversations");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String ids(Http.Response list) {
        StringBuilder out = new StringBuilder();
        list.body().get("conversations").forEach(c -> out.append(c.get("id").asText()).append(' '));
        return out.toString();
    }

    @Test
    void listsFilterByStatusAssigneeUnassignedAndMineNewestFirst() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String older = server.conversation(visitor, "older");
        String newer = server.conversation(visitor, "newer");
        Http agent = tenant.agent().http();
        assertThat(agent.post("/api/v1/conversations/" + older + "/assign",
                Map.of("assignee_id", tenant.agent().id())).status()).isEqualTo(200);
        assertThat(agent.post("/api/v1/conversations/" + newer + "/status", Map.of("status", "pending")).status()).isEqualTo(200);

        String all = ids(agent.get("/api/v1/conversations"));
        assertThat(all.indexOf(newer)).isLessThan(all.indexOf(older)).isGreaterThanOrEqualTo(0);
        assertThat(ids(agent.get("/api/v1/conversations?mine=true"))).contains(older).doesNotContain(newer);
        assertThat(ids(tenant.owner().http().get("/api/v1/conversations?mine=true"))).doesNotContain(older);
        assertThat(ids(agent.get("/api/v1/conversations?assignee=" + tenant.agent().id()))).contains(older).doesNotContain(newer);
        assertThat(ids(agent.get("/api/v1/conversations?unassigned=true"))).contains(newer).doesNotContain(older);
        assertThat(ids(agent.get("/api/v1/conversations?status=pending"))).contains(newer).doesNotContain(older);
        assertThat(ids(agent.get("/api/v1/conversations?status=open"))).contains(older).doesNotContain(newer);
        assertThat(agent.get("/api/v1/conversations?status=closed").status()).isEqualTo(400);
        assertThat(agent.get("/api/v1/conversations?limit=0").status()).isEqualTo(400);
        assertThat(agent.get("/api/v1/conversations?mine=yes").status()).isEqualTo(400);
    }

    @Test
    void theListPagesByLastActivityWithoutSkippingOrRepeating() {
        TestServer.Tenant paged = server.tenant("Paging");
        TestServer.Visitor visitor = server.visitor(paged);
        java.util.Set<String> created = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(server.conversation(visitor, "question " + i));
        }
        java.util.List<String> seen = new java.util.ArrayList<>();
        String path = "/api/v1/conversations?limit=2";
        for (int page = 0; page < 5 && path != null; page++) {
            Http.Response response = paged.agent().http().get(path);
            assertThat(response.status()).isEqualTo(200);
            response.body().get("conversations").forEach(c -> seen.add(c.get("id").asText()));
            path = response.body().has("next_before")
                    ? "/api/v1/conversations?limit=2&before=" + response.body().get("next_before").asText() : null;
        }
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
        assertThat(paged.agent().http().get("/api/v1/conversations?before=yesterday").status()).isEqualTo(400);
    }

    @Test
    void aKnownPathWithAnotherMethodIs405InTheErrorShape() {
        Http.Response response = tenant.agent().http().sendBody("PUT", "/api/v1/conversations", "{}");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.errorCode()).isEqualTo("method_not_allowed");
    }

    @Test
    void assignmentReachesAgentsLiveButNotTheVisitor() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        try (WsClient owner = server.agentSocket(tenant.owner()); WsClient tab = server.visitorSocket(visitor)) {
            tenant.agent().http().post("/api/v1/conversations/" + conversation + "/assign",
                    Map.of("assignee_id", tenant.agent().id()));
            JsonNode event = owner.awaitEvent("conversation.assigned");
            assertThat(event.at("/data/conversation/assignee_id").asText()).isEqualTo(tenant.agent().id());
            assertThat(tab.drain(Duration.ofMillis(300))).isEmpty();
        }
        Http.Response unassign = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/assign",
                java.util.Collections.singletonMap("assignee_id", null));
        assertThat(unassign.status()).isEqualTo(200);
        assertThat(unassign.body().has("assignee_id")).isFalse();
        Http.Response nobody = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/assign",
                Map.of("assignee_id", "00000000-0000-7000-8000-000000000000"));
        assertThat(nobody.status()).isEqualTo(400);
    }

    @Test
    void statusChangesAreValidatedTimestampedAndAVisitorMessageReopens() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        Http agent = tenant.agent().http();
        String path = "/api/v1/conversations/" + conversation + "/status";
        assertThat(agent.post(path, Map.of("status", "snoozed")).status()).as("snooze needs a time").isEqualTo(400);
        assertThat(agent.post(path, Map.of("status", "snoozed", "snoozed_until", 1)).status()).isEqualTo(400);
        long later = System.currentTimeMillis() + 3_600_000;
        Http.Response snoozed = agent.post(path, Map.of("status", "snoozed", "snoozed_until", later));
        assertThat(snoozed.body().get("snoozed_until").asLong()).isEqualTo(later);
        Http.Response resolved = agent.post(path, Map.of("status", "resolved"));
        assertThat(resolved.body().get("status").asText()).isEqualTo("resolved");
        assertThat(resolved.body().get("resolved_at").asLong()).isPositive();
        assertThat(resolved.body().has("snoozed_until")).isFalse();

        try (WsClient owner = server.agentSocket(tenant.owner())) {
            visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "again", "text", "one more question"));
            java.util.List<JsonNode> events = new java.util.ArrayList<>();
            events.add(owner.awaitType("event"));
            events.add(owner.awaitType("event"));
            assertThat(events).extracting(e -> e.get("event").asText())
                    .containsExactly("message.created", "conversation.status_changed");
            assertThat(events.get(0).at("/data/text").asText()).isEqualTo("one more question");
            assertThat(events.get(1).at("/data/conversation/status").asText()).isEqualTo("open");
        }
    }

    @Test
    void readWatermarksMoveForwardAndReachTheOtherSide() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "hello");
        visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "two", "text", "are you there?"));
        Http agent = tenant.agent().http();
        JsonNode listed = agent.get("/api/v1/conversations").body().get("conversations");
        JsonNode row = null;
        for (JsonNode c : listed) {
            if (c.get("id").asText().equals(conversation)) {
                row = c;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("unread_count").asLong()).isEqualTo(2);

        try (WsClient tab = server.visitorSocket(visitor)) {
            Http.Response read = agent.post("/api/v1/conversations/" + conversation + "/read", Map.of("seq", 2));
            assertThat(read.status()).isEqualTo(200);
            assertThat(read.body().get("agent_read_seq").asLong()).isEqualTo(2);
            JsonNode event = tab.awaitEvent("conversation.read");
            assertThat(event.at("/data/reader/type").asText()).isEqualTo("agent");
            assertThat(event.at("/data/seq").asLong()).isEqualTo(2);
        }
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/read", Map.of("seq", 1))
                .body().get("agent_read_seq").asLong()).as("never moves back").isEqualTo(2);
        assertThat(agent.post("/api/v1/conversations/" + conversation + "/read", Map.of("seq", 99)).status()).isEqualTo(400);
        Http.Response visitorRead = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/read", Map.of("seq", 2));
        assertThat(visitorRead.body().get("visitor_read_seq").asLong()).isEqualTo(2);
    }

    @Test
    void everythingSurvivesARestart() {
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "before the restart");
        tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r", "text", "reply before the restart"));
        server.restart();
        Http.Response page = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body().get("messages")).extracting(m -> m.get("text").asText())
                .containsExactly("before the restart", "reply before the restart");
        TestServer.Agent again = server.login(tenant.owner().id(), tenant.owner().email(), TestServer.PASSWORD);
        assertThat(again.http().get("/api/v1/conversations/" + conversation).status()).isEqualTo(200);
        try (WsClient tab = server.visitorSocket(visitor)) {
            Http.Response after = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "after", "text", "after the restart"));
            assertThat(after.body().get("seq").asLong()).isEqualTo(3);
        }
    }
}
