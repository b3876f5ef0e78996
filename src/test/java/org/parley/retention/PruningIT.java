package org.parley.retention;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.config.Config;
import org.parley.eventbus.EventLog;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.Role;
import org.parley.message.SendMessage;
import org.parley.storage.Secrets;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * One prune round (retention.Pruner) on both databases: rows seeded through the API, made old by SQL or
 * by moving the pruner's clock; exactly the expired ones go, live ones stay, and an agent cursor older than
 * the kept events gets resync_required instead of a replay with a hole.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class PruningIT {
    private static final String SHOP = "https://shop.example";
    private static final long DAY = Duration.ofDays(1).toMillis();

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

    static void sql(String sql, Object... args) {
        try (Connection c = server.jdbc(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sessionDigest(TestServer.Agent agent) {
        return Secrets.digest(agent.cookie().substring(agent.cookie().indexOf('=') + 1));
    }

    static void beacon(TestServer.Tenant tenant, TestServer.Visitor visitor, String url) {
        Http.Response sent = server.http().with("Origin", SHOP).sendBody("POST", "/api/v1/widget/activity", Http.JSON
                .createObjectNode().put("key", tenant.widgetKey()).put("token", visitor.token())
                .set("events", Http.JSON.createArrayNode().add(Http.JSON.createObjectNode().put("type", "page_view")
                        .put("url", url).put("at", System.currentTimeMillis()))).toString());
        assertThat(sent.status()).as(sent.raw()).isEqualTo(204);
    }

    @Test
    void oneRoundDeletesExactlyTheExpiredRows() {
        TestServer.Tenant tenant = server.tenant("Prune shop");
        long now = System.currentTimeMillis();
        long expired = now - 60_000;

        TestServer.Agent staleLogin = server.login(tenant.agent().id(), tenant.agent().email(), TestServer.PASSWORD);
        sql("UPDATE agent_sessions SET expires_at = ? WHERE token_hash = ?", expired, sessionDigest(staleLogin));

        Http site = server.http().with("Origin", server.baseUrl());
        for (String email : List.of("fresh@customer.example", "stale@customer.example")) {
            assertThat(site.post("/api/v1/customer/magic-link", Map.of("email", email)).status()).isEqualTo(202);
        }
        sql("UPDATE customer_links SET expires_at = ? WHERE email = ?", expired, "stale@customer.example");
        sql("INSERT INTO customers (id, email, created_at) VALUES (?, ?, ?)", "c-prune", "c@customer.example", now);
        sql("INSERT INTO customer_sessions (token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                "cs-live", "c-prune", now, now + DAY);
        sql("INSERT INTO customer_sessions (token_hash, customer_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
                "cs-stale", "c-prune", now - 31 * DAY, expired);

        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Where is my parcel?");
        for (String hash : List.of("pl-live", "pl-stale")) {
            sql("INSERT INTO push_links (token_hash, workspace_id, contact_id, conversation_id, created_at, expires_at) "
                    + "VALUES (?, ?, ?, ?, ?, ?)", hash, tenant.workspace().id(), visitor.contactId(), conversation, now,
                    hash.equals("pl-live") ? now + DAY : expired);
        }

        for (TestServer.Agent agent : List.of(tenant.owner(), tenant.agent())) {
            assertThat(server.http().post("/api/v1/auth/password-reset", Map.of("email", agent.email())).status())
                    .isEqualTo(202);
        }
        sql("UPDATE password_resets SET expires_at = ? WHERE agent_id = ?", expired, tenant.agent().id());
        for (String email : List.of("invited-fresh@shop.example", "invited-stale@shop.example")) {
            Http.Response invited = tenant.owner().http().post("/api/v1/invitations", Map.of("email", email));
            assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        }
        sql("UPDATE invitations SET expires_at = ? WHERE email = ?", expired, "invited-stale@shop.example");

        String[][] inbound = {{"q-fresh", "quarantined", "1"}, {"q-stale", "quarantined", "31"}, {"r-stale", "refused", "31"}};
        for (String[] row : inbound) {
            sql("INSERT INTO inbound_emails (id, workspace_id, status, reason, created_at) VALUES (?, ?, ?, ?, ?)",
                    row[0], tenant.workspace().id(), row[1], "test", now - Integer.parseInt(row[2]) * DAY);
        }

        beacon(tenant, visitor, SHOP + "/fresh");
        beacon(tenant, visitor, SHOP + "/stale");
        sql("UPDATE visitor_activity SET received_at = ? WHERE url = ?", now - 91 * DAY, SHOP + "/stale");

        Map<String, Integer> deleted = server.wiring().pruner.pruneOnce();

        assertThat(deleted).containsEntry("agent_sessions", 1).containsEntry("customer_sessions", 1)
                .containsEntry("customer_links", 1).containsEntry("push_links", 1).containsEntry("password_resets", 1)
                .containsEntry("invitations", 1).containsEntry("quarantined_emails", 1).containsEntry("visitor_activity", 1)
                .containsEntry("workspace_events", 0);
        assertThat(staleLogin.http().get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(tenant.agent().http().get("/api/v1/auth/me").status()).as("the live session stays").isEqualTo(200);
        assertThat(server.count("SELECT COUNT(*) FROM customer_links WHERE email IN (?, ?)",
                "fresh@customer.example", "stale@customer.example")).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM customer_links WHERE email = ?", "fresh@customer.example")).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM customer_sessions WHERE token_hash = 'cs-live'")).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM push_links WHERE token_hash = 'pl-live'")).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM password_resets WHERE agent_id = ?", tenant.owner().id())).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM password_resets WHERE agent_id = ?", tenant.agent().id())).isZero();
        assertThat(server.count("SELECT COUNT(*) FROM invitations WHERE workspace_id = ?", tenant.workspace().id())).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM inbound_emails WHERE id IN ('q-fresh', 'r-stale')"))
                .as("fresh quarantine and other statuses stay").isEqualTo(2);
        assertThat(server.count("SELECT COUNT(*) FROM visitor_activity WHERE url = ?", SHOP + "/fresh")).isEqualTo(1);
        assertThat(server.count("SELECT COUNT(*) FROM visitor_activity WHERE url = ?", SHOP + "/stale")).isZero();

        assertThat(server.wiring().pruner.pruneOnce().values()).as("a second round finds nothing").containsOnly(0);
    }

    @Test
    void eventsOlderThanTheRetentionGoAndAnOlderCursorGetsResyncRequired() {
        TestServer.Tenant tenant = server.tenant("Resume window");
        String workspaceId = tenant.workspace().id();
        String conversation = server.conversation(server.visitor(tenant), "first");
        for (int i = 0; i < 8; i++) {
            Http.Response sent = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                    Map.of("client_msg_id", "r-" + i, "text", "reply " + i));
            assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
        }
        long current = server.count("SELECT last_event_cursor FROM workspaces WHERE id = ?", workspaceId);
        long kept = 4;
        long lastPruned = current - kept;
        sql("UPDATE workspace_events SET created_at = ? WHERE workspace_id = ? AND cursor <= ?",
                System.currentTimeMillis() - 8 * DAY, workspaceId, lastPruned);

        assertThat(server.wiring().pruner.pruneOnce()).containsEntry("workspace_events", (int) lastPruned);
        assertThat(server.count("SELECT COUNT(*) FROM workspace_events WHERE workspace_id = ?", workspaceId)).isEqualTo(kept);
        assertThat(server.count("SELECT MIN(cursor) FROM workspace_events WHERE workspace_id = ?", workspaceId))
                .isEqualTo(lastPruned + 1);

        try (WsClient socket = server.agentSocket(tenant.agent())) {
            for (long tooOld : new long[] {0, lastPruned - 1}) {
                socket.send(Map.of("type", "resume", "cursor", tooOld));
                assertThat(socket.await(f -> !f.path("type").asText().equals("event")).get("type").asText())
                        .as("cursor %d, older than the kept events", tooOld).isEqualTo("resync_required");
                socket.awaitType("resumed");
            }
            socket.send(Map.of("type", "resume", "cursor", lastPruned));
            List<Long> replayed = new ArrayList<>();
            JsonNode frame;
            while (!(frame = socket.await(f -> true)).path("type").asText().equals("resumed")) {
                assertThat(frame.path("type").asText()).isEqualTo("event");
                replayed.add(frame.get("cursor").asLong());
            }
            assertThat(replayed).as("the kept events, whole").containsExactly(
                    java.util.stream.LongStream.rangeClosed(lastPruned + 1, current).boxed().toArray(Long[]::new));
        }
    }

    @Test
    void eventsBeyondTheReplayWindowGoWhateverTheirAge() {
        TestServer.Tenant tenant = server.tenant("Busy shop");
        String workspaceId = tenant.workspace().id();
        String conversation = server.conversation(server.visitor(tenant), "first");
        AgentPrincipal principal = new AgentPrincipal(workspaceId, tenant.agent().id(), null, "A", Role.AGENT);
        for (int i = 0; i < EventLog.MAX_REPLAY + 5; i++) {
            server.wiring().messages.send(principal, new SendMessage(conversation, "bulk-" + i, "bulk " + i, true, null));
        }
        long current = server.count("SELECT last_event_cursor FROM workspaces WHERE id = ?", workspaceId);

        server.wiring().pruner.pruneOnce();

        assertThat(server.count("SELECT COUNT(*) FROM workspace_events WHERE workspace_id = ?", workspaceId))
                .isEqualTo(EventLog.MAX_REPLAY);
        assertThat(server.count("SELECT MIN(cursor) FROM workspace_events WHERE workspace_id = ?", workspaceId))
                .isEqualTo(current - EventLog.MAX_REPLAY + 1);
    }

    @Test
    void theInjectedClockDecidesWhatHasExpired() {
        try (TestServer own = TestServer.start(database)) {
            TestServer.Tenant tenant = own.tenant("Clock shop");
            assertThat(own.http().post("/api/v1/auth/password-reset", Map.of("email", tenant.owner().email())).status())
                    .isEqualTo(202);
            long events = own.count("SELECT COUNT(*) FROM workspace_events");
            long sessions = own.count("SELECT COUNT(*) FROM agent_sessions");

            Map<String, Integer> in13Days = pruner(own, Duration.ofDays(13)).pruneOnce();
            assertThat(in13Days).as("sessions live 14 days, reset links one hour, events are kept 7 days")
                    .containsEntry("agent_sessions", 0).containsEntry("password_resets", 1)
                    .containsEntry("workspace_events", (int) events);
            assertThat(tenant.owner().http().get("/api/v1/auth/me").status()).isEqualTo(200);

            Map<String, Integer> in15Days = pruner(own, Duration.ofDays(15)).pruneOnce();
            assertThat(in15Days).containsEntry("agent_sessions", (int) sessions);
            assertThat(tenant.owner().http().get("/api/v1/auth/me").status()).isEqualTo(401);
        }
    }

    private static Pruner pruner(TestServer node, Duration ahead) {
        return new Pruner(node.wiring().database, Clock.offset(Clock.systemUTC(), ahead), Config.Retention.DEFAULTS);
    }
}
