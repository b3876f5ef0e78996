package org.parley.workspace;

import java.util.List;

/** A partial change: null fields are left as they are. Also the wire shape of PATCH /api/v1/workspace. */
public record UpdateWorkspace(
        String name,
        List<String> allowedOrigins,
        String color,
        String position,
        String launcherLabel,
        String greeting,
        String expectedReplyTime,
        Integer greetingDelaySeconds) {
}
