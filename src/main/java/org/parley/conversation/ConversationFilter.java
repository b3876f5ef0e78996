package org.parley.conversation;

/** Filters of the agents' conversation list; {@code before} pages by last activity. */
public record ConversationFilter(ConversationStatus status, String assigneeId, boolean unassigned, boolean mine,
                                 Long before, int limit) {
}
