package org.parley.live;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.parley.activity.ActivityEvent;

/**
 * The registry of who is on each workspace's site now (docs/analytics.md, "Live visitors"). A port: the
 * in-process {@link InProcessLiveVisitors} today, Redis for several nodes later; nothing here outlives a
 * restart, and entries are rebuilt from the stored activity (VisitHistory) as browsers show up again.
 * Changes come back as the entry to publish now, or empty when throttled (the next {@link #sweep} has them)
 * or when the entry is not listed yet (a browser without a page view: nothing to show).
 */
public interface LiveVisitors {
    /** A browser leaves the list this long after its last heartbeat or activity. */
    long LEAVE_AFTER_MS = 90_000;
    /** At most one {@code visitor.updated} per entry per this many ms. */
    long UPDATE_EVERY_MS = 1_000;
    /** A visit ends after this long without activity; a later one is a returning browser's. */
    long VISIT_GAP_MS = 30 * 60_000;
    int MAX_PAGES = 20;

    /** Page views and track events of a browser (after their commit). */
    Optional<LiveVisitor> activity(Browser browser, List<ActivityEvent> events, String userAgent);

    /**
     * A heartbeat of a visible page. {@code contactId} is set when the ping proved a visitor session, with
     * {@code socket} whether that contact's widget socket is open.
     */
    Beat heartbeat(Browser browser, String contactId, boolean socket, String userAgent);

    /**
     * A heartbeat's outcome: the entry to publish (or null), the visitor token made for this browser by a
     * proactive message (handed over once, and only to a browser without a session), whether the loader
     * should load the widget frame for a waiting proactive conversation, and whether the entry learned its
     * contact just now (the caller then looks for an open conversation).
     */
    record Beat(LiveVisitor update, String token, boolean load, boolean linked) {
    }

    /** A conversation of the visitor opened ({@code open}) or ended: the entries' chatting state follows. */
    Optional<LiveVisitor> conversation(String workspaceId, String visitorId, String conversationId, boolean open);

    /** What a proactive message needs of a listed entry: its browser, contact and earlier proactive client_msg_ids. */
    Optional<Target> target(String workspaceId, String id);

    record Target(Browser browser, String contactId, Set<String> proactive) {
    }

    /** The entry's browser got a visitor (made by a proactive message: then {@code token}, to hand over). */
    void link(String workspaceId, String id, String visitorId, String contactId, String token);

    /** A proactive conversation was started for the entry; {@code load}: its browser has no widget socket open. */
    Optional<LiveVisitor> proactive(String workspaceId, String id, String clientMsgId, String conversationId, boolean load);

    /** The workspace's listed entries, newest activity first. */
    List<LiveVisitor> list(String workspaceId);

    /** Removes browsers not seen for {@link #LEAVE_AFTER_MS}; returns them and the throttled changes now due. */
    Sweep sweep();

    record Sweep(List<Update> updated, List<Left> left) {
    }

    record Update(String workspaceId, LiveVisitor visitor) {
    }

    record Left(String workspaceId, String id) {
    }
}
