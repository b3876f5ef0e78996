package org.parley.identity;

import org.parley.http.ApiError;
import org.parley.http.Json;

/** An agent's own choices: presence (online or away) and which browser notifications they want. */
public record AgentSettings(String presence, Notifications notifications) {

    /** Stored and sent whole; all on by default. */
    public record Notifications(boolean newConversation, boolean assignedMessage, boolean mention, boolean sound) {
        static final Notifications DEFAULTS = new Notifications(true, true, true, true);

        static Notifications parse(String stored) {
            Change change = stored == null || stored.isBlank() ? null : Json.parse(stored, Change.class);
            return DEFAULTS.with(change);
        }

        Notifications with(Change change) {
            if (change == null) {
                return this;
            }
            return new Notifications(
                    change.newConversation() != null ? change.newConversation() : newConversation,
                    change.assignedMessage() != null ? change.assignedMessage() : assignedMessage,
                    change.mention() != null ? change.mention() : mention,
                    change.sound() != null ? change.sound() : sound);
        }
    }

    /** A partial change of the notification choices, as sent by the agent. */
    public record Change(Boolean newConversation, Boolean assignedMessage, Boolean mention, Boolean sound) {
    }

    static String validPresence(String presence) {
        if (!Presence.ONLINE.equals(presence) && !Presence.AWAY.equals(presence)) {
            throw ApiError.badRequest("Field 'presence' must be 'online' or 'away'");
        }
        return presence;
    }
}
