package org.parley.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.notify.PushChannel.PushNotice;
import org.parley.testing.Http;
import org.parley.testing.TestServer;

/**
 * Web push end to end on both databases: a visitor subscribes with keys made here, Parley pushes to a
 * local push service, and the test decrypts what arrived (BrowserPushKeys, independent of the
 * production cipher) and checks the VAPID signature with the key Parley publishes.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class PushIT {
    private static final String SUBSCRIPTIONS = "/api/v1/visitor/push-subscriptions";

    @Parameter
    String database;

    static TestServer server;
    static LocalPushService pushService;

    @BeforeAll
    static void startPushService() {
        pushService = new LocalPushService();
    }

    @AfterAll
    static void stopPushService() {
        pushService.close();
    }

    /** Port 9 on loopback (discard) is almost never listening: connection refused. */
    private static final String UNREACHABLE = "127.0.0.1:9";

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        // The local push service (and the unreachable one) allowed explicitly, as an operator allows a relay.
        server = TestServer.startAllowingOutbound(database, pushService.allowEntry(), UNREACHABLE);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    private static String newPath() {
        return "/push/" + UUID.randomUUID();
    }

    private static Map<String, Object> subscription(String endpoint, String p256dh, String auth) {
        return Map.of("endpoint", endpoint, "keys", Map.of("p256dh", p256dh, "auth", auth));
    }

    private static Http.Response subscribe(TestServer.Visitor visitor, String endpoint, BrowserPushKeys keys) {
        return visitor.http().post(SUBSCRIPTIONS, subscription(endpoint, keys.p256dh(), keys.authSecret()));
    }

    private static long stored(String endpoint) {
        return server.count("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = ?", endpoint);
    }

    private static PushNotice notice(String conversationId) {
        return new PushNotice("Donni Charm", "Yes, the red scarf is back — é ✓", server.baseUrl() + "/me#/c/" + conversationId,
                conversationId);
    }

    @Test
    void aPushArrivesEncryptedForTheBrowserAndSignedWithTheServersVapidKey() throws Exception {
        TestServer.Tenant tenant = server.tenant("Push");
        TestServer.Visitor visitor = server.visitor(tenant);
        BrowserPushKeys browser = new BrowserPushKeys();
        String path = newPath();
        Http.Response created = subscribe(visitor, pushService.endpoint(path), browser);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);

        int accepted = server.wiring().push.push(tenant.workspace().id(), visitor.contactId(), notice("c-42"));
        assertThat(accepted).isEqualTo(1);

        var requests = pushService.received(path);
        assertThat(requests).hasSize(1);
        var request = requests.get(0);
        assertThat(request.header("Content-Encoding")).isEqualTo("aes128gcm");
        assertThat(Long.parseLong(request.header("TTL"))).isPositive();
        assertThat(request.header("Urgency")).isEqualTo("normal");

        JsonNode payload = Http.JSON.readTree(browser.decrypt(request.body()));
        assertThat(payload.get("title").asText()).isEqualTo("Donni Charm");
        assertThat(payload.get("body").asText()).isEqualTo("Yes, the red scarf is back — é ✓");
        assertThat(payload.get("url").asText()).isEqualTo(server.baseUrl() + "/me#/c/c-42");
        assertThat(payload.get("tag").asText()).isEqualTo("c-42");

        // VAPID (RFC 8292): vapid t=<jwt>, k=<the key Parley publishes>
        String key = server.http().get("/api/v1/push/vapid-public-key").body().get("key").asText();
        String authorization = request.header("Authorization");
        assertThat(authorization).matches("vapid t=[A-Za-z0-9_.-]+, k=[A-Za-z0-9_-]+");
        String jwt = authorization.substring("vapid t=".length(), authorization.indexOf(','));
        assertThat(authorization.substring(authorization.indexOf("k=") + 2)).isEqualTo(key);
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        Signature es256 = Signature.getInstance("SHA256withECDSAinP1363Format");
        es256.initVerify(BrowserPushKeys.publicKey(Base64.getUrlDecoder().decode(key)));
        es256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(es256.verify(Base64.getUrlDecoder().decode(parts[2]))).as("ES256 signature").isTrue();
        JsonNode header = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.get("alg").asText()).isEqualTo("ES256");
        JsonNode claims = Http.JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("aud").asText()).isEqualTo(pushService.origin());
        long now = Instant.now().getEpochSecond();
        assertThat(claims.get("exp").asLong()).isGreaterThan(now).isLessThanOrEqualTo(now + 24 * 3600);
        assertThat(claims.get("sub").asText()).isEqualTo("mailto:push-test@example.com");

        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = ? AND last_success_at IS NOT NULL",
                pushService.endpoint(path))).isEqualTo(1);
    }

    @Test
    void everyBrowserOfTheContactGetsThePushAndOtherContactsNone() throws Exception {
        TestServer.Tenant tenant = server.tenant("Push many");
        TestServer.Visitor visitor = server.visitor(tenant);
        TestServer.Visitor other = server.visitor(tenant);
        BrowserPushKeys phone = new BrowserPushKeys();
        BrowserPushKeys laptop = new BrowserPushKeys();
        BrowserPushKeys stranger = new BrowserPushKeys();
        String phonePath = newPath();
        String laptopPath = newPath();
        String strangerPath = newPath();
        assertThat(subscribe(visitor, pushService.endpoint(phonePath), phone).status()).isEqualTo(201);
        assertThat(subscribe(visitor, pushService.endpoint(laptopPath), laptop).status()).isEqualTo(201);
        assertThat(subscribe(other, pushService.endpoint(strangerPath), stranger).status()).isEqualTo(201);

        assertThat(server.wiring().push.push(tenant.workspace().id(), visitor.contactId(), notice("c-1"))).isEqualTo(2);
        assertThat(Http.JSON.readTree(phone.decrypt(pushService.received(phonePath).get(0).body())).get("tag").asText()).isEqualTo("c-1");
        assertThat(Http.JSON.readTree(laptop.decrypt(pushService.received(laptopPath).get(0).body())).get("tag").asText()).isEqualTo("c-1");
        assertThat(pushService.received(strangerPath)).isEmpty();

        // Another workspace's id with this contact finds nothing.
        TestServer.Tenant elsewhere = server.tenant("Push elsewhere");
        assertThat(server.wiring().push.push(elsewhere.workspace().id(), visitor.contactId(), notice("c-2"))).isZero();
        assertThat(pushService.received(phonePath)).hasSize(1);
    }

    @Test
    void aGoneSubscriptionIsDeletedAndAFailingServiceKeepsIt() {
        TestServer.Tenant tenant = server.tenant("Push failures");
        TestServer.Visitor visitor = server.visitor(tenant);
        String gone = newPath();
        String broken = newPath();
        String missing = newPath();
        pushService.answer(gone, 410);
        pushService.answer(broken, 500);
        pushService.answer(missing, 404);
        assertThat(subscribe(visitor, pushService.endpoint(gone), new BrowserPushKeys()).status()).isEqualTo(201);
        assertThat(subscribe(visitor, pushService.endpoint(broken), new BrowserPushKeys()).status()).isEqualTo(201);
        assertThat(subscribe(visitor, pushService.endpoint(missing), new BrowserPushKeys()).status()).isEqualTo(201);

        assertThat(server.wiring().push.push(tenant.workspace().id(), visitor.contactId(), notice("c-3"))).isZero();
        assertThat(pushService.received(gone)).hasSize(1);
        assertThat(pushService.received(broken)).hasSize(1);
        assertThat(stored(pushService.endpoint(gone))).as("410 deletes").isZero();
        assertThat(stored(pushService.endpoint(missing))).as("404 deletes").isZero();
        assertThat(stored(pushService.endpoint(broken))).as("500 keeps it for the retry").isEqualTo(1);

        // The retry (the notifier's) reaches only the one left, and succeeds once the service is back.
        pushService.answer(broken, 201);
        assertThat(server.wiring().push.push(tenant.workspace().id(), visitor.contactId(), notice("c-3"))).isEqualTo(1);
        assertThat(pushService.received(gone)).hasSize(1);
    }

    @Test
    void anUnreachableServiceCountsAsFailed() {
        TestServer.Tenant tenant = server.tenant("Push unreachable");
        TestServer.Visitor visitor = server.visitor(tenant);
        String endpoint = "http://" + UNREACHABLE + "/push/" + UUID.randomUUID();
        assertThat(visitor.http().post(SUBSCRIPTIONS, subscription(endpoint, new BrowserPushKeys().p256dh(),
                new BrowserPushKeys().authSecret())).status()).isEqualTo(201);
        assertThat(server.wiring().push.push(tenant.workspace().id(), visitor.contactId(), notice("c-4"))).isZero();
        assertThat(stored(endpoint)).isEqualTo(1);
    }

    @Test
    void subscribingIsIdempotentAndAVisitorRemovesOnlyItsOwn() {
        TestServer.Tenant tenant = server.tenant("Push own");
        TestServer.Visitor visitor = server.visitor(tenant);
        TestServer.Visitor other = server.visitor(tenant);
        String endpoint = pushService.endpoint(newPath());
        BrowserPushKeys keys = new BrowserPushKeys();
        assertThat(subscribe(visitor, endpoint, keys).status()).isEqualTo(201);
        assertThat(subscribe(visitor, endpoint, keys).status()).isEqualTo(201);
        assertThat(stored(endpoint)).isEqualTo(1);

        Http.Response foreign = other.http().sendBody("DELETE", SUBSCRIPTIONS, Map.of("endpoint", endpoint));
        assertThat(foreign.status()).isEqualTo(204);
        assertThat(stored(endpoint)).as("another visitor cannot remove it").isEqualTo(1);

        Http.Response own = visitor.http().sendBody("DELETE", SUBSCRIPTIONS, Map.of("endpoint", endpoint));
        assertThat(own.status()).isEqualTo(204);
        assertThat(stored(endpoint)).isZero();
        assertThat(visitor.http().sendBody("DELETE", SUBSCRIPTIONS, Map.of("endpoint", endpoint)).status())
                .as("idempotent").isEqualTo(204);
    }

    @Test
    void theSameBrowserSubscribingForAnotherContactMovesToIt() {
        TestServer.Tenant tenant = server.tenant("Push move");
        TestServer.Visitor first = server.visitor(tenant);
        TestServer.Visitor second = server.visitor(tenant);
        String endpoint = pushService.endpoint(newPath());
        BrowserPushKeys keys = new BrowserPushKeys();
        subscribe(first, endpoint, keys);
        subscribe(second, endpoint, keys);
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE endpoint = ? AND contact_id = ?",
                endpoint, second.contactId())).isEqualTo(1);
        assertThat(stored(endpoint)).isEqualTo(1);
    }

    @Test
    void aContactKeepsItsTenNewestSubscriptions() {
        TestServer.Tenant tenant = server.tenant("Push cap");
        TestServer.Visitor visitor = server.visitor(tenant);
        String first = pushService.endpoint(newPath());
        subscribe(visitor, first, new BrowserPushKeys());
        for (int i = 0; i < PushSubscriptionService.MAX_PER_CONTACT; i++) {
            sleepAMillisecond();
            subscribe(visitor, pushService.endpoint(newPath()), new BrowserPushKeys());
        }
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE contact_id = ?", visitor.contactId()))
                .isEqualTo(PushSubscriptionService.MAX_PER_CONTACT);
        assertThat(stored(first)).as("the oldest went").isZero();
    }

    @Test
    void badSubscriptionsAreRefused() {
        TestServer.Tenant tenant = server.tenant("Push invalid");
        TestServer.Visitor visitor = server.visitor(tenant);
        BrowserPushKeys keys = new BrowserPushKeys();
        String ok = pushService.endpoint(newPath());
        String p256 = keys.p256dh();
        String auth = keys.authSecret();
        byte[] offCurve = Base64.getUrlDecoder().decode(p256);
        offCurve[64] ^= 1;

        Map<String, Object> cases = new HashMap<>();
        cases.put("plain http to a remote host", subscription("http://push.example.com/x", p256, auth));
        cases.put("not a URL", subscription("https://exa mple.com/x", p256, auth));
        cases.put("relative", subscription("/push/x", p256, auth));
        cases.put("ftp", subscription("ftp://push.example.com/x", p256, auth));
        cases.put("IP literal", subscription("https://10.0.0.5/x", p256, auth));
        cases.put("user info", subscription("https://user@push.example.com/x", p256, auth));
        cases.put("over 2 KB", subscription("https://push.example.com/" + "a".repeat(2048), p256, auth));
        cases.put("p256dh not base64url", subscription(ok, p256.replace('_', '/').replace('-', '+') + "+/", auth));
        cases.put("p256dh too short", subscription(ok, p256.substring(0, 40), auth));
        cases.put("p256dh off the curve", subscription(ok, BrowserPushKeys.b64(offCurve), auth));
        cases.put("auth of 12 bytes", subscription(ok, p256, BrowserPushKeys.b64(new byte[12])));
        cases.put("auth of 32 bytes", subscription(ok, p256, BrowserPushKeys.b64(new byte[32])));
        cases.put("no keys", Map.of("endpoint", ok));
        cases.put("no endpoint", Map.of("keys", Map.of("p256dh", p256, "auth", auth)));
        cases.put("unknown field", Map.of("endpoint", ok, "keys", Map.of("p256dh", p256, "auth", auth), "expirationTime", 1));
        cases.put("endpoint a number", Map.of("endpoint", 5, "keys", Map.of("p256dh", p256, "auth", auth)));
        cases.forEach((name, body) -> {
            Http.Response response = visitor.http().post(SUBSCRIPTIONS, body);
            assertThat(response.status()).as(name + ": " + response.raw()).isEqualTo(400);
        });
        assertThat(server.count("SELECT COUNT(*) FROM push_subscriptions WHERE contact_id = ?", visitor.contactId())).isZero();

        assertThat(server.http().post(SUBSCRIPTIONS, subscription(ok, p256, auth)).status()).as("no token").isEqualTo(401);
        assertThat(server.http().bearer("vt_unknown").post(SUBSCRIPTIONS, subscription(ok, p256, auth)).status()).isEqualTo(401);
        assertThat(visitor.http().with("Origin", "https://shop.example").post(SUBSCRIPTIONS, subscription(ok, p256, auth)).status())
                .as("a host page cannot subscribe").isEqualTo(403);
        assertThat(visitor.http().with("Origin", server.baseUrl()).post(SUBSCRIPTIONS, subscription(ok, p256, auth)).status())
                .as("Parley's own page can").isEqualTo(201);
        assertThat(visitor.http().sendBody("DELETE", SUBSCRIPTIONS, Map.of()).status()).isEqualTo(400);
    }

    @Test
    void theVapidKeyIsAPointAndStaysTheSameAcrossARestart() {
        Http.Response before = server.http().get("/api/v1/push/vapid-public-key");
        assertThat(before.status()).isEqualTo(200);
        String key = before.body().get("key").asText();
        byte[] point = Base64.getUrlDecoder().decode(key);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);

        server.restart();
        assertThat(server.http().get("/api/v1/push/vapid-public-key").body().get("key").asText()).isEqualTo(key);
        assertThat(server.count("SELECT COUNT(*) FROM server_keys WHERE name = 'vapid'")).isEqualTo(1);
    }

    @Test
    void subscriptionChangesAreRateLimitedPerVisitor() {
        try (TestServer limited = TestServer.startWithRateLimits(database, pushService.allowEntry())) {
            TestServer.Tenant tenant = limited.tenant("Push limits");
            TestServer.Visitor visitor = limited.visitor(tenant);
            BrowserPushKeys keys = new BrowserPushKeys();
            int created = 0;
            int limitedCount = 0;
            for (int i = 0; i < 12; i++) {
                int status = visitor.http().post(SUBSCRIPTIONS, subscription(pushService.endpoint(newPath()), keys.p256dh(),
                        keys.authSecret())).status();
                if (status == 201) {
                    created++;
                } else if (status == 429) {
                    limitedCount++;
                }
            }
            assertThat(created).isEqualTo(10);
            assertThat(limitedCount).isEqualTo(2);
            TestServer.Visitor other = limited.visitor(tenant);
            assertThat(subscribe(other, pushService.endpoint(newPath()), keys).status()).as("per visitor").isEqualTo(201);
        }
    }

    private static void sleepAMillisecond() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
