package org.parley.metrics;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * PARLEY_METRICS_PORT: {@code /metrics} on its own port, bound to PARLEY_METRICS_HOST (127.0.0.1 unless told
 * otherwise), for a Prometheus on the same host or network. It asks for the bearer token too when one is set.
 * The JDK's small HTTP server: it has no other route and no load.
 */
public final class MetricsListener implements AutoCloseable {
    private final com.sun.net.httpserver.HttpServer server;

    public MetricsListener(Metrics metrics, String token, String host, int port) {
        try {
            this.server = com.sun.net.httpserver.HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for metrics on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod()) || !"/metrics".equals(exchange.getRequestURI().getPath())) {
                    answer(exchange, 404, "text/plain; charset=utf-8", "not found\n");
                } else if (!MetricsHttp.authorized(exchange.getRequestHeaders().getFirst("Authorization"), token)) {
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
                    answer(exchange, 401, "text/plain; charset=utf-8", "bearer token required\n");
                } else {
                    answer(exchange, 200, Metrics.CONTENT_TYPE, metrics.scrape());
                }
            }
        });
    }

    public MetricsListener start() {
        server.start();
        return this;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
