package org.parley.notify;

/** One durable notification of a conversation's unseen replies on one channel (table notification_jobs). */
public record NotificationJob(String id, String workspaceId, String conversationId, String contactId, String visitorId,
                              Channel channel, String status, long dueAt, int attempts, Long throughSeq,
                              String lastError, long createdAt, long updatedAt) {

    public enum Channel {
        PUSH, EMAIL;

        public String wire() {
            return name().toLowerCase();
        }
    }
}
