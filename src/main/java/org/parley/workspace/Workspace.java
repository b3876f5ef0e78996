package org.parley.workspace;

import java.util.List;

/** A business using Parley. {@code widgetKey} is public (it is in the script tag). */
public record Workspace(
        String id,
        String name,
        String widgetKey,
        List<String> allowedOrigins,
        WorkspaceSettings settings,
        long createdAt) {

    /** Whether a host page on {@code origin} may embed this workspace's widget (exact match, lower case). */
    public boolean allowsOrigin(String origin) {
        return origin != null && allowedOrigins.contains(origin.toLowerCase());
    }
}
