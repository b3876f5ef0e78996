package org.parley.notify;

/** Web push to a contact's subscribed browsers; implemented by the push feature (docs/follow-up.md). */
public interface PushChannel {
    /** What a push shows: the business name, the reply text, where a click goes, and a grouping tag. */
    record PushNotice(String title, String body, String url, String tag) {
    }

    /**
     * Pushes to every subscription of the contact and returns how many push services accepted it.
     * Subscriptions the push service reports gone (404, 410) are deleted. Never throws for a failed
     * subscription; throws only when the channel itself cannot work (e.g. no keys).
     */
    int push(String workspaceId, String contactId, PushNotice notice);
}
