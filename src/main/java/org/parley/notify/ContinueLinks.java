package org.parley.notify;

/**
 * Links in notifications that open the conversation (customer feature). A link proves an email only
 * when it was delivered to that email: emails carry continue links, pushes carry push links.
 */
public interface ContinueLinks {
    /** A single-use sign-in link bound to {@code email}, opening {@code conversationId} at /me: only for an email sent to it. */
    String continueUrl(String workspaceId, String contactId, String conversationId, String email);

    /**
     * A single-use link for a web push: opens {@code conversationId} at /me as the contact whose browser
     * subscribed, with no customer session and no email proven.
     */
    String pushUrl(String workspaceId, String contactId, String conversationId);
}
