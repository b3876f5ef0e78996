package org.parley.security.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
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
 * Tenancy and authentication boundaries over REST and WebSocket: a visitor reaches only its own
 * conversations, an agent or API key only its own workspace, and what is not yours looks exactly
 * like what does not exist. Nothing is accepted before authentication; role and CSRF checks hold.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class IsolationIT {
    private static final String EVIL = "https://evil.example";
    private static final Duration QUIET = Duration.ofMillis(400);

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant shopA;
    static TestServer.Tenant shopB;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        shopA = server.tenant("Shop A");
        shopB = server.tenant("Shop B");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    // ---------------------------------------------------------------- visitor against visitor

    @Test
    void aVisitorCannotReadWriteOrMarkReadAnotherVisitorsConversationOverRest() {
        String secret = secret();
        TestServer.Visitor alice = server.visitor(shopA);
        TestServer.Visitor bob = server.visitor(shopA);
        TestServer.Visitor carol = server.visitor(shopB);
        server.conversation(alice, "Alice's own question");
        String bobs = server.conversation(bob, "Bob's secret order " + secret);
        String missing = UUID.randomUUID().toString();
        Snapshot before = snapshot(bobs);

        for (TestServer.Visitor outsider : List.of(alice, carol)) {
            Http http = outsider.http();
            for (Probe probe : visitorProbes()) {
                Http.Response forBob = probe.call(http, bobs);
                Http.Response forMissing = probe.call(http, missing);
                assertSameNotFound(probe.name(), forBob, forMissing);
                assertThat(forBob.raw()).doesNotContain(secret).doesNotContain(bobs);
            }
            assertThat(http.get("/api/v1/visitor/conversations").raw()).doesNotContain(bobs).doesNotContain(secret);
        }
        assertThat(snapshot(bobs)).isEqualTo(before);

        // A token of workspace B presented to workspace A's widget does not resume B's visitor.
        Http.Response session = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", shopA.widgetKey(), "token", carol.token()));
        assertThat(session.status()).as(session.raw()).isEqualTo(200);
        assertThat(session.body().get("resumed").asBoolean()).isFalse();
        assertThat(session.body().get("token").asText()).isNotEqualTo(carol.token());
        assertThat(session.body().get("visitor_id").asText()).isNotEqualTo(carol.visitorId());

        // Control: the same requests work for the owner, so the 404s above came from the boundary.
        assertThat(bob.http().get("/api/v1/visitor/conversations/" + bobs).status()).isEqualTo(200);
        Http.Response own = bob.http().post("/api/v1/visitor/conversations/" + bobs + "/messages",
                Map.of("client_msg_id", "probe-msg", "text", "probe text"));
        assertThat(own.status()).as(own.raw()).isEqualTo(201);
    }

    /**
     * The frames an agent socket got, without the arrivals and departures of its own workspace's visitors
     * (visitor_presence: the sockets these tests open are real arrivals). Any other visitor's presence stays.
     */
    static List<JsonNode> withoutOwnVisitorsPresence(List<JsonNode> frames, TestServer.Visitor... own) {
        java.util.Set<String> contacts = java.util.Arrays.stream(own).map(TestServer.Visitor::contactId)
                .collect(java.util.stream.Collectors.toSet());
        return frames.stream().filter(f -> !("visitor_presence".equals(f.path("type").asText())
                && contacts.contains(f.path("contact_id").asText()))).toList();
    }

    @Test
    void aVisitorCannotSendReadTypeOrResumeAnotherVisitorsConversationOverWebSocket() {
        String secret = secret();
        TestServer.Visitor alice = server.visitor(shopA);
        TestServer.Visitor bob = server.visitor(shopA);
        TestServer.Visitor carol = server.visitor(shopB);
        String alices = server.conversation(alice, "Alice here");
        String bobs = server.conversation(bob, "Bob's secret order " + secret);
        String missing = UUID.randomUUID().toString();
        Snapshot before = snapshot(bobs);

        try (WsClient agentA = server.agentSocket(shopA.agent()); WsClient bobTab = server.visitorSocket(bob)) {
            for (TestServer.Visitor outsider : List.of(alice, carol)) {
                for (String type : List.of("send", "read", "typing")) {
                    JsonNode forBob = firstError(() -> server.visitorSocket(outsider), frame(type, bobs));
                    JsonNode forMissing = firstError(() -> server.visitorSocket(outsider), frame(type, missing));
                    assertSameNotFoundFrame(type, forBob, forMissing);
                    assertThat(forBob.toString()).doesNotContain(bobs);
                }
            }
            assertThat(withoutOwnVisitorsPresence(agentA.drain(QUIET), alice, bob)).as("no typing or event relayed to agents").isEmpty();
            assertThat(bobTab.drain(Duration.ofMillis(100))).as("nothing relayed to Bob").isEmpty();
        }
        assertThat(snapshot(bobs)).isEqualTo(before);

        try (WsClient tab = server.visitorSocket(alice)) {
            tab.send(Map.of("type", "resume", "cursors", Map.of(bobs, 0)));
            List<JsonNode> frames = untilResumed(tab);
            assertThat(frames).extracting(f -> f.path("type").asText()).containsExactly("resync_required");
            assertThat(frames.get(0).get("conversation_id").asText()).isEqualTo(bobs);

            tab.send(Map.of("type", "resume", "cursors", Map.of(missing, 0)));
            List<JsonNode> forMissing = untilResumed(tab);
            assertThat(forMissing).extracting(f -> f.path("type").asText()).containsExactly("resync_required");

            Map<String, Object> both = new HashMap<>();
            both.put(alices, 0);
            both.put(bobs, 0);
            tab.send(Map.of("type", "resume", "cursors", both));
            List<JsonNode> mixed = untilResumed(tab);
            assertThat(mixed.toString()).doesNotContain(secret);
            assertThat(mixed).filteredOn(f -> f.path("type").asText().equals("event"))
                    .extracting(f -> f.at("/data/text").asText()).containsExactly("Alice here");
            assertThat(mixed).filteredOn(f -> f.path("type").asText().equals("resync_required"))
                    .extracting(f -> f.get("conversation_id").asText()).containsExactly(bobs);
        }
    }

    @Test
    void anotherVisitorsLiveTrafficNeverReachesAVisitorSocket() {
        String secret = secret();
        TestServer.Visitor alice = server.visitor(shopA);
        TestServer.Visitor bob = server.visitor(shopA);
        String alices = server.conversation(alice, "Alice here");
        String bobs = server.conversation(bob, "Bob here");
        TestServer.Agent agent = shopA.agent();
        try (WsClient aliceTab = server.visitorSocket(alice); WsClient bobTab = server.visitorSocket(bob);
             WsClient agentTab = server.agentSocket(agent)) {
            bobTab.send(Map.of("type", "send", "conversation_id", bobs, "client_msg_id", "b-1", "text", "Bob secret " + secret));
            bobTab.awaitType("ack");
            post(agent.http(), "/api/v1/conversations/" + bobs + "/messages", Map.of("client_msg_id", "r-1", "text", "Reply to Bob"), 201);
            post(agent.http(), "/api/v1/conversations/" + bobs + "/notes", Map.of("client_msg_id", "n-1", "text", "Note on Bob"), 201);
            post(agent.http(), "/api/v1/conversations/" + bobs + "/read", Map.of("seq", 3), 200);
            post(agent.http(), "/api/v1/conversations/" + bobs + "/status", Map.of("status", "resolved"), 200);
            agentTab.send(Map.of("type", "typing", "conversation_id", bobs, "typing", true));

            bobTab.await(f -> "Reply to Bob".equals(f.at("/data/text").asText()));
            assertThat(bobTab.awaitEvent("conversation.status_changed").at("/data/conversation/status").asText())
                    .isEqualTo("resolved");
            bobTab.awaitType("typing");

            assertThat(aliceTab.drain(QUIET)).as("nothing of Bob's reaches Alice").isEmpty();

            post(agent.http(), "/api/v1/conversations/" + alices + "/messages", Map.of("client_msg_id", "r-2", "text", "Reply to Alice"), 201);
            assertThat(aliceTab.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("Reply to Alice");
            assertThat(bobTab.drain(QUIET)).extracting(f -> f.at("/data/text").asText()).doesNotContain("Reply to Alice");
        }
    }

    // ---------------------------------------------------------------- workspace against workspace

    @Test
    void agentsAndApiKeysOfOneWorkspaceGetNotFoundForAnotherWorkspacesConversations() {
        String secret = secret();
        TestServer.Visitor bVisitor = server.visitor(shopB);
        String bConversation = server.conversation(bVisitor, "Workspace B secret " + secret);
        String missing = UUID.randomUUID().toString();
        Snapshot before = snapshot(bConversation);

        Map<String, Http> callers = Map.of(
                "agent", shopA.agent().http(),
                "owner", shopA.owner().http(),
                "api key", server.http().bearer(shopA.apiKey()));
        for (Map.Entry<String, Http> caller : callers.entrySet()) {
            Http http = caller.getValue();
            for (Probe probe : agentProbes()) {
                Http.Response forB = probe.call(http, bConversation);
                Http.Response forMissing = probe.call(http, missing);
                assertSameNotFound(caller.getKey() + ": " + probe.name(), forB, forMissing);
                assertThat(forB.raw()).doesNotContain(secret);
            }
            Http.Response list = http.get("/api/v1/conversations");
            assertThat(list.status()).isEqualTo(200);
            assertThat(list.raw()).doesNotContain(bConversation).doesNotContain(secret);
            for (String filter : List.of("?assignee=" + shopB.agent().id(), "?status=open", "?unassigned=true")) {
                assertThat(http.get("/api/v1/conversations" + filter).raw()).doesNotContain(bConversation);
            }
        }
        assertThat(snapshot(bConversation)).isEqualTo(before);

        // Control: workspace B's own agent gets through with the same requests.
        assertThat(shopB.agent().http().get("/api/v1/conversations/" + bConversation).status()).isEqualTo(200);
        assertThat(shopB.agent().http().get("/api/v1/conversations").raw()).contains(bConversation);
    }

    @Test
    void agentsSeeOnlyTheirOwnWorkspacesAgentsAndCannotAssignToAnotherWorkspacesAgent() {
        for (Http http : List.of(shopA.agent().http(), server.http().bearer(shopA.apiKey()))) {
            Http.Response agents = http.get("/api/v1/agents");
            assertThat(agents.status()).isEqualTo(200);
            List<String> ids = new ArrayList<>();
            agents.body().get("agents").forEach(a -> ids.add(a.get("id").asText()));
            assertThat(ids).contains(shopA.owner().id(), shopA.agent().id())
                    .doesNotContain(shopB.owner().id(), shopB.agent().id());
            assertThat(agents.raw()).doesNotContain(shopB.owner().email()).doesNotContain(shopB.agent().email());
        }

        TestServer.Visitor aVisitor = server.visitor(shopA);
        String aConversation = server.conversation(aVisitor, "Hello A");
        Snapshot before = snapshot(aConversation);
        for (Http http : List.of(shopA.agent().http(), server.http().bearer(shopA.apiKey()))) {
            Http.Response assign = http.post("/api/v1/conversations/" + aConversation + "/assign",
                    Map.of("assignee_id", shopB.agent().id()));
            assertThat(assign.status()).as(assign.raw()).isEqualTo(400);
            assertThat(assign.errorCode()).isEqualTo("invalid_request");
            assertThat(assign.body().at("/error/message").asText()).contains("'assignee_id'");
            Http.Response unknown = http.post("/api/v1/conversations/" + aConversation + "/assign",
                    Map.of("assignee_id", UUID.randomUUID().toString()));
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.body().get("error")).as("B's agent looks like no agent at all").isEqualTo(assign.body().get("error"));
        }
        assertThat(snapshot(aConversation)).isEqualTo(before);

        // Control: assigning to A's own agent works.
        post(shopA.agent().http(), "/api/v1/conversations/" + aConversation + "/assign",
                Map.of("assignee_id", shopA.agent().id()), 200);
        assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE id = ? AND assignee_id = ?",
                aConversation, shopA.agent().id())).isEqualTo(1);
    }

    @Test
    void anAgentSocketOfOneWorkspaceReceivesNoneOfAnotherWorkspacesEvents() {
        String secret = secret();
        TestServer.Visitor bVisitor = server.visitor(shopB);
        String bConversation = server.conversation(bVisitor, "Hello B");
        TestServer.Visitor aVisitor = server.visitor(shopA);
        String aConversation = server.conversation(aVisitor, "Hello A");
        Http bAgent = shopB.agent().http();
        try (WsClient aCookie = server.agentSocket(shopA.agent());
             WsClient aKey = apiKeySocket(shopA.apiKey());
             WsClient bSocket = server.agentSocket(shopB.owner());
             WsClient bTab = server.visitorSocket(bVisitor)) {
            bTab.send(Map.of("type", "send", "conversation_id", bConversation, "client_msg_id", "b-1", "text", "B secret " + secret));
            bTab.awaitType("ack");
            bTab.send(Map.of("type", "typing", "conversation_id", bConversation, "typing", true));
            post(bAgent, "/api/v1/conversations/" + bConversation + "/messages", Map.of("client_msg_id", "r-1", "text", "B reply"), 201);
            post(bAgent, "/api/v1/conversations/" + bConversation + "/notes", Map.of("client_msg_id", "n-1", "text", "B note"), 201);
            post(bAgent, "/api/v1/conversations/" + bConversation + "/assign", Map.of("assignee_id", shopB.agent().id()), 200);
            post(bAgent, "/api/v1/conversations/" + bConversation + "/read", Map.of("seq", 4), 200);
            post(bAgent, "/api/v1/conversations/" + bConversation + "/status", Map.of("status", "pending"), 200);
            server.conversation(server.visitor(shopB), "Another B conversation");

            bSocket.awaitType("typing");
            for (String event : List.of("message.created", "conversation.assigned", "conversation.read",
                    "conversation.status_changed", "conversation.created")) {
                assertThat(bSocket.awaitEvent(event).path("cursor").asLong()).isPositive();
            }

            assertThat(aCookie.drain(QUIET)).as("A's cookie socket sees nothing of B").isEmpty();
            assertThat(aKey.drain(Duration.ofMillis(100))).as("A's API key socket sees nothing of B").isEmpty();

            // Control: A's sockets are live.
            post(shopA.agent().http(), "/api/v1/conversations/" + aConversation + "/messages",
                    Map.of("client_msg_id", "a-1", "text", "A reply"), 201);
            assertThat(aCookie.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("A reply");
            assertThat(aKey.awaitEvent("message.created").at("/data/text").asText()).isEqualTo("A reply");

        }
        // Resuming from the start of the log replays A's events only.
        try (WsClient fresh = apiKeySocket(shopA.apiKey())) {
            fresh.send(Map.of("type", "resume", "cursor", 0));
            List<JsonNode> replay = untilResumed(fresh);
            assertThat(replay).isNotEmpty().allMatch(f -> f.path("type").asText().equals("event"));
            assertThat(replay.toString()).doesNotContain(bConversation).doesNotContain(secret).contains(aConversation)
                    .contains("A reply");
        }
    }

    @Test
    void anAgentSocketCannotSendReadOrTypeInAnotherWorkspacesConversation() {
        String secret = secret();
        TestServer.Visitor bVisitor = server.visitor(shopB);
        String bConversation = server.conversation(bVisitor, "Hello B " + secret);
        String missing = UUID.randomUUID().toString();
        Snapshot before = snapshot(bConversation);
        try (WsClient bSocket = server.agentSocket(shopB.agent()); WsClient bTab = server.visitorSocket(bVisitor)) {
            List<Supplier<WsClient>> sockets = List.of(() -> server.agentSocket(shopA.agent()), () -> apiKeySocket(shopA.apiKey()));
            for (Supplier<WsClient> socket : sockets) {
                for (String type : List.of("send", "read", "typing")) {
                    JsonNode forB = firstError(socket, frame(type, bConversation));
                    JsonNode forMissing = firstError(socket, frame(type, missing));
                    assertSameNotFoundFrame(type, forB, forMissing);
                    assertThat(forB.toString()).doesNotContain(secret).doesNotContain(bConversation);
                }
            }
            assertThat(withoutOwnVisitorsPresence(bSocket.drain(QUIET), bVisitor)).as("nothing relayed to B's agents").isEmpty();
            assertThat(bTab.drain(Duration.ofMillis(100))).as("nothing relayed to B's visitor").isEmpty();
        }
        assertThat(snapshot(bConversation)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- WebSocket authentication

    @Test
    void everyFrameBeforeAuthIsRefusedAndHasNoEffect() {
        TestServer.Visitor visitor = server.visitor(shopA);
        String conversation = server.conversation(visitor, "Hello");
        Snapshot before = snapshot(conversation);
        TestServer.Agent agent = shopA.agent();
        try (WsClient watcher = server.agentSocket(shopA.owner()); WsClient ownerTab = server.visitorSocket(visitor)) {
            List<Supplier<WsClient>> unauthenticated = List.of(
                    () -> WsClient.connect(server.baseUrl(), "/ws/visitor"),
                    () -> WsClient.connect(server.baseUrl(), "/ws/agent"),
                    // A valid same-origin session cookie still needs the auth frame.
                    () -> WsClient.connect(server.baseUrl(), "/ws/agent", Map.of("Cookie", agent.cookie(), "Origin", server.baseUrl())));
            for (Supplier<WsClient> connect : unauthenticated) {
                try (WsClient ws = connect.get()) {
                    for (Object frame : List.of(
                            Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "pre-1", "text", "sneaky"),
                            Map.of("type", "resume", "cursors", Map.of(conversation, 0)),
                            Map.of("type", "resume", "cursor", 0),
                            Map.of("type", "typing", "conversation_id", conversation, "typing", true),
                            Map.of("type", "read", "conversation_id", conversation, "seq", 1))) {
                        List<JsonNode> answers = answersTo(ws, frame);
                        assertThat(answers).as(frame + ": one error frame; no replay, no resumed, no ack").hasSize(1);
                        JsonNode error = answers.get(0);
                        assertThat(error.path("type").asText()).as(frame.toString()).isEqualTo("error");
                        assertThat(error.get("code").asText()).as(frame.toString()).isEqualTo("unauthorized");
                        assertThat(error.get("status").asInt()).isEqualTo(401);
                        if (frame.toString().contains("pre-1")) {
                            assertThat(error.get("client_msg_id").asText()).isEqualTo("pre-1");
                        }
                    }
                    assertThat(ws.isClosed()).isFalse();
                }
            }
            assertThat(withoutOwnVisitorsPresence(watcher.drain(QUIET), visitor)).as("nothing relayed to agents").isEmpty();
            assertThat(ownerTab.drain(Duration.ofMillis(100))).as("nothing relayed to the visitor").isEmpty();
        }
        assertThat(snapshot(conversation)).isEqualTo(before);

        // Control: after auth the same frame is accepted, so it was refused only for want of auth.
        try (WsClient ws = WsClient.connect(server.baseUrl(), "/ws/agent", Map.of("Cookie", agent.cookie(), "Origin", server.baseUrl()))) {
            ws.send(Map.of("type", "auth"));
            ws.awaitType("ready");
            ws.send(Map.of("type", "send", "conversation_id", conversation, "client_msg_id", "pre-1", "text", "sneaky"));
            assertThat(ws.awaitType("ack").get("seq").asLong()).isEqualTo(2);
        }
    }

    @Test
    void wrongCredentialsFailAuthWithAnErrorFrameAndClose4401() {
        TestServer.Visitor visitor = server.visitor(shopA);
        String forged = "vt_" + UUID.randomUUID().toString().replace("-", "") + "0123456789abcdefghijk";
        Map<String, Supplier<WsClient>> attempts = new java.util.LinkedHashMap<>();
        attempts.put("wrong visitor token", () -> WsClient.connect(server.baseUrl(), "/ws/visitor")
                .send(Map.of("type", "auth", "token", forged)));
        attempts.put("garbage visitor token", () -> WsClient.connect(server.baseUrl(), "/ws/visitor")
                .send(Map.of("type", "auth", "token", "nope")));
        attempts.put("no visitor token", () -> WsClient.connect(server.baseUrl(), "/ws/visitor")
                .send(Map.of("type", "auth")));
        attempts.put("visitor token on the agent endpoint", () -> WsClient.connect(server.baseUrl(), "/ws/agent")
                .send(Map.of("type", "auth", "token", visitor.token())));
        attempts.put("API key on the visitor endpoint", () -> WsClient.connect(server.baseUrl(), "/ws/visitor")
                .send(Map.of("type", "auth", "api_key", shopA.apiKey())));
        attempts.put("API key as a visitor token", () -> WsClient.connect(server.baseUrl(), "/ws/visitor")
                .send(Map.of("type", "auth", "token", shopA.apiKey())));
        attempts.put("wrong API key", () -> WsClient.connect(server.baseUrl(), "/ws/agent")
                .send(Map.of("type", "auth", "api_key", "pk_" + UUID.randomUUID().toString().replace("-", ""))));
        attempts.put("cookie from a cross-site origin", () -> WsClient.connect(server.baseUrl(), "/ws/agent",
                Map.of("Cookie", shopA.agent().cookie(), "Origin", EVIL)).send(Map.of("type", "auth")));
        attempts.put("no cookie, no key", () -> WsClient.connect(server.baseUrl(), "/ws/agent")
                .send(Map.of("type", "auth")));
        for (Map.Entry<String, Supplier<WsClient>> attempt : attempts.entrySet()) {
            WsClient ws = attempt.getValue().get();
            try {
                JsonNode first = ws.await(f -> true);
                assertThat(first.path("type").asText()).as(attempt.getKey() + ": " + first).isEqualTo("error");
                assertThat(first.get("code").asText()).as(attempt.getKey()).isEqualTo("unauthorized");
                assertThat(ws.awaitClose()).as(attempt.getKey()).isEqualTo(4401);
            } finally {
                ws.abort();
            }
        }

        // Controls: the right credential on the right endpoint works.
        server.visitorSocket(visitor).close();
        apiKeySocket(shopA.apiKey()).close();
        server.agentSocket(shopA.agent()).close();
    }

    // ---------------------------------------------------------------- REST authentication, CSRF, roles

    @Test
    void restWithoutCredentialsIs401WithTheErrorShape() {
        TestServer.Visitor visitor = server.visitor(shopA);
        String conversation = server.conversation(visitor, "Hello");
        Snapshot before = snapshot(conversation);
        List<Http> strangers = List.of(
                server.http(),
                server.http().with("Origin", server.baseUrl()),
                server.http().bearer("pk_" + UUID.randomUUID()),
                server.http().bearer("vt_" + UUID.randomUUID()),
                server.http().with("Authorization", "Basic YWRtaW46YWRtaW4="),
                server.http().with("Cookie", "parley_session=forged-session-token").with("Origin", server.baseUrl()));
        for (Http http : strangers) {
            for (Probe probe : agentProbes()) {
                assertUnauthorized(probe.name(), probe.call(http, conversation));
            }
            for (Probe probe : visitorProbes()) {
                assertUnauthorized(probe.name(), probe.call(http, conversation));
            }
            assertUnauthorized("list", http.get("/api/v1/conversations"));
            assertUnauthorized("visitor list", http.get("/api/v1/visitor/conversations"));
            assertUnauthorized("start", http.post("/api/v1/visitor/conversations", Map.of("client_msg_id", "x", "text", "hi")));
            assertUnauthorized("agents", http.get("/api/v1/agents"));
            assertUnauthorized("me", http.get("/api/v1/auth/me"));
            assertUnauthorized("workspace", http.get("/api/v1/workspace"));
            assertUnauthorized("patch workspace", http.patch("/api/v1/workspace", Map.of("name", "Pwned")));
            assertUnauthorized("api keys", http.post("/api/v1/api-keys", Map.of("name", "stolen")));
        }
        // Each credential only works where it belongs.
        for (Probe probe : agentProbes()) {
            assertUnauthorized("visitor token on " + probe.name(), probe.call(visitor.http(), conversation));
        }
        for (Probe probe : visitorProbes()) {
            assertUnauthorized("API key on " + probe.name(), probe.call(server.http().bearer(shopA.apiKey()), conversation));
        }
        assertThat(snapshot(conversation)).isEqualTo(before);
        assertThat(server.count("SELECT COUNT(*) FROM workspaces WHERE name = 'Pwned'")).isZero();
        assertThat(server.count("SELECT COUNT(*) FROM api_keys WHERE name = 'stolen'")).isZero();
    }

    @Test
    void cookieAuthenticatedWritesFromAnotherOriginAreRefused() {
        TestServer.Visitor visitor = server.visitor(shopA);
        String conversation = server.conversation(visitor, "Hello");
        Snapshot before = snapshot(conversation);
        long keys = server.count("SELECT COUNT(*) FROM api_keys");
        String workspaceName = shopA.owner().http().get("/api/v1/workspace").body().get("name").asText();
        TestServer.Agent owner = shopA.owner();
        List<Http> crossSite = List.of(
                owner.http().with("Origin", EVIL),
                owner.http().with("Origin", "null"),
                owner.http().with("Origin", server.baseUrl() + ".evil.example"),
                server.http().with("Cookie", owner.cookie()).with("Sec-Fetch-Site", "cross-site"));
        for (Http http : crossSite) {
            for (Probe probe : agentProbes()) {
                if (!probe.write()) {
                    continue;
                }
                assertForbidden(probe.name(), probe.call(http, conversation));
            }
            assertForbidden("patch workspace", http.patch("/api/v1/workspace", Map.of("name", "Pwned")));
            assertForbidden("api key", http.post("/api/v1/api-keys", Map.of("name", "stolen")));
            assertForbidden("logout", http.post("/api/v1/auth/logout", Map.of()));
        }
        assertThat(snapshot(conversation)).isEqualTo(before);
        assertThat(server.count("SELECT COUNT(*) FROM api_keys")).isEqualTo(keys);
        assertThat(shopA.owner().http().get("/api/v1/workspace").body().get("name").asText()).isEqualTo(workspaceName);
        assertThat(owner.http().get("/api/v1/auth/me").status()).as("the session survived the forged logout").isEqualTo(200);

        // Control: the same write from Parley's own origin goes through.
        post(owner.http(), "/api/v1/conversations/" + conversation + "/messages", Map.of("client_msg_id", "ok-1", "text", "hi"), 201);
    }

    @Test
    void aPlainAgentCannotManageApiKeysOrTheWorkspaceButTheOwnerCan() {
        TestServer.Tenant shop = server.tenant("Role Shop");
        Http agent = shop.agent().http();
        long keys = server.count("SELECT COUNT(*) FROM api_keys WHERE workspace_id = ?", shop.workspace().id());
        long agents = server.count("SELECT COUNT(*) FROM agents WHERE workspace_id = ?", shop.workspace().id());

        assertForbidden("create api key", agent.post("/api/v1/api-keys", Map.of("name", "mine now")));
        assertForbidden("list api keys", agent.get("/api/v1/api-keys"));
        assertForbidden("patch workspace", agent.patch("/api/v1/workspace", Map.of("name", "Agent's Shop", "greeting", "Hi from agent")));
        assertForbidden("create agent", agent.post("/api/v1/agents",
                Map.of("email", "sneaky-" + UUID.randomUUID() + "@example.com", "name", "Sneaky", "password", "long enough password", "role", "owner")));
        assertThat(server.count("SELECT COUNT(*) FROM api_keys WHERE workspace_id = ?", shop.workspace().id())).isEqualTo(keys);
        assertThat(server.count("SELECT COUNT(*) FROM agents WHERE workspace_id = ?", shop.workspace().id())).isEqualTo(agents);
        JsonNode workspace = shop.owner().http().get("/api/v1/workspace").body();
        assertThat(workspace.get("name").asText()).isEqualTo("Role Shop");
        assertThat(workspace.toString()).doesNotContain("Hi from agent");
        assertThat(agent.get("/api/v1/workspace").status()).as("agents may read the workspace").isEqualTo(200);

        Http owner = shop.owner().http();
        Http.Response key = owner.post("/api/v1/api-keys", Map.of("name", "owner key"));
        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        assertThat(key.body().get("key").asText()).startsWith("pk_");
        assertThat(server.count("SELECT COUNT(*) FROM api_keys WHERE workspace_id = ?", shop.workspace().id())).isEqualTo(keys + 1);
        Http.Response patched = owner.patch("/api/v1/workspace", Map.of("name", "Owner's Shop", "greeting", "Hi from owner"));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().get("name").asText()).isEqualTo("Owner's Shop");
        assertThat(owner.get("/api/v1/workspace").body().toString()).contains("Hi from owner");
    }

    // ---------------------------------------------------------------- helpers

    /** A marker unique to one test, so "never seen" assertions cannot match another test's data. */
    private static String secret() {
        return "s" + UUID.randomUUID().toString().replace("-", "");
    }

    /** One REST request against a conversation id, with a body valid enough to reach the authorisation check. */
    private record Probe(String name, boolean write, java.util.function.BiFunction<Http, String, Http.Response> request) {
        Http.Response call(Http http, String conversationId) {
            return request.apply(http, conversationId);
        }
    }

    private static List<Probe> visitorProbes() {
        String base = "/api/v1/visitor/conversations/";
        return List.of(
                new Probe("GET visitor conversation", false, (h, id) -> h.get(base + id)),
                new Probe("GET visitor messages", false, (h, id) -> h.get(base + id + "/messages")),
                new Probe("POST visitor message", true, (h, id) -> h.post(base + id + "/messages",
                        Map.of("client_msg_id", "probe-msg", "text", "probe text"))),
                new Probe("POST visitor read", true, (h, id) -> h.post(base + id + "/read", Map.of("seq", 1))));
    }

    private static List<Probe> agentProbes() {
        String base = "/api/v1/conversations/";
        return List.of(
                new Probe("GET conversation", false, (h, id) -> h.get(base + id)),
                new Probe("GET messages", false, (h, id) -> h.get(base + id + "/messages")),
                new Probe("POST reply", true, (h, id) -> h.post(base + id + "/messages",
                        Map.of("client_msg_id", "probe-reply", "text", "probe reply"))),
                new Probe("POST note", true, (h, id) -> h.post(base + id + "/notes",
                        Map.of("client_msg_id", "probe-note", "text", "probe note"))),
                new Probe("POST assign", true, (h, id) -> h.post(base + id + "/assign",
                        Map.of("assignee_id", shopA.agent().id()))),
                new Probe("POST unassign", true, (h, id) -> h.post(base + id + "/assign", "{\"assignee_id\":null}")),
                new Probe("POST status", true, (h, id) -> h.post(base + id + "/status", Map.of("status", "resolved"))),
                new Probe("POST read", true, (h, id) -> h.post(base + id + "/read", Map.of("seq", 1))));
    }

    /** What a conversation looks like in storage, and how much its workspace has recorded. */
    private record Snapshot(List<Object> row, long messages, long events, long allMessages) {
    }

    private static Snapshot snapshot(String conversationId) {
        List<Object> row = new ArrayList<>();
        String workspaceId = null;
        try (var c = server.jdbc(); var s = c.prepareStatement("SELECT workspace_id, status, assignee_id, last_seq, "
                + "visitor_read_seq, agent_read_seq, last_message_preview, snoozed_until, resolved_at, first_agent_reply_at "
                + "FROM conversations WHERE id = ?")) {
            s.setString(1, conversationId);
            try (var rs = s.executeQuery()) {
                assertThat(rs.next()).isTrue();
                workspaceId = rs.getString(1);
                for (int i = 1; i <= 10; i++) {
                    row.add(String.valueOf(rs.getObject(i)));
                }
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Snapshot(row, server.count("SELECT COUNT(*) FROM messages WHERE conversation_id = ?", conversationId),
                server.count("SELECT COUNT(*) FROM workspace_events WHERE workspace_id = ?", workspaceId),
                server.count("SELECT COUNT(*) FROM messages"));
    }

    private static void assertSameNotFound(String what, Http.Response probe, Http.Response missing) {
        assertThat(missing.status()).as(what + " (missing id): " + missing.raw()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo("not_found");
        assertThat(probe.status()).as(what + ": " + probe.raw()).isEqualTo(404);
        assertThat(probe.errorCode()).as(what).isEqualTo("not_found");
        assertThat(probe.body().get("error")).as(what + ": the same error as for an id that does not exist")
                .isEqualTo(missing.body().get("error"));
    }

    private static void assertSameNotFoundFrame(String what, JsonNode probe, JsonNode missing) {
        assertThat(missing.get("code").asText()).as(what + " (missing id): " + missing).isEqualTo("not_found");
        assertThat(missing.get("status").asInt()).isEqualTo(404);
        assertThat(probe).as(what + ": the same error frame as for an id that does not exist").isEqualTo(missing);
    }

    private static void assertUnauthorized(String what, Http.Response response) {
        assertThat(response.status()).as(what + ": " + response.raw()).isEqualTo(401);
        assertThat(response.errorCode()).as(what).isEqualTo("unauthorized");
        assertThat(response.body().at("/error/message").asText()).as(what).isNotBlank();
    }

    private static void assertForbidden(String what, Http.Response response) {
        assertThat(response.status()).as(what + ": " + response.raw()).isEqualTo(403);
        assertThat(response.errorCode()).as(what).isEqualTo("forbidden");
        assertThat(response.body().at("/error/message").asText()).as(what).isNotBlank();
    }

    private static void post(Http http, String path, Object body, int status) {
        Http.Response response = http.post(path, body);
        assertThat(response.status()).as(path + ": " + response.raw()).isEqualTo(status);
    }

    /** A client frame of {@code type} about {@code conversationId}, valid in every other respect. */
    private static Map<String, Object> frame(String type, String conversationId) {
        return switch (type) {
            case "send" -> Map.of("type", "send", "conversation_id", conversationId, "client_msg_id", "probe-ws", "text", "probe");
            case "read" -> Map.of("type", "read", "conversation_id", conversationId, "seq", 1);
            case "typing" -> Map.of("type", "typing", "conversation_id", conversationId, "typing", true);
            default -> throw new IllegalArgumentException(type);
        };
    }

    /** Sends one frame on a fresh socket (typing is throttled per socket) and returns the error it gets. */
    private static JsonNode firstError(Supplier<WsClient> connect, Object frame) {
        try (WsClient ws = connect.get()) {
            List<JsonNode> answers = answersTo(ws, frame);
            assertThat(answers).as(frame + ": one answer only").hasSize(1);
            assertThat(answers.get(0).path("type").asText()).as(frame + " -> " + answers).isEqualTo("error");
            return answers.get(0);
        }
    }

    /** Sends the frame and a ping; the server answers a socket's frames in order, so all answers precede the pong. */
    private static List<JsonNode> answersTo(WsClient ws, Object frame) {
        ws.send(frame);
        ws.send(Map.of("type", "ping"));
        List<JsonNode> answers = new ArrayList<>();
        ws.await(f -> {
            if (f.path("type").asText().equals("pong")) {
                return true;
            }
            answers.add(f);
            return false;
        });
        return answers;
    }

    /** Frames up to (not including) {@code resumed}. */
    /** The frames of a replay, up to "resumed"; teammates' presence frames (ephemeral, live) are left out. */
    private static List<JsonNode> untilResumed(WsClient ws) {
        List<JsonNode> frames = new ArrayList<>();
        ws.await(f -> {
            if (f.path("type").asText().equals("resumed")) {
                return true;
            }
            if (!f.path("type").asText().equals("presence")) {
                frames.add(f);
            }
            return false;
        });
        return frames;
    }

    private static WsClient apiKeySocket(String apiKey) {
        WsClient ws = WsClient.connect(server.baseUrl(), "/ws/agent");
        ws.send(Map.of("type", "auth", "api_key", apiKey));
        JsonNode ready = ws.awaitType("ready");
        assertThat(ready.get("workspace_id").asText()).isNotBlank();
        return ws;
    }
}
