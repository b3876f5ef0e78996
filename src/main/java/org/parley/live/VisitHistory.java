package org.parley.live;

import java.util.List;
import org.parley.activity.ActivityEvent;

/** A browser's stored activity, for the visit it is on when it shows up in the registry. */
@FunctionalInterface
public interface VisitHistory {
    /** The browser's events that happened before {@code before} (ms), newest first, at most {@code limit}. */
    List<ActivityEvent> before(Browser browser, long before, int limit);
}
