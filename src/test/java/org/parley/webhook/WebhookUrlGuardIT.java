package org.parley.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WebhookReceiver;

/**
 * The URL guard on webhooks through the real API: private, loopback and oddly written destinations refused at
 * create (400 with the reason); a name that turns private after creation refused at delivery time with no
 * connection made (the address is checked at connect time); redirects not followed; the operator's explicit
 * allowance lets one loopback receiver work. Also who may manage webhooks, and the validation of their fields.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class WebhookUrlGuardIT {
    /** Host names as this test's DNS answers them; anything else does not resolve. */
    static final Map<String, String> DNS = new ConcurrentHashMap<>();

    @Parameter
    String database;

    static WebhookReceiver allowed;
    static WebhookReceiver internal;
    static ServerSocket loopback;
    static AtomicInteger loopbackConnections = new AtomicInteger();
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) throws IOException {
        allowed = WebhookReceiver.start();
        internal = WebhookReceiver.start();
        loopback = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        Thread.ofVirtual().start(() -> {
            while (!loopback.isClosed()) {
                try {
                    loopback.accept().close();
                    loopbackConnections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        DNS.put("internal.example", "127.0.0.1");
        DNS.put("hooks.example", "93.184.216.34");
        server = TestServer.startForWebhooks(database, null, WebhookDeliveryIT.FAST, host -> {
            String address = DNS.get(host);
            if (address == null) {
                throw new UnknownHostException(host);
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        }, "127.0.0.1:" + allowed.port());
    }

    @AfterParameterizedClassInvocation
    static void stop() throws IOException {
        server.close();
        allowed.close();
        internal.close();
        loopback.close();
    }

    @Test
    void privateLoopbackAndOddlyWrittenDestinationsAreRefusedAtCreate() {
        Http owner = server.tenant("Guard " + database).owner().http();
        List<String> refused = List.of("http://127.0.0.1/hook", "https://127.0.0.1/hook", "https://127.1/hook",
                "https://2130706433/hook", "https://0x7f.0.0.1/hook", "https://0177.0.0.1/hook", "https://[::1]/hook",
                "https://[::ffff:127.0.0.1]/hook", "https://[::ffff:7f00:1]/hook", "https://10.0.0.1/hook",
                "https://172.16.0.1/hook", "https://192.168.1.1/hook", "https://100.64.0.1/hook",
                "https://169.254.169.254/latest/meta-data", "https://[fd00::1]/hook", "https://[fe80::1]/hook",
                "https://224.0.0.1/hook", "https://0.0.0.0/hook", "http://localhost/hook", "https://localhost/hook",
                "https://internal.example/hook", "ftp://hooks.example/hook", "file:///etc/passwd",
                "gopher://hooks.example/", "https://user:secret@hooks.example/hook", "https://user@hooks.example/hook",
                "http://hooks.example/hook", "https://nowhere.example/hook", "not a url",
                "http://127.0.0.1:" + (allowed.port() == 65535 ? 1 : allowed.port() + 1) + "/hook");
        for (String url : refused) {
            Http.Response created = owner.post("/api/v1/webhooks", Map.of("url", url, "events", List.of("message.created")));
            assertThat(created.status()).as(url + ": " + created.raw()).isEqualTo(400);
            assertThat(created.errorMessage()).as(url).startsWith("Field 'url' ");
        }
        Http.Response named = owner.post("/api/v1/webhooks", Map.of("url", "https://internal.example/hook",
                "events", List.of("message.created")));
        assertThat(named.errorMessage()).contains("127.0.0.0/8 (loopback)");
        assertThat(owner.get("/api/v1/webhooks").body().get("webhooks")).isEmpty();
    }

    @Test
    void aNameThatTurnsPrivateAfterCreationIsRefusedAtConnectTimeAndNothingIsReached() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Rebind " + database);
        Http owner = tenant.owner().http();
        DNS.put("rebind.example", "93.184.216.34");
        JsonNode webhook = WebhookDeliveryIT.create(owner, "https://rebind.example:" + loopback.getLocalPort() + "/hook",
                List.of("conversation.created"));
        DNS.put("rebind.example", "127.0.0.1"); // the DNS answer changes: now the loopback, where a service listens
        server.conversation(server.visitor(tenant), "Hello");
        String id = webhook.get("id").asText();
        JsonNode attempt = awaitLastAttempt(owner, id);
        assertThat(attempt.get("error").asText()).isEqualTo(
                "refused: host name resolves to 127.0.0.0/8 (loopback), which is not reachable from outside");
        assertThat(attempt.has("status_code")).isFalse();
        assertThat(loopbackConnections.get()).as("no connection to the loopback").isZero();
    }

    @Test
    void redirectsAreNotFollowedAndTheExplicitAllowanceWorks() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Redirect " + database);
        Http owner = tenant.owner().http();
        allowed.answer = r -> r.type().equals("conversation.created") ? 302 : 200;
        allowed.headers = List.<String[]>of(new String[] {"Location", internal.url()});
        try {
            JsonNode webhook = WebhookDeliveryIT.create(owner, allowed.url(), List.of("conversation.created"));
            String id = webhook.get("id").asText();
            server.conversation(server.visitor(tenant), "Hello");
            JsonNode attempt = awaitLastAttempt(owner, id);
            assertThat(attempt.get("status_code").asInt()).isEqualTo(302);
            Thread.sleep(500);
            assertThat(internal.all()).as("the redirect's target got nothing").isEmpty();

            // The allowance: the loopback receiver named in PARLEY_OUTBOUND_ALLOW gets the test event.
            Http.Response test = owner.post("/api/v1/webhooks/" + id + "/test", Map.of());
            assertThat(test.status()).as(test.raw()).isEqualTo(202);
            String deliveryId = test.body().get("delivery_id").asText();
            allowed.await(10, "the test event", now -> now.stream().anyMatch(r -> r.id().equals(deliveryId)
                    && r.type().equals("webhook.test") && r.answered() == 200
                    && r.signedWith(webhook.get("secret").asText())));
        } finally {
            allowed.answer = r -> 200;
            allowed.headers = List.of();
        }
    }

    @Test
    void onlyOwnersAndAdminsManageWebhooksOfTheirOwnWorkspaceWithValidFields() {
        TestServer.Tenant tenant = server.tenant("Admin " + database);
        TestServer.Tenant other = server.tenant("Other " + database);
        Http owner = tenant.owner().http();
        JsonNode webhook = WebhookDeliveryIT.create(owner, allowed.url(), List.of("message.created"));
        String id = webhook.get("id").asText();
        Http agent = tenant.agent().http();
        assertThat(agent.get("/api/v1/webhooks").status()).isEqualTo(403);
        assertThat(agent.get("/api/v1/webhooks/events").status()).isEqualTo(403);
        assertThat(agent.post("/api/v1/webhooks", Map.of("url", allowed.url(), "events", List.of("message.created")))
                .status()).isEqualTo(403);
        assertThat(agent.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(403);
        Http stranger = other.owner().http();
        assertThat(stranger.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.patch("/api/v1/webhooks/" + id, Map.of("enabled", false)).status()).isEqualTo(404);
        assertThat(stranger.delete("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(stranger.get("/api/v1/webhooks/" + id + "/deliveries").status()).isEqualTo(404);
        assertThat(owner.get("/api/v1/webhooks/events").body().get("events").toString())
                .contains("message.created", "conversation.handed_over", "contact.deleted");

        Http.Response unknown = owner.post("/api/v1/webhooks", Map.of("url", allowed.url(), "events", List.of("message.created", "order.paid")));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.errorMessage()).contains("order.paid");
        assertThat(owner.post("/api/v1/webhooks", Map.of("url", allowed.url(), "events", List.of())).status()).isEqualTo(400);
        assertThat(owner.post("/api/v1/webhooks", Map.of("url", allowed.url(), "events", List.of("message.created"),
                "description", "x".repeat(201))).status()).isEqualTo(400);
        assertThat(owner.post("/api/v1/webhooks", Map.of("url", allowed.url(), "events", List.of("message.created"),
                "secret", "mine")).status()).as("unknown fields refused").isEqualTo(400);

        Http.Response patched = owner.patch("/api/v1/webhooks/" + id, Map.of("enabled", false, "events",
                List.of("message.created", "contact.updated"), "description", "CRM sync"));
        assertThat(patched.status()).as(patched.raw()).isEqualTo(200);
        assertThat(patched.body().get("enabled").asBoolean()).isFalse();
        assertThat(patched.body().get("description").asText()).isEqualTo("CRM sync");
        assertThat(owner.patch("/api/v1/webhooks/" + id, Map.of("url", "https://10.0.0.1/")).status()).isEqualTo(400);

        for (int i = 1; i < WebhookService.MAX_PER_WORKSPACE; i++) {
            WebhookDeliveryIT.create(owner, allowed.url(), List.of("message.created"));
        }
        Http.Response tooMany = owner.post("/api/v1/webhooks", Map.of("url", allowed.url(), "events", List.of("message.created")));
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorMessage()).contains("20");
        assertThat(owner.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(owner.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
    }

    static JsonNode awaitLastAttempt(Http owner, String webhookId) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 15_000;
        while (System.currentTimeMillis() < deadline) {
            JsonNode log = owner.get("/api/v1/webhooks/" + webhookId + "/deliveries").body().get("deliveries");
            if (log.size() > 0 && log.get(0).has("last_attempt")) {
                return log.get(0).get("last_attempt");
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no attempt within 15 s");
    }
}
