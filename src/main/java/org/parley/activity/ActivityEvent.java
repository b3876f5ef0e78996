package org.parley.activity;

import java.util.Map;

/**
 * One report from the widget loader: a page view or a tracked event. Also the wire shape of
 * {@code POST /api/v1/widget/activity} events and of the agents' activity view.
 */
public record ActivityEvent(
        String type,
        String url,
        String title,
        String referrer,
        Map<String, String> utm,
        String ref,
        String name,
        Map<String, Object> props,
        Long at) {
}
