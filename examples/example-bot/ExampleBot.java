import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An example Parley bot app (docs/apps.md) in one file of plain Java 21, no framework: run it with
 * {@code java ExampleBot.java}. It receives signed webhooks, verifies them (Standard Webhooks), answers visitors with
 * the Send API, passes the thread to the team when a visitor asks for a person, and takes it back on request.
 *
 * <p>Environment: PARLEY_URL (e.g. http://127.0.0.1:8080), PARLEY_APP_TOKEN (pa_...), WEBHOOK_SECRET (whsec_...),
 * PORT (0 picks a free one; the bot prints "listening on PORT"), BIND (default 127.0.0.1).
 */
public final class ExampleBot {
    static final Set<String> HANDOFF_WORDS = Set.of("human", "agent", "person");
    static final String TAKE_BACK = "bot please";
    static final long TOLERANCE_SECONDS = 300;

    final String parley;
    final String token;
    final byte[] secret;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Webhook ids already handled: a retried delivery is acknowledged without acting twice. */
    final Set<String> seen = Collections.synchronizedSet(new LinkedHashSet<>());
    /** What happened, one line each, for people and tests: GET /log. */
    final List<String> log = Collections.synchronizedList(new ArrayList<>());

    ExampleBot(String parley, String token, String secret) {
        this.parley = parley.endsWith("/") ? parley.substring(0, parley.length() - 1) : parley;
        this.token = token;
        this.secret = Base64.getDecoder().decode(secret.startsWith("whsec_") ? secret.substring(6) : secret);
    }

    public static void main(String[] args) throws IOException {
        ExampleBot bot = new ExampleBot(env("PARLEY_URL"), env("PARLEY_APP_TOKEN"), env("WEBHOOK_SECRET"));
        String bind = System.getenv().getOrDefault("BIND", "127.0.0.1");
        HttpServer server = HttpServer.create(new InetSocketAddress(bind, Integer.parseInt(System.getenv().getOrDefault("PORT", "0"))), 50);
        server.createContext("/webhook", bot::webhook);
        server.createContext("/log", exchange -> reply(exchange, 200, String.join("\n", List.copyOf(bot.log))));
        server.start();
        System.out.println("listening on " + server.getAddress().getPort());
        System.out.flush();
    }

    /** One delivery: verify, de-duplicate, act, then 200 (anything else makes Parley retry). */
    void webhook(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestMethod().equals("POST")) {
            reply(exchange, 405, "POST only");
            return;
        }
        byte[] body = readAtMost(exchange.getRequestBody(), 1 << 20);
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        String timestamp = exchange.getRequestHeaders().getFirst("webhook-timestamp");
        String signatures = exchange.getRequestHeaders().getFirst("webhook-signature");
        if (body == null || !verify(id, timestamp, signatures, body, System.currentTimeMillis() / 1000)) {
            log.add("rejected " + id);
            reply(exchange, 401, "bad signature");
            return;
        }
        if (!seen.add(id)) {
            reply(exchange, 200, "already handled");
            return;
        }
        try {
            handle(Json.parse(new String(body, StandardCharsets.UTF_8)));
            reply(exchange, 200, "ok");
        } catch (RuntimeException | IOException | InterruptedException e) {
            seen.remove(id); // let the retry try again
            log.add("failed " + e);
            reply(exchange, 500, "failed");
        }
    }

    /** Standard Webhooks: HMAC-SHA256 over "id.timestamp.body", base64, any of the space-separated "v1,..." entries. */
    boolean verify(String id, String timestamp, String signatures, byte[] body, long nowSeconds) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        try {
            if (Math.abs(nowSeconds - Long.parseLong(timestamp)) > TOLERANCE_SECONDS) {
                return false; // too old or too new: a replay
            }
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
            byte[] expected = mac.doFinal(body);
            for (String entry : signatures.split(" ")) {
                if (entry.startsWith("v1,")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(3)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    @SuppressWarnings("unchecked")
    void handle(Map<String, Object> event) throws IOException, InterruptedException {
        String type = (String) event.get("type");
        Map<String, Object> data = (Map<String, Object>) event.get("data");
        boolean standby = Boolean.TRUE.equals(event.get("standby"));
        if (!"message.created".equals(type)) {
            log.add((standby ? "standby " : "") + type);
            return;
        }
        Map<String, Object> message = data; // a message.created event's data is the message
        Map<String, Object> sender = (Map<String, Object>) message.get("sender");
        String conversation = (String) message.get("conversation_id");
        String text = String.valueOf(message.get("text"));
        String lower = text.toLowerCase(Locale.ROOT);
        if (!"contact".equals(sender.get("type"))) {
            log.add((standby ? "standby " : "") + "message.created from " + sender.get("type"));
            return;
        }
        if (standby) {
            log.add("standby message.created: " + text);
            if (lower.contains(TAKE_BACK)) {
                takeBack(conversation, (String) message.get("id"));
            }
            return;
        }
        String key = "example-" + message.get("id");
        if (HANDOFF_WORDS.stream().anyMatch(lower::contains) || "human".equals(payload(message))) {
            send(conversation, key, "Let me get you a person; someone from the team will answer here.", null);
            int status = call("POST", "/api/v1/conversations/" + conversation + "/thread/pass",
                    Json.write(Map.of("target", "humans", "metadata", "{\"asked\":" + Json.quote(text) + "}")));
            log.add("passed " + status);
            return;
        }
        call("POST", "/api/v1/conversations/" + conversation + "/typing", "{\"typing\":true}");
        send(conversation, key, "You said: " + text + ". Type \"human\" to talk to a person.",
                Map.of("quick_replies", List.of(Map.of("label", "Talk to a person", "payload", "human"))));
    }

    /** While the team owns the thread the bot's messages are refused; it takes the thread back first. */
    void takeBack(String conversation, String messageId) throws IOException, InterruptedException {
        int refused = send(conversation, "example-early-" + messageId, "I'm back!", null);
        log.add("send while standby " + refused);
        int took = call("POST", "/api/v1/conversations/" + conversation + "/thread/take",
                "{\"metadata\":\"the visitor asked for the bot\"}");
        log.add("took " + took);
        int sent = send(conversation, "example-back-" + messageId, "I'm back! What can I do for you?", null);
        log.add("sent after take " + sent);
    }

    @SuppressWarnings("unchecked")
    static String payload(Map<String, Object> message) {
        Object content = message.get("content");
        return content instanceof Map<?, ?> map ? (String) ((Map<String, Object>) map).get("payload") : null;
    }

    int send(String conversation, String clientMsgId, String text, Map<String, Object> content)
            throws IOException, InterruptedException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_msg_id", clientMsgId);
        body.put("text", text);
        if (content != null) {
            body.put("content", content);
        }
        int status = call("POST", "/api/v1/conversations/" + conversation + "/messages", Json.write(body));
        log.add("send " + status);
        return status;
    }

    int call(String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(parley + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static byte[] readAtMost(InputStream in, int max) throws IOException {
        byte[] bytes = in.readNBytes(max + 1);
        return bytes.length > max ? null : bytes;
    }

    static void reply(HttpExchange exchange, int status, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    static String env(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Set " + name + " (see README.md)");
        }
        return value;
    }

    /** Just enough JSON for this bot: objects, arrays, strings, numbers, booleans, null. */
    static final class Json {
        private final String text;
        private int at;

        private Json(String text) {
            this.text = text;
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.space();
            if (json.at != text.length() || !(value instanceof Map)) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return (Map<String, Object>) value;
        }

        private Object value() {
            space();
            char c = text.charAt(at);
            if (c == '{') {
                Map<String, Object> map = new LinkedHashMap<>();
                at++;
                space();
                if (text.charAt(at) == '}') {
                    at++;
                    return map;
                }
                while (true) {
                    space();
                    String key = string();
                    space();
                    expect(':');
                    map.put(key, value());
                    space();
                    if (text.charAt(at) == ',') {
                        at++;
                    } else {
                        expect('}');
                        return map;
                    }
                }
            }
            if (c == '[') {
                List<Object> list = new ArrayList<>();
                at++;
                space();
                if (text.charAt(at) == ']') {
                    at++;
                    return list;
                }
                while (true) {
                    list.add(value());
                    space();
                    if (text.charAt(at) == ',') {
                        at++;
                    } else {
                        expect(']');
                        return list;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            for (String word : List.of("true", "false", "null")) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && "+-0123456789.eE".indexOf(text.charAt(at)) >= 0) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("bad JSON at " + at);
            }
            return Double.parseDouble(text.substring(start, at));
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = text.charAt(at++);
                switch (e) {
                    case 'n' -> out.append('\n');
                    case 't' -> out.append('\t');
                    case 'r' -> out.append('\r');
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(e);
                }
            }
        }

        private void expect(char c) {
            if (at >= text.length() || text.charAt(at) != c) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
            at++;
        }

        private void space() {
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }

        static String write(Object value) {
            if (value == null) {
                return "null";
            }
            if (value instanceof String s) {
                return quote(s);
            }
            if (value instanceof Map<?, ?> map) {
                StringBuilder out = new StringBuilder("{");
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    out.append(out.length() > 1 ? "," : "").append(quote(String.valueOf(e.getKey()))).append(':')
                            .append(write(e.getValue()));
                }
                return out.append('}').toString();
            }
            if (value instanceof List<?> list) {
                StringBuilder out = new StringBuilder("[");
                for (Object item : list) {
                    out.append(out.length() > 1 ? "," : "").append(write(item));
                }
                return out.append(']').toString();
            }
            return String.valueOf(value);
        }

        static String quote(String s) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : s.toCharArray()) {
                if (c == '"' || c == '\\') {
                    out.append('\\').append(c);
                } else if (c < 0x20) {
                    out.append(String.format("\\u%04x", (int) c));
                } else {
                    out.append(c);
                }
            }
            return out.append('"').toString();
        }
    }
}
