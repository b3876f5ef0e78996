package org.parley.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.EnvNode;
import org.parley.testing.Http;
import org.parley.testing.MovableClock;
import org.parley.testing.TestServer;

/**
 * A rotated widget key keeps working exactly for the grace the admin chose, then says why it stopped; the
 * node's clock is moved, not waited for.
 */
class WidgetKeyGraceIT {
    @ParameterizedTest
    @ValueSource(strings = {"sqlite", "postgresql"})
    void theOldKeyWorksUntilTheGraceEndsThenSaysItWasReplaced(String database) throws Exception {
        MovableClock clock = new MovableClock();
        try (EnvNode node = EnvNode.start(database, Map.of(), clock)) {
            Http site = node.site();
            Http.Response setup = site.post("/api/v1/setup", Map.of("name", "Kai", "email", "kai@keys.example",
                    "password", TestServer.PASSWORD, "business_name", "Keys", "site_url", "https://keys.example"));
            String old = setup.body().at("/workspace/widget_key").asText();
            Http owner = site.with("Cookie", setup.header("set-cookie").split(";")[0]);
            String fresh = owner.post("/api/v1/workspace/widget-key/rotate", Map.of("grace_hours", 2))
                    .body().get("widget_key").asText();
            Http shop = node.http().with("Origin", "https://keys.example");

            clock.advance(Duration.ofHours(2).minusSeconds(1));
            assertThat(shop.get("/api/v1/widget/config?key=" + old).status()).as("a second before the grace ends").isEqualTo(200);
            assertThat(shop.post("/api/v1/visitor/session", Map.of("workspace_key", old)).status()).isEqualTo(200);

            clock.advance(Duration.ofSeconds(1));
            Http.Response ended = shop.get("/api/v1/widget/config?key=" + old);
            assertThat(ended.status()).as("the grace is over").isEqualTo(403);
            assertThat(ended.errorCode()).isEqualTo("widget_key_rotated");
            assertThat(ended.errorMessage()).contains("new snippet");
            assertThat(shop.post("/api/v1/visitor/session", Map.of("workspace_key", old)).status()).isEqualTo(403);
            assertThat(shop.get("/api/v1/widget/config?key=" + fresh).status()).isEqualTo(200);
        }
    }
}
