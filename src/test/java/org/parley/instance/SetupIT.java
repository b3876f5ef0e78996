package org.parley.instance;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.EnvNode;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * From an empty database to a business's first conversation, with no SQL: the setup creates the owner and
 * the workspace once; a server reachable from elsewhere asks for the token it printed in its log.
 */
class SetupIT {
    private static final Map<String, Object> SETUP = Map.of("name", "Nora Owner", "email", "nora@shop.example",
            "password", "a long enough password", "business_name", "Nora's Knits", "site_url", "https://knits.example/shop/");

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theFirstOwnerSetsUpOnceAndLandsSignedInWithAWorkingWidget(String database) {
        try (TestServer server = TestServer.start(database)) {
            Http site = server.http().with("Origin", server.baseUrl());
            Http.Response status = server.http().get("/api/v1/setup");
            assertThat(status.body().get("needed").asBoolean()).isTrue();
            assertThat(status.body().get("token_required").asBoolean()).as("a loopback server").isFalse();
            assertThat(server.http().with("Origin", "https://evil.example").post("/api/v1/setup", SETUP).status())
                    .as("cross-origin").isEqualTo(403);
            assertThat(site.post("/api/v1/setup", Map.of("name", "x", "email", "not an email", "password", "short",
                    "business_name", "B", "site_url", "https://b.example")).status()).isEqualTo(400);
            assertThat(server.count("SELECT COUNT(*) FROM workspaces")).as("a refused setup leaves nothing").isZero();

            Http.Response done = site.post("/api/v1/setup", SETUP);
            assertThat(done.status()).as(done.raw()).isEqualTo(201);
            String key = done.body().at("/workspace/widget_key").asText();
            Http owner = site.with("Cookie", done.header("set-cookie").split(";")[0]);
            Http.Response me = owner.get("/api/v1/auth/me");
            assertThat(me.body().at("/agent/role").asText()).isEqualTo("owner");
            assertThat(me.body().at("/server_admin").asBoolean()).isTrue();
            assertThat(me.body().at("/workspaces/0/name").asText()).isEqualTo("Nora's Knits");

            assertThat(server.http().get("/api/v1/setup").body().get("needed").asBoolean()).isFalse();
            Http.Response again = site.post("/api/v1/setup", Map.of("name", "Mallory", "email", "m@evil.example",
                    "password", "another long password", "business_name", "Mine now", "site_url", "https://evil.example"));
            assertThat(again.status()).isEqualTo(409);
            assertThat(again.errorCode()).isEqualTo("setup_done");

            // The site URL became the allowed origin, and the widget works there.
            Http.Response config = server.http().with("Origin", "https://knits.example").get("/api/v1/widget/config?key=" + key);
            assertThat(config.status()).isEqualTo(200);
            assertThat(config.body().get("workspace_name").asText()).isEqualTo("Nora's Knits");
            Http.Response tryPage = owner.get("/app/try");
            assertThat(tryPage.status()).isEqualTo(200);
            assertThat(tryPage.raw()).contains("data-workspace=\"" + key + "\"").contains("Nora's Knits");
            assertThat(server.http().get("/app/try").raw()).as("signed out: no widget page").doesNotContain(key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void aServerReachableFromElsewhereAsksForTheTokenItLogged(String database) throws Exception {
        Logger wiringLog = (Logger) org.slf4j.LoggerFactory.getLogger(SetupService.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        wiringLog.addAppender(logged);
        try (EnvNode node = EnvNode.start(database, Map.of("PARLEY_BASE_URL", "https://chat.knits.example"))) {
            Http site = node.site();
            assertThat(site.get("/api/v1/setup").body().get("token_required").asBoolean()).isTrue();
            String token = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.contains("setup token")).findFirst().orElseThrow().replaceAll(".*setup token ", "").strip();

            Map<String, Object> withoutToken = new HashMap<>(SETUP);
            assertThat(site.post("/api/v1/setup", withoutToken).errorCode()).isEqualTo("invalid_setup_token");
            withoutToken.put("setup_token", "st_guessed");
            assertThat(site.post("/api/v1/setup", withoutToken).status()).isEqualTo(403);
            assertThat(node.wiring().workspaces.listAll()).isEmpty();

            withoutToken.put("setup_token", token);
            assertThat(site.post("/api/v1/setup", withoutToken).status()).isEqualTo(201);
        } finally {
            wiringLog.detachAppender(logged);
        }
    }
}
