package org.parley.rating;

import org.parley.http.ApiError;

/** The rating a visitor gives: {@code score} 1..5 (required), {@code comment} at most {@value #MAX_COMMENT} characters. */
public record RateConversation(Integer score, String comment) {
    public static final int MAX_COMMENT = 1000;

    /** The command with a blank comment as none; 400 for a missing or out-of-range score, 413 for a long comment. */
    RateConversation validated() {
        if (score == null || score < 1 || score > 5) {
            throw ApiError.badRequest("Field 'score' must be an integer from 1 to 5");
        }
        if (comment == null || comment.isBlank()) {
            return new RateConversation(score, null);
        }
        String trimmed = comment.strip();
        if (trimmed.codePointCount(0, trimmed.length()) > MAX_COMMENT) {
            throw ApiError.tooLarge("Field 'comment' must be at most " + MAX_COMMENT + " characters");
        }
        // As for messages: PostgreSQL cannot store NUL, so it is refused on both databases.
        if (trimmed.indexOf(0) >= 0) {
            throw ApiError.badRequest("Field 'comment' must not contain NUL characters");
        }
        return new RateConversation(score, trimmed);
    }
}
