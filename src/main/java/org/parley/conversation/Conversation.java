package org.parley.conversation;

/** A thread between one contact and the workspace's team. {@code lastSeq} is the seq of its newest message. */
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
        Long resolvedAt) {
}
