package org.parley.webhook;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.parley.eventbus.EventLog;
import org.parley.http.ApiError;
import org.parley.identity.AgentPrincipal;
import org.parley.identity.AgentService;
import org.parley.outbound.OutboundRefused;
import org.parley.outbound.UrlGuard;
import org.parley.storage.Database;
import org.parley.storage.Ids;

/**
 * The only entry for webhooks (docs/webhooks.md): admins manage them and read their delivery log; bot apps
 * (through Wiring) get their own. Deliveries are made by {@link WebhookFanOut} and {@link WebhookWorker}, run by
 * {@link WebhookDeliverer}.
 */
public final class WebhookService {
    public static final int MAX_PER_WORKSPACE = 20;
    public static final int MAX_DESCRIPTION = 200;
    public static final int MAX_URL = 2000;
    public static final int MAX_REPLAY = 1000;
    public static final long MAX_OVERLAP_SECONDS = 604_800;
    public static final long DEFAULT_OVERLAP_SECONDS = 86_400;

    /** A webhook just created or rotated, with its secret: the only time the secret is shown. */
    public record WithSecret(Webhook webhook, String secret) {
    }

    /** A delivery of the log with its last attempt (null before the first). */
    public record Logged(WebhookDelivery delivery, WebhookAttempt last) {
    }

    /** A delivery with every attempt. */
    public record Detail(WebhookDelivery delivery, List<WebhookAttempt> attempts) {
    }

    /** What a change sets; a null field stays as it is. */
    public record Change(String url, List<String> events, String description, Boolean enabled) {
    }

    private final Database db;
    private final Ids ids;
    private final Clock clock;
    private final SecureRandom random;
    private final UrlGuard guard;
    private final EventLog eventLog;
    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final Runnable changed;

    WebhookService(Database db, Ids ids, Clock clock, SecureRandom random, UrlGuard guard, EventLog eventLog,
                   WebhookRepository webhooks, DeliveryRepository deliveries, Runnable changed) {
        this.db = db;
        this.ids = ids;
        this.clock = clock;
        this.random = random;
        this.guard = guard;
        this.eventLog = eventLog;
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.changed = changed;
    }

    public List<Webhook> list(AgentPrincipal admin) {
        AgentService.requireAdmin(admin);
        return db.read(h -> webhooks.list(h, admin.workspaceId()));
    }

    public Webhook require(AgentPrincipal admin, String id) {
        AgentService.requireAdmin(admin);
        return db.read(h -> webhooks.find(h, admin.workspaceId(), id)).orElseThrow(() -> ApiError.notFound("Webhook"));
    }

    public WithSecret create(AgentPrincipal admin, String url, List<String> events, String description) {
        AgentService.requireAdmin(admin);
        if (url == null) {
            throw ApiError.badRequest("Field 'url' is required");
        }
        if (events == null) {
            throw ApiError.badRequest("Field 'events' is required");
        }
        WithSecret created = insert(admin.workspaceId(), validUrl(url), validEvents(events), validDescription(description),
                null, true);
        changed.run();
        return created;
    }

    private WithSecret insert(String workspaceId, String url, List<String> events, String description, String appId,
                              boolean limited) {
        String secret = WebhookSignature.newSecret(random);
        long now = clock.millis();
        return db.write(workspaceId, h -> {
            if (limited && webhooks.count(h, workspaceId) >= MAX_PER_WORKSPACE) {
                throw ApiError.badRequest("A workspace has at most " + MAX_PER_WORKSPACE + " webhooks");
            }
            // From now on: the events logged before it was created are not its.
            Webhook webhook = new Webhook(ids.newId(), workspaceId, url, description, events, secret, null, null, appId,
                    true, Webhook.ACTIVE, null, eventLog.currentCursor(h, workspaceId), now, now);
            webhooks.insert(h, webhook);
            return new WithSecret(webhook, secret);
        });
    }

    public Webhook update(AgentPrincipal admin, String id, Change change) {
        AgentService.requireAdmin(admin);
        String url = change.url() == null ? null : validUrl(change.url());
        List<String> events = change.events() == null ? null : validEvents(change.events());
        String description = change.description() == null ? null : validDescription(change.description());
        Webhook updated = db.write(admin.workspaceId(), h -> {
            Webhook w = webhooks.find(h, admin.workspaceId(), id).orElseThrow(() -> ApiError.notFound("Webhook"));
            boolean enabling = Boolean.TRUE.equals(change.enabled()) && !w.enabled();
            // Enabled again: it receives what happens from now on, not what was logged while it was off.
            long cursor = enabling ? eventLog.currentCursor(h, admin.workspaceId()) : w.cursor();
            Webhook next = new Webhook(w.id(), w.workspaceId(), url == null ? w.url() : url,
                    change.description() == null ? w.description() : description,
                    events == null ? w.events() : events, w.secret(), w.previousSecret(), w.previousSecretUntil(), w.appId(),
                    change.enabled() == null ? w.enabled() : change.enabled(), w.status(), w.failingSince(), cursor,
                    w.createdAt(), clock.millis());
            webhooks.update(h, next, next.updatedAt());
            return next;
        });
        changed.run();
        return updated;
    }

    public void delete(AgentPrincipal admin, String id) {
        require(admin, id);
        db.write(admin.workspaceId(), h -> {
            webhooks.delete(h, admin.workspaceId(), id);
            return null;
        });
        changed.run();
    }

    /** A new secret; the old one keeps signing (a second signature) for {@code overlapSeconds}. */
    public WithSecret rotate(AgentPrincipal admin, String id, Long overlapSeconds) {
        AgentService.requireAdmin(admin);
        long overlap = overlapSeconds == null ? DEFAULT_OVERLAP_SECONDS : overlapSeconds;
        if (overlap < 0 || overlap > MAX_OVERLAP_SECONDS) {
            throw ApiError.badRequest("Field 'overlap_seconds' must be 0-" + MAX_OVERLAP_SECONDS);
        }
        String secret = WebhookSignature.newSecret(random);
        long now = clock.millis();
        return db.write(admin.workspaceId(), h -> {
            Webhook w = webhooks.find(h, admin.workspaceId(), id).orElseThrow(() -> ApiError.notFound("Webhook"));
            String previous = overlap == 0 ? null : w.secret();
            Long until = overlap == 0 ? null : now + overlap * 1000;
            webhooks.rotate(h, admin.workspaceId(), id, secret, previous, until, now);
            return new WithSecret(webhooks.find(h, admin.workspaceId(), id).orElseThrow(), secret);
        });
    }

    public List<Logged> deliveries(AgentPrincipal admin, String id, String status, Long before, int limit) {
        require(admin, id);
        String wanted = status == null ? null : switch (status) {
            case "pending", "delivered", "failed" -> status.toUpperCase(java.util.Locale.ROOT);
            default -> throw ApiError.badRequest("Query 'status' must be pending, delivered or failed");
        };
        return db.read(h -> {
            List<WebhookDelivery> page = deliveries.list(h, admin.workspaceId(), id, wanted, before, limit);
            Map<String, WebhookAttempt> last = deliveries.lastAttempts(h, admin.workspaceId(),
                    page.stream().map(WebhookDelivery::id).toList());
            List<Logged> logged = new ArrayList<>();
            page.forEach(d -> logged.add(new Logged(d, last.get(d.id()))));
            return logged;
        });
    }

    public Detail delivery(AgentPrincipal admin, String id, String deliveryId) {
        require(admin, id);
        return db.read(h -> {
            WebhookDelivery d = deliveries.find(h, admin.workspaceId(), id, deliveryId)
                    .orElseThrow(() -> ApiError.notFound("Delivery"));
            return new Detail(d, deliveries.attempts(h, admin.workspaceId(), deliveryId));
        });
    }

    /** Sends one delivery again (same webhook-id, a new timestamp and signature), as soon as its turn comes. */
    public void replay(AgentPrincipal admin, String id, String deliveryId) {
        require(admin, id);
        int marked = db.write(admin.workspaceId(), h -> deliveries.markReplay(h, admin.workspaceId(), id, deliveryId, clock.millis()));
        if (marked == 0) {
            throw ApiError.notFound("Delivery");
        }
        changed.run();
    }

    /** Replays every delivery created in [from, to), at most {@link #MAX_REPLAY}, in their order; returns {replayed, matched}. */
    public long[] replayRange(AgentPrincipal admin, String id, long from, long to) {
        require(admin, id);
        if (to <= from) {
            throw ApiError.badRequest("Field 'to' must be after 'from'");
        }
        long[] counts = db.write(admin.workspaceId(), h -> new long[] {
                deliveries.markReplayRange(h, admin.workspaceId(), id, from, to, clock.millis(), MAX_REPLAY),
                deliveries.countRange(h, admin.workspaceId(), id, from, to)});
        changed.run();
        return counts;
    }

    /** Queues a {@code webhook.test} delivery (not ordered, no conversation); returns its id. */
    public String test(AgentPrincipal admin, String id) {
        Webhook w = require(admin, id);
        long now = clock.millis();
        String deliveryId = ids.newToken("msg_");
        String body = WebhookFanOut.body(new WebhookFanOut.LoggedEvent(0, null, WebhookEvents.TEST,
                "{\"webhook_id\":\"" + w.id() + "\"}", now), null, null);
        db.write(admin.workspaceId(), h -> {
            deliveries.insert(h, new WebhookDelivery(deliveryId, w.id(), w.workspaceId(), 0, WebhookEvents.TEST, null, body,
                    WebhookDelivery.PENDING, false, 0, now, null, now, null));
            return null;
        });
        changed.run();
        return deliveryId;
    }

    // Bot apps (the integrator's apps package calls these; the app's webhook is not among the admin's 20).

    /** Creates the app's webhook (one per app); returns its secret, shown to the app's owner once. */
    public String createForApp(String workspaceId, String appId, String url, List<String> events) {
        String secret = insert(workspaceId, validUrl(url), validEvents(events), null, appId, false).secret();
        changed.run();
        return secret;
    }

    public void updateAppUrl(String workspaceId, String appId, String url) {
        updateForApp(workspaceId, appId, url, null);
    }

    /** Changes the app's webhook URL and/or events (null keeps them), checked as any webhook's (400). */
    public void updateForApp(String workspaceId, String appId, String url, List<String> events) {
        String checked = url == null ? null : validUrl(url);
        List<String> names = events == null ? null : validEvents(events);
        db.write(workspaceId, h -> {
            Webhook w = webhooks.findForApp(h, workspaceId, appId).orElseThrow(() -> ApiError.notFound("Webhook"));
            webhooks.update(h, new Webhook(w.id(), w.workspaceId(), checked == null ? w.url() : checked, w.description(),
                    names == null ? w.events() : names, w.secret(), w.previousSecret(), w.previousSecretUntil(), w.appId(),
                    w.enabled(), w.status(), w.failingSince(), w.cursor(), w.createdAt(), clock.millis()), clock.millis());
            return null;
        });
    }

    /** The app's webhook as the admin route shows it (no secret), or an empty map when it has none. */
    public Map<String, Object> viewForApp(String workspaceId, String appId) {
        return db.read(h -> webhooks.findForApp(h, workspaceId, appId)).map(w -> WebhookJson.webhook(w, null))
                .orElse(Map.of());
    }

    public void deleteForApp(String workspaceId, String appId) {
        db.write(workspaceId, h -> {
            webhooks.findForApp(h, workspaceId, appId).ifPresent(w -> webhooks.delete(h, workspaceId, w.id()));
            return null;
        });
        changed.run();
    }

    private String validUrl(String url) {
        if (url.length() > MAX_URL) {
            throw ApiError.badRequest("Field 'url' must be at most " + MAX_URL + " characters");
        }
        try {
            URI uri = guard.checkText(url);
            guard.checkDestination(uri);
            return uri.toString();
        } catch (OutboundRefused e) {
            throw ApiError.badRequest("Field 'url' " + e.getMessage());
        }
    }

    private static List<String> validEvents(List<String> events) {
        if (events.isEmpty()) {
            throw ApiError.badRequest("Field 'events' must name at least one event");
        }
        LinkedHashSet<String> names = new LinkedHashSet<>();
        for (String name : events) {
            if (name == null || !WebhookEvents.NAMES.contains(name)) {
                throw ApiError.badRequest("Field 'events': unknown event '" + name + "'");
            }
            names.add(name);
        }
        return List.copyOf(names);
    }

    private static String validDescription(String description) {
        if (description == null) {
            return null;
        }
        String clean = org.parley.http.DisplayText.clean(description).strip();
        if (clean.length() > MAX_DESCRIPTION) {
            throw ApiError.badRequest("Field 'description' must be at most " + MAX_DESCRIPTION + " characters");
        }
        return clean.isEmpty() ? null : clean;
    }
}
