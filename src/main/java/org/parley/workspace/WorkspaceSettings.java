package org.parley.workspace;

/** Widget appearance and greeting; all optional with sensible defaults. A null greeting delay shows no delayed greeting. */
public record WorkspaceSettings(
        String color,
        String position,
        String launcherLabel,
        String greeting,
        String expectedReplyTime,
        Integer greetingDelaySeconds) {

    public static WorkspaceSettings defaults() {
        return new WorkspaceSettings("#3b5bdb", "right", "Chat with us", "Hi! How can we help?", "a few minutes", null);
    }
}
