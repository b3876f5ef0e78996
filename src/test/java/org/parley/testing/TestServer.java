package org.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.parley.Wiring;
import org.parley.config.Config;
import org.parley.identity.Role;
import org.parley.workspace.Workspace;

/**
 * A real Parley node on a free port, on a fresh SQLite file or a fresh PostgreSQL schema.
 * PostgreSQL: {@code PARLEY_TEST_POSTGRES_URL} (default jdbc:postgresql://127.0.0.1:5432/test?user=postgres).
 */
public final class TestServer implements AutoCloseable {
    public static final String PASSWORD = "correct horse battery";
    public static final String DEFAULT_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** A workspace with an owner signed in and an agent, both with cookies, and an API key. */
    public record Tenant(Workspace workspace, Agent owner, Agent agent, String apiKey) {
        public String widgetKey() {
            return workspace.widgetKey();
        }
    }

    public record Agent(String id, String email, String cookie, Http http) {
    }

    /** A visitor with its token and an HTTP client that sends it. */
    public record Visitor(String token, String visitorId, String contactId, Http http) {
    }

    private final String database;
    private final Path dataDir;
    private final String schema;
    private final Config config;
    private final Clock clock;
    /** How outbound requests resolve host names (webhook tests map names to addresses; default: the system's). */
    private final org.parley.outbound.UrlGuard.Resolver resolver;
    private Wiring wiring;
    private final String baseUrl;

    /** The bearer token of GET /metrics on every test node. */
    public static final String METRICS_TOKEN = "metrics-test-token";

    /** The secret of POST /api/v1/inbound/email on a node from {@link #startWithNotifications}. */
    public static final String INBOUND_SECRET = "inbound-test-secret";

    private TestServer(String database, boolean rateLimits, String smtpUrl) {
        this(database, rateLimits, smtpUrl, false, List.of());
    }

    private TestServer(String database, boolean rateLimits, String smtpUrl, boolean notifications, List<String> outboundAllow) {
        this(database, rateLimits, smtpUrl, notifications, outboundAllow, METRICS_TOKEN, false, Clock.systemUTC());
    }

    private TestServer(String database, boolean rateLimits, String smtpUrl, boolean notifications, List<String> outboundAllow,
                       String metricsToken, boolean metricsPort, Clock clock) {
        this(database, rateLimits, smtpUrl, notifications, outboundAllow, metricsToken, metricsPort, clock,
                Config.DEFAULT_WEBHOOK_RETRIES, java.net.InetAddress::getAllByName);
    }

    private TestServer(String database, boolean rateLimits, String smtpUrl, boolean notifications, List<String> outboundAllow,
                       String metricsToken, boolean metricsPort, Clock clock, List<Duration> webhookRetries,
                       org.parley.outbound.UrlGuard.Resolver resolver) {
        this(database, rateLimits, smtpUrl, notifications, outboundAllow, metricsToken, metricsPort, clock, webhookRetries,
                resolver, Config.FileStorage.DEFAULTS);
    }

    private TestServer(String database, boolean rateLimits, String smtpUrl, boolean notifications, List<String> outboundAllow,
                       String metricsToken, boolean metricsPort, Clock clock, List<Duration> webhookRetries,
                       org.parley.outbound.UrlGuard.Resolver resolver, Config.FileStorage files) {
        this.resolver = resolver;
        try {
            this.database = database;
            this.clock = clock;
            this.dataDir = Files.createTempDirectory("parley-test");
            int port = freePort();
            this.baseUrl = "http://127.0.0.1:" + port;
            String url;
            if (database.equals("sqlite")) {
                url = "jdbc:sqlite:" + dataDir.resolve("parley.db");
                schema = null;
            } else if (database.equals("postgresql")) {
                url = System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES);
                schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
            } else {
                throw new IllegalArgumentException(database);
            }
            // Notification tests get short delays (push 1 s, email 2 s), the SMTP listener and the inbound secret;
            // other nodes notify only after 10 minutes, so no test sees pushes or emails it did not ask for.
            Duration pushDelay = notifications ? Duration.ofSeconds(1) : Duration.ofMinutes(10);
            Duration emailDelay = notifications ? Duration.ofSeconds(2) : Duration.ofMinutes(10);
            this.config = new Config(port, dataDir, url, baseUrl, null, rateLimits, false, smtpUrl, "Parley Test <parley@example.com>",
                    "mailto:push-test@example.com", pushDelay, emailDelay, "reply.example",
                    notifications ? freePort() : null, "127.0.0.1", notifications ? INBOUND_SECRET : null, smtpUrl == null,
                    Config.DemoShop.ANY, Config.Signup.CLOSED, Config.DEFAULT_SOCKETS_PER_IP, outboundAllow,
                    Config.Retention.DEFAULTS, metricsToken, metricsPort ? freePort() : null, "127.0.0.1", Duration.ofSeconds(10),
                    webhookRetries, files);
            this.wiring = new Wiring(config, clock, schema, resolver).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A node with these file settings (limits, or an S3 store) and this clock (signed links expire on it). */
    public static TestServer startWithFiles(String database, Clock clock, Config.FileStorage files) {
        return new TestServer(database, false, null, false, List.of(), METRICS_TOKEN, false, clock,
                Config.DEFAULT_WEBHOOK_RETRIES, java.net.InetAddress::getAllByName, files);
    }

    public static TestServer start(String database) {
        return new TestServer(database, false, null);
    }

    /** A node that sends its email through the given SMTP server (e.g. {@link MailServer#url()}). */
    public static TestServer startWithSmtp(String database, String smtpUrl) {
        return new TestServer(database, false, smtpUrl);
    }

    /**
     * A node for notification tests: email through {@code smtpUrl}, email delay 2 s, push delay 1 s, the reply
     * SMTP listener on a free loopback port ({@link #smtpListenPort()}), inbound secret {@link #INBOUND_SECRET},
     * and outbound requests allowed to {@code outboundAllow} (see {@link #startAllowingOutbound}).
     */
    public static TestServer startWithNotifications(String database, String smtpUrl, String... outboundAllow) {
        return new TestServer(database, false, smtpUrl, true, List.of(outboundAllow));
    }

    /**
     * A node whose outbound requests (web push) may reach these destinations although they are private
     * ({@code PARLEY_OUTBOUND_ALLOW} entries, e.g. {@code 127.0.0.1:<port of a local push service>}): the
     * guard stays on, everything else on loopback is refused as in production.
     */
    public static TestServer startAllowingOutbound(String database, String... outboundAllow) {
        return new TestServer(database, false, null, false, List.of(outboundAllow));
    }

    public Config config() {
        return config;
    }

    /** The port of the node's reply-by-email SMTP listener (null when it has none). */
    public Integer smtpListenPort() {
        return config.smtpListenPort();
    }

    /** A node with the given metrics token (null: none) and, if asked, the separate metrics port ({@link #metricsPort}). */
    public static TestServer startWithMetrics(String database, String token, boolean metricsPort) {
        return new TestServer(database, false, null, false, List.of(), token, metricsPort, Clock.systemUTC());
    }

    /** A node on {@code clock} (e.g. a {@link MovableClock}), so a test moves time past a timer instead of waiting. */
    public static TestServer startWithClock(String database, Clock clock) {
        return new TestServer(database, false, null, false, List.of(), METRICS_TOKEN, false, clock);
    }

    /** A node on {@code clock} whose outbound requests may reach {@code outboundAllow} (see {@link #startAllowingOutbound}). */
    public static TestServer startWithClockAllowingOutbound(String database, Clock clock, String... outboundAllow) {
        return new TestServer(database, false, null, false, List.of(outboundAllow), METRICS_TOKEN, false, clock);
    }

    /** The port of the node's separate metrics listener (PARLEY_METRICS_PORT), or null. */
    public Integer metricsPort() {
        return wiring.metricsPort();
    }

    /**
     * A node for webhook tests: email through {@code smtpUrl} (may be null), webhook retries after {@code retries}
     * (PARLEY_WEBHOOK_RETRY_SCHEDULE), host names resolved by {@code resolver}, outbound allowed to {@code outboundAllow}.
     */
    public static TestServer startForWebhooks(String database, String smtpUrl, List<Duration> retries,
                                              org.parley.outbound.UrlGuard.Resolver resolver, String... outboundAllow) {
        return new TestServer(database, false, smtpUrl, false, List.of(outboundAllow), METRICS_TOKEN, false,
                Clock.systemUTC(), retries, resolver);
    }

    public static TestServer startWithRateLimits(String database, String... outboundAllow) {
        return new TestServer(database, true, null, false, List.of(outboundAllow));
    }

    /**
     * Stops the node and starts a new one on the same database and port, as an operator's restart would: the stop
     * is the graceful one SIGTERM runs (Wiring.close: sockets get 1012, queued writes commit).
     */
    public void restart() {
        restart(Duration.ZERO);
    }

    /** A restart with the node down for {@code downtime}: clients see their connections drop and retry. */
    public void restart(Duration downtime) {
        wiring.close();
        try {
            Thread.sleep(downtime.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        wiring = new Wiring(config, clock, schema, resolver).start();
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String database() {
        return database;
    }

    public Wiring wiring() {
        return wiring;
    }

    public Http http() {
        return new Http(baseUrl);
    }

    /** Creates a workspace with an owner, an agent (both signed in) and an API key. */
    public Tenant tenant(String name) {
        Workspace ws = wiring.workspaces.create(name, List.of("https://shop.example"), null);
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        Agent owner = agent(ws, "owner-" + suffix + "@example.com", Role.OWNER);
        Agent agent = agent(ws, "agent-" + suffix + "@example.com", Role.AGENT);
        Http.Response key = owner.http().post("/api/v1/api-keys", Map.of("name", "test integration"));
        if (key.status() != 201) {
            throw new IllegalStateException("api key: " + key.raw());
        }
        return new Tenant(ws, owner, agent, key.body().get("key").asText());
    }

    public Agent agent(Workspace ws, String email, Role role) {
        var created = wiring.agents.create(ws.id(), email, "Agent " + email.substring(0, 5), PASSWORD, role);
        return login(created.id(), email, PASSWORD);
    }

    public Agent login(String agentId, String email, String password) {
        Http.Response login = http().post("/api/v1/auth/login", Map.of("email", email, "password", password));
        if (login.status() != 200) {
            throw new IllegalStateException("login: " + login.raw());
        }
        String cookie = login.header("set-cookie").split(";")[0];
        return new Agent(agentId, email, cookie, http().with("Cookie", cookie).with("Origin", baseUrl));
    }

    public Visitor visitor(Tenant tenant) {
        Http.Response session = http().post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey()));
        if (session.status() != 200) {
            throw new IllegalStateException("session: " + session.raw());
        }
        JsonNode body = session.body();
        String token = body.get("token").asText();
        return new Visitor(token, body.get("visitor_id").asText(), body.get("contact_id").asText(), http().bearer(token));
    }

    /** Starts a conversation for the visitor with a first message; returns the conversation id. */
    public String conversation(Visitor visitor, String firstText) {
        Http.Response created = visitor.http().post("/api/v1/visitor/conversations",
                Map.of("client_msg_id", "first-" + UUID.randomUUID(), "text", firstText));
        if (created.status() != 201) {
            throw new IllegalStateException("conversation: " + created.raw());
        }
        return created.body().get("conversation").get("id").asText();
    }

    /** A visitor socket, authenticated and resumed with no cursors, as the widget starts one. */
    public WsClient visitorSocket(Visitor visitor) {
        WsClient ws = WsClient.connect(baseUrl, "/ws/visitor");
        ws.send(Map.of("type", "auth", "token", visitor.token()));
        ws.awaitType("ready");
        ws.send(Map.of("type", "resume", "cursors", Map.of()));
        ws.awaitType("resumed");
        return ws;
    }

    /** An agent socket authenticated by its session cookie (same-origin upgrade), resumed from "now". */
    public WsClient agentSocket(Agent agent) {
        WsClient ws = WsClient.connect(baseUrl, "/ws/agent", Map.of("Cookie", agent.cookie(), "Origin", baseUrl));
        ws.send(Map.of("type", "auth"));
        long cursor = ws.awaitType("ready").get("cursor").asLong();
        ws.send(Map.of("type", "resume", "cursor", cursor));
        ws.awaitType("resumed");
        return ws;
    }

    /** The JDBC URL of this node's database for another process (PostgreSQL: with the node's schema). */
    public String databaseUrl() {
        if (schema == null) {
            return config.databaseUrl();
        }
        return config.databaseUrl() + (config.databaseUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    /** A direct JDBC connection to the same database, to check what is stored. */
    public Connection jdbc() throws SQLException {
        if (database.equals("sqlite")) {
            return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("parley.db"));
        }
        Connection connection = DriverManager.getConnection(
                System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES));
        connection.setSchema(schema);
        return connection;
    }

    public long count(String sql, Object... args) {
        try (Connection c = jdbc(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (var rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs one statement on the database directly (to age or seed rows); returns the rows changed. */
    public int execute(String sql, Object... args) {
        try (Connection c = jdbc(); var statement = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A page view of {@code url} sent by the visitor's loader from https://shop.example (204 expected). */
    public void beacon(Tenant tenant, Visitor visitor, String url) {
        Http.Response sent = http().with("Origin", "https://shop.example").sendBody("POST", "/api/v1/widget/activity",
                Http.JSON.createObjectNode().put("key", tenant.widgetKey()).put("token", visitor.token())
                        .set("events", Http.JSON.createArrayNode().add(Http.JSON.createObjectNode().put("type", "page_view")
                                .put("url", url).put("at", System.currentTimeMillis()))).toString());
        if (sent.status() != 204) {
            throw new IllegalStateException("beacon: " + sent.raw());
        }
    }

    @Override
    public void close() {
        wiring.close();
        if (schema != null) {
            try (Connection c = DriverManager.getConnection(
                    System.getenv().getOrDefault("PARLEY_TEST_POSTGRES_URL", DEFAULT_POSTGRES));
                 var statement = c.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
