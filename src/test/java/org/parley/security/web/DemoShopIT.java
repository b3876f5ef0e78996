package org.parley.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.Wiring;
import org.parley.config.Config;
import org.parley.testing.Http;

/** The demo shop exists only with the demo: a production server serves no page that embeds any workspace's widget. */
class DemoShopIT {
    @Test
    void withTheDemoOffThereIsNoDemoShop() throws Exception {
        try (Node node = Node.start(Map.of("PARLEY_DEMO", "off"))) {
            assertThat(node.http.get("/demo").status()).isEqualTo(404);
            assertThat(node.http.get("/demo?workspace=wk_anything").status()).isEqualTo(404);
            assertThat(node.http.get("/demo/silk-scarf?workspace=wk_anything").status()).isEqualTo(404);
        }
    }

    @Test
    void withTheDemoOnTheShopEmbedsOnlyTheDemoWorkspace() throws Exception {
        try (Node node = Node.start(Map.of("PARLEY_DEMO", "on"))) {
            Http.Response shop = node.http.get("/demo");
            assertThat(shop.status()).isEqualTo(200);
            assertThat(shop.raw()).contains("data-workspace=\"wk_demo_donnicharm\"");
            Http.Response other = node.http.get("/demo?workspace=wk_someone_else");
            assertThat(other.status()).isEqualTo(404);
            assertThat(other.raw()).doesNotContain("wk_someone_else\"");
        }
    }

    @Test
    void aTypoInTheSettingStopsTheServerWithAClearMessage() {
        var env = Map.of("PARLEY_DEMO_SHOP", "yes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Config.fromEnv(env))
                .hasMessageContaining("PARLEY_DEMO_SHOP must be off, demo or any");
    }

    private record Node(Wiring wiring, Http http) implements AutoCloseable {
        static Node start(Map<String, String> settings) throws Exception {
            int port;
            try (ServerSocket free = new ServerSocket(0)) {
                port = free.getLocalPort();
            }
            Map<String, String> env = new HashMap<>(settings);
            env.put("PARLEY_PORT", String.valueOf(port));
            env.put("PARLEY_DATA_DIR", Files.createTempDirectory("parley-demo-shop").toString());
            env.put("PARLEY_BASE_URL", "http://127.0.0.1:" + port);
            Wiring wiring = new Wiring(Config.fromEnv(env), Clock.systemUTC(), null).start();
            return new Node(wiring, new Http("http://127.0.0.1:" + port));
        }

        @Override
        public void close() {
            wiring.close();
        }
    }
}
