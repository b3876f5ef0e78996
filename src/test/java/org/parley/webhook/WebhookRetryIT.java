package org.parley.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;
import org.parley.testing.Http;
import org.parley.testing.MailServer;
import org.parley.testing.TestServer;
import org.parley.testing.WebhookReceiver;
import org.parley.testing.WebhookReceiver.Received;

/**
 * Retries across downtime and a restart, the failing state with its one email, and receivers that hang or answer
 * too much, through the real HTTP API on both databases. Retries wait 2 s each here (PARLEY_WEBHOOK_RETRY_SCHEDULE).
 */
@ParameterizedClass
@ValueSource(strings = {"sqlite", "postgresql"})
class WebhookRetryIT {
    static final List<Duration> RETRIES = Collections.nCopies(7, Duration.ofSeconds(2));

    @Parameter
    String database;

    static MailServer mail;
    static TestServer server;

    @BeforeParameterizedClassInvocation
    static void start(String database) {
        mail = new MailServer();
        server = TestServer.startForWebhooks(database, mail.url(), RETRIES, java.net.InetAddress::getAllByName, "127.0.0.1");
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        server.close();
        mail.close();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode deliveries(Http owner, String webhookId) {
        return owner.get("/api/v1/webhooks/" + webhookId + "/deliveries?limit=100").body().get("deliveries");
    }

    static void awaitTrue(int seconds, String what, java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (!done.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("within " + seconds + " s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void deliveriesSurviveAReceiverDownAndARestartMidRetryInOrderNoneMissing() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Restart " + database);
        Http owner = tenant.owner().http();
        int port = freePort(); // nobody listens yet: every attempt is refused
        JsonNode webhook = WebhookDeliveryIT.create(owner, "http://127.0.0.1:" + port + "/hook", List.of("message.created"));
        String id = webhook.get("id").asText();
        List<String> conversations = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            String conversation = server.conversation(server.visitor(tenant), "First " + c);
            conversations.add(conversation);
            for (int i = 0; i < 3; i++) {
                WebhookDeliveryIT.say(tenant.agent().http(), conversation, "reply " + i);
            }
        }
        awaitTrue(20, "a second attempt refused", () -> {
            JsonNode log = deliveries(owner, id);
            return log.size() == 8 && java.util.stream.StreamSupport.stream(log.spliterator(), false)
                    .anyMatch(d -> d.get("attempts").asInt() >= 2);
        });
        JsonNode refused = deliveries(owner, id).get(deliveries(owner, id).size() - 1);
        assertThat(refused.at("/last_attempt/error").asText()).startsWith("connection failed");
        assertThat(refused.get("status").asText()).isEqualTo("pending");

        server.restart();
        try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
            receiver.await(30, "8 distinct deliveries", now -> now.stream().map(Received::id).distinct().count() == 8);
            Map<String, List<Long>> seqs = new HashMap<>();
            Set<String> first = new LinkedHashSet<>();
            for (Received r : receiver.accepted()) {
                if (first.add(r.id())) {
                    seqs.computeIfAbsent(r.json().at("/data/conversation_id").asText(), k -> new ArrayList<>())
                            .add(r.json().at("/data/seq").asLong());
                }
                assertThat(r.signedWith(webhook.get("secret").asText())).isTrue();
            }
            for (String conversation : conversations) {
                assertThat(seqs.get(conversation)).containsExactly(1L, 2L, 3L, 4L);
            }
        }
        awaitTrue(10, "all delivered in the log", () -> java.util.stream.StreamSupport.stream(
                deliveries(owner, id).spliterator(), false).allMatch(d -> d.get("status").asText().equals("delivered")));
        assertThat(owner.get("/api/v1/webhooks/" + id).body().get("status").asText()).isEqualTo("active");
    }

    @Test
    void theLastRetryExhaustedMarksTheWebhookFailingAndTellsTheOwnerOnceUntilItRecovers() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Failing " + database);
        Http owner = tenant.owner().http();
        int port = freePort();
        JsonNode webhook = WebhookDeliveryIT.create(owner, "http://127.0.0.1:" + port + "/hook", List.of("message.created"));
        String id = webhook.get("id").asText();
        String conversation = server.conversation(server.visitor(tenant), "Nobody listens");
        awaitTrue(40, "the delivery failed", () -> {
            JsonNode log = deliveries(owner, id); // empty until the fan-out reached the event
            return log.size() == 1 && log.get(0).get("status").asText().equals("failed");
        });
        JsonNode failed = owner.get("/api/v1/webhooks/" + id + "/deliveries/" + deliveries(owner, id).get(0).get("id").asText()).body();
        assertThat(failed.get("attempts")).as("the first attempt and 7 retries").hasSize(8);
        JsonNode state = owner.get("/api/v1/webhooks/" + id).body();
        assertThat(state.get("status").asText()).isEqualTo("failing");
        assertThat(state.get("failing_since").asLong()).isPositive();
        assertThat(MailServer.text(mail.awaitTo(tenant.owner().email()))).contains("failing");
        assertThat(mail.to(tenant.agent().email())).as("agents are not told").isEmpty();

        // Still failing: new events are still sent (and fail), no second email.
        WebhookDeliveryIT.say(tenant.agent().http(), conversation, "Still nobody");
        awaitTrue(40, "the second delivery failed too", () -> deliveries(owner, id).size() == 2
                && deliveries(owner, id).get(0).get("status").asText().equals("failed"));
        assertThat(mail.to(tenant.owner().email())).as("one email per failing spell").hasSize(1);

        try (WebhookReceiver receiver = WebhookReceiver.startOn(port)) {
            WebhookDeliveryIT.say(tenant.agent().http(), conversation, "Back?");
            receiver.await(20, "the third delivery", now -> now.size() == 1);
            awaitTrue(10, "active again", () -> owner.get("/api/v1/webhooks/" + id).body().get("status").asText().equals("active"));
            assertThat(owner.get("/api/v1/webhooks/" + id).body().has("failing_since")).isFalse();
        }
    }

    @Test
    void aHangingReceiverAndAHugeResponseAreCutAndTheWorkerKeepsGoing() throws InterruptedException {
        TestServer.Tenant tenant = server.tenant("Slow " + database);
        Http owner = tenant.owner().http();
        try (WebhookReceiver slow = WebhookReceiver.start(); WebhookReceiver huge = WebhookReceiver.start();
             WebhookReceiver fine = WebhookReceiver.start()) {
            slow.delayMillis = 20_000;
            huge.bodySize = 10 * 1024 * 1024;
            String slowId = WebhookDeliveryIT.create(owner, slow.url(), List.of("conversation.created")).get("id").asText();
            String hugeId = WebhookDeliveryIT.create(owner, huge.url(), List.of("conversation.created")).get("id").asText();
            WebhookDeliveryIT.create(owner, fine.url(), List.of("conversation.created", "message.created"));
            long started = System.currentTimeMillis();
            String conversation = server.conversation(server.visitor(tenant), "Hello");
            WebhookDeliveryIT.say(tenant.agent().http(), conversation, "More");
            fine.await(10, "the good receiver gets all three while the slow one hangs", now -> now.size() == 3);
            assertThat(System.currentTimeMillis() - started).isLessThan(10_000);

            awaitTrue(10, "the huge answer recorded", () -> deliveries(owner, hugeId).size() > 0
                    && deliveries(owner, hugeId).get(0).has("last_attempt"));
            JsonNode cut = deliveries(owner, hugeId).get(0).get("last_attempt");
            assertThat(cut.get("status_code").asInt()).isEqualTo(200);
            assertThat(cut.get("error").asText()).contains("64 KB");
            assertThat(cut.get("response").asText().length()).isLessThanOrEqualTo(2048);
            assertThat(deliveries(owner, hugeId).get(0).get("status").asText()).isEqualTo("pending");

            awaitTrue(25, "the hanging attempt timed out", () -> deliveries(owner, slowId).size() > 0
                    && deliveries(owner, slowId).get(0).has("last_attempt"));
            JsonNode timedOut = deliveries(owner, slowId).get(0).get("last_attempt");
            assertThat(timedOut.has("status_code")).isFalse();
            assertThat(timedOut.get("error").asText()).startsWith("timeout");
            assertThat(timedOut.get("duration_ms").asLong()).isBetween(14_000L, 20_000L);
            assertThat(deliveries(owner, slowId).get(0).get("status").asText()).isEqualTo("pending");
            assertThat(owner.delete("/api/v1/webhooks/" + slowId).status()).isEqualTo(204);
        }
    }
}
