package org.parley.message;

import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;

public sealed interface MessageEvent extends DomainEvent {
    record MessageSent(Message message, String contactId, RecordedEvent recorded) implements MessageEvent {
    }
}
