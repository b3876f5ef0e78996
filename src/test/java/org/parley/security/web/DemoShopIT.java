package org.parley.security.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.config.Config;
import org.parley.testing.EnvNode;
import org.parley.testing.Http;

/** The demo shop exists only with the demo: a production server serves no page that embeds any workspace's widget. */
class DemoShopIT {
    @Test
    void withTheDemoOffThereIsNoDemoShop() {
        try (EnvNode node = EnvNode.start("sqlite", Map.of("PARLEY_DEMO", "off"))) {
            assertThat(node.http().get("/demo").status()).isEqualTo(404);
            assertThat(node.http().get("/demo?workspace=wk_anything").status()).isEqualTo(404);
            assertThat(node.http().get("/demo/silk-scarf?workspace=wk_anything").status()).isEqualTo(404);
        }
    }

    @Test
    void withTheDemoOnTheShopEmbedsOnlyTheDemoWorkspace() {
        try (EnvNode node = EnvNode.start("sqlite", Map.of("PARLEY_DEMO", "on"))) {
            Http.Response shop = node.http().get("/demo");
            assertThat(shop.status()).isEqualTo(200);
            assertThat(shop.raw()).contains("data-workspace=\"wk_demo_donnicharm\"");
            Http.Response other = node.http().get("/demo?workspace=wk_someone_else");
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
}
