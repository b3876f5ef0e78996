package org.parley.security.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * What the outbound security tests push to: a {@link Relay} (a push service on loopback that a node allows
 * explicitly, as an operator allows an internal relay) and a {@link Trap} (a socket on loopback that only
 * counts connections: an attacker's target inside the network), plus browser keys and the steps that make
 * Parley push (an agent reply to a visitor who is not looking).
 */
final class PushTargets {
    static final String SUBSCRIPTIONS = "/api/v1/visitor/push-subscriptions";

    private PushTargets() {
    }

    /** Counts every TCP connection made to it (any address: 127.0.0.1 and ::1), and closes it at once. */
    static final class Trap implements AutoCloseable {
        private final ServerSocket socket;
        private final AtomicInteger connections = new AtomicInteger();

        Trap() {
            try {
                socket = new ServerSocket(0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (Socket accepted = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        int connections() {
            return connections.get();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** A push service on 127.0.0.1: records each request's path, answers 201 or what {@link #answer} set. */
    static final class Relay implements AutoCloseable {
        private final HttpServer server;
        private final List<String> received = new CopyOnWriteArrayList<>();
        private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
        private final Map<String, String> locations = new ConcurrentHashMap<>();

        Relay() {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                exchange.getRequestBody().readAllBytes();
                String path = exchange.getRequestURI().getPath();
                received.add(path);
                if (locations.containsKey(path)) {
                    exchange.getResponseHeaders().add("Location", locations.get(path));
                }
                exchange.sendResponseHeaders(statuses.getOrDefault(path, 201), -1);
                exchange.close();
            });
            server.start();
        }

        /** The PARLEY_OUTBOUND_ALLOW entry for this relay: its address and port, nothing else on loopback. */
        String allowEntry() {
            return "127.0.0.1:" + server.getAddress().getPort();
        }

        String endpoint(String path) {
            return "http://" + allowEntry() + path;
        }

        void redirect(String path, int status, String location) {
            statuses.put(path, status);
            locations.put(path, location);
        }

        long received(String path) {
            return received.stream().filter(path::equals).count();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** A browser's push keys: {@code p256dh} (a fresh P-256 point) and {@code auth} (16 random bytes), base64url. */
    record Keys(String p256dh, String auth) {
        static Keys fresh() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                var point = ((ECPublicKey) generator.generateKeyPair().getPublic()).getW();
                byte[] encoded = new byte[65];
                encoded[0] = 4;
                copy(point.getAffineX().toByteArray(), encoded, 1);
                copy(point.getAffineY().toByteArray(), encoded, 33);
                byte[] auth = new byte[16];
                new java.security.SecureRandom().nextBytes(auth);
                Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
                return new Keys(b64.encodeToString(encoded), b64.encodeToString(auth));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        private static void copy(byte[] coordinate, byte[] into, int at) {
            int length = Math.min(32, coordinate.length);
            System.arraycopy(coordinate, coordinate.length - length, into, at + 32 - length, length);
        }
    }

    static String newPath() {
        return "/push/" + UUID.randomUUID();
    }

    static Http.Response subscribe(TestServer.Visitor visitor, String endpoint, Keys keys) {
        return visitor.http().post(SUBSCRIPTIONS, Map.of("endpoint", endpoint, "keys", Map.of("p256dh", keys.p256dh(),
                "auth", keys.auth())));
    }

    /** An agent answers the visitor, who has no socket open: the notifier pushes about a second later. */
    static void reply(TestServer.Tenant tenant, String conversationId) {
        Http.Response sent = tenant.agent().http().post("/api/v1/conversations/" + conversationId + "/messages",
                Map.of("client_msg_id", "r-" + UUID.randomUUID(), "text", "Your parcel left this morning"));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    /** Waits until the conversation's push job has run (sent or skipped): every subscription was tried. */
    static String awaitPushJob(TestServer server, String conversationId) {
        String[] status = new String[1];
        await("the push job", () -> {
            status[0] = pushJobStatus(server, conversationId);
            return "sent".equals(status[0]) || "skipped".equals(status[0]) || "failed".equals(status[0]);
        });
        return status[0];
    }

    private static String pushJobStatus(TestServer server, String conversationId) {
        try (var c = server.jdbc(); var st = c.prepareStatement(
                "SELECT status FROM notification_jobs WHERE conversation_id = ? AND channel = 'PUSH' ORDER BY created_at DESC")) {
            st.setString(1, conversationId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
