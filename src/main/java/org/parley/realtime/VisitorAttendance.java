package org.parley.realtime;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.identity.VisitorPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a contact is on the site: an open widget socket, or one closed within a grace period (a reload
 * or a click to another page reconnects within it); when they left; and the ephemeral
 * {@code visitor_presence} frames that tell the workspace's agents (docs/realtime.md).
 */
final class VisitorAttendance {
    private static final Logger log = LoggerFactory.getLogger(VisitorAttendance.class);
    static final long GRACE_MS = 10_000;
    private static final long LEFT_AT_KEPT_MS = 24 * 3600_000L;

    private final ConnectionRegistry registry;
    private final Clock clock;
    private final ScheduledExecutorService timers;
    /** The grace period in force ({@link #GRACE_MS}; tests shorten it). */
    private volatile long graceMs = GRACE_MS;
    /** When each contact's last widget socket closed; pruned past the grace period. */
    private final Map<String, Long> leftAt = new ConcurrentHashMap<>();
    /** The same, kept a day, so agents see "left 20 minutes ago". */
    private final Map<String, Long> lastLeftAt = new ConcurrentHashMap<>();

    VisitorAttendance(ConnectionRegistry registry, Clock clock, ScheduledExecutorService timers) {
        this.registry = registry;
        this.clock = clock;
        this.timers = timers;
    }

    void grace(Duration grace) {
        graceMs = grace.toMillis();
    }

    boolean isPresent(String workspaceId, String contactId) {
        if (registry.contact(contactId).stream().anyMatch(c -> c.visitor().workspaceId().equals(workspaceId))) {
            return true;
        }
        Long at = leftAt.get(contactId);
        return at != null && clock.millis() - at < graceMs;
    }

    Long leftAt(String workspaceId, String contactId) {
        return isPresent(workspaceId, contactId) ? null : lastLeftAt.get(contactId);
    }

    /** Before the socket leaves the registry, so the contact is never seen as neither connected nor just gone. */
    void socketClosed(VisitorPrincipal visitor) {
        long now = clock.millis();
        leftAt.put(visitor.contactId(), now);
        lastLeftAt.put(visitor.contactId(), now);
        // Once the grace period is over without a reconnect, the workspace's agents see them leave.
        timers.schedule(() -> announceIfGone(visitor), graceMs + 50, TimeUnit.MILLISECONDS);
    }

    /** A visitor socket authenticated: agents hear of an arrival when the contact was not on the site. */
    void arrived(VisitorPrincipal visitor, boolean wasPresent) {
        if (!wasPresent) {
            announce(visitor.workspaceId(), visitor.contactId(), true, null);
        }
    }

    void prune() {
        long now = clock.millis();
        leftAt.values().removeIf(at -> at < now - graceMs);
        lastLeftAt.values().removeIf(at -> at < now - LEFT_AT_KEPT_MS);
    }

    private void announceIfGone(VisitorPrincipal visitor) {
        try {
            if (!isPresent(visitor.workspaceId(), visitor.contactId())) {
                announce(visitor.workspaceId(), visitor.contactId(), false, lastLeftAt.get(visitor.contactId()));
            }
        } catch (RuntimeException e) {
            log.debug("announcing a departure failed", e);
        }
    }

    private void announce(String workspaceId, String contactId, boolean present, Long at) {
        String frame = present ? Frames.of("type", "visitor_presence", "contact_id", contactId, "present", true)
                : Frames.of("type", "visitor_presence", "contact_id", contactId, "present", false, "left_at", at);
        registry.agents(workspaceId).forEach(c -> c.send(frame));
    }
}
