package org.parley.webhook;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.conversation.ConversationService;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventLog;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.identity.Role;
import org.parley.mail.Email;
import org.parley.mail.Mailer;
import org.parley.outbound.GuardedHttp;
import org.parley.outbound.UrlGuard;
import org.parley.storage.Database;
import org.parley.storage.Ids;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook feature's running parts: an async subscriber of every published event that nudges the fan-out of
 * its workspace, a catch-up every few seconds (after a restart, or events another node published), and the
 * worker that sends. Built by Wiring; {@link #service()} is the feature's entry for routes and bot apps.
 */
public final class WebhookDeliverer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);

    /** How long the log keeps a delivered or failed delivery (docs/webhooks.md). */
    public static final Duration LOG_RETENTION = Duration.ofDays(30);

    private final Database db;
    private final Clock clock;
    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks = new WebhookRepository();
    private final WebhookFanOut fanOut;
    private final WebhookWorker worker;
    private final WebhookService service;
    private final GuardedHttp http;
    private final AgentService agents;
    private final Mailer mailer;
    private final String baseUrl;
    /** Workspaces with an enabled webhook: only their events are worth a fan-out write (refreshed every tick). */
    private final Set<String> watched = ConcurrentHashMap.newKeySet();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ExecutorService fanOuts = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("webhook-fan-out").daemon().factory());
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-catch-up").daemon().factory());

    public WebhookDeliverer(Database db, Ids ids, Clock clock, SecureRandom random, UrlGuard guard, EventLog eventLog,
                            ConversationService conversations, AgentService agents, Mailer mailer, String baseUrl,
                            List<Duration> schedule) {
        this.db = db;
        this.clock = clock;
        this.agents = agents;
        this.mailer = mailer;
        this.baseUrl = baseUrl;
        this.deliveries = new DeliveryRepository(db.dialect());
        this.http = new GuardedHttp(guard, WebhookWorker.CONNECT_TIMEOUT);
        this.fanOut = new WebhookFanOut(db, ids, clock, conversations, webhooks, deliveries);
        this.worker = new WebhookWorker(db, clock, webhooks, deliveries, http, schedule, this::tellOwners);
        this.service = new WebhookService(db, ids, clock, random, guard, eventLog, webhooks, deliveries, this::changed);
    }

    public WebhookService service() {
        return service;
    }

    /** The async subscriber: a committed event of a watched workspace is fanned out (coalesced per workspace). */
    public void on(DomainEvent event) {
        String workspaceId = event.recorded().workspaceId();
        if (watched.contains(workspaceId) && queued.add(workspaceId)) {
            try {
                fanOuts.execute(() -> {
                    queued.remove(workspaceId);
                    fanOut(workspaceId);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                queued.remove(workspaceId); // stopping: the catch-up after the restart fans it out
            }
        }
    }

    public void start() {
        refreshWatched();
        ticks.scheduleWithFixedDelay(this::catchUp, 0, 3, TimeUnit.SECONDS);
        ticks.scheduleWithFixedDelay(this::prune, 1, 60, TimeUnit.MINUTES);
        worker.start();
    }

    /** Fans out every workspace whose webhooks are behind its log; public so tests need not wait. Never throws. */
    public void catchUp() {
        try {
            refreshWatched();
            db.read(webhooks::workspacesBehind).forEach(this::fanOut);
        } catch (RuntimeException e) {
            log.warn("webhooks: catch-up failed: {}", e.toString());
        }
    }

    /**
     * Deletes delivered and failed deliveries (and their attempts) older than {@link #LOG_RETENTION}, 1,000 at a time
     * per workspace; returns how many. Public so tests need not wait an hour. Never throws.
     */
    public int prune() {
        int deleted = 0;
        try {
            long cutoff = clock.millis() - LOG_RETENTION.toMillis();
            for (String workspaceId : db.read(h -> deliveries.workspacesWithOldDeliveries(h, cutoff))) {
                deleted += db.write(workspaceId, h -> deliveries.pruneFinished(h, workspaceId, cutoff, 1000));
            }
        } catch (RuntimeException e) {
            log.warn("webhooks: pruning the delivery log failed: {}", e.toString());
        }
        return deleted;
    }

    private void fanOut(String workspaceId) {
        try {
            if (fanOut.run(workspaceId) > 0) {
                worker.wake();
            }
        } catch (RuntimeException e) {
            log.warn("webhooks: fan-out of workspace {} failed (the catch-up retries): {}", workspaceId, e.toString());
        }
    }

    private void refreshWatched() {
        List<String> now = db.read(h -> h.createQuery("SELECT DISTINCT workspace_id FROM webhooks WHERE enabled = :on")
                .bind("on", true).mapTo(String.class).list());
        watched.addAll(now);
        watched.retainAll(Set.copyOf(now));
    }

    /** Webhooks were created, changed or replayed: refresh what is watched and poll for due deliveries now. */
    private void changed() {
        try {
            refreshWatched();
        } catch (RuntimeException e) {
            log.warn("webhooks: cannot refresh the watched workspaces: {}", e.toString());
        }
        worker.wake();
    }

    /** One email to each of the workspace's owners when a webhook starts failing (once per failing spell). */
    private void tellOwners(Webhook webhook) {
        String host = java.net.URI.create(webhook.url()).getHost();
        String text = "A webhook of your Parley workspace stopped receiving events: a delivery to " + host
                + " failed on every retry, so the webhook is now marked failing.\n\n"
                + "New events are still sent to it, with retries; the next one it accepts marks it active again.\n"
                + "The delivery log, with each attempt and a replay button: " + baseUrl + "/app#/settings/webhooks\n";
        AgentPrincipal system = new AgentPrincipal(webhook.workspaceId(), null, null, "webhooks", Role.OWNER);
        for (var agent : agents.list(system)) {
            if (agent.role() == Role.OWNER && agent.active()) {
                try {
                    mailer.send(new Email(agent.email(), "Webhook failing: " + host, text, null));
                } catch (RuntimeException e) {
                    log.warn("webhooks: cannot tell owner {} that webhook {} fails: {}", agent.id(), webhook.id(), e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        fanOuts.shutdownNow();
        try {
            ticks.awaitTermination(2, TimeUnit.SECONDS);
            fanOuts.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        worker.close();
        http.close();
    }
}
