package org.parley.bench.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import org.parley.bench.FrameSocket;
import org.parley.bench.ParleyClient;

/**
 * REST calls of the chaos clients: short timeouts, and every answer returned (status and body) rather
 * than thrown, since under the nemesis failures are the normal case. Never retries by itself.
 */
final class Rest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** A status and a parsed body (missing when it was not JSON). */
    record Answer(int status, JsonNode body) {
        boolean ok() {
            return status / 100 == 2;
        }
    }

    private final URI base;
    private final HttpClient http;

    Rest(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    URI base() {
        return base;
    }

    Answer get(String path, Map<String, String> headers) throws IOException, InterruptedException {
        return call("GET", path, null, headers);
    }

    Answer post(String path, Object body, Map<String, String> headers) throws IOException, InterruptedException {
        return call("POST", path, body, headers);
    }

    Answer call(String method, String path, Object body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(FrameSocket.json(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        headers.forEach(request::header);
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed;
        try {
            parsed = response.body().isEmpty() ? MissingNode.getInstance() : ParleyClient.JSON.readTree(response.body());
        } catch (IOException notJson) {
            parsed = MissingNode.getInstance();
        }
        return new Answer(response.statusCode(), parsed);
    }
}
