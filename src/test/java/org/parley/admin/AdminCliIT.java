package org.parley.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.Parley;
import org.parley.identity.Role;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;
import org.parley.workspace.Workspace;

/**
 * {@code parley admin} (docs/operations.md) against a running node's database, on both databases:
 * in-process through Parley.admin with its own stdin/stdout/stderr, and once as the real jar.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class AdminCliIT {
    private static final String NEW_PASSWORD = "a brand new passphrase";

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @TempDir
    Path temp;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Admin shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Result admin(String stdin, String... args) {
        return admin(Map.of("PARLEY_DATABASE_URL", server.databaseUrl()), stdin, args);
    }

    static Result admin(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Parley.admin(args, env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8) + "@shop.example";
    }

    @Test
    void createOwnerMakesAWorkspaceWhoseOwnerSignsIn() {
        String email = unique("owner");
        Result created = admin(NEW_PASSWORD + "\n", "create-owner", "--email", email, "--name", "Olga Owner",
                "--workspace", "Business", "--origin", "https://shop.example");
        assertThat(created.code()).as(created.err()).isZero();
        String widgetKey = created.lines().stream().filter(l -> l.startsWith("widget key ")).findFirst().orElseThrow()
                .substring("widget key ".length());
        Workspace workspace = server.wiring().workspaces.findByWidgetKey(widgetKey).orElseThrow();
        assertThat(workspace.name()).isEqualTo("Business");
        assertThat(workspace.allowedOrigins()).containsExactly("https://shop.example");

        Http.Response login = server.http().post("/api/v1/auth/login", Map.of("email", email, "password", NEW_PASSWORD));
        assertThat(login.status()).as(login.raw()).isEqualTo(200);
        assertThat(login.body().at("/agent/role").asText()).isEqualTo("owner");
        assertThat(server.count("SELECT COUNT(*) FROM agents a JOIN accounts ac ON ac.id = a.account_id "
                + "WHERE ac.email = ? AND a.workspace_id = ?", email, workspace.id()))
                .isEqualTo(1);
    }

    @Test
    void aRefusedOwnerLeavesNoWorkspaceBehind() {
        long workspaces = server.count("SELECT COUNT(*) FROM workspaces");
        Result taken = admin(NEW_PASSWORD + "\n", "create-owner", "--email", tenant.owner().email(), "--name", "Twin",
                "--workspace", "Twin shop");
        assertThat(taken.code()).isEqualTo(1);
        assertThat(taken.err().strip()).isEqualTo("parley admin: An account with this email already exists; invite it to add this workspace");
        Result shortPassword = admin("short\n", "create-owner", "--email", unique("short"), "--name", "S", "--workspace", "S");
        assertThat(shortPassword.code()).isEqualTo(1);
        assertThat(shortPassword.err()).contains("Password must be");
        Result noPassword = admin("", "create-owner", "--email", unique("none"), "--name", "N", "--workspace", "N");
        assertThat(noPassword.code()).isEqualTo(1);
        assertThat(noPassword.err()).contains("no password on standard input");
        assertThat(server.count("SELECT COUNT(*) FROM workspaces")).as("all or nothing").isEqualTo(workspaces);
    }

    @Test
    void resetPasswordEndsTheSessionsAndOnlyTheNewPasswordWorks() {
        String email = unique("reset");
        TestServer.Agent agent = server.agent(tenant.workspace(), email, Role.AGENT);
        TestServer.Agent secondSession = server.login(agent.id(), email, TestServer.PASSWORD);
        try (WsClient socket = server.agentSocket(agent)) {
            Result reset = admin(NEW_PASSWORD + "\n", "reset-password", "--email", email.toUpperCase());
            assertThat(reset.code()).as(reset.err()).isZero();
            assertThat(reset.out()).contains("password of " + email + " changed");

            assertThat(agent.http().get("/api/v1/auth/me").status()).isEqualTo(401);
            assertThat(secondSession.http().get("/api/v1/auth/me").status()).isEqualTo(401);
            assertThat(server.count("SELECT COUNT(*) FROM agent_sessions WHERE agent_id = ?", agent.id())).isZero();
            // The server closes open sockets at its next credential check (every ping round, 25 s); now, here.
            server.wiring().gateway.revalidateAgents();
            socket.awaitClose();
        }
        assertThat(server.http().post("/api/v1/auth/login", Map.of("email", email, "password", TestServer.PASSWORD))
                .status()).isEqualTo(401);
        TestServer.Agent again = server.login(agent.id(), email, NEW_PASSWORD);
        assertThat(again.http().get("/api/v1/auth/me").status()).isEqualTo(200);

        Result unknown = admin(NEW_PASSWORD + "\n", "reset-password", "--email", unique("nobody"));
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("not found");
    }

    @Test
    void pruneDeletesWhatExpiredAndSaysHowMuch() throws Exception {
        TestServer.Agent expired = server.login(tenant.agent().id(), tenant.agent().email(), TestServer.PASSWORD);
        try (var c = server.jdbc(); var update = c.prepareStatement(
                "UPDATE agent_sessions SET expires_at = 1 WHERE agent_id = ? AND created_at = "
                        + "(SELECT MAX(created_at) FROM agent_sessions WHERE agent_id = ?)")) {
            update.setString(1, tenant.agent().id());
            update.setString(2, tenant.agent().id());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        Result prune = admin("", "prune");
        assertThat(prune.code()).as(prune.err()).isZero();
        assertThat(prune.lines()).anySatisfy(line -> assertThat(line).matches("agent_sessions\\t[1-9]\\d*"));
        assertThat(server.count("SELECT COUNT(*) FROM agent_sessions WHERE expires_at = 1")).isZero();
        assertThat(expired.http().get("/api/v1/auth/me").status()).isEqualTo(401);
    }

    @Test
    void listWorkspacesShowsIdNameKeyAgentsAndCreation() {
        Result list = admin("", "list-workspaces");
        assertThat(list.code()).as(list.err()).isZero();
        assertThat(list.lines().get(0)).isEqualTo("id\tname\twidget_key\tagents\tcreated");
        Workspace ws = tenant.workspace();
        assertThat(list.lines()).anySatisfy(line -> assertThat(line).matches(
                java.util.regex.Pattern.quote(ws.id() + "\tAdmin shop\t" + ws.widgetKey() + "\t") + "\\d+\t\\d{4}-\\d\\d-\\d\\dT.*Z"));
        String row = list.lines().stream().filter(l -> l.startsWith(ws.id())).findFirst().orElseThrow();
        assertThat(row.split("\t")[3]).as("owner, agent and those added by other tests, all active")
                .isEqualTo(String.valueOf(server.count("SELECT COUNT(*) FROM agents WHERE workspace_id = ?", ws.id())));
    }

    @Test
    void backupCopiesTheLiveSqliteDatabaseWhileTheServerWrites() throws Exception {
        Path target = temp.resolve("parley-backup.db");
        if (database.equals("postgresql")) {
            Result refused = admin("", "backup", target.toString());
            assertThat(refused.code()).isEqualTo(1);
            assertThat(refused.err()).contains("pg_dump").hasLineCount(1);
            assertThat(target).doesNotExist();
            return;
        }
        TestServer.Visitor visitor = server.visitor(tenant);
        String conversation = server.conversation(visitor, "Is this backed up?");
        server.conversation(server.visitor(tenant), "And this?");
        long conversations = server.count("SELECT COUNT(*) FROM conversations");
        long messagesBefore = server.count("SELECT COUNT(*) FROM messages");
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread writer = Thread.ofVirtual().start(() -> {
            while (writing.get()) {
                Http.Response reply = tenant.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                        Map.of("client_msg_id", "b-" + UUID.randomUUID(), "text", "written during the backup"));
                assertThat(reply.status()).isEqualTo(201);
                sent.incrementAndGet();
            }
        });
        try {
            while (sent.get() < 5) {
                Thread.sleep(10);
            }
            Result backup = admin("", "backup", target.toString());
            assertThat(backup.code()).as(backup.err()).isZero();
            assertThat(backup.out()).startsWith("backed up ");
        } finally {
            writing.set(false);
            writer.join(10_000);
        }
        assertThat(sent.get()).as("the server kept writing").isGreaterThan(5);
        try (Connection copy = DriverManager.getConnection("jdbc:sqlite:" + target); Statement s = copy.createStatement()) {
            assertThat(scalar(s, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(scalar(s, "PRAGMA journal_mode")).as("one self-contained file").isEqualTo("delete");
            assertThat(Long.parseLong(scalar(s, "SELECT COUNT(*) FROM conversations"))).isEqualTo(conversations);
            assertThat(Long.parseLong(scalar(s, "SELECT COUNT(*) FROM messages")))
                    .isBetween(messagesBefore + 5, server.count("SELECT COUNT(*) FROM messages"));
        }
        assertThat(Files.list(temp)).as("no partial file left").containsExactly(target);

        Result again = admin("", "backup", target.toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
    }

    @Test
    void rollupRecomputesRollupsDeletedByHandEqualToWhatTheServerWrote() throws Exception {
        TestServer.Tenant shop = server.tenant("Rollup shop");
        String ws = shop.workspace().id();
        TestServer.Visitor visitor = server.visitor(shop);
        Http.Response beacon = server.http().with("Origin", "https://shop.example").sendBody("POST", "/api/v1/widget/activity",
                Http.JSON.writeValueAsString(Map.of("key", shop.widgetKey(), "token", visitor.token(), "events", List.of(
                        Map.of("type", "page_view", "url", "https://shop.example/boots?utm_source=news",
                                "at", System.currentTimeMillis() - 60_000),
                        Map.of("type", "page_view", "url", "https://shop.example/boots/red", "at", System.currentTimeMillis())))));
        assertThat(beacon.status()).as(beacon.raw()).isEqualTo(204);
        String conversation = server.conversation(visitor, "Do the red boots come in 38?");
        assertThat(shop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", "They do")).status()).isEqualTo(201);
        server.wiring().rollups.flush(ws);
        Map<String, List<String>> written = rollups(ws);
        assertThat(written.get("report_counts")).as("the server rolled the hour up").isNotEmpty();
        assertThat(written.get("report_sketches")).isNotEmpty();
        assertThat(written.get("report_histograms")).as("first response").isNotEmpty();
        try (var c = server.jdbc(); var s = c.createStatement()) {
            for (String table : written.keySet()) {
                s.executeUpdate("DELETE FROM " + table + " WHERE workspace_id = '" + ws + "'");
            }
        }
        assertThat(rollups(ws).values()).allSatisfy(rows -> assertThat(rows).isEmpty());

        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        Result rollup = admin("", "rollup", "--from", today.minusDays(1).toString(), "--to", today.toString(), "--workspace", ws);
        assertThat(rollup.code()).as(rollup.err()).isZero();
        assertThat(rollup.out()).matches("(?s)recomputed [1-9]\\d* hours with raw rows .* of workspace " + ws + ", .*");
        assertThat(rollups(ws)).isEqualTo(written);

        Result everything = admin("", "rollup");
        assertThat(everything.code()).as(everything.err()).isZero();
        assertThat(everything.out()).contains("of every workspace, the first to the last");
        assertThat(rollups(ws)).isEqualTo(written);

        Result badDate = admin("", "rollup", "--from", "yesterday");
        assertThat(badDate.code()).isEqualTo(2);
        assertThat(badDate.err()).contains("--from must be a date YYYY-MM-DD");
        Result backwards = admin("", "rollup", "--from", "2026-02-01", "--to", "2026-01-01");
        assertThat(backwards.code()).isEqualTo(2);
        Result unknown = admin("", "rollup", "--workspace", "ws_nope");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("parley admin: no workspace ws_nope (see list-workspaces)");
    }

    /** The workspace's rows of each rollup table, as sorted lines (sketches in hex). */
    private static Map<String, List<String>> rollups(String ws) throws Exception {
        Map<String, List<String>> rows = new java.util.TreeMap<>();
        try (var c = server.jdbc(); var s = c.createStatement()) {
            for (String table : List.of("report_counts", "report_histograms", "report_sketches")) {
                List<String> lines = new java.util.ArrayList<>();
                try (var rs = s.executeQuery("SELECT * FROM " + table + " WHERE workspace_id = '" + ws + "'")) {
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder();
                        for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            line.append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b)
                                    : v instanceof Number n ? String.valueOf(n.doubleValue()) : String.valueOf(v)).append('|');
                        }
                        lines.add(line.toString());
                    }
                }
                java.util.Collections.sort(lines);
                rows.put(table, lines);
            }
        }
        return rows;
    }

    private static String scalar(Statement statement, String sql) throws java.sql.SQLException {
        try (var rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void migrateCreatesTheSchemaOfAnEmptyDatabase() throws Exception {
        Map<String, String> env = new HashMap<>();
        String schema = null;
        if (database.equals("sqlite")) {
            env.put("PARLEY_DATA_DIR", temp.resolve("fresh").toString());
            Result missing = admin(env, "", "list-workspaces");
            assertThat(missing.code()).isEqualTo(1);
            assertThat(missing.err()).contains("no database at");
        } else {
            schema = "a_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            env.put("PARLEY_DATABASE_URL", postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema);
            Result empty = admin(env, "", "list-workspaces");
            assertThat(empty.code()).isEqualTo(1);
            assertThat(empty.err()).contains("no Parley schema yet");
        }
        try {
            Result migrated = admin(env, "", "migrate");
            assertThat(migrated.code()).as(migrated.err()).isZero();
            assertThat(migrated.out()).matches("schema at version \\d+ \\(\\d+ migrations applied now\\)\\s*");
            assertThat(migrated.out()).doesNotContain("(0 migrations");
            Result again = admin(env, "", "migrate");
            assertThat(again.out()).contains("(0 migrations applied now)");
            Result list = admin(env, "", "list-workspaces");
            assertThat(list.code()).as(list.err()).isZero();
            assertThat(list.lines()).containsExactly("id\tname\twidget_key\tagents\tcreated");
            if (schema == null) {
                assertThat(temp.resolve("fresh").resolve("parley.db")).isRegularFile();
            } else {
                try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement();
                     var rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                             + schema + "' AND table_name IN ('workspaces', 'messages', 'workspace_events')")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(3);
                }
            }
        } finally {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(postgresUrl()); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private static String postgresUrl() {
        return System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_URL", TestServer.DEFAULT_POSTGRES);
    }

    @Test
    void badUsageExitsWithTwo() {
        for (String[] args : List.of(new String[] {}, new String[] {"frobnicate"}, new String[] {"list-workspaces", "extra"},
                new String[] {"backup"}, new String[] {"create-owner", "--name", "N", "--workspace", "W"},
                new String[] {"create-owner", "--email", "e@x.example", "--name", "N", "--workspace", "W", "--password", "pw"},
                new String[] {"reset-password", "--email"}, new String[] {"migrate", "--force"},
                new String[] {"rollup", "--from"}, new String[] {"rollup", "--days", "3"})) {
            Result result = admin("", args);
            assertThat(result.code()).as(String.join(" ", args)).isEqualTo(2);
            assertThat(result.err()).as(String.join(" ", args)).startsWith("parley admin: ").contains("usage: parley admin");
            assertThat(result.out()).isEmpty();
        }
        Result help = admin("", "help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("create-owner", "reset-password", "list-workspaces", "backup", "migrate", "prune",
                "rollup");
    }

    /** The shaded jar is built in the package phase, before failsafe runs the ITs. */
    @Test
    void theRealJarListsWorkspaces() throws Exception {
        Path jar = Path.of("target/parley.jar");
        assumeTrue(Files.isRegularFile(jar), "target/parley.jar is built by mvn package, before the ITs");
        String java = ProcessHandle.current().info().command().orElse("java");
        // The same setting as the server it sits beside: its database URL.
        ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toString(), "admin", "list-workspaces")
                .redirectError(temp.resolve("stderr").toFile());
        builder.environment().put("PARLEY_DATABASE_URL", server.databaseUrl());
        Process listed = builder.start();
        listed.getOutputStream().close();
        String lines = new String(listed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(listed.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(listed.exitValue()).as(Files.readString(temp.resolve("stderr"))).isZero();
        assertThat(lines.lines().findFirst()).as("only the listing on stdout, no log lines").hasValue("id\tname\twidget_key\tagents\tcreated");
        assertThat(lines).contains(tenant.workspace().id() + "\tAdmin shop\t" + tenant.widgetKey() + "\t");

        Process usage = new ProcessBuilder(java, "-jar", jar.toString(), "admin", "frobnicate")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(temp.resolve("usage").toFile()).start();
        assertThat(usage.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(usage.exitValue()).isEqualTo(2);
        assertThat(Files.readString(temp.resolve("usage"))).contains("unknown command 'frobnicate'");
    }
}
