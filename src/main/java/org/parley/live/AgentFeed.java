package org.parley.live;

/**
 * Ephemeral events to the workspace's agent sockets ({@code visitor.updated}, {@code visitor.left}): at most
 * once, no cursor, never replayed by a resume (docs/realtime.md). Wired to the realtime gateway.
 */
@FunctionalInterface
public interface AgentFeed {
    void send(String workspaceId, String event, Object data);
}
