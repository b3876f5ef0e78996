package org.parley.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * The team, through the real HTTP API, WebSocket and a real SMTP server: password resets by email,
 * presence and own settings, roles and deactivation, invitations; role checks and workspace isolation.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class TeamIT {
    @Parameter
    String database;

    static MailServer mail;
    static TestServer server;
    static TestServer.Tenant tenant;
    static TestServer.Tenant other;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        mail = new MailServer();
        server = TestServer.startWithSmtp(database, mail.url());
        tenant = server.tenant("Team");
        other = server.tenant("Other team");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        mail.close();
    }

    private static TestServer.Agent newAgent(TestServer.Tenant in, Role role) {
        return server.agent(in.workspace(), "t-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", role);
    }

    private static String resetToken(String email) {
        MimeMessage message = mail.awaitTo(email);
        return MailServer.extract(message, "/app#/reset\\?token=([A-Za-z0-9_-]+)");
    }

    @Test
    void passwordResetByEmailLinkEndsSessionsAndWorksOnce() throws Exception {
        TestServer.Agent agent = newAgent(tenant, Role.AGENT);
        try (WsClient socket = server.agentSocket(agent)) {
            Http.Response asked = server.http().post("/api/v1/auth/password-reset", Map.of("email", agent.email().toUpperCase()));
            assertThat(asked.status()).isEqualTo(202);
            MimeMessage email = mail.awaitTo(agent.email());
            assertThat(email.getSubject()).isEqualTo("Reset your Parley password");
            assertThat(MailServer.text(email)).contains(server.baseUrl() + "/app#/reset?token=");
            String token = resetToken(agent.email());

            Http.Response confirmed = server.http().post("/api/v1/auth/password-reset/confirm",
                    Map.of("token", token, "new_password", "a brand new password"));
            assertThat(confirmed.status()).as(confirmed.raw()).isEqualTo(204);
            assertThat(socket.awaitClose()).as("the open socket closes at once").isEqualTo(4401);
            assertThat(agent.http().get("/api/v1/auth/me").status()).as("old session").isEqualTo(401);
            assertThat(server.http().post("/api/v1/auth/login", Map.of("email", agent.email(), "password", TestServer.PASSWORD))
                    .status()).isEqualTo(401);
            server.login(agent.id(), agent.email(), "a brand new password");

            Http.Response replay = server.http().post("/api/v1/auth/password-reset/confirm",
                    Map.of("token", token, "new_password", "yet another password"));
            assertThat(replay.status()).isEqualTo(400);
            assertThat(replay.errorCode()).isEqualTo("invalid_token");
            server.login(agent.id(), agent.email(), "a brand new password");
        }
    }

    @Test
    void unknownEmailGetsTheSameAnswerAndNoEmail() {
        String nobody = "nobody-" + UUID.randomUUID() + "@example.com";
        Http.Response asked = server.http().post("/api/v1/auth/password-reset", Map.of("email", nobody));
        assertThat(asked.status()).isEqualTo(202);
        assertThat(asked.raw()).isEqualTo("{}");
        TestServer.Agent known = newAgent(tenant, Role.AGENT);
        assertThat(server.http().post("/api/v1/auth/password-reset", Map.of("email", known.email())).raw()).isEqualTo("{}");
        mail.awaitTo(known.email());
        assertThat(mail.to(nobody)).isEmpty();
    }

    @Test
    void expiredWrongAndWeakResetsAreRefusedAndChangeNothing() {
        TestServer.Agent agent = newAgent(tenant, Role.AGENT);
        server.http().post("/api/v1/auth/password-reset", Map.of("email", agent.email()));
        String token = resetToken(agent.email());

        Http.Response weak = server.http().post("/api/v1/auth/password-reset/confirm", Map.of("token", token, "new_password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.errorCode()).isEqualTo("invalid_request");
        Http.Response wrong = server.http().post("/api/v1/auth/password-reset/confirm",
                Map.of("token", token + "x", "new_password", "a long enough password"));
        assertThat(wrong.errorCode()).isEqualTo("invalid_token");

        assertThat(server.count("SELECT COUNT(*) FROM password_resets WHERE agent_id = ?", agent.id())).isEqualTo(1);
        try (var c = server.jdbc(); var st = c.prepareStatement("UPDATE password_resets SET expires_at = 1 WHERE agent_id = ?")) {
            st.setString(1, agent.id());
            st.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        Http.Response expired = server.http().post("/api/v1/auth/password-reset/confirm",
                Map.of("token", token, "new_password", "a long enough password"));
        assertThat(expired.errorCode()).isEqualTo("invalid_token");
        assertThat(agent.http().get("/api/v1/auth/me").status()).as("nothing changed: the session lives").isEqualTo(200);
        server.login(agent.id(), agent.email(), TestServer.PASSWORD);
    }

    @Test
    void presenceIsChosenBroadcastAndDrivesTheWidget() {
        TestServer.Tenant shop = server.tenant("Presence shop");
        String config = "/api/v1/widget/config?key=" + shop.widgetKey();
        Http.Response list = shop.owner().http().get("/api/v1/agents");
        assertThat(list.body().get("agents")).allSatisfy(a -> assertThat(a.get("presence").asText()).isEqualTo("offline"));

        try (WsClient owner = server.agentSocket(shop.owner())) {
            try (WsClient agent = server.agentSocket(shop.agent())) {
                JsonNode online = owner.await(f -> "presence".equals(f.path("type").asText())
                        && shop.agent().id().equals(f.path("agent_id").asText()));
                assertThat(online.get("presence").asText()).isEqualTo("online");
                assertThat(presenceOf(shop, shop.agent().id())).isEqualTo("online");

                Http.Response away = shop.agent().http().patch("/api/v1/auth/me", Map.of("presence", "away"));
                assertThat(away.status()).as(away.raw()).isEqualTo(200);
                assertThat(away.body().at("/agent/presence").asText()).isEqualTo("away");
                JsonNode frame = owner.await(f -> "presence".equals(f.path("type").asText())
                        && shop.agent().id().equals(f.path("agent_id").asText()));
                assertThat(frame.get("presence").asText()).isEqualTo("away");
                assertThat(server.http().get(config).body().get("team_online").asBoolean()).as("owner still online").isTrue();

                shop.owner().http().patch("/api/v1/auth/me", Map.of("presence", "away"));
                assertThat(server.http().get(config).body().get("team_online").asBoolean()).as("everyone away").isFalse();
                shop.owner().http().patch("/api/v1/auth/me", Map.of("presence", "online"));
            }
            JsonNode offline = owner.await(f -> "presence".equals(f.path("type").asText())
                    && shop.agent().id().equals(f.path("agent_id").asText()));
            assertThat(offline.get("presence").asText()).isEqualTo("offline");
        }
        try (WsClient again = server.agentSocket(shop.agent())) {
            assertThat(presenceOf(shop, shop.agent().id())).as("the choice is remembered").isEqualTo("away");
        }
    }

    private static String presenceOf(TestServer.Tenant shop, String agentId) {
        for (JsonNode a : shop.owner().http().get("/api/v1/agents").body().get("agents")) {
            if (a.get("id").asText().equals(agentId)) {
                return a.get("presence").asText();
            }
        }
        throw new AssertionError("no agent " + agentId);
    }

    @Test
    void ownSettingsAndNameChangeAreStoredAndAnnounced() {
        TestServer.Agent me = newAgent(tenant, Role.AGENT);
        JsonNode defaults = me.http().get("/api/v1/auth/me").body().get("agent");
        assertThat(defaults.get("notifications").toString())
                .isEqualTo("{\"new_conversation\":true,\"assigned_message\":true,\"mention\":true,\"sound\":true}");
        try (WsClient watcher = server.agentSocket(tenant.owner())) {
            Http.Response changed = me.http().patch("/api/v1/auth/me",
                    Map.of("name", "  Renamed Agent ", "notifications", Map.of("sound", false)));
            assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
            assertThat(changed.body().at("/agent/name").asText()).isEqualTo("Renamed Agent");
            assertThat(changed.body().at("/agent/notifications/sound").asBoolean()).isFalse();
            assertThat(changed.body().at("/agent/notifications/mention").asBoolean()).isTrue();
            JsonNode event = watcher.awaitEvent("agent.updated");
            assertThat(event.at("/data/agent/name").asText()).isEqualTo("Renamed Agent");
            assertThat(event.at("/data/agent").has("notifications")).as("own settings stay private").isFalse();
        }
        assertThat(me.http().get("/api/v1/auth/me").body().at("/agent/notifications/sound").asBoolean()).isFalse();

        assertThat(me.http().patch("/api/v1/auth/me", Map.of("presence", "busy")).errorCode()).isEqualTo("invalid_request");
        assertThat(me.http().patch("/api/v1/auth/me", Map.of("name", " ")).errorCode()).isEqualTo("invalid_request");
        assertThat(me.http().patch("/api/v1/auth/me", Map.of("notifications", Map.of("sms", true))).status()).isEqualTo(400);
        assertThat(server.http().bearer(tenant.apiKey()).patch("/api/v1/auth/me", Map.of("presence", "away")).status())
                .as("an API key has no profile").isEqualTo(403);
        assertThat(server.http().with("Cookie", me.cookie()).with("Origin", "https://evil.example")
                .patch("/api/v1/auth/me", Map.of("presence", "away")).status()).as("cross-origin").isEqualTo(403);
    }

    @Test
    void deactivatingAnAgentThrowsThemOutAtOnce() {
        TestServer.Agent agent = newAgent(tenant, Role.AGENT);
        try (WsClient socket = server.agentSocket(agent)) {
            Http.Response off = tenant.owner().http().patch("/api/v1/agents/" + agent.id(), Map.of("active", false));
            assertThat(off.status()).as(off.raw()).isEqualTo(200);
            assertThat(off.body().get("active").asBoolean()).isFalse();
            assertThat(socket.awaitClose()).as("closed well before the 25 s ping round").isEqualTo(4401);
        }
        assertThat(agent.http().get("/api/v1/conversations").status()).isEqualTo(401);
        assertThat(server.http().post("/api/v1/auth/login", Map.of("email", agent.email(), "password", TestServer.PASSWORD))
                .status()).isEqualTo(401);
        server.http().post("/api/v1/auth/password-reset", Map.of("email", agent.email()));

        Http.Response on = tenant.owner().http().patch("/api/v1/agents/" + agent.id(), Map.of("active", true));
        assertThat(on.body().get("active").asBoolean()).isTrue();
        server.login(agent.id(), agent.email(), TestServer.PASSWORD);
        assertThat(mail.to(agent.email())).as("no reset link for a deactivated agent").isEmpty();
    }

    @Test
    void roleChangesFollowTheRules() {
        TestServer.Agent admin = newAgent(tenant, Role.ADMIN);
        TestServer.Agent agent = newAgent(tenant, Role.AGENT);
        TestServer.Agent plain = newAgent(tenant, Role.AGENT);

        Http.Response byAgent = plain.http().patch("/api/v1/agents/" + agent.id(), Map.of("role", "admin"));
        assertThat(byAgent.status()).as("an agent cannot change roles").isEqualTo(403);
        Http.Response promoted = admin.http().patch("/api/v1/agents/" + agent.id(), Map.of("role", "admin"));
        assertThat(promoted.body().get("role").asText()).isEqualTo("admin");
        assertThat(admin.http().patch("/api/v1/agents/" + agent.id(), Map.of("role", "owner")).status())
                .as("only owners make owners").isEqualTo(403);
        assertThat(admin.http().patch("/api/v1/agents/" + tenant.owner().id(), Map.of("active", false)).status())
                .as("an admin cannot deactivate an owner").isEqualTo(403);
        assertThat(tenant.owner().http().patch("/api/v1/agents/" + tenant.owner().id(), Map.of("active", false)).status())
                .as("nobody deactivates themself").isEqualTo(400);

        TestServer.Tenant solo = server.tenant("Solo");
        Http.Response lastOwner = solo.owner().http().patch("/api/v1/agents/" + solo.owner().id(), Map.of("role", "admin"));
        assertThat(lastOwner.status()).as("the last owner stays one").isEqualTo(409);
        Http.Response second = solo.owner().http().patch("/api/v1/agents/" + solo.agent().id(), Map.of("role", "owner"));
        assertThat(second.body().get("role").asText()).isEqualTo("owner");
        assertThat(solo.owner().http().patch("/api/v1/agents/" + solo.owner().id(), Map.of("role", "admin")).status())
                .as("with a second owner, stepping down works").isEqualTo(200);

        assertThat(admin.http().patch("/api/v1/agents/" + agent.id(), Map.of("role", "boss")).status()).isEqualTo(400);
        assertThat(admin.http().patch("/api/v1/agents/" + agent.id(), Map.of()).status()).isEqualTo(400);
        assertThat(admin.http().patch("/api/v1/agents/" + agent.id(), Map.of("active", "no")).status()).isEqualTo(400);
        assertThat(admin.http().patch("/api/v1/agents/" + other.agent().id(), Map.of("active", false)).status())
                .as("another workspace's agent").isEqualTo(404);
        assertThat(server.http().post("/api/v1/auth/login", Map.of("email", other.agent().email(), "password", TestServer.PASSWORD))
                .status()).as("and it was left alone").isEqualTo(200);
    }

    @Test
    void invitationLinkCreatesTheAgentOnce() {
        String email = "invitee-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        assertThat(tenant.agent().http().post("/api/v1/invitations", Map.of("email", email)).status())
                .as("agents cannot invite").isEqualTo(403);
        Http.Response invited = tenant.owner().http().post("/api/v1/invitations", Map.of("email", email, "role", "admin"));
        assertThat(invited.status()).as(invited.raw()).isEqualTo(201);
        String url = invited.body().get("url").asText();
        assertThat(url).startsWith(server.baseUrl() + "/app#/invite?token=");
        String token = url.substring(url.indexOf("token=") + 6);
        assertThat(MailServer.text(mail.awaitTo(email))).contains(url).contains("Team");
        assertThat(tenant.owner().http().get("/api/v1/invitations").body().get("invitations").toString()).contains(email);
        assertThat(other.owner().http().get("/api/v1/invitations").body().get("invitations").toString()).doesNotContain(email);

        Http.Response lookup = server.http().get("/api/v1/invitations/lookup?token=" + token);
        assertThat(lookup.body().get("workspace_name").asText()).isEqualTo("Team");
        assertThat(lookup.body().get("role").asText()).isEqualTo("admin");
        assertThat(server.http().post("/api/v1/invitations/accept", Map.of("token", token, "name", "New", "password", "short"))
                .status()).as("weak password").isEqualTo(400);

        Http.Response accepted = server.http().post("/api/v1/invitations/accept",
                Map.of("token", token, "name", "New Teammate", "password", "a good long password"));
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(201);
        String cookie = accepted.header("set-cookie").split(";")[0];
        JsonNode me = server.http().with("Cookie", cookie).get("/api/v1/auth/me").body().get("agent");
        assertThat(me.get("email").asText()).isEqualTo(email);
        assertThat(me.get("role").asText()).isEqualTo("admin");
        assertThat(server.http().with("Cookie", cookie).get("/api/v1/workspace").body().get("name").asText()).isEqualTo("Team");

        assertThat(server.http().post("/api/v1/invitations/accept",
                Map.of("token", token, "name", "Again", "password", "a good long password")).status()).as("used once").isEqualTo(404);
        assertThat(server.http().get("/api/v1/invitations/lookup?token=" + token).status()).isEqualTo(404);
        assertThat(tenant.owner().http().post("/api/v1/invitations", Map.of("email", email)).status())
                .as("already an agent").isEqualTo(409);
    }

    @Test
    void revokedInvitationsDieAndOthersCannotRevoke() {
        String email = "revoked-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Http.Response invited = tenant.owner().http().post("/api/v1/invitations", Map.of("email", email));
        String id = invited.body().at("/invitation/id").asText();
        String token = invited.body().get("url").asText().replaceFirst(".*token=", "");
        assertThat(invited.body().at("/invitation/role").asText()).isEqualTo("agent");

        assertThat(other.owner().http().delete("/api/v1/invitations/" + id).status()).as("other workspace").isEqualTo(404);
        assertThat(tenant.agent().http().delete("/api/v1/invitations/" + id).status()).as("plain agent").isEqualTo(403);
        assertThat(server.http().get("/api/v1/invitations/lookup?token=" + token).status()).isEqualTo(200);
        assertThat(tenant.owner().http().delete("/api/v1/invitations/" + id).status()).isEqualTo(204);
        assertThat(server.http().get("/api/v1/invitations/lookup?token=" + token).status()).isEqualTo(404);
        assertThat(server.http().post("/api/v1/invitations/accept",
                Map.of("token", token, "name", "Late", "password", "a good long password")).status()).isEqualTo(404);

        TestServer.Agent admin = newAgent(tenant, Role.ADMIN);
        assertThat(admin.http().post("/api/v1/invitations", Map.of("email", "o-" + email, "role", "owner")).status())
                .as("only owners invite owners").isEqualTo(403);
        assertThat(admin.http().post("/api/v1/invitations", Map.of("email", "not an email")).status()).isEqualTo(400);
        assertThat(server.http().get("/api/v1/invitations/lookup").status()).isEqualTo(404);
        assertThat(server.http().with("Origin", "https://evil.example").post("/api/v1/invitations/accept",
                Map.of("token", token, "name", "X", "password", "a good long password")).status()).isEqualTo(403);
    }
}
