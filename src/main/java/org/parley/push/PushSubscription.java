package org.parley.push;

/** A browser of a contact that accepts pushes: the push service URL and the keys to encrypt for it. */
record PushSubscription(String id, String workspaceId, String contactId, String endpoint, String p256dh, String auth,
                        long createdAt, Long lastSuccessAt) {
    @Override
    public String toString() {
        // Endpoints are capability URLs and the keys are secrets: never in logs.
        return "PushSubscription[" + id + "]";
    }
}
