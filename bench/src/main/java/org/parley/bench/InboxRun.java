package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the agent inbox feels, in headless Chromium driven over the DevTools protocol: the time
 * from navigation start to the conversation list on screen (signed in, demo data), and the time from
 * a click on another conversation to its messages on screen, first visit and cached revisit.
 * Each figure is the median of {@code rounds} fresh page loads.
 */
final class InboxRun {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEVTOOLS = Pattern.compile("DevTools listening on (ws://\\S+)");

    private final ParleyClient parley;
    private final Bench.Options options;
    private final int rounds = 7;

    InboxRun(ParleyClient parley, Bench.Options options) {
        this.parley = parley;
        this.options = options;
    }

    String run() throws Exception {
        String cookie = parley.agentCookie(options.agentEmail(), options.agentPassword());
        Path profile = Files.createTempDirectory("parley-bench-chromium");
        Process chromium = new ProcessBuilder("chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--remote-debugging-port=0", "--user-data-dir=" + profile, "--window-size=1280,900", "about:blank")
                .redirectErrorStream(true).start();
        try {
            String browserUrl = devtoolsUrl(chromium);
            URI http = URI.create(browserUrl.replaceFirst("^ws", "http"));
            JsonNode targets = JSON.readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    http.resolve("/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String pageUrl = null;
            for (JsonNode t : targets) {
                if ("page".equals(t.path("type").asText())) {
                    pageUrl = t.get("webSocketDebuggerUrl").asText();
                }
            }
            if (pageUrl == null) {
                throw new IOException("chromium has no page target");
            }
            try (Cdp page = Cdp.connect(pageUrl)) {
                String[] pair = cookie.split("=", 2);
                page.call("Network.enable", Map.of());
                page.call("Network.setCookie", Map.of("name", pair[0], "value", pair[1], "url", options.url().toString()));
                page.call("Page.enable", Map.of());
                List<Double> firstScreen = new ArrayList<>();
                List<Double> switchFirst = new ArrayList<>();
                List<Double> switchCached = new ArrayList<>();
                for (int i = 0; i < rounds; i++) {
                    page.call("Network.clearBrowserCache", Map.of());
                    CompletableFuture<JsonNode> loaded = page.next("Page.domContentEventFired");
                    page.call("Page.navigate", Map.of("url", options.url().resolve("/app").toString()));
                    loaded.get(30, TimeUnit.SECONDS);
                    firstScreen.add(page.evaluate("""
                            new Promise((resolve, reject) => {
                              const deadline = Date.now() + 15000;
                              const check = () => {
                                if (document.querySelectorAll('[data-testid=conversation-item]').length >= 2) resolve(performance.now());
                                else if (Date.now() > deadline) reject(new Error('no conversation list within 15 s'));
                                else requestAnimationFrame(check);
                              };
                              check();
                            })"""));
                    switchFirst.add(page.evaluate(switchScript(1)));
                    switchFirst.add(page.evaluate(switchScript(0)));
                    switchCached.add(page.evaluate(switchScript(1)));
                    switchCached.add(page.evaluate(switchScript(0)));
                }
                return String.format("inbox: first screen (navigation start -> conversation list, signed in, demo data)"
                                + " median %.0f ms, max %.0f ms; switching conversations (click -> its messages on screen)"
                                + " first visit median %.0f ms, cached revisit median %.0f ms; %d page loads",
                        median(firstScreen), max(firstScreen), median(switchFirst), median(switchCached), rounds);
            }
        } finally {
            chromium.destroy();
            chromium.waitFor(5, TimeUnit.SECONDS);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Clicks the list's n-th conversation and resolves with the ms until its messages are on screen. */
    private static String switchScript(int index) {
        return """
                new Promise((resolve, reject) => {
                  const item = document.querySelectorAll('[data-testid=conversation-item]')[%d];
                  const id = item.getAttribute('data-conversation-id');
                  const start = performance.now();
                  item.click();
                  const deadline = Date.now() + 15000;
                  const check = () => {
                    const view = document.querySelector("[data-testid=conversation][data-conversation-id='" + id + "']");
                    if (view && view.querySelector('[data-testid=message]')) resolve(performance.now() - start);
                    else if (Date.now() > deadline) reject(new Error('conversation not shown within 15 s'));
                    else requestAnimationFrame(check);
                  };
                  check();
                })""".formatted(index);
    }

    private static String devtoolsUrl(Process chromium) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(chromium.getInputStream()));
        long deadline = System.currentTimeMillis() + 20_000;
        String line;
        while (System.currentTimeMillis() < deadline && (line = out.readLine()) != null) {
            Matcher m = DEVTOOLS.matcher(line);
            if (m.find()) {
                // Keep draining its output so the browser never blocks on a full pipe.
                Thread.ofVirtual().start(() -> {
                    try {
                        while (out.readLine() != null) {
                            // discard
                        }
                    } catch (IOException ignored) {
                        // the browser ended
                    }
                });
                return m.group(1);
            }
        }
        throw new IOException("chromium did not print its DevTools address (is the chromium package installed?)");
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** A minimal DevTools protocol client: one call at a time, answers matched by id. */
    private static final class Cdp implements WebSocket.Listener, AutoCloseable {
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<JsonNode>> events = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;

        static Cdp connect(String url) {
            Cdp cdp = new Cdp();
            cdp.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(URI.create(url), cdp).join();
            return cdp;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            socket.sendText(JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true).join();
            JsonNode result = answer.get(30, TimeUnit.SECONDS);
            if (result.has("error")) {
                throw new IOException(method + ": " + result.get("error"));
            }
            return result.path("result");
        }

        /** The next event of this name (register before causing it). */
        CompletableFuture<JsonNode> next(String method) {
            CompletableFuture<JsonNode> event = new CompletableFuture<>();
            events.put(method, event);
            return event;
        }

        /** Evaluates a promise-returning expression in the page and returns its number. */
        double evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "awaitPromise", true,
                    "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new IOException("in the page: " + result.get("exceptionDetails").path("exception").path("description").asText());
            }
            return result.path("result").path("value").asDouble();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    if (message.has("method")) {
                        CompletableFuture<JsonNode> event = events.remove(message.get("method").asText());
                        if (event != null) {
                            event.complete(message);
                        }
                    } else if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    }
                } catch (IOException e) {
                    // not JSON: ignore
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }
}
