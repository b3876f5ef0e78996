package org.parley.rating;

/** A contact's rating of a resolved conversation: {@code score} 1..5, {@code comment} optional. */
public record Rating(
        String conversationId,
        String workspaceId,
        String contactId,
        int score,
        String comment,
        String agentId,
        long createdAt,
        long updatedAt) {
}
