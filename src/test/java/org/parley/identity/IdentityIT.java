package org.parley.identity;

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

/** Agent sessions, API keys and visitor tokens through the real HTTP API. */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class IdentityIT {
    @Parameter
    String database;

    static TestServer server;
    static TestServer.Tenant tenant;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.start(database);
        tenant = server.tenant("Identity");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private TestServer.Agent newAgent(String name) {
        return server.agent(tenant.workspace(), name + "-" + System.nanoTime() + "@example.com", Role.AGENT);
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSame401() {
        Http.Response wrong = server.http().post("/api/v1/auth/login",
                Map.of("email", tenant.agent().email(), "password", "not the password"));
        Http.Response unknown = server.http().post("/api/v1/auth/login",
                Map.of("email", "nobody@example.com", "password", "not the password"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo(unknown.body());
        assertThat(wrong.header("set-cookie")).isNull();
    }

    @Test
    void sessionCookieIsHttpOnlySameSiteAndRotatedOnLogin() {
        TestServer.Agent agent = newAgent("rotate");
        Http.Response login = server.http().with("Cookie", agent.cookie()).post("/api/v1/auth/login",
                Map.of("email", agent.email(), "password", TestServer.PASSWORD));
        String setCookie = login.header("set-cookie");
        assertThat(setCookie).contains("HttpOnly").contains("SameSite=Lax").contains("Path=/");
        String fresh = setCookie.split(";")[0];
        assertThat(fresh).isNotEqualTo(agent.cookie());
        assertThat(agent.http().get("/api/v1/auth/me").status()).as("the previous session ends").isEqualTo(401);
        Http.Response me = server.http().with("Cookie", fresh).get("/api/v1/auth/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body().at("/agent/email").asText()).isEqualTo(agent.email());
        assertThat(me.raw()).doesNotContain("argon2");
    }

    @Test
    void withoutSmtpEmailsGoToTheDevelopmentOutboxEscaped() {
        TestServer.Agent agent = server.agent(tenant.workspace(), "outbox-" + System.nanoTime() + "@example.com", Role.AGENT);
        assertThat(server.http().post("/api/v1/auth/password-reset", Map.of("email", agent.email())).status()).isEqualTo(202);
        String page = null;
        for (int i = 0; i < 50 && (page == null || !page.contains(agent.email())); i++) {
            page = server.http().get("/dev/outbox").raw();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        assertThat(page).contains("Reset your Parley password").contains(agent.email()).contains("/app#/reset?token=pr_");
        assertThat(server.http().get("/dev/outbox").header("content-security-policy")).startsWith("default-src 'none'");
    }

    @Test
    void logoutEndsTheSession() {
        TestServer.Agent agent = newAgent("logout");
        assertThat(agent.http().get("/api/v1/auth/me").status()).isEqualTo(200);
        assertThat(agent.http().post("/api/v1/auth/logout", Map.of()).status()).isEqualTo(204);
        assertThat(agent.http().get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(agent.http().get("/api/v1/conversations").status()).isEqualTo(401);
    }

    @Test
    void passwordChangeEndsEveryOtherSession() {
        TestServer.Agent agent = newAgent("password");
        TestServer.Agent otherDevice = server.login(agent.id(), agent.email(), TestServer.PASSWORD);
        Http.Response wrongCurrent = agent.http().post("/api/v1/auth/password",
                Map.of("current_password", "nope nope nope", "new_password", "a brand new secret"));
        assertThat(wrongCurrent.status()).isEqualTo(403);
        Http.Response changed = agent.http().post("/api/v1/auth/password",
                Map.of("current_password", TestServer.PASSWORD, "new_password", "a brand new secret"));
        assertThat(changed.status()).isEqualTo(204);
        String newCookie = changed.header("set-cookie").split(";")[0];
        assertThat(otherDevice.http().get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(agent.http().get("/api/v1/auth/me").status()).isEqualTo(401);
        assertThat(server.http().with("Cookie", newCookie).get("/api/v1/auth/me").status()).isEqualTo(200);
        assertThat(server.http().post("/api/v1/auth/login", Map.of("email", agent.email(), "password", TestServer.PASSWORD))
                .status()).isEqualTo(401);
        assertThat(server.http().post("/api/v1/auth/login", Map.of("email", agent.email(), "password", "a brand new secret"))
                .status()).isEqualTo(200);
    }

    @Test
    void apiKeysAreShownOnceStoredHashedAndRevocable() {
        Http.Response created = tenant.owner().http().post("/api/v1/api-keys", Map.of("name", "CRM sync"));
        assertThat(created.status()).isEqualTo(201);
        String key = created.body().get("key").asText();
        assertThat(key).startsWith("pk_");
        Http.Response list = tenant.owner().http().get("/api/v1/api-keys");
        assertThat(list.raw()).contains("CRM sync").doesNotContain(key);
        assertThat(server.count("SELECT COUNT(*) FROM api_keys WHERE key_hash = ?", key)).as("never stored in clear").isZero();

        Http.Response asKey = server.http().bearer(key).get("/api/v1/conversations");
        assertThat(asKey.status()).isEqualTo(200);
        assertThat(tenant.owner().http().delete("/api/v1/api-keys/" + created.body().get("id").asText()).status()).isEqualTo(204);
        assertThat(server.http().bearer(key).get("/api/v1/conversations").status()).isEqualTo(401);
    }

    @Test
    void visitorTokensAreIssuedByTheServerAndResumeOnlyInTheirWorkspace() {
        Http.Response proposed = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey(), "token", "vt_chosen-by-the-client-aaaaaaaaaaaaaaaaaaaaaaaaaa"));
        assertThat(proposed.status()).isEqualTo(200);
        String token = proposed.body().get("token").asText();
        assertThat(token).isNotEqualTo("vt_chosen-by-the-client-aaaaaaaaaaaaaaaaaaaaaaaaaa").matches("vt_[A-Za-z0-9_-]{43}");
        assertThat(proposed.body().get("resumed").asBoolean()).isFalse();

        Http.Response resumed = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", tenant.widgetKey(), "token", token));
        assertThat(resumed.body().get("resumed").asBoolean()).isTrue();
        assertThat(resumed.body().get("visitor_id")).isEqualTo(proposed.body().get("visitor_id"));

        TestServer.Tenant other = server.tenant("Other shop");
        Http.Response elsewhere = server.http().post("/api/v1/visitor/session",
                Map.of("workspace_key", other.widgetKey(), "token", token));
        assertThat(elsewhere.body().get("resumed").asBoolean()).isFalse();
        assertThat(elsewhere.body().get("token").asText()).isNotEqualTo(token);

        assertThat(server.http().post("/api/v1/visitor/session", Map.of("workspace_key", "wk_nope")).status()).isEqualTo(404);
    }

    @Test
    void loginsAndSessionsAreRateLimitedPerIp() {
        try (TestServer limited = TestServer.startWithRateLimits(database)) {
            int refused = 0;
            for (int i = 0; i < 15; i++) {
                int status = limited.http().post("/api/v1/auth/login",
                        Map.of("email", "x@example.com", "password", "wrong password")).status();
                assertThat(status).isIn(401, 429);
                refused += status == 429 ? 1 : 0;
            }
            assertThat(refused).as("10 attempts allowed in a burst, then 429").isGreaterThanOrEqualTo(5);
            Http.Response limitedResponse = limited.http().post("/api/v1/auth/login",
                    Map.of("email", "x@example.com", "password", "wrong password"));
            assertThat(limitedResponse.errorCode()).isEqualTo("rate_limited");
        }
    }

    @Test
    void loginsAreLimitedPerAccountFromManyAddressesAlikeForKnownAndUnknownAccounts() throws Exception {
        try (TestServer limited = TestServer.startWithRateLimits(database)) {
            TestServer.Tenant shop = limited.tenant("Guessed");
            int address = 2;
            for (String email : java.util.List.of(shop.owner().email(), "nobody-" + java.util.UUID.randomUUID() + "@example.com")) {
                java.util.List<Integer> statuses = new java.util.ArrayList<>();
                // 12 guesses from 6 loopback addresses, 2 each: far below the per-IP limit (10 at once).
                for (int i = 0; i < 12; i++) {
                    String from = "127.0.0." + (address + i / 2);
                    statuses.add(loginFrom(limited, from, email.toUpperCase(java.util.Locale.ROOT), "wrong " + i));
                }
                address += 6;
                // The burst is 10 (the owner's own sign-in when the test made the tenant took one of them).
                assertThat(statuses.subList(0, 9)).as(email + ": the burst").containsOnly(401);
                assertThat(statuses.subList(10, 12)).as(email + ": then the account is limited").containsOnly(429);
            }
        }
    }

    /** A login sent from a given loopback source address (the per-IP limit sees each as another client). */
    private static int loginFrom(TestServer server, String sourceAddress, String email, String password) throws Exception {
        java.net.URI base = java.net.URI.create(server.baseUrl());
        byte[] body = Http.JSON.writeValueAsBytes(Map.of("email", email, "password", password));
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getByName("127.0.0.1"), base.getPort(),
                java.net.InetAddress.getByName(sourceAddress), 0)) {
            socket.setSoTimeout(10_000);
            String head = "POST /api/v1/auth/login HTTP/1.1\r\nHost: 127.0.0.1:" + base.getPort() + "\r\nOrigin: "
                    + server.baseUrl() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            socket.getOutputStream().flush();
            String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII)).readLine();
            return Integer.parseInt(status.split(" ")[1]);
        }
    }

    @Test
    void conversationStartsAreLimitedPerIpAcrossVisitorSessions() {
        try (TestServer limited = TestServer.startWithRateLimits(database)) {
            TestServer.Tenant shop = limited.tenant("Spammed");
            int started = 0;
            Http.Response refused = null;
            for (int i = 0; i < 15 && refused == null; i++) {
                // A fresh visitor session each time, as a script would: the per-visitor limit never trips.
                TestServer.Visitor visitor = limited.visitor(shop);
                Http.Response response = visitor.http().post("/api/v1/visitor/conversations",
                        Map.of("client_msg_id", "spam-" + i, "text", "buy now"));
                if (response.status() == 201) {
                    started++;
                } else {
                    refused = response;
                }
            }
            assertThat(started).as("a burst of 10 per IP").isEqualTo(10);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo("rate_limited");
            assertThat(Long.parseLong(refused.header("retry-after"))).isBetween(1L, 30L);
            assertThat(limited.count("SELECT COUNT(*) FROM conversations WHERE workspace_id = ?", shop.workspace().id()))
                    .as("nothing stored for the refused start").isEqualTo(10);
        }
    }

    @Test
    void healthAnswersOk() {
        Http.Response health = server.http().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.body().get("status").asText()).isEqualTo("ok");
    }
}
