package org.parley.push;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A push service on 127.0.0.1 for tests: records every request and answers each path with the status
 * set for it (201 by default), as FCM or Mozilla's autopush would.
 */
final class LocalPushService implements AutoCloseable {
    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> statuses = new ConcurrentHashMap<>();

    LocalPushService() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, Map.copyOf(exchange.getRequestHeaders()), body));
            exchange.sendResponseHeaders(statuses.getOrDefault(path, 201), -1);
            exchange.close();
        });
        server.start();
    }

    String origin() {
        return "http://" + allowEntry();
    }

    /** The {@code PARLEY_OUTBOUND_ALLOW} entry a node needs to push here: this address and port only. */
    String allowEntry() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    String endpoint(String path) {
        return origin() + path;
    }

    void answer(String path, int status) {
        statuses.put(path, status);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
