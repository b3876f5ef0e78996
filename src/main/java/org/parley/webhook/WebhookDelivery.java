package org.parley.webhook;

/**
 * One event to send to one webhook. {@code id} is the Standard Webhooks {@code webhook-id}, the same on every
 * attempt and replay; {@code body} is the exact JSON sent. Status PENDING, DELIVERED or FAILED; {@code replay}
 * while an admin's replay waits to be sent.
 */
public record WebhookDelivery(String id, String webhookId, String workspaceId, long eventCursor, String event,
                              String conversationId, String body, String status, boolean replay, int attempts,
                              long nextAttemptAt, Long leaseUntil, long createdAt, Long deliveredAt) {
    public static final String PENDING = "PENDING";
    public static final String DELIVERED = "DELIVERED";
    public static final String FAILED = "FAILED";
}
