package org.parley.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.TestServer;
import org.parley.testing.WebhookReceiver;
import org.parley.testing.WebhookReceiver.Received;

/**
 * Webhooks through the real HTTP API against a real receiver on both databases: signatures checked with the
 * test's own HMAC, subscribed events only, per-conversation order while the receiver fails at random, the
 * delivery log, replay (one and a range) and secret rotation.
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class WebhookDeliveryIT {
    static final List<Duration> FAST = Collections.nCopies(7, Duration.ofMillis(300));

    @Parameter
    String database;

    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        server = TestServer.startForWebhooks(database, null, FAST, java.net.InetAddress::getAllByName, "127.0.0.1");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
    }

    static JsonNode create(Http owner, String url, List<String> events) {
        Http.Response created = owner.post("/api/v1/webhooks", Map.of("url", url, "events", events, "description", "test"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().get("secret").asText()).startsWith("whsec_");
        return created.body();
    }

    static void say(Http http, String conversation, String text) {
        Http.Response sent = http.post("/api/v1/conversations/" + conversation + "/messages",
                Map.of("client_msg_id", "m-" + UUID.randomUUID(), "text", text));
        assertThat(sent.status()).as(sent.raw()).isEqualTo(201);
    }

    /** Every request is well formed and signed with {@code secret}, its timestamp within 5 minutes of now. */
    static void assertSigned(List<Received> all, String secret) {
        for (Received r : all) {
            assertThat(r.id()).startsWith("msg_");
            assertThat(r.userAgent()).isEqualTo("Parley-Webhooks/1");
            assertThat(r.contentType()).startsWith("application/json");
            assertThat(Math.abs(r.timestamp() - r.receivedAt() / 1000)).as("timestamp within 5 min").isLessThan(300);
            assertThat(r.signedWith(secret)).as("signature of " + r.id()).isTrue();
            assertThat(r.signedWith("whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32])))
                    .as("another secret does not verify").isFalse();
        }
    }

    @Test
    void subscribedEventsArriveSignedAndInOrderPerConversationWhileTheReceiverFailsAtRandom() {
        TestServer.Tenant tenant = server.tenant("Order " + database);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Random random = new Random(42);
            Set<String> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
            // The first attempt of about half the deliveries gets a 500: they come again, still in order.
            receiver.answer = r -> seen.add(r.id()) && random.nextInt(2) == 0 ? 500 : 200;
            JsonNode webhook = create(tenant.owner().http(), receiver.url(), List.of("message.created", "conversation.assigned"));
            String secret = webhook.get("secret").asText();
            List<String> conversations = new ArrayList<>();
            for (int c = 0; c < 3; c++) {
                conversations.add(server.conversation(server.visitor(tenant), "Hello " + c));
            }
            Http agent = tenant.agent().http();
            for (int i = 0; i < 9; i++) {
                for (String conversation : conversations) {
                    say(agent, conversation, "reply " + i);
                }
            }
            assertThat(agent.post("/api/v1/conversations/" + conversations.get(0) + "/assign",
                    Map.of("assignee_id", tenant.agent().id())).status()).isEqualTo(200);
            // 3 first messages + 27 replies + the assignment and its system message, each delivered once at least.
            List<Received> all = receiver.await(60, "32 distinct deliveries accepted",
                    now -> now.stream().filter(r -> r.answered() == 200).map(Received::id).distinct().count() == 32);
            assertSigned(all, secret);
            assertThat(all).extracting(Received::type).containsOnly("message.created", "conversation.assigned");
            assertThat(all.stream().filter(r -> r.answered() == 500)).as("some first attempts failed").isNotEmpty();
            Map<String, List<Long>> seqs = new HashMap<>();
            Set<String> firstAccepted = new LinkedHashSet<>();
            for (Received r : receiver.accepted()) {
                if (r.type().equals("message.created") && firstAccepted.add(r.id())) {
                    seqs.computeIfAbsent(r.json().at("/data/conversation_id").asText(), k -> new ArrayList<>())
                            .add(r.json().at("/data/seq").asLong());
                }
                assertThat(r.json().get("timestamp").asText()).satisfies(t -> Instant.parse(t));
            }
            for (String conversation : conversations) {
                List<Long> expected = new ArrayList<>();
                for (long seq = 1; seq <= (conversation.equals(conversations.get(0)) ? 11 : 10); seq++) {
                    expected.add(seq);
                }
                assertThat(seqs.get(conversation)).as("seqs of " + conversation + " in order, none missing")
                        .containsExactlyElementsOf(expected);
            }

            // The log: every delivery with its attempts; a failed-then-retried one shows both.
            Http owner = tenant.owner().http();
            String id = webhook.get("id").asText();
            Http.Response log = owner.get("/api/v1/webhooks/" + id + "/deliveries?limit=100");
            assertThat(log.status()).isEqualTo(200);
            assertThat(log.body().get("deliveries")).hasSize(32)
                    .allSatisfy(d -> assertThat(d.get("status").asText()).isEqualTo("delivered"));
            String retried = all.stream().filter(r -> r.answered() == 500).findFirst().orElseThrow().id();
            JsonNode detail = owner.get("/api/v1/webhooks/" + id + "/deliveries/" + retried).body();
            assertThat(detail.get("attempts")).hasSizeGreaterThanOrEqualTo(2);
            assertThat(detail.at("/attempts/0/status_code").asInt()).isEqualTo(500);
            assertThat(detail.at("/attempts/0/trigger").asText()).isEqualTo("retry");
            assertThat(detail.get("attempts").get(detail.get("attempts").size() - 1).get("status_code").asInt()).isEqualTo(200);
            assertThat(detail.at("/request/body").asText()).isEqualTo(
                    all.stream().filter(r -> r.id().equals(retried)).findFirst().orElseThrow().body());
            assertThat(detail.at("/request/headers").has("webhook-signature")).isFalse();
            long attempts = all.size();
            long logged = 0;
            for (JsonNode d : log.body().get("deliveries")) {
                logged += d.get("attempts").asLong();
            }
            assertThat(logged).as("the log shows every attempt the receiver saw").isEqualTo(attempts);
            assertThat(owner.get("/api/v1/webhooks/" + id + "/deliveries?status=failed").body().get("deliveries")).isEmpty();
        }
    }

    @Test
    void replaysResendTheSameIdWithAFreshSignature() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Replay " + database);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Http owner = tenant.owner().http();
            JsonNode webhook = create(owner, receiver.url(), List.of("message.created"));
            String id = webhook.get("id").asText();
            Instant from = Instant.now().minusSeconds(1);
            String conversation = server.conversation(server.visitor(tenant), "Hi");
            say(tenant.agent().http(), conversation, "Hello");
            say(tenant.agent().http(), conversation, "Anything else?");
            List<Received> first = receiver.await(20, "3 deliveries", now -> now.size() == 3);
            Thread.sleep(1100); // the replay's timestamp is another second

            Received original = first.get(1);
            Http.Response replay = owner.post("/api/v1/webhooks/" + id + "/deliveries/" + original.id() + "/replay", Map.of());
            assertThat(replay.status()).as(replay.raw()).isEqualTo(202);
            Received again = receiver.await(20, "the replay", now -> now.size() == 4).get(3);
            assertThat(again.id()).isEqualTo(original.id());
            assertThat(again.body()).isEqualTo(original.body());
            assertThat(again.timestamp()).isGreaterThan(original.timestamp());
            assertThat(again.signature()).isNotEqualTo(original.signature());
            assertSigned(List.of(again), webhook.get("secret").asText());
            JsonNode detail = owner.get("/api/v1/webhooks/" + id + "/deliveries/" + original.id()).body();
            assertThat(detail.get("attempts")).hasSize(2);
            assertThat(detail.at("/attempts/1/trigger").asText()).isEqualTo("replay");

            Http.Response range = owner.post("/api/v1/webhooks/" + id + "/replay",
                    Map.of("from", from.toString(), "to", Instant.now().plusSeconds(1).toString()));
            assertThat(range.status()).as(range.raw()).isEqualTo(202);
            assertThat(range.body().get("replayed").asInt()).isEqualTo(3);
            List<Received> all = receiver.await(20, "the range replayed", now -> now.size() == 7);
            assertThat(all.subList(4, 7)).extracting(Received::id).containsExactly(first.get(0).id(), first.get(1).id(),
                    first.get(2).id());
            assertSigned(all, webhook.get("secret").asText());

            assertThat(owner.post("/api/v1/webhooks/" + id + "/replay", Map.of("from", "yesterday", "to", "today")).status())
                    .isEqualTo(400);
            assertThat(owner.post("/api/v1/webhooks/" + id + "/deliveries/msg_nope/replay", Map.of()).status()).isEqualTo(404);
        }
    }

    @Test
    void duringARotationBothSecretsSignThenOnlyTheNewOne() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Rotate " + database);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            Http owner = tenant.owner().http();
            JsonNode webhook = create(owner, receiver.url(), List.of("message.created"));
            String id = webhook.get("id").asText();
            String old = webhook.get("secret").asText();
            Http.Response rotated = owner.post("/api/v1/webhooks/" + id + "/secret", Map.of("overlap_seconds", 2));
            assertThat(rotated.status()).as(rotated.raw()).isEqualTo(200);
            String fresh = rotated.body().get("secret").asText();
            assertThat(fresh).startsWith("whsec_").isNotEqualTo(old);
            assertThat(owner.get("/api/v1/webhooks/" + id).body().has("secret")).as("shown once").isFalse();

            String conversation = server.conversation(server.visitor(tenant), "During the overlap");
            Received during = receiver.await(20, "one delivery", now -> now.size() == 1).get(0);
            assertThat(during.signatureCount()).isEqualTo(2);
            assertThat(during.signedWith(fresh)).isTrue();
            assertThat(during.signedWith(old)).isTrue();

            Thread.sleep(2500);
            say(tenant.agent().http(), conversation, "After the overlap");
            Received after = receiver.await(20, "a second delivery", now -> now.size() == 2).get(1);
            assertThat(after.signatureCount()).isEqualTo(1);
            assertThat(after.signedWith(fresh)).isTrue();
            assertThat(after.signedWith(old)).isFalse();

            assertThat(owner.post("/api/v1/webhooks/" + id + "/secret", Map.of("overlap_seconds", 604801)).status()).isEqualTo(400);
        }
    }

    @Test
    void aDeletedContactsDeliveriesAndAttemptsGoWithIt() {
        TestServer.Tenant tenant = server.tenant("Forget " + database);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            create(tenant.owner().http(), receiver.url(), List.of("message.created", "conversation.created"));
            TestServer.Visitor visitor = server.visitor(tenant);
            String conversation = server.conversation(visitor, "Please forget me");
            receiver.await(20, "2 deliveries", now -> now.size() == 2);
            long attempts = server.count("SELECT COUNT(*) FROM webhook_attempts a JOIN webhook_deliveries d ON d.id = "
                    + "a.delivery_id WHERE d.conversation_id = ?", conversation);
            assertThat(attempts).isEqualTo(2);
            Http.Response deleted = tenant.owner().http().delete("/api/v1/contacts/" + visitor.contactId());
            assertThat(deleted.status()).as(deleted.raw()).isEqualTo(200);
            assertThat(server.count("SELECT COUNT(*) FROM webhook_deliveries WHERE conversation_id = ?", conversation)).isZero();
            assertThat(server.count("SELECT COUNT(*) FROM webhook_attempts a WHERE NOT EXISTS (SELECT 1 FROM "
                    + "webhook_deliveries d WHERE d.id = a.delivery_id)")).isZero();
        }
    }

    @Test
    void finishedDeliveriesLeaveTheLogAfter30Days() {
        TestServer.Tenant tenant = server.tenant("Prune " + database);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String id = create(tenant.owner().http(), receiver.url(), List.of("message.created")).get("id").asText();
            String conversation = server.conversation(server.visitor(tenant), "Old news");
            receiver.await(20, "1 delivery", now -> now.size() == 1);
            say(tenant.agent().http(), conversation, "Fresh");
            receiver.await(20, "2 deliveries", now -> now.size() == 2);
            long old = System.currentTimeMillis() - Duration.ofDays(31).toMillis();
            String aged = receiver.all().get(0).id();
            server.execute("UPDATE webhook_deliveries SET created_at = ? WHERE id = ?", old, aged);
            assertThat(server.wiring().webhooks.prune()).isGreaterThanOrEqualTo(1);
            JsonNode log = tenant.owner().http().get("/api/v1/webhooks/" + id + "/deliveries").body().get("deliveries");
            assertThat(log).hasSize(1);
            assertThat(log.get(0).get("id").asText()).isEqualTo(receiver.all().get(1).id());
            assertThat(server.count("SELECT COUNT(*) FROM webhook_attempts WHERE delivery_id = ?", aged)).isZero();
        }
    }

    @Test
    void anAppsWebhookSaysWhoOwnedTheThreadAtEachEvent() {
        TestServer.Tenant tenant = server.tenant("App " + database);
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            WebhookService service = server.wiring().webhooks.service();
            String secret = service.createForApp(tenant.workspace().id(), "app-1", receiver.url(),
                    List.of("message.created", "conversation.thread_requested"));
            assertThat(service.viewForApp(tenant.workspace().id(), "app-1")).containsEntry("app_id", "app-1")
                    .doesNotContainKey("secret");
            assertThat(tenant.owner().http().get("/api/v1/webhooks").body().get("webhooks").get(0).get("app_id").asText())
                    .isEqualTo("app-1");
            server.conversation(server.visitor(tenant), "Hello app");
            Received got = receiver.await(20, "1 delivery", now -> now.size() == 1).get(0);
            assertThat(got.signedWith(secret)).isTrue();
            assertThat(got.json().get("thread_owner").toString()).isEqualTo("{\"type\":\"humans\"}");
            assertThat(got.json().get("standby").asBoolean()).as("the humans own the thread, not the app").isTrue();
            service.updateForApp(tenant.workspace().id(), "app-1", null, List.of("conversation.created"));
            assertThat(service.viewForApp(tenant.workspace().id(), "app-1").get("events")).isEqualTo(List.of("conversation.created"));
            service.deleteForApp(tenant.workspace().id(), "app-1");
            assertThat(service.viewForApp(tenant.workspace().id(), "app-1")).isEmpty();
        }
    }
}
