package org.parley.live;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.parley.activity.ActivityEvent;
import org.parley.activity.UserAgent;

/** One browser on the site, as the in-process registry holds it; guarded by its site's lock. */
final class LiveEntry {
    final String id;
    /** The registry's key: {@link Browser#key()} of what it knows (the anonymous id once it has one). */
    String key;
    String anonId;
    String visitorId;
    String contactId;
    final Deque<LiveVisitor.Page> pages = new ArrayDeque<>();
    final long visitStartedAt;
    final boolean returning;
    long lastSeenAt;
    LiveVisitor.Source source;
    UserAgent userAgent;
    String userAgentHeader;
    boolean socket;
    String conversationId;
    /** A visitor token made for this browser by a proactive message, until a heartbeat hands it over. */
    String pendingToken;
    /** A proactive conversation waits: the next heartbeat tells the loader to load the widget frame. */
    boolean pendingLoad;
    /** The client_msg_ids of the proactive conversations started for this browser (a retry is no new one). */
    final Set<String> proactive = new LinkedHashSet<>();
    long publishedAt;
    /** Published at least once: its departure is announced too. */
    boolean announced;

    LiveEntry(String id, Browser browser, Visit visit, long now) {
        this.id = id;
        this.key = browser.key();
        this.anonId = browser.anonId();
        this.visitorId = browser.visitorId();
        this.visitStartedAt = visit.startedAt();
        this.returning = visit.returning();
        this.pages.addAll(visit.pages());
        this.source = Visit.source(visit.landing());
        this.lastSeenAt = now;
    }

    /** Applies page views (the newest becomes the current page) and keeps the visit's source. */
    void apply(List<ActivityEvent> events, long now) {
        events.stream().filter(e -> Visit.PAGE_VIEW.equals(e.type()))
                .sorted(java.util.Comparator.comparingLong(e -> e.at() == null ? now : e.at()))
                .forEach(e -> {
                    pages.addFirst(Visit.page(e, e.at() == null ? now : e.at()));
                    while (pages.size() > LiveVisitors.MAX_PAGES) {
                        pages.removeLast();
                    }
                    if (source == null) {
                        source = Visit.source(e);
                    }
                });
    }

    /** Whether the UA changed (it is parsed once per header). */
    boolean userAgent(String header) {
        if (header == null || header.equals(userAgentHeader)) {
            return false;
        }
        userAgentHeader = header;
        userAgent = UserAgent.parse(header);
        return true;
    }

    boolean listed() {
        return !pages.isEmpty();
    }

    LiveVisitor snapshot() {
        UserAgent ua = userAgent == null ? UserAgent.parse(null) : userAgent;
        return new LiveVisitor(id, visitorId, pages.peekFirst(), List.copyOf(pages), visitStartedAt, lastSeenAt,
                source == null ? LiveVisitor.Source.NONE : source, ua.device(), ua.browser(), ua.os(), null,
                socket || conversationId != null, conversationId, returning);
    }
}
