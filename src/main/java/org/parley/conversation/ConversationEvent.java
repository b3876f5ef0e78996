package org.parley.conversation;

import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;

/** Events of the conversation feature, published after commit. Wire names in docs/events.md. */
public sealed interface ConversationEvent extends DomainEvent {
    Conversation conversation();

    record ConversationCreated(Conversation conversation, RecordedEvent recorded) implements ConversationEvent {
    }

    record ConversationAssigned(Conversation conversation, RecordedEvent recorded) implements ConversationEvent {
    }

    record ConversationStatusChanged(Conversation conversation, RecordedEvent recorded) implements ConversationEvent {
    }

    /** The thread owner changed (docs/bots.md): {@code from}/{@code to} as stored, {@code reason} on the wire. */
    record ConversationHandedOver(Conversation conversation, String from, String to, String reason, RecordedEvent recorded)
            implements ConversationEvent {
    }

    /** A bot app asked the owner for the thread (docs/apps.md); nothing changed. {@code requestedBy} as stored. */
    record ThreadRequested(Conversation conversation, String requestedBy, RecordedEvent recorded) implements ConversationEvent {
    }

    /** Conversation attributes changed (a flow's answer saved to the conversation). */
    record ConversationUpdated(Conversation conversation, RecordedEvent recorded) implements ConversationEvent {
    }

    record ConversationRead(Conversation conversation, String readerType, long seq, RecordedEvent recorded)
            implements ConversationEvent {
    }
}
