package org.parley.activity;

import java.util.List;

/**
 * Published after the commit of a beacon's events (docs/analytics.md): live visitors and the report
 * rollups follow the site from it. {@code anonId} is the loader's first-party analytics id of the browser
 * (null from older loaders); {@code visitorId} is set when the browser has a visitor session. Each event's
 * {@code at} is the stored time (the client's, never in the future).
 */
public record ActivityRecorded(String workspaceId, String anonId, String visitorId, List<ActivityEvent> events,
                               String userAgent, long receivedAt) {
}
