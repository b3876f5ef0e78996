package org.parley.security.abuse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.config.Config;
import org.parley.http.HttpServer;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * Connection exhaustion (issue 11 item 3): a trickled request head is cut, sockets per address, per
 * visitor token and per agent are capped (close 4429), and a socket that never authenticates is closed.
 * Through the real HTTP port, on a node with its limits on, on both databases. Every loop is bounded;
 * every target is loopback. Each test opens its sockets from its own loopback source address(es), so the
 * per-address counts of one test never reach another.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class ConnectionLimitsIT {
    private static final int CLOSE_TOO_MANY = 4429;
    private static final int CLOSE_UNAUTHORIZED = 4401;
    private static final Duration AUTH_DEADLINE = Duration.ofSeconds(10);

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.startWithRateLimits(database);
        tenant = server.tenant("Limits shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void aTrickledRequestHeadIsCutWhileAnIdleKeepAliveConnectionIsNot() throws Exception {
        long bound = HttpServer.HEAD_TIMEOUT.toMillis();
        // Three clients at once, so the test takes one head timeout and not three.
        CompletableFuture<RawHttp.Trickle> firstHead;
        CompletableFuture<RawHttp.Trickle> laterHead;
        CompletableFuture<Integer> idle;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            firstHead = CompletableFuture.supplyAsync(() -> RawHttp.trickle(server, "127.0.0.1", false), threads);
            laterHead = CompletableFuture.supplyAsync(() -> RawHttp.trickle(server, "127.0.0.1", true), threads);
            idle = CompletableFuture.supplyAsync(() -> RawHttp.twoRequestsApart(server, Duration.ofMillis(bound + 2_000)), threads);
        }

        assertThat(firstHead.get().closedAfterMillis()).as("first head trickled from the accept")
                .isBetween(bound - 1_000, bound + 5_000);
        assertThat(laterHead.get().answeredFirst()).isTrue();
        assertThat(laterHead.get().closedAfterMillis()).as("second head on a keep-alive connection, from its first byte")
                .isBetween(bound - 1_000, bound + 5_000);
        assertThat(idle.get()).as("a keep-alive connection idle longer than the head timeout still serves").isEqualTo(200);
    }

    @Test
    void anAddressHoldsAtMostItsCapOfSocketsWhileAnotherAddressStillConnects() {
        String crowded = "127.0.0.20";
        // Unauthenticated sockets, as in the attack; the auth deadline must not free slots while they open.
        server.wiring().gateway.authDeadline(Duration.ofMinutes(2));
        List<WsClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < Config.DEFAULT_SOCKETS_PER_IP; i++) {
                held.add(WsClient.connectFrom(crowded, server.baseUrl(), "/ws/visitor", Map.of()));
            }
            assertThat(held).noneMatch(WsClient::isClosed);

            WsClient refused = WsClient.connectFrom(crowded, server.baseUrl(), "/ws/visitor", Map.of());
            held.add(refused);
            JsonNode error = refused.awaitType("error");
            assertThat(error.get("code").asText()).isEqualTo("too_many_connections");
            assertThat(error.get("status").asInt()).isEqualTo(429);
            assertThat(refused.awaitClose()).isEqualTo(CLOSE_TOO_MANY);
            assertThat(held.get(0).isClosed()).as("the held sockets stay").isFalse();

            TestServer.Visitor visitor = server.visitor(tenant);
            try (WsClient elsewhere = WsClient.connectFrom("127.0.0.21", server.baseUrl(), "/ws/visitor", Map.of())) {
                elsewhere.send(Map.of("type", "auth", "token", visitor.token()));
                assertThat(elsewhere.awaitType("ready").get("visitor_id").asText()).isEqualTo(visitor.visitorId());
            }

            held.remove(0).close();
            assertThat(authenticatesWithinAFewTries(() -> WsClient.connectFrom(crowded, server.baseUrl(), "/ws/visitor",
                    Map.of()), visitor.token(), held)).as("a closed socket gives its slot back").isTrue();
        } finally {
            server.wiring().gateway.authDeadline(AUTH_DEADLINE);
            held.forEach(WsClient::close);
        }
    }

    @Test
    void aVisitorTokenHoldsAtMostTwentySockets() {
        TestServer.Visitor visitor = server.visitor(tenant);
        List<WsClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(visitorSocketFrom("127.0.0.30", visitor.token()));
            }
            WsClient refused = WsClient.connectFrom("127.0.0.31", server.baseUrl(), "/ws/visitor", Map.of());
            held.add(refused);
            refused.send(Map.of("type", "auth", "token", visitor.token()));
            assertThat(refused.awaitType("error").get("code").asText()).isEqualTo("too_many_connections");
            assertThat(refused.awaitClose()).as("refused at auth, from any address").isEqualTo(CLOSE_TOO_MANY);

            TestServer.Visitor other = server.visitor(tenant);
            held.add(visitorSocketFrom("127.0.0.30", other.token()));

            held.remove(0).close();
            assertThat(authenticatesWithinAFewTries(() -> WsClient.connectFrom("127.0.0.30", server.baseUrl(),
                    "/ws/visitor", Map.of()), visitor.token(), held)).as("a closed socket gives its slot back").isTrue();
        } finally {
            held.forEach(WsClient::close);
        }
    }

    @Test
    void anAgentHoldsAtMostTwentySockets() {
        List<WsClient> held = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                held.add(server.agentSocket(tenant.agent()));
            }
            WsClient refused = WsClient.connect(server.baseUrl(), "/ws/agent",
                    Map.of("Cookie", tenant.agent().cookie(), "Origin", server.baseUrl()));
            held.add(refused);
            refused.send(Map.of("type", "auth"));
            assertThat(refused.awaitType("error").get("code").asText()).isEqualTo("too_many_connections");
            assertThat(refused.awaitClose()).isEqualTo(CLOSE_TOO_MANY);

            held.add(server.agentSocket(tenant.owner())); // a teammate is not affected
            WsClient integration = WsClient.connect(server.baseUrl(), "/ws/agent");
            held.add(integration);
            integration.send(Map.of("type", "auth", "api_key", tenant.apiKey()));
            integration.awaitType("ready");
        } finally {
            held.forEach(WsClient::close);
        }
    }

    @Test
    void aSocketThatNeverAuthenticatesIsClosedAtTheAuthDeadline() {
        Duration deadline = Duration.ofSeconds(1);
        server.wiring().gateway.authDeadline(deadline);
        TestServer.Visitor visitor = server.visitor(tenant);
        long start = System.nanoTime();
        try (WsClient silent = WsClient.connectFrom("127.0.0.40", server.baseUrl(), "/ws/visitor", Map.of());
             WsClient prompt = WsClient.connectFrom("127.0.0.40", server.baseUrl(), "/ws/visitor", Map.of())) {
            prompt.send(Map.of("type", "auth", "token", visitor.token()));
            prompt.awaitType("ready");

            assertThat(silent.awaitClose()).isEqualTo(CLOSE_UNAUTHORIZED);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(deadline.minusMillis(100), Duration.ofSeconds(5));
            prompt.drain(Duration.ofSeconds(1));
            assertThat(prompt.isClosed()).as("an authenticated socket outlives the deadline").isFalse();
        } finally {
            server.wiring().gateway.authDeadline(AUTH_DEADLINE);
        }
    }

    /** An authenticated, resumed visitor socket from {@code sourceAddress}. */
    private static WsClient visitorSocketFrom(String sourceAddress, String token) {
        WsClient ws = WsClient.connectFrom(sourceAddress, server.baseUrl(), "/ws/visitor", Map.of());
        ws.send(Map.of("type", "auth", "token", token));
        ws.awaitType("ready");
        ws.send(Map.of("type", "resume", "cursors", Map.of()));
        ws.awaitType("resumed");
        return ws;
    }

    /**
     * Whether a new socket is admitted and authenticates within 10 tries, 200 ms apart: a slot is given back
     * when the server has seen the close, a moment after the client sent it.
     */
    private static boolean authenticatesWithinAFewTries(java.util.function.Supplier<WsClient> open, String token,
                                                        List<WsClient> held) {
        for (int attempt = 0; attempt < 10; attempt++) {
            WsClient ws = open.get();
            held.add(ws);
            try {
                ws.send(Map.of("type", "auth", "token", token));
                JsonNode answer = ws.await(f -> "ready".equals(f.path("type").asText()) || "error".equals(f.path("type").asText()));
                if ("ready".equals(answer.path("type").asText())) {
                    return true;
                }
            } catch (IllegalStateException refusedBeforeTheAuthWasSent) {
                // the server closed it first: refused at the upgrade
            }
            ws.awaitClose();
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
