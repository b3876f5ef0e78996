package org.parley.app;

/**
 * A bot app of one workspace. {@code tokenPrefix} identifies its token in lists (the token itself is shown once);
 * {@code webhookId} is its webhook (the events it gets); {@code primaryReceiver} makes it the owner of new
 * conversations no flow takes, and lets it take threads back.
 */
public record App(String id, String workspaceId, String name, String avatarUrl, String tokenPrefix, String webhookId,
                  boolean primaryReceiver, long createdAt, long updatedAt) {
}
