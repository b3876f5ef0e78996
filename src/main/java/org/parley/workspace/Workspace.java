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
}
