package org.parley.activity;

import java.util.Map;

/**
 * Who the visitor of a conversation is, as far as their browser tells: browser, system and device from
 * the latest User-Agent; how they came (referrer, utm) from their first activity; when they were first and
 * last seen. The wire shape of {@code visitor} on the activity route.
 */
public record VisitorSummary(String browser, String os, String device, String userAgent, String referrer,
                             Map<String, String> utm, long firstSeenAt, long lastSeenAt) {
}
