package org.parley.rating;

import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;

/** A conversation was rated or rated again ({@code conversation.rated}), published after commit. */
public record ConversationRated(Rating rating, RecordedEvent recorded) implements DomainEvent {
}
