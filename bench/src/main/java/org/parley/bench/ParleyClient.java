package org.parley.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The few REST calls the bench needs, and opening authenticated visitor and agent sockets. */
public final class ParleyClient {

    public static final ObjectMapper JSON = new ObjectMapper();
    /** Each HttpClient reads all its sockets on one selector thread: spread sockets over a few. */
    private static final int SOCKET_CLIENTS = 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final String workspaceKey;
    /** The workspace agents sign in to; null: the account's oldest (the demo workspace, for the demo agent). */
    private final String workspaceId;
    private final HttpClient rest;
    private final HttpClient[] socketClients = new HttpClient[SOCKET_CLIENTS];
    private final AtomicInteger nextClient = new AtomicInteger();

    public ParleyClient(URI base, String workspaceKey) {
        this(base, workspaceKey, null);
    }

    /** A client of another workspace: visitors use its widget key, agents sign in to it by id. */
    public ParleyClient(URI base, String workspaceKey, String workspaceId) {
        this.base = base;
        this.workspaceKey = workspaceKey;
        this.workspaceId = workspaceId;
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        this.rest = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(TIMEOUT).executor(executor).build();
        for (int i = 0; i < SOCKET_CLIENTS; i++) {
            socketClients[i] = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(TIMEOUT).executor(executor).build();
        }
    }

    /** A visitor: its token, and optionally one conversation of its own. */
    public record Visitor(String token, String conversationId) {
    }

    /** POST /api/v1/visitor/session: a new visitor of the workspace; returns its token. */
    public String newVisitorToken() throws IOException, InterruptedException {
        JsonNode body = post("/api/v1/visitor/session", Map.of("workspace_key", workspaceKey), null, 200);
        return required(body, "token");
    }

    /** A new visitor with one new conversation (POST /api/v1/visitor/conversations, body {}). */
    public Visitor newVisitorWithConversation() throws IOException, InterruptedException {
        String token = newVisitorToken();
        JsonNode created = post("/api/v1/visitor/conversations", Map.of(), "Bearer " + token, 201);
        // The server answers {"conversation":{"id":...},...}; a bare {"id":...} is accepted too.
        JsonNode conversation = created.has("conversation") ? created.get("conversation") : created;
        return new Visitor(token, required(conversation, "id"));
    }

    /** POST /api/v1/auth/login; returns the {@code parley_session=...} cookie pair. */
    public String agentCookie(String email, String password) throws IOException, InterruptedException {
        Map<String, String> login = workspaceId == null ? Map.of("email", email, "password", password)
                : Map.of("email", email, "password", password, "workspace_id", workspaceId);
        HttpResponse<String> response = send(request("/api/v1/auth/login").POST(body(login)).build());
        expect(response, 200);
        return response.headers().allValues("set-cookie").stream()
                .map(cookie -> cookie.split(";", 2)[0].trim())
                .filter(pair -> pair.startsWith("parley_session="))
                .findFirst()
                .orElseThrow(() -> new IOException("login answered 200 without a parley_session cookie"));
    }

    /**
     * Turns off every flow of the signed-in agent's workspace, so the message path is measured alone: the demo
     * workspace's stylist flow would otherwise answer every conversation a run opens (docs/bots.md). Returns how
     * many were turned off.
     */
    public int disableFlows(String cookie) throws IOException, InterruptedException {
        Map<String, String> headers = Map.of("Cookie", cookie, "Origin", base.toString());
        HttpRequest.Builder list = request("/api/v1/flows").GET();
        headers.forEach(list::header);
        HttpResponse<String> flows = send(list.build());
        expect(flows, 200);
        int disabled = 0;
        for (JsonNode flow : JSON.readTree(flows.body()).path("flows")) {
            if (flow.path("enabled").asBoolean()) {
                HttpRequest.Builder patch = request("/api/v1/flows/" + flow.path("id").asText())
                        .method("PATCH", body(Map.of("enabled", false)));
                headers.forEach(patch::header);
                expect(send(patch.build()), 200);
                disabled++;
            }
        }
        return disabled;
    }

    /** Opens /ws/visitor and authenticates; completes when {@code ready} arrives. */
    public CompletableFuture<FrameSocket> openVisitor(String token, FrameSocket.Handler handler) {
        FrameSocket socket = new FrameSocket(handler);
        String auth = FrameSocket.json(Map.of("type", "auth", "token", token));
        return open(socket, "/ws/visitor", Map.of(), auth);
    }

    /** Opens /ws/agent with the session cookie and our own Origin; completes when {@code ready} arrives. */
    public CompletableFuture<FrameSocket> openAgent(String cookie, FrameSocket.Handler handler) {
        FrameSocket socket = new FrameSocket(handler);
        Map<String, String> headers = Map.of("Cookie", cookie, "Origin", base.toString());
        return open(socket, "/ws/agent", headers, FrameSocket.json(Map.of("type", "auth")));
    }

    private CompletableFuture<FrameSocket> open(FrameSocket socket, String path, Map<String, String> headers,
                                                String auth) {
        HttpClient client = socketClients[Math.floorMod(nextClient.getAndIncrement(), SOCKET_CLIENTS)];
        WebSocket.Builder builder = client.newWebSocketBuilder().connectTimeout(TIMEOUT);
        headers.forEach(builder::header);
        String scheme = base.getScheme().equals("https") ? "wss" : "ws";
        URI uri = URI.create(scheme + base.toString().substring(base.getScheme().length()) + path);
        return builder.buildAsync(uri, socket)
                .thenCompose(ws -> socket.send(auth))
                .thenCompose(sent -> socket.ready())
                .thenApply(ready -> socket)
                .orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        socket.abort();
                    }
                });
    }

    private JsonNode post(String path, Object payload, String authorization, int status)
            throws IOException, InterruptedException {
        return postWith(path, payload, authorization == null ? Map.of() : Map.of("Authorization", authorization), status);
    }

    /** POST with extra headers (a session {@code Cookie}, an API key's {@code Authorization}); the answer's JSON. */
    JsonNode postWith(String path, Object payload, Map<String, String> headers, int status)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path).POST(body(payload));
        headers.forEach(request::header);
        HttpResponse<String> response = send(request.build());
        expect(response, status);
        return JSON.readTree(response.body());
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
    }

    /** Sends once more after an I/O failure (a kept-alive connection the server had just closed). */
    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        try {
            return rest.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException first) {
            System.err.println("bench: retrying " + request.uri().getPath() + " once after: " + first);
            Thread.sleep(200);
            return rest.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    private static HttpRequest.BodyPublisher body(Object payload) {
        return HttpRequest.BodyPublishers.ofString(FrameSocket.json(payload));
    }

    private static void expect(HttpResponse<String> response, int status) throws IOException {
        if (response.statusCode() != status) {
            String body = response.body();
            throw new IOException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + " (expected " + status + "): "
                    + (body.length() > 300 ? body.substring(0, 300) + "..." : body));
        }
    }

    private static String required(JsonNode body, String field) throws IOException {
        JsonNode value = body.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("response has no \"" + field + "\": " + body);
        }
        return value.asText();
    }
}
