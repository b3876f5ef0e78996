package org.parley.security.web;

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

/**
 * Web and sessions: the widget's routes grant CORS only to the workspace's allowed origins. A page on any
 * other site must not be able to read an answer, not even a refusal, and a preflight must not open the door.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class CorsIT {
    private static final String SHOP = "https://shop.example";
    private static final String EVIL = "https://evil.example";

    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Cors shop");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    @Test
    void refusalsOfTheWidgetRoutesCarryNoCorsHeadersForAForeignOrigin() {
        Http evil = server.http().with("Origin", EVIL);
        Http.Response config = evil.get("/api/v1/widget/config?key=" + tenant.widgetKey());
        Http.Response session = evil.post("/api/v1/visitor/session", Map.of("workspace_key", tenant.widgetKey()));
        Http.Response activity = evil.post("/api/v1/widget/activity",
                Map.of("key", tenant.widgetKey(), "token", "vt_whatever", "events", java.util.List.of()));
        for (Http.Response refused : java.util.List.of(config, session, activity)) {
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("origin_not_allowed");
            assertThat(refused.header("access-control-allow-origin")).as(refused.raw()).isNull();
            assertThat(refused.header("access-control-allow-credentials")).isNull();
        }
        TestServer.Visitor visitor = server.visitor(tenant);
        Http.Response identify = visitor.http().with("Origin", EVIL).patch("/api/v1/visitor/contact",
                Map.of("name", "Mallory"));
        assertThat(identify.status()).isEqualTo(403);
        assertThat(identify.header("access-control-allow-origin")).isNull();
    }

    @Test
    void theIdentifyPreflightIsGrantedOnlyToTheNamedWorkspacesAllowedOrigins() {
        String path = "/api/v1/visitor/contact?key=" + tenant.widgetKey();
        Http.Response fromShop = preflight(SHOP, path);
        assertThat(fromShop.status()).isEqualTo(204);
        assertThat(fromShop.header("access-control-allow-origin")).isEqualTo(SHOP);
        assertThat(fromShop.header("access-control-allow-methods")).isEqualTo("PATCH");

        for (Http.Response refused : java.util.List.of(preflight(EVIL, path),
                preflight(SHOP, "/api/v1/visitor/contact"),
                preflight(SHOP, "/api/v1/visitor/contact?key=wk_unknown"))) {
            assertThat(refused.header("access-control-allow-origin")).isNull();
            assertThat(refused.header("access-control-allow-methods")).isNull();
        }
    }

    @Test
    void anAllowedOriginStillGetsItsCorsHeaders() {
        Http.Response config = server.http().with("Origin", SHOP).get("/api/v1/widget/config?key=" + tenant.widgetKey());
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.header("access-control-allow-origin")).isEqualTo(SHOP);
        assertThat(config.header("vary")).contains("Origin");
    }

    private static Http.Response preflight(String origin, String path) {
        return server.http().with("Origin", origin).with("Access-Control-Request-Method", "PATCH")
                .with("Access-Control-Request-Headers", "authorization,content-type").sendBody("OPTIONS", path, "");
    }
}
