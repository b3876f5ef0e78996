package org.parley.conversation;

import org.parley.http.ApiError;

public enum ConversationStatus {
    OPEN, PENDING, SNOOZED, RESOLVED;

    public String wire() {
        return name().toLowerCase();
    }

    public static ConversationStatus parse(String value) {
        if (value != null) {
            for (ConversationStatus status : values()) {
                if (status.wire().equals(value)) {
                    return status;
                }
            }
        }
        throw ApiError.badRequest("Status must be one of open, pending, snoozed, resolved");
    }
}
