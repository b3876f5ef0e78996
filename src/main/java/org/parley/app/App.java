package org.parley.app;

/**
 * A bot app of one workspace. {@code tokenPrefix} identifies its token in lists (the token itself is shown once);
 * its webhook (the events it gets) is the webhook feature's, found by the app's id; {@code primaryReceiver} makes it the owner of new
 * conversations no flow takes, and lets it take threads back; {@code replyTimeoutSeconds} how long a visitor message
 * of a thread it owns may wait for its answer before the thread goes to the humans (0: forever).
 */
public record App(String id, String workspaceId, String name, String avatarUrl, String tokenPrefix,
                  boolean primaryReceiver, int replyTimeoutSeconds, long createdAt, long updatedAt) {
}
