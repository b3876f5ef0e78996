package org.parley.notify;

/** Links in notifications that open the conversation in the customer inbox, signed in (customer feature). */
public interface ContinueLinks {
    /** A single-use sign-in link bound to {@code email}, opening {@code conversationId} at /me. */
    String continueUrl(String workspaceId, String contactId, String conversationId, String email);
}
