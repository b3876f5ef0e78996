package org.parley.identity;

/**
 * A flow bot acting in a conversation it owns (docs/bots.md). {@code owner} is the thread owner it acts as
 * ({@code flow:<flow id>:<version>}); its messages are written only while that owner holds the thread.
 * Bots are never authenticated from outside: the bot feature makes them for the flows it runs.
 */
public record BotPrincipal(String workspaceId, String owner, String flowId, String name) implements Principal {
}
