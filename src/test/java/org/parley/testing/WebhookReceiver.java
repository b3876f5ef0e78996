package org.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook endpoint on 127.0.0.1 for tests: records every request (headers, body, the status it answered) and
 * answers what the test decides. Signatures are checked here with the test's own HMAC code (Standard Webhooks),
 * never with Parley's.
 */
public final class WebhookReceiver implements AutoCloseable {
    /** One request as received; {@code answered} is the status this receiver gave it. */
    public record Received(String id, long timestamp, String signature, String userAgent, String contentType, String body,
                           JsonNode json, long receivedAt, int answered) {
        public String type() {
            return json.path("type").asText();
        }

        /** Whether the signature header has a v1 entry made with this secret (whsec_ + base64). */
        public boolean signedWith(String secret) {
            String expected = hmac(secret, id + "." + timestamp + "." + body);
            for (String entry : signature.split(" ")) {
                if (entry.equals("v1," + expected)) {
                    return true;
                }
            }
            return false;
        }

        public int signatureCount() {
            return signature.split(" ").length;
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    /** Decides each answer: the status code (default 200). */
    public volatile Function<Received, Integer> answer = r -> 200;
    /** Extra headers of every answer (e.g. Location). */
    public volatile List<String[]> headers = List.of();
    /** The body of every answer, {@code bodySize} bytes of 'x' (0: none). */
    public volatile int bodySize = 0;
    /** How long to wait before answering. */
    public volatile long delayMillis = 0;

    private WebhookReceiver(int port) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    public static WebhookReceiver start() {
        return new WebhookReceiver(0);
    }

    /** A receiver on a given port (a test that keeps it down first, then brings it up). */
    public static WebhookReceiver startOn(int port) {
        return new WebhookReceiver(port);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port() + "/hook";
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        var h = exchange.getRequestHeaders();
        JsonNode json;
        try {
            json = Http.JSON.readTree(body);
        } catch (IOException e) {
            json = Http.JSON.createObjectNode();
        }
        String ts = h.getFirst("webhook-timestamp");
        Received pending = new Received(h.getFirst("webhook-id"), ts == null ? -1 : Long.parseLong(ts),
                String.valueOf(h.getFirst("webhook-signature")), h.getFirst("user-agent"), h.getFirst("content-type"), body,
                json, System.currentTimeMillis(), 0);
        int status = answer.apply(pending);
        received.add(new Received(pending.id(), pending.timestamp(), pending.signature(), pending.userAgent(),
                pending.contentType(), body, json, pending.receivedAt(), status));
        try {
            if (delayMillis > 0) {
                Thread.sleep(delayMillis);
            }
            headers.forEach(kv -> exchange.getResponseHeaders().add(kv[0], kv[1]));
            if (bodySize > 0) {
                exchange.sendResponseHeaders(status, bodySize);
                byte[] chunk = "x".repeat(8192).getBytes(StandardCharsets.US_ASCII);
                try (OutputStream out = exchange.getResponseBody()) {
                    for (int left = bodySize; left > 0; left -= chunk.length) {
                        out.write(chunk, 0, Math.min(left, chunk.length));
                    }
                }
            } else {
                exchange.sendResponseHeaders(status, -1);
            }
        } catch (InterruptedException | IOException e) {
            // the client hung up (a timeout or a cut response): nothing more to send
        } finally {
            exchange.close();
        }
    }

    public List<Received> all() {
        return new ArrayList<>(received);
    }

    /** The requests answered 2xx. */
    public List<Received> accepted() {
        return received.stream().filter(r -> r.answered() >= 200 && r.answered() < 300).toList();
    }

    /** Waits up to {@code seconds} until {@code done} holds for what was received; fails otherwise. */
    public List<Received> await(int seconds, String what, Predicate<List<Received>> done) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            List<Received> now = all();
            if (done.test(now)) {
                return now;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("within " + seconds + " s: " + what + "; received " + all().size() + ": "
                + all().stream().map(r -> r.type() + "/" + r.answered()).toList());
    }

    /** Base64 HMAC-SHA256 keyed with the bytes of a whsec_ secret. */
    public static String hmac(String secret, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
