package org.parley.conversation;

import org.parley.http.ApiError;

/** Filters of the agents' conversation list; {@code before} pages by (last activity, id), newest first. */
public record ConversationFilter(ConversationStatus status, String assigneeId, boolean unassigned, boolean mine,
                                 Cursor before, int limit) {

    /** A page boundary: "{last_activity_at}:{id}" as returned in {@code next_before}. */
    public record Cursor(long lastActivityAt, String id) {
        static Cursor parse(String value) {
            int colon = value.indexOf(':');
            try {
                if (colon > 0 && colon < value.length() - 1 && value.length() < 100) {
                    return new Cursor(Long.parseLong(value.substring(0, colon)), value.substring(colon + 1));
                }
            } catch (NumberFormatException e) {
                // fall through to the error below
            }
            throw ApiError.badRequest("Query 'before' must be a 'next_before' value from a previous page");
        }
    }
}
