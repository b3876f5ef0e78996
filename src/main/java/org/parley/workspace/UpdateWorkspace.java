package org.parley.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A partial change: null fields are left as they are. Also the wire shape of PATCH /api/v1/workspace.
 * {@code texts}, when given, replaces every per-language override (like {@code allowedOrigins}).
 * {@code businessHours} stays JSON until {@link BusinessHours#parse} checks it, so its errors name their field
 * ({@code business_hours.days.mon[0]}); an empty object removes the business hours (always open).
 * {@code activityRetentionDays} and {@code fileRetentionDays} are JSON too, because there null means something: back
 * to the default.
 */
public record UpdateWorkspace(
        String name,
        List<String> allowedOrigins,
        String color,
        String position,
        String launcherLabel,
        String greeting,
        String expectedReplyTime,
        Integer greetingDelaySeconds,
        Map<String, WidgetTexts> texts,
        Integer emailAskDelaySeconds,
        JsonNode businessHours,
        JsonNode activityRetentionDays,
        JsonNode fileRetentionDays) {

    public UpdateWorkspace(String name, List<String> allowedOrigins, String color, String position, String launcherLabel,
                           String greeting, String expectedReplyTime, Integer greetingDelaySeconds) {
        this(name, allowedOrigins, color, position, launcherLabel, greeting, expectedReplyTime, greetingDelaySeconds, null, null, null, null, null);
    }
}
