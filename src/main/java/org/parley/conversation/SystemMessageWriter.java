package org.parley.conversation;

import org.jdbi.v3.core.Handle;
import org.parley.eventbus.DomainEvent;

/**
 * Appends a system message to a conversation inside the caller's transaction and returns the event
 * to publish after commit. A port: the message feature implements it (it owns the messages table and
 * the message wire shape), and conversation cannot import message without a cycle. See
 * docs/architecture.md, "System messages".
 */
public interface SystemMessageWriter {
    DomainEvent write(Handle handle, Conversation conversation, SystemMessage message, long now);
}
