package org.parley.notify;

/** Whether a contact is on the site now: an open widget socket, or one closed within a short grace period. */
public interface VisitorPresence {
    boolean isPresent(String workspaceId, String contactId);

    /** When the contact's last widget socket closed, if this node saw it in the last day and they are not present now. */
    Long leftAt(String workspaceId, String contactId);

    static VisitorPresence of(java.util.function.BiPredicate<String, String> isPresent,
                              java.util.function.BiFunction<String, String, Long> leftAt) {
        return new VisitorPresence() {
            @Override
            public boolean isPresent(String workspaceId, String contactId) {
                return isPresent.test(workspaceId, contactId);
            }

            @Override
            public Long leftAt(String workspaceId, String contactId) {
                return leftAt.apply(workspaceId, contactId);
            }
        };
    }
}
