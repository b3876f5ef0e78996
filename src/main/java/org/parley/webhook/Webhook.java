package org.parley.webhook;

import java.util.List;

/**
 * An endpoint that receives a workspace's events (docs/webhooks.md). {@code cursor} is the last event of the
 * workspace's log already fanned out to it; {@code appId} is set when a bot app owns it.
 */
public record Webhook(String id, String workspaceId, String url, String description, List<String> events, String secret,
                      String previousSecret, Long previousSecretUntil, String appId, boolean enabled, String status,
                      Long failingSince, long cursor, long createdAt, long updatedAt) {
    public static final String ACTIVE = "ACTIVE";
    public static final String FAILING = "FAILING";

    /** The secrets that sign a request sent at {@code now}: the current one, and the previous one during its overlap. */
    List<String> signingSecrets(long now) {
        if (previousSecret != null && previousSecretUntil != null && now < previousSecretUntil) {
            return List.of(secret, previousSecret);
        }
        return List.of(secret);
    }
}
