package org.parley;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * The graceful stop SIGTERM runs (Parley.stop, Wiring.close; docs/operations.md): sockets are told 1012, writes
 * queued at that moment commit instead of failing, requests in progress are answered, and the node is gone
 * within the bound. In process on both databases, and once as a real process sent SIGTERM.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class GracefulShutdownIT {
    private static final int REST_SENDS = 40;
    private static final int SOCKET_SENDS = 10;

    @Parameter
    String database;

    @Test
    void queuedWritesCommitAndEverySocketIsToldToComeBack() throws Exception {
        try (TestServer server = TestServer.start(database);
             ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            TestServer.Tenant tenant = server.tenant("Shutdown shop");
            String prefix = "gs-" + UUID.randomUUID() + "-";
            String conversation = server.conversation(server.visitor(tenant), "hello");
            List<WsClient> agentSockets = List.of(server.agentSocket(tenant.agent()), server.agentSocket(tenant.owner()));
            List<WsClient> visitorSockets = new ArrayList<>();
            List<String> visitorConversations = new ArrayList<>();
            for (int i = 0; i < SOCKET_SENDS; i++) {
                TestServer.Visitor visitor = server.visitor(tenant);
                visitorConversations.add(server.conversation(visitor, "hi " + i));
                visitorSockets.add(server.visitorSocket(visitor));
            }

            // Hold the workspace's writer, so that every send below is queued when the stop begins.
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Object> blocker = CompletableFuture.supplyAsync(() -> server.wiring().database.write(
                    tenant.workspace().id(), h -> {
                        try {
                            return release.await(60, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    }), clients);
            List<CompletableFuture<Http.Response>> rest = new ArrayList<>();
            for (int i = 0; i < REST_SENDS; i++) {
                String id = prefix + "rest-" + i;
                rest.add(CompletableFuture.supplyAsync(() -> tenant.agent().http().post(
                        "/api/v1/conversations/" + conversation + "/messages", Map.of("client_msg_id", id, "text", id)), clients));
            }
            for (int i = 0; i < SOCKET_SENDS; i++) {
                String id = prefix + "ws-" + i;
                visitorSockets.get(i).send(Map.of("type", "send", "conversation_id", visitorConversations.get(i),
                        "client_msg_id", id, "text", id));
            }
            // Every send should be queued behind the held writer; on a machine under heavy load a few may still be
            // on their way when the wait ends. Those meet a stopping node (503 or a refused connection): they are
            // not acknowledged, and the checks below hold for every send that was.
            int queued;
            try {
                queued = awaitPending(server, 1 + REST_SENDS + SOCKET_SENDS) - 1;
                assertThat(queued).as("sends queued behind the held writer").isGreaterThanOrEqualTo((REST_SENDS + SOCKET_SENDS) * 8 / 10);
            } catch (AssertionError e) {
                release.countDown();
                throw e;
            }

            long started = System.nanoTime();
            CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> Parley.stop(server.wiring()), clients);
            for (WsClient socket : concat(agentSockets, visitorSockets)) {
                assertThat(socket.awaitClose()).as("close code").isEqualTo(1012);
            }
            assertThat(stop).as("the stop waits for the queued writes").isNotDone();
            release.countDown();
            stop.get(20, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertThat(took).as("within the bound").isLessThan(server.config().shutdownTimeout());
            assertThat(blocker.get()).isEqualTo(true);

            int acknowledged = 0;
            for (CompletableFuture<Http.Response> sent : rest) {
                Http.Response response = sent.handle((r, e) -> r).get();
                if (response != null && response.status() == 201) {
                    acknowledged++;
                    assertThat(server.count("SELECT COUNT(*) FROM messages WHERE id = ?", response.body().get("message_id").asText()))
                            .as("an acknowledged send is stored").isEqualTo(1);
                } else if (response != null) {
                    assertThat(response.status()).as("a send that came after the stop began: " + response.raw()).isEqualTo(503);
                }
            }
            long stored = server.count("SELECT COUNT(*) FROM messages WHERE client_msg_id LIKE ?", prefix + "%");
            // A queued send that failed in the drain would answer 500; only a send that came after the stop
            // began meets the stopped writer's 503 (checked above). So every queued send is stored.
            assertThat(stored).as("every acknowledged send is stored (REST and WebSocket)").isGreaterThanOrEqualTo(acknowledged);
            for (int i = 0; i < SOCKET_SENDS; i++) {
                for (JsonNode ack : visitorSockets.get(i).drain(Duration.ZERO)) {
                    if ("ack".equals(ack.path("type").asText())) {
                        assertThat(server.count("SELECT COUNT(*) FROM messages WHERE id = ?", ack.get("message_id").asText()))
                                .isEqualTo(1);
                    }
                }
            }
            assertThatThrownBy(() -> server.http().get("/health")).as("no longer listening").isInstanceOf(RuntimeException.class);
        }
    }

    @Test
    void sigtermStopsTheRealProcessGracefully() throws Exception {
        assumeTrue(database.equals("sqlite"), "one process run is enough: the stop does not depend on the database");
        Path jar = Path.of("target/parley.jar");
        assumeTrue(Files.exists(jar), "target/parley.jar is built by `mvn package` (before the ITs of `mvn verify`)");
        Path data = Files.createTempDirectory("parley-sigterm");
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        ProcessBuilder builder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "--enable-native-access=ALL-UNNAMED", "-jar", jar.toString())
                .redirectErrorStream(true).redirectOutput(data.resolve("out.log").toFile());
        builder.environment().putAll(Map.of("PARLEY_PORT", String.valueOf(port), "PARLEY_DATA_DIR", data.toString(),
                "PARLEY_BASE_URL", base, "PARLEY_RATE_LIMITS", "off", "PARLEY_SHUTDOWN_TIMEOUT", "20s"));
        builder.environment().remove("PARLEY_DATABASE_URL");
        Process process = builder.start();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            awaitHealthy(base, process);
            Http http = new Http(base);
            JsonNode session = http.post("/api/v1/visitor/session", Map.of("workspace_key", DemoWorkspace.WIDGET_KEY)).body();
            Http visitor = http.bearer(session.get("token").asText());
            Http.Response created = visitor.post("/api/v1/visitor/conversations",
                    Map.of("client_msg_id", "first-" + UUID.randomUUID(), "text", "hello"));
            String conversation = created.body().get("conversation").get("id").asText();
            Http.Response login = http.post("/api/v1/auth/login",
                    Map.of("email", DemoWorkspace.AGENT_EMAIL, "password", DemoWorkspace.AGENT_PASSWORD));
            String cookie = login.header("set-cookie").split(";")[0];
            Http agent = http.with("Cookie", cookie).with("Origin", base);
            WsClient visitorSocket = WsClient.connect(base, "/ws/visitor");
            visitorSocket.send(Map.of("type", "auth", "token", session.get("token").asText()));
            visitorSocket.awaitType("ready");
            WsClient agentSocket = WsClient.connect(base, "/ws/agent", Map.of("Cookie", cookie, "Origin", base));
            agentSocket.send(Map.of("type", "auth"));
            agentSocket.awaitType("ready");

            String prefix = "sig-" + UUID.randomUUID() + "-";
            List<CompletableFuture<Http.Response>> sends = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String id = prefix + i;
                sends.add(CompletableFuture.supplyAsync(() -> agent.post("/api/v1/conversations/" + conversation + "/messages",
                        Map.of("client_msg_id", id, "text", id)), clients));
            }
            while (sends.stream().filter(CompletableFuture::isDone).count() < 5) {
                Thread.sleep(1); // SIGTERM with most of them in flight
            }
            long started = System.nanoTime();
            process.destroy(); // SIGTERM
            assertThat(visitorSocket.awaitClose()).isEqualTo(1012);
            assertThat(agentSocket.awaitClose()).isEqualTo(1012);
            assertThat(process.waitFor(25, TimeUnit.SECONDS)).as("exited").isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            assertThat(process.exitValue()).as("exit status after SIGTERM").isEqualTo(143);
            assertThat(Files.readString(data.resolve("out.log"))).contains("stopped in");

            List<String> acknowledged = new ArrayList<>();
            for (CompletableFuture<Http.Response> send : sends) {
                try {
                    Http.Response response = send.get(30, TimeUnit.SECONDS);
                    if (response.status() == 201) {
                        acknowledged.add(response.body().get("client_msg_id").asText());
                    }
                } catch (java.util.concurrent.ExecutionException refused) {
                    // sent after the listening socket closed: the client retries elsewhere
                }
            }
            assertThat(acknowledged).as("the sends in flight were answered, not cut").isNotEmpty();
            try (var db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("parley.db"));
                 var query = db.prepareStatement("SELECT client_msg_id FROM messages WHERE client_msg_id LIKE ?")) {
                query.setString(1, prefix + "%");
                List<String> stored = new ArrayList<>();
                try (var rs = query.executeQuery()) {
                    while (rs.next()) {
                        stored.add(rs.getString(1));
                    }
                }
                assertThat(stored).as("every acknowledged send is stored").containsAll(acknowledged);
            }
        } finally {
            process.destroyForcibly();
        }
    }

    /** Waits (at most 30 s) until {@code writes} are queued; returns how many were. */
    private static int awaitPending(TestServer server, int writes) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        int pending;
        while ((pending = server.wiring().database.pendingWrites()) < writes && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
        return pending;
    }

    private static void awaitHealthy(String base, Process process) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            assertThat(process.isAlive()).as("the process started").isTrue();
            try {
                if (new Http(base).get("/health").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no /health within 60 s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
