package org.parley;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.config.Config;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/** What `./parley run` seeds: the Donni Charm shop, its widget and its agent's login, once. */
class DemoWorkspaceIT {
    @Test
    void theDemoShopIsSeededOnceWithAWorkingWidgetAndLogin() {
        try (TestServer server = TestServer.start("sqlite")) {
            DemoWorkspace.Seeded first = DemoWorkspace.seed(server.wiring());
            DemoWorkspace.Seeded again = DemoWorkspace.seed(server.wiring());
            assertThat(again.workspaceId()).as("a restart does not seed twice").isEqualTo(first.workspaceId());

            Http.Response config = server.http().get("/api/v1/widget/config?key=" + DemoWorkspace.WIDGET_KEY);
            assertThat(config.status()).isEqualTo(200);
            assertThat(config.body().get("workspace_name").asText()).isEqualTo(DemoWorkspace.NAME);
            assertThat(server.http().get("/demo").raw()).contains("data-workspace=\"" + DemoWorkspace.WIDGET_KEY + "\"");

            Http.Response login = server.http().post("/api/v1/auth/login",
                    Map.of("email", DemoWorkspace.AGENT_EMAIL, "password", DemoWorkspace.AGENT_PASSWORD));
            assertThat(login.status()).isEqualTo(200);
            assertThat(login.body().at("/agent/role").asText()).isEqualTo("owner");

            Http donni = server.http().with("Cookie", login.header("set-cookie").split(";")[0]);
            var open = donni.get("/api/v1/conversations?status=open").body().get("conversations");
            assertThat(open).as("two open demo conversations").hasSize(2);
            assertThat(open.get(0).at("/current_page/title").asText()).as("newest first, with its page").isEqualTo("Wool snood");
            var resolved = donni.get("/api/v1/conversations?status=resolved").body().get("conversations");
            assertThat(resolved).hasSize(3);
            // CSAT for the reports: every resolved sample conversation is rated, a mix of scores.
            java.util.List<Integer> scores = new java.util.ArrayList<>();
            for (var c : resolved) {
                scores.add(donni.get("/api/v1/conversations/" + c.get("id").asText() + "/rating").body().at("/rating/score").asInt());
            }
            assertThat(scores).containsExactlyInAnyOrder(5, 4, 2);
            assertThat(donni.get("/api/v1/canned-responses").body().get("canned_responses")).hasSize(3);
            // The knowledge base (docs/kb.md): published articles an answer step can suggest, one in French.
            assertThat(donni.get("/api/v1/kb/articles").body().get("articles")).hasSize(5);
            assertThat(donni.get("/api/v1/kb/search?q=wash+silk").body().at("/results/0/title").asText())
                    .isEqualTo("Caring for your silk scarf");
            assertThat(donni.get("/api/v1/kb/search?q=foulards&language=fr").body().at("/results/0/title").asText())
                    .isEqualTo("Entretien de votre foulard en soie");
            assertThat(donni.get("/api/v1/agents").body().get("agents").toString()).contains("Sam");
            assertThat(donni.get("/api/v1/search?q=customs").body().get("conversations")).hasSize(1);
            for (var c : open) {
                assertThat(c.at("/owner/type").asText()).as("the sample conversations stay with the humans").isEqualTo("humans");
            }

            // The stylist flow (docs/bots.md): published, and run on every conversation the widget opens.
            var flows = donni.get("/api/v1/flows").body().get("flows");
            assertThat(flows).hasSize(1);
            assertThat(flows.get(0).get("name").asText()).isEqualTo("Stylist");
            assertThat(flows.get(0).get("published_version").asInt()).isEqualTo(1);
            assertThat(config.body().at("/flows/on_open").asBoolean()).isTrue();
            Http.Response session = server.http().post("/api/v1/visitor/session", Map.of("workspace_key", DemoWorkspace.WIDGET_KEY));
            Http visitor = server.http().bearer(session.body().get("token").asText());
            String conversation = visitor.post("/api/v1/visitor/conversations", Map.of()).body().at("/conversation/id").asText();
            long deadline = System.currentTimeMillis() + 10_000;
            String last = "";
            while (!last.contains("Which style") && System.currentTimeMillis() < deadline) {
                var messages = visitor.get("/api/v1/visitor/conversations/" + conversation + "/messages").body().get("messages");
                last = messages.isEmpty() ? "" : messages.get(messages.size() - 1).get("text").asText();
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000);
            }
            assertThat(last).isEqualTo("Which style feels most like you?");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aSeedStoppedMidwayLeavesNothingAndTheNextStartSeedsItWhole(String database) {
        try (TestServer server = TestServer.start(database)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> DemoWorkspace.seed(server.wiring(), () -> {
                throw new IllegalStateException("stopped midway");
            })).hasMessageContaining("stopped midway");
            assertThat(server.count("SELECT COUNT(*) FROM workspaces WHERE widget_key = ?", DemoWorkspace.WIDGET_KEY)).isZero();
            assertThat(server.count("SELECT COUNT(*) FROM accounts WHERE email = ?", DemoWorkspace.AGENT_EMAIL)).isZero();

            DemoWorkspace.Seeded seeded = DemoWorkspace.seed(server.wiring());
            assertThat(server.count("SELECT COUNT(*) FROM conversations WHERE workspace_id = ?", seeded.workspaceId())).isEqualTo(5);
            assertThat(server.count("SELECT COUNT(*) FROM conversation_ratings WHERE workspace_id = ?", seeded.workspaceId()))
                    .isEqualTo(3);
            assertThat(server.count("SELECT COUNT(*) FROM agents WHERE workspace_id = ?", seeded.workspaceId())).isEqualTo(2);
            Http.Response login = server.http().post("/api/v1/auth/login",
                    Map.of("email", DemoWorkspace.AGENT_EMAIL, "password", DemoWorkspace.AGENT_PASSWORD));
            assertThat(login.status()).isEqualTo(200);
        }
    }

    @Test
    void healthAnswersOnlyOnceTheDemoIsSeeded() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path dir = Files.createTempDirectory("parley-boot");
        Config config = Config.fromEnv(Map.of("PARLEY_PORT", String.valueOf(port), "PARLEY_DATA_DIR", dir.toString(),
                "PARLEY_BASE_URL", "http://127.0.0.1:" + port, "PARLEY_DEMO", "on"));
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build();
        // Polls /health from before the node exists; at the first 200 the demo must be complete.
        CompletableFuture<Long> conversationsAtFirstOk = CompletableFuture.supplyAsync(() -> {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                try {
                    if (client.send(health, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                        try (var c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("parley.db"));
                             var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM conversations")) {
                            return rs.getLong(1);
                        }
                    }
                } catch (Exception notYet) {
                    Thread.onSpinWait();
                }
            }
            return -1L;
        });
        try (Wiring wiring = Parley.boot(config, Clock.systemUTC(), null)) {
            assertThat(conversationsAtFirstOk.get()).as("demo conversations when /health first said ok").isEqualTo(5);
        }
    }
}
