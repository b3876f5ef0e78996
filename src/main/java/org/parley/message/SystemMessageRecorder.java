package org.parley.message;

import org.jdbi.v3.core.Handle;
import org.parley.conversation.Conversation;
import org.parley.conversation.SystemMessage;
import org.parley.conversation.SystemMessageWriter;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.Json;
import org.parley.storage.Ids;

/**
 * Writes the system messages of ConversationService inside its transaction: the next gapless seq, the row
 * (sender type system, private, so visitors never get it) and an agents-only {@code message.created} event.
 * Unlike a sent message it leaves the preview, last activity and first reply of the conversation alone.
 */
public final class SystemMessageRecorder implements SystemMessageWriter {
    /** sender_id of system messages (the column is NOT NULL); the wire shape shows no sender id for them. */
    static final String SYSTEM_SENDER = "system";

    private final Ids ids;
    private final EventLog eventLog;
    private final MessageRepository repository = new MessageRepository();

    public SystemMessageRecorder(Ids ids, EventLog eventLog) {
        this.ids = ids;
        this.eventLog = eventLog;
    }

    @Override
    public DomainEvent write(Handle h, Conversation conversation, SystemMessage system, long now) {
        long seq = repository.nextSystemSeq(h, conversation.workspaceId(), conversation.id());
        String id = ids.newId();
        Message message = new Message(id, conversation.workspaceId(), conversation.id(), seq, SenderType.SYSTEM,
                SYSTEM_SENDER, null, "system:" + id, system.text(), Json.write(system.content()), true, now);
        repository.insert(h, message);
        String payload = Json.write(MessageJson.of(message));
        RecordedEvent recorded = eventLog.append(h, conversation.workspaceId(), conversation.id(),
                conversation.contactId(), "message.created", seq, payload, null);
        return new MessageEvent.MessageSent(message, conversation.contactId(), recorded);
    }
}
