package org.parley.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * The handover protocol end to end with the example bot of examples/example-bot, run as its own process from its
 * source file, on real signed webhooks (docs/apps.md): the bot owns a new conversation and answers, the visitor asks
 * for a human, the bot passes control, an agent answers, the bot gets standby events and its messages are refused
 * until it takes control back.
 */
class HandoverIT {
    static final Path BOT = Path.of("examples/example-bot/ExampleBot.java");

    TestServer server;
    Process bot;

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.destroyForcibly();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theExampleBotOwnsPassesStandsByAndTakesBack() throws Exception {
        assertThat(Files.exists(BOT)).as("run from the project root").isTrue();
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        server = TestServer.startAllowingOutbound("sqlite", "127.0.0.1:" + port);
        TestServer.Tenant shop = server.tenant("Example bot shop");
        Http.Response created = shop.owner().http().post("/api/v1/apps", Map.of("name", "Example bot",
                "webhook_url", "http://127.0.0.1:" + port + "/webhook", "primary_receiver", true,
                "events", java.util.List.of("message.created", "conversation.created", "conversation.handed_over")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        bot = startBot(port, created.body().get("token").asText(), created.body().get("webhook_secret").asText());

        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "Hello there");
        awaitMessage(visitor, "You said: Hello there");
        JsonNode answer = lastMessage(visitor);
        assertThat(answer.get("sender").get("name").asText()).isEqualTo("Example bot");
        assertThat(answer.get("content").get("quick_replies").get(0).get("payload").asText()).isEqualTo("human");

        // The visitor asks for a person: the bot says so and passes the thread to the humans, with metadata.
        visitorSays(visitor, conversation, "I want a human please");
        awaitMessage(visitor, "Let me get you a person");
        await(() -> owner(shop, conversation).contains("humans"), "the bot passed the thread");

        // An agent answers; the bot now gets the thread's events in standby.
        Http.Response reply = shop.agent().http().post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "sam-1", "text", "Hi, Sam here. How can I help?"));
        assertThat(reply.status()).as(reply.raw()).isEqualTo(201);
        await(() -> botLog(port).contains("standby message.created from agent"), "the bot got the agent's reply in standby");

        // The visitor wants the bot back: refused while standing by, then taken, then it answers.
        visitorSays(visitor, conversation, "bot please");
        awaitMessage(visitor, "I'm back! What can I do for you?");
        String log = botLog(port);
        assertThat(log).contains("standby message.created: bot please", "send while standby 409", "took 200",
                "sent after take 201");
        assertThat(owner(shop, conversation)).contains("\"app\"");
        JsonNode messages = visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").body()
                .get("messages");
        assertThat(messages.findValuesAsText("text")).doesNotContain("I'm back!");

        // What the bot did and what the agents saw: every ownership change is an event with its reason.
        JsonNode lines = shop.agent().http().get("/api/v1/conversations/" + conversation + "/messages").body().get("messages");
        assertThat(lines.toString()).contains("passed").contains("taken");

        // The bot refuses unsigned, wrongly signed and stale deliveries.
        assertThat(postToBot(port, Map.of(), "{}")).isEqualTo(401);
        long now = Instant.now().getEpochSecond();
        assertThat(postToBot(port, Map.of("webhook-id", "msg_x", "webhook-timestamp", String.valueOf(now),
                "webhook-signature", "v1,AAAA"), "{}")).isEqualTo(401);
        assertThat(postToBot(port, Map.of("webhook-id", "msg_y", "webhook-timestamp", String.valueOf(now - 3600),
                "webhook-signature", "v1,AAAA"), "{}")).isEqualTo(401);
    }

    Process startBot(int port, String token, String secret) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder builder = new ProcessBuilder(java, BOT.toString()).redirectErrorStream(true);
        builder.environment().putAll(Map.of("PARLEY_URL", server.baseUrl(), "PARLEY_APP_TOKEN", token,
                "WEBHOOK_SECRET", secret, "PORT", String.valueOf(port)));
        Process process = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        assertThat(line).as("the bot starts").isEqualTo("listening on " + port);
        Thread.ofVirtual().start(() -> out.lines().forEach(l -> System.out.println("[example-bot] " + l)));
        return process;
    }

    static void visitorSays(TestServer.Visitor visitor, String conversation, String text) {
        Http.Response sent = visitor.http().post("/api/v1/visitor/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "v-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    static JsonNode lastMessage(TestServer.Visitor visitor) {
        JsonNode list = visitor.http().get("/api/v1/visitor/conversations").body().get("conversations");
        String id = list.get(0).get("id").asText();
        JsonNode messages = visitor.http().get("/api/v1/visitor/conversations/" + id + "/messages").body().get("messages");
        return messages.get(messages.size() - 1);
    }

    static void awaitMessage(TestServer.Visitor visitor, String prefix) {
        await(() -> lastMessage(visitor).get("text").asText().startsWith(prefix), "the visitor sees \"" + prefix + "\"");
    }

    static String owner(TestServer.Tenant shop, String conversation) {
        return shop.agent().http().get("/api/v1/conversations/" + conversation).body().path("conversation").path("owner").toString();
    }

    static String botLog(int port) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/log")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static int postToBot(int port, Map<String, String> headers, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/webhook"))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
