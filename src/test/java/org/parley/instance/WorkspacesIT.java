package org.parley.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WsClient;

/**
 * Several businesses on one server: the server's administrator creates workspaces and disables one (which
 * closes everything of it at once); owners rotate their widget key with a grace for the old one.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class WorkspacesIT {
    private static final String SHOP = "https://shop.example";

    @Parameter
    String database;

    static TestServer server;
    static Http admin;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        Http site = server.http().with("Origin", server.baseUrl());
        Http.Response done = site.post("/api/v1/setup", Map.of("name", "Ada Admin", "email", "ada@host.example",
                "password", "the admin's long password", "business_name", "Hosting Co", "site_url", "https://host.example"));
        admin = site.with("Cookie", done.header("set-cookie").split(";")[0]);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void theServerAdminCreatesAWorkspaceAndOwnsIt() {
        Http.Response created = admin.post("/api/v1/workspaces", Map.of("name", "Second shop", "site_url", "https://second.example"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().at("/workspace/id").asText();
        assertThat(admin.get("/api/v1/auth/me").body().get("workspaces").toString()).contains("Second shop");
        Http.Response listed = admin.get("/api/v1/admin/workspaces");
        assertThat(listed.body().get("workspaces").toString()).contains(id).contains("Hosting Co");

        TestServer.Tenant other = server.tenant("Not an admin");
        Http.Response refused = other.owner().http().post("/api/v1/workspaces", Map.of("name", "Mine", "site_url", SHOP));
        assertThat(refused.status()).as("PARLEY_SIGNUP=closed: owners do not create workspaces").isEqualTo(403);
        assertThat(other.owner().http().get("/api/v1/admin/workspaces").status()).isEqualTo(403);
        assertThat(admin.get("/api/v1/auth/me").body().get("can_create_workspace").asBoolean()).isTrue();
        assertThat(other.owner().http().get("/api/v1/auth/me").body().get("can_create_workspace").asBoolean()).isFalse();
    }

    @Test
    void aDisabledWorkspaceOpensNothingUntilEnabledAgain() {
        TestServer.Tenant shop = server.tenant("To be disabled");
        TestServer.Visitor visitor = server.visitor(shop);
        String conversation = server.conversation(visitor, "hello");
        try (WsClient agentSocket = server.agentSocket(shop.owner()); WsClient visitorSocket = server.visitorSocket(visitor)) {
            assertThat(admin.post("/api/v1/admin/workspaces/" + shop.workspace().id() + "/disable", "").status()).isEqualTo(204);
            assertThat(agentSocket.awaitClose()).isEqualTo(4401);
            assertThat(visitorSocket.awaitClose()).isEqualTo(4401);
        }
        assertThat(shop.owner().http().get("/api/v1/conversations").status()).isEqualTo(401);
        assertThat(server.http().bearer(shop.apiKey()).get("/api/v1/conversations").status()).isEqualTo(401);
        assertThat(visitor.http().get("/api/v1/visitor/conversations/" + conversation + "/messages").status()).isEqualTo(401);
        Http.Response config = server.http().with("Origin", SHOP).get("/api/v1/widget/config?key=" + shop.widgetKey());
        assertThat(config.status()).isEqualTo(403);
        assertThat(config.errorCode()).isEqualTo("workspace_disabled");

        assertThat(admin.post("/api/v1/admin/workspaces/" + shop.workspace().id() + "/enable", "").status()).isEqualTo(204);
        assertThat(server.http().with("Origin", SHOP).get("/api/v1/widget/config?key=" + shop.widgetKey()).status()).isEqualTo(200);
        assertThat(server.http().bearer(shop.apiKey()).get("/api/v1/conversations").status()).isEqualTo(200);
    }

    @Test
    void aRotatedWidgetKeyKeepsTheOldOneForTheGraceThenSaysWhy() {
        TestServer.Tenant shop = server.tenant("Rotating");
        String old = shop.widgetKey();
        Http.Response rotated = shop.owner().http().post("/api/v1/workspace/widget-key/rotate", Map.of("grace_hours", 24));
        assertThat(rotated.status()).isEqualTo(200);
        String fresh = rotated.body().get("widget_key").asText();
        assertThat(fresh).startsWith("wk_").isNotEqualTo(old);
        assertThat(rotated.body().get("previous_key_valid_until").asLong()).isGreaterThan(System.currentTimeMillis());
        Http fromShop = server.http().with("Origin", SHOP);
        assertThat(fromShop.get("/api/v1/widget/config?key=" + old).status()).as("old key, within the grace").isEqualTo(200);
        assertThat(fromShop.get("/api/v1/widget/config?key=" + fresh).status()).isEqualTo(200);
        assertThat(shop.agent().http().post("/api/v1/workspace/widget-key/rotate", Map.of()).status()).as("agents cannot").isEqualTo(403);

        // Again with no grace: the key of the first rotation stops at once, with a reason the loader prints.
        String second = shop.owner().http().post("/api/v1/workspace/widget-key/rotate", Map.of("grace_hours", 0))
                .body().get("widget_key").asText();
        Http.Response stale = fromShop.get("/api/v1/widget/config?key=" + fresh);
        assertThat(stale.status()).isEqualTo(403);
        assertThat(stale.errorCode()).isEqualTo("widget_key_rotated");
        assertThat(fromShop.get("/api/v1/widget/config?key=" + old).status()).as("older keys are gone").isEqualTo(404);
        assertThat(fromShop.post("/api/v1/visitor/session", Map.of("workspace_key", second)).status()).isEqualTo(200);
        assertThat(shop.owner().http().post("/api/v1/workspace/widget-key/rotate", Map.of("grace_hours", 721)).status()).isEqualTo(400);
    }
}
