package org.parley.webhook;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.parley.outbound.GuardedHttp;
import org.parley.outbound.OutboundRefused;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends due deliveries: lease (a write: lease_until, attempts + 1), send outside any transaction on a virtual
 * thread (at most {@link #CONCURRENCY} at once), then record the attempt and settle (delivered, the next retry,
 * or failed) in one write. A node that dies mid-send leaves a lease that runs out, and the delivery is sent again
 * (at least once). The claim takes only the earliest open delivery of each webhook and conversation, so a
 * conversation's events arrive in log order.
 */
final class WebhookWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookWorker.class);
    static final int CONCURRENCY = 16;
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    /** Longer than one request can take: a lease that runs out means the node died. */
    static final Duration LEASE = Duration.ofSeconds(45);
    static final int MAX_RESPONSE = 64 * 1024;
    static final int EXCERPT = 2048;

    /** Told when a delivery used up its retries and its webhook started failing (one email per spell). */
    interface FailingListener {
        void startedFailing(Webhook webhook);
    }

    private final Database db;
    private final Clock clock;
    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final GuardedHttp http;
    private final List<Duration> schedule;
    private final FailingListener failing;
    private final Semaphore slots = new Semaphore(CONCURRENCY);
    private final Semaphore wake = new Semaphore(0);
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread loop;
    private volatile boolean running = true;

    WebhookWorker(Database db, Clock clock, WebhookRepository webhooks, DeliveryRepository deliveries, GuardedHttp http,
                  List<Duration> schedule, FailingListener failing) {
        this.db = db;
        this.clock = clock;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.http = http;
        this.schedule = List.copyOf(schedule);
        this.failing = failing;
        this.loop = Thread.ofPlatform().name("webhook-worker").daemon().unstarted(this::loop);
    }

    void start() {
        loop.start();
    }

    /** Polls now rather than at the next tick (new deliveries, or a conversation's next one unblocked). */
    void wake() {
        wake.release();
    }

    private void loop() {
        while (running) {
            runDue();
            try {
                wake.tryAcquire(500, TimeUnit.MILLISECONDS);
                wake.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Leases and starts sending every due delivery there is room for. Never throws. */
    void runDue() {
        try {
            long now = clock.millis();
            for (String workspaceId : db.read(h -> deliveries.workspacesWithDue(h, now))) {
                int room = Math.max(1, slots.availablePermits());
                List<WebhookDelivery> claimed = db.write(workspaceId, h -> deliveries.claim(h, workspaceId, now,
                        now + LEASE.toMillis(), room));
                for (WebhookDelivery delivery : claimed) {
                    slots.acquire();
                    senders.execute(() -> {
                        try {
                            send(delivery);
                        } finally {
                            slots.release();
                            wake();
                        }
                    });
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.warn("webhooks: polling deliveries failed: {}", e.toString());
        }
    }

    private void send(WebhookDelivery delivery) {
        try {
            Webhook webhook = db.read(h -> webhooks.find(h, delivery.workspaceId(), delivery.webhookId())).orElse(null);
            if (webhook == null) {
                return; // deleted meanwhile: its deliveries went with it
            }
            long started = clock.millis();
            Result result = attempt(webhook, delivery, started);
            long duration = Math.max(0, clock.millis() - started);
            String trigger = delivery.replay() ? WebhookAttempt.REPLAY : WebhookAttempt.RETRY;
            WebhookAttempt attempt = new WebhookAttempt(delivery.id(), delivery.attempts(), started, duration,
                    result.status(), result.error(), result.excerpt(), trigger);
            boolean startedFailing = db.write(delivery.workspaceId(), h -> settle(h, webhook, delivery, attempt, result.ok()));
            if (startedFailing) {
                failing.startedFailing(webhook);
            }
        } catch (RuntimeException e) {
            log.warn("webhooks: delivery {} could not be recorded (retried when its lease ends): {}", delivery.id(), e.toString());
        }
    }

    /** Records the attempt and moves the delivery on; true when this failure started the webhook's failing spell. */
    private boolean settle(org.jdbi.v3.core.Handle h, Webhook webhook, WebhookDelivery delivery, WebhookAttempt attempt,
                           boolean ok) {
        deliveries.insertAttempt(h, delivery.workspaceId(), attempt);
        long now = clock.millis();
        if (ok) {
            deliveries.settle(h, delivery, WebhookDelivery.DELIVERED, now, now);
            webhooks.markActive(h, delivery.workspaceId(), webhook.id());
            return false;
        }
        if (delivery.replay() && !WebhookDelivery.PENDING.equals(delivery.status())) {
            deliveries.settle(h, delivery, delivery.status(), now, null); // a failed replay re-arms no retries
            return false;
        }
        int tries = deliveries.retryAttempts(h, delivery.workspaceId(), delivery.id());
        if (tries <= schedule.size()) {
            long next = now + schedule.get(Math.max(1, tries) - 1).toMillis();
            deliveries.settle(h, delivery, WebhookDelivery.PENDING, next, null);
            return false;
        }
        boolean settled = deliveries.settle(h, delivery, WebhookDelivery.FAILED, now, null);
        return settled && webhooks.markFailing(h, delivery.workspaceId(), webhook.id(), now);
    }

    private record Result(boolean ok, Integer status, String error, String excerpt) {
    }

    private Result attempt(Webhook webhook, WebhookDelivery delivery, long now) {
        long timestamp = now / 1000;
        Map<String, String> headers = Map.of(
                "webhook-id", delivery.id(),
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", WebhookSignature.header(webhook.signingSecrets(now), delivery.id(), timestamp, delivery.body()),
                "user-agent", "Parley-Webhooks/1");
        try {
            GuardedHttp.Answer answer = http.post(URI.create(webhook.url()), headers,
                    delivery.body().getBytes(StandardCharsets.UTF_8), "application/json", REQUEST_TIMEOUT, MAX_RESPONSE);
            String excerpt = excerpt(answer.body());
            if (answer.overLimit()) {
                return new Result(false, answer.status(), "response over " + MAX_RESPONSE / 1024 + " KB, cut", excerpt);
            }
            boolean ok = answer.status() >= 200 && answer.status() < 300;
            return new Result(ok, answer.status(), null, excerpt);
        } catch (OutboundRefused e) {
            return new Result(false, null, "refused: " + e.getMessage(), null);
        } catch (TimeoutException e) {
            return new Result(false, null, "timeout: no answer within " + REQUEST_TIMEOUT.toSeconds() + " s", null);
        } catch (IOException | RuntimeException e) {
            return new Result(false, null, "connection failed: " + e.getMessage(), null);
        }
    }

    /** At most 2 KB of the response, as text. */
    static String excerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        int n = Math.min(body.length, EXCERPT);
        String text = new String(body, 0, n, StandardCharsets.UTF_8);
        while (text.getBytes(StandardCharsets.UTF_8).length > EXCERPT) {
            text = text.substring(0, text.length() - 1);
        }
        return text.replace('\u0000', ' ');
    }

    /** Stops polling and waits (up to {@code timeout}) for the sends in progress; unfinished ones retry after a restart. */
    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }

    void close(Duration timeout) {
        running = false;
        loop.interrupt();
        senders.shutdown();
        try {
            loop.join(Math.max(1, timeout.toMillis())); // a poll in progress ends before the database closes
            senders.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
