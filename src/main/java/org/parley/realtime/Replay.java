package org.parley.realtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.parley.conversation.Conversation;
import org.parley.conversation.ConversationService;
import org.parley.eventbus.EventLog;
import org.parley.eventbus.RecordedEvent;
import org.parley.http.ApiError;
import org.parley.http.Json;
import org.parley.identity.VisitorPrincipal;
import org.parley.message.Message;
import org.parley.message.MessageJson;
import org.parley.message.MessageService;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A socket's {@code resume}: the missed events from the database, composed with live delivery as ADR 3
 * says (live events wait behind the replay; "resumed" only after a complete one).
 */
final class Replay {
    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    private final Database db;
    private final EventLog eventLog;
    private final ConversationService conversations;
    private final MessageService messages;
    /** Test hook: runs before each replayed event with its index in the resume (deterministic slow or failing replays). */
    private volatile java.util.function.IntConsumer beforeReplayedEvent = index -> { };

    Replay(Database db, EventLog eventLog, ConversationService conversations, MessageService messages) {
        this.db = db;
        this.eventLog = eventLog;
        this.conversations = conversations;
        this.messages = messages;
    }

    void beforeReplayedEvent(java.util.function.IntConsumer hook) {
        this.beforeReplayedEvent = hook == null ? index -> { } : hook;
    }

    /**
     * Replays what the client missed, holding live events meanwhile; "resumed" only once the replay was
     * sent completely. A refused resume (bad cursors) gets its error and leaves the socket live; a replay
     * that fails on the server closes the socket (1013) so the client resumes again with its cursor.
     */
    void resume(Connection connection, Frames.Resume frame) {
        try {
            validate(connection, frame);
        } catch (ApiError e) {
            connection.endHoldWithoutResume(); // refused: nothing replayed, live events go on
            throw e;
        }
        connection.beginReplay();
        try {
            if (connection.isAgent()) {
                resumeAgent(connection, frame);
            } else {
                resumeVisitor(connection, frame);
            }
        } catch (RuntimeException e) {
            log.warn("resume of socket {} failed: {}", connection.id(), e.toString());
            connection.failReplay(Frames.error(new ApiError(503, "resume_failed",
                    "The replay failed; reconnect and resume from the same cursor"), null));
            return;
        }
        connection.endReplay();
    }

    private static void validate(Connection connection, Frames.Resume frame) {
        if (connection.isAgent() && (frame.cursor() == null || frame.cursors() != null)) {
            throw ApiError.badRequest("Agents resume with 'cursor'");
        }
        if (!connection.isAgent() && (frame.cursors() == null || frame.cursor() != null)) {
            throw ApiError.badRequest("Visitors resume with 'cursors'");
        }
        if (!connection.isAgent() && frame.cursors().size() > 100) {
            throw ApiError.badRequest("At most 100 cursors");
        }
    }

    private void resumeAgent(Connection connection, Frames.Resume frame) {
        String workspaceId = connection.agent().workspaceId();
        Optional<List<RecordedEvent>> events = db.read(h -> eventLog.after(h, workspaceId, frame.cursor()));
        if (events.isEmpty()) {
            connection.send(Frames.of("type", "resync_required"));
            return;
        }
        connection.replayAgentFrom(frame.cursor());
        int index = 0;
        for (RecordedEvent event : events.get()) {
            beforeReplayedEvent.accept(index++);
            connection.replay(event);
        }
    }

    private void resumeVisitor(Connection connection, Frames.Resume frame) {
        VisitorPrincipal visitor = connection.visitor();
        int index = 0;
        for (Map.Entry<String, Long> cursor : frame.cursors().entrySet()) {
            Optional<Conversation> conversation = findOwn(visitor, cursor.getKey());
            long after = cursor.getValue() == null ? -1 : cursor.getValue();
            if (conversation.isEmpty() || after < 0 || after > conversation.get().lastSeq()) {
                connection.send(Frames.of("type", "resync_required", "conversation_id", cursor.getKey()));
                continue;
            }
            List<Message> missed = messages.list(visitor, cursor.getKey(), after, EventLog.MAX_REPLAY + 1);
            if (missed.size() > EventLog.MAX_REPLAY) {
                connection.send(Frames.of("type", "resync_required", "conversation_id", cursor.getKey()));
                continue;
            }
            connection.replayVisitorFrom(cursor.getKey(), after);
            for (Message m : missed) {
                beforeReplayedEvent.accept(index++);
                String payload = Json.write(MessageJson.of(m));
                connection.replay(new RecordedEvent(m.workspaceId(), 0, m.conversationId(), visitor.contactId(),
                        "message.created", m.seq(), payload, payload));
            }
        }
    }

    private Optional<Conversation> findOwn(VisitorPrincipal visitor, String conversationId) {
        try {
            return Optional.of(conversations.require(visitor, conversationId));
        } catch (ApiError e) {
            return Optional.empty();
        }
    }
}
