package org.parley.notify;

/** Whether a contact is on the site now: an open widget socket, or one closed within a short grace period. */
public interface VisitorPresence {
    boolean isPresent(String workspaceId, String contactId);
}
