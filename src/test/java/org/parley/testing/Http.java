package org.parley.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A small JSON client for tests: real HTTP against the real server. */
public final class Http {
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, JsonNode body, Map<String, java.util.List<String>> headers, String raw) {
        public String header(String name) {
            var values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String errorCode() {
            return body == null ? null : body.path("error").path("code").asText(null);
        }

        public String errorMessage() {
            return body == null ? null : body.path("error").path("message").asText(null);
        }
    }

    private final String baseUrl;
    private final Map<String, String> headers = new LinkedHashMap<>();

    public Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A copy that sends this header on every request. */
    public Http with(String name, String value) {
        Http copy = new Http(baseUrl);
        copy.headers.putAll(headers);
        copy.headers.put(name, value);
        return copy;
    }

    public Http bearer(String token) {
        return with("Authorization", "Bearer " + token);
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET());
    }

    public Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).DELETE());
    }

    public Response post(String path, Object body) {
        return sendBody("POST", path, body);
    }

    public Response patch(String path, Object body) {
        return sendBody("PATCH", path, body);
    }

    /** Sends {@code body} as is when it is a String or byte[], else as JSON. */
    public Response sendBody(String method, String path, Object body) {
        byte[] bytes;
        try {
            bytes = body instanceof byte[] b ? b
                    : body instanceof String s ? s.getBytes(java.nio.charset.StandardCharsets.UTF_8)
                    : JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    /** A response whose body is bytes (file downloads). */
    public record Bytes(int status, byte[] body, Map<String, java.util.List<String>> headers) {
        public String header(String name) {
            var values = headers.get(name.toLowerCase());
            return values == null || values.isEmpty() ? null : values.get(0);
        }

        public String text() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Posts raw bytes (a file upload); {@code chunked} sends them without a Content-Length. */
    public Response upload(String path, byte[] bytes, boolean chunked) {
        HttpRequest.BodyPublisher body = chunked
                ? HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))
                : HttpRequest.BodyPublishers.ofByteArray(bytes);
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/octet-stream")
                .POST(body));
    }

    /** GET with the body as bytes. */
    public Bytes getBytes(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).GET();
        headers.forEach(builder::header);
        builder.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Bytes(response.statusCode(), response.body(), response.headers().map());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Response send(HttpRequest.Builder builder) {
        headers.forEach(builder::header);
        builder.timeout(Duration.ofSeconds(30));
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = null;
            String raw = response.body();
            if (raw != null && !raw.isEmpty() && raw.trim().startsWith("{")) {
                json = JSON.readTree(raw);
            }
            return new Response(response.statusCode(), json, response.headers().map(), raw);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
