package org.parley.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.parley.testing.EnvNode;
import org.parley.testing.Http;

/**
 * V17 (accounts and memberships) on an installation that has agents, sessions and assigned conversations:
 * every agent becomes an account with the same id, email and password, nothing that points to an agent
 * breaks, and the agents sign in as before. SQLite rebuilds the agents table, so it is the one at risk.
 */
class AccountsMigrationIT {
    @Test
    void agentsOfAnOlderInstallationBecomeAccountsAndStillSignIn() throws Exception {
        Path dir = Files.createTempDirectory("parley-accounts-migration");
        String url = "jdbc:sqlite:" + dir.resolve("parley.db");
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite")
                .target("16").load().migrate();
        String hash = new PasswordHasher(new SecureRandom()).hash("an old password");
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("INSERT INTO workspaces (id, name, widget_key, created_at) VALUES ('w1', 'Old shop', 'wk_old', 0)");
            s.execute("INSERT INTO agents (id, workspace_id, email, name, password_hash, role, active, created_at) "
                    + "VALUES ('a1', 'w1', 'owner@old.example', 'Olga', '" + hash + "', 'OWNER', TRUE, 1)");
            s.execute("INSERT INTO agents (id, workspace_id, email, name, password_hash, role, active, created_at) "
                    + "VALUES ('a2', 'w1', 'agent@old.example', 'Arne', '" + hash + "', 'AGENT', TRUE, 2)");
            s.execute("INSERT INTO agent_sessions (token_hash, workspace_id, agent_id, created_at, expires_at) "
                    + "VALUES ('t1', 'w1', 'a2', 0, 9999999999999)");
            s.execute("INSERT INTO contacts (id, workspace_id, created_at, updated_at) VALUES ('c1', 'w1', 0, 0)");
            s.execute("INSERT INTO visitors (id, workspace_id, contact_id, token_hash, created_at, last_seen_at) "
                    + "VALUES ('v1', 'w1', 'c1', 'h1', 0, 0)");
            s.execute("INSERT INTO conversations (id, workspace_id, contact_id, visitor_id, status, assignee_id, created_at, "
                    + "last_activity_at) VALUES ('k1', 'w1', 'c1', 'v1', 'OPEN', 'a2', 0, 0)");
        }

        try (EnvNode node = EnvNode.start("sqlite", Map.of("PARLEY_DATABASE_URL", url))) {
            Http http = node.site();
            Http.Response login = http.post("/api/v1/auth/login", Map.of("email", "agent@old.example", "password", "an old password"));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body().at("/agent/id").asText()).isEqualTo("a2");
            assertThat(login.body().at("/server_admin").asBoolean()).isFalse();
            Http olga = http.with("Cookie", http.post("/api/v1/auth/login",
                    Map.of("email", "owner@old.example", "password", "an old password")).header("set-cookie").split(";")[0]);
            Http.Response me = olga.get("/api/v1/auth/me");
            assertThat(me.body().at("/server_admin").asBoolean()).as("the first owner administers the server").isTrue();
            assertThat(me.body().at("/workspaces/0/name").asText()).isEqualTo("Old shop");
            assertThat(olga.get("/api/v1/conversations/k1").body().at("/conversation/assignee_id").asText()).isEqualTo("a2");
        }
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM accounts WHERE id IN ('a1', 'a2')")) {
                assertThat(rs.getInt(1)).isEqualTo(2);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM agent_sessions WHERE token_hash = 't1' AND agent_id = 'a2'")) {
                assertThat(rs.getInt(1)).as("sessions survive").isEqualTo(1);
            }
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                assertThat(rs.next()).as("no dangling reference").isFalse();
            }
            try (ResultSet rs = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'agents'")) {
                assertThat(rs.getString(1)).doesNotContainIgnoringCase("email");
            }
        }
    }
}
