package org.parley.message;

/**
 * One message of a conversation. {@code content} is reserved for structured parts (quick replies,
 * buttons, cards, attachments) as JSON; {@code text} is always the plain-text rendering.
 */
public record Message(
        String id,
        String workspaceId,
        String conversationId,
        long seq,
        SenderType senderType,
        String senderId,
        String senderName,
        String clientMsgId,
        String text,
        String content,
        boolean isPrivate,
        long createdAt) {
}
