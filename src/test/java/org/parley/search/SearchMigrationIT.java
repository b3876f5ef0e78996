package org.parley.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * SQLite: messages written before V6 are indexed by the migration (PostgreSQL's expression index covers
 * existing rows by construction). Migrates a fresh file to V5, writes rows, then migrates to the end.
 */
class SearchMigrationIT {
    @Test
    void existingMessagesAreBackfilledAndSystemMessagesAreNot() throws Exception {
        Path dir = Files.createTempDirectory("parley-migration");
        String url = "jdbc:sqlite:" + dir.resolve("parley.db");
        flyway(url).target("5").load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute("INSERT INTO workspaces (id, name, widget_key, created_at) VALUES ('w1', 'W', 'k1', 0)");
            s.execute("INSERT INTO contacts (id, workspace_id, created_at, updated_at) VALUES ('c1', 'w1', 0, 0)");
            s.execute("INSERT INTO visitors (id, workspace_id, contact_id, token_hash, created_at, last_seen_at) "
                    + "VALUES ('v1', 'w1', 'c1', 'h1', 0, 0)");
            s.execute("INSERT INTO conversations (id, workspace_id, contact_id, visitor_id, status, created_at, last_activity_at) "
                    + "VALUES ('k1', 'w1', 'c1', 'v1', 'OPEN', 0, 0)");
            s.execute("INSERT INTO messages (id, workspace_id, conversation_id, seq, sender_type, sender_id, client_msg_id, "
                    + "text, created_at) VALUES ('m1', 'w1', 'k1', 1, 'CONTACT', 'c1', 'a', 'An old armadillo question', 0)");
            s.execute("INSERT INTO messages (id, workspace_id, conversation_id, seq, sender_type, sender_id, client_msg_id, "
                    + "text, created_at) VALUES ('m2', 'w1', 'k1', 2, 'SYSTEM', 'system', 'b', 'Armadillo resolved', 0)");
        }
        flyway(url).load().migrate();
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT message_id FROM message_search WHERE message_search MATCH '\"armadillo\"'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("m1");
            assertThat(rs.next()).as("system messages are not indexed").isFalse();
        }
    }

    private static org.flywaydb.core.api.configuration.FluentConfiguration flyway(String url) {
        return Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/migration/common", "classpath:db/migration/sqlite");
    }
}
