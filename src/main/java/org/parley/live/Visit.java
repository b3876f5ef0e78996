package org.parley.live;

import java.util.ArrayList;
import java.util.List;
import org.parley.activity.ActivityEvent;

/**
 * The visit a browser is on, read from its earlier activity (newest first): events less than
 * {@link LiveVisitors#VISIT_GAP_MS} apart belong to one visit; anything older makes the browser a returning one.
 * The landing page is the visit's first page view (its referrer, utm and ref are the visit's source).
 */
record Visit(long startedAt, boolean returning, List<LiveVisitor.Page> pages, ActivityEvent landing) {
    static final String PAGE_VIEW = "page_view";

    /** {@code from}: when the present activity happened (the first new event, or now for a heartbeat). */
    static Visit of(List<ActivityEvent> newestFirst, long from) {
        long previous = from;
        long startedAt = from;
        boolean returning = false;
        List<LiveVisitor.Page> pages = new ArrayList<>();
        ActivityEvent landing = null;
        for (ActivityEvent e : newestFirst) {
            long at = e.at() == null ? previous : e.at();
            if (previous - at >= LiveVisitors.VISIT_GAP_MS) {
                returning = true;
                break;
            }
            startedAt = Math.min(startedAt, at);
            previous = at;
            if (PAGE_VIEW.equals(e.type())) {
                landing = e;
                if (pages.size() < LiveVisitors.MAX_PAGES) {
                    pages.add(page(e, at));
                }
            }
        }
        return new Visit(startedAt, returning, pages, landing);
    }

    static LiveVisitor.Page page(ActivityEvent e, long at) {
        return new LiveVisitor.Page(e.url(), e.title(), at);
    }

    static LiveVisitor.Source source(ActivityEvent landing) {
        if (landing == null) {
            return null;
        }
        String referrer = landing.referrer() == null || landing.referrer().isEmpty() ? null : landing.referrer();
        return new LiveVisitor.Source(referrer, landing.utm() == null || landing.utm().isEmpty() ? null : landing.utm(),
                landing.ref());
    }
}
