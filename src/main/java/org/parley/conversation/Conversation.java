package org.parley.conversation;

/** A thread between one contact and the workspace's team. {@code lastSeq} is the seq of its newest message;
 * {@code owner} who may answer now (docs/bots.md), {@code attributes} a JSON object set by flows. */
public record Conversation(
        String id,
        String workspaceId,
        String contactId,
        String visitorId,
        ConversationStatus status,
        Long snoozedUntil,
        String assigneeId,
        long lastSeq,
        long visitorReadSeq,
        long agentReadSeq,
        String lastMessagePreview,
        long createdAt,
        long lastActivityAt,
        Long firstAgentReplyAt,
        Long resolvedAt,
        String owner,
        String attributes) {

    /** Whether a bot (a flow or an app) answers in this thread now, not the humans (docs/bots.md). */
    public boolean ownedByBot() {
        return !ThreadOwner.HUMANS.equals(owner);
    }

    /** Whether a flow runs this thread now ({@code owner} is {@code flow:<flow id>:<version>}). */
    public boolean ownedByFlow() {
        return ThreadOwner.isFlow(owner);
    }
}
