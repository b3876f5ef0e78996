package org.parley.workspace;

/** A workspace in the server admin's list: its active agents, and since when it is disabled (null: enabled). */
public record WorkspaceSummary(Workspace workspace, int agents, Long disabledAt) {
}
