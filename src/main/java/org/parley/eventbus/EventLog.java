package org.parley.eventbus;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The per-workspace event log agents resume from. {@link #append} runs inside the producer's
 * transaction: the cursor comes from the workspace row, whose update lock orders a workspace's events.
 */
public final class EventLog {
    /** How far behind a cursor may be and still be replayed; older cursors get resync_required. */
    public static final int MAX_REPLAY = 1000;

    private final Clock clock;

    public EventLog(Clock clock) {
        this.clock = clock;
    }

    public RecordedEvent append(Handle handle, String workspaceId, String conversationId, String visitorId,
                                String name, long seq, String agentPayload, String visitorPayload) {
        long cursor = handle.createQuery(
                        "UPDATE workspaces SET last_event_cursor = last_event_cursor + 1 WHERE id = :ws RETURNING last_event_cursor")
                .bind("ws", workspaceId).mapTo(Long.class).one();
        handle.createUpdate("""
                        INSERT INTO workspace_events (workspace_id, cursor, conversation_id, visitor_id, name, seq, agent_payload,
                            visitor_payload, created_at)
                        VALUES (:ws, :cursor, :conv, :visitor, :name, :seq, :agent, :visitorPayload, :now)""")
                .bind("ws", workspaceId).bind("cursor", cursor).bind("conv", conversationId)
                .bind("visitor", visitorId).bind("name", name).bind("seq", seq).bind("agent", agentPayload)
                .bind("visitorPayload", visitorPayload).bind("now", clock.millis())
                .execute();
        return new RecordedEvent(workspaceId, cursor, conversationId, visitorId, name, seq, agentPayload, visitorPayload);
    }

    public long currentCursor(Handle handle, String workspaceId) {
        return handle.createQuery("SELECT last_event_cursor FROM workspaces WHERE id = :ws")
                .bind("ws", workspaceId).mapTo(Long.class).one();
    }

    /**
     * The events after {@code cursor}, oldest first, or empty when the cursor cannot be replayed
     * (ahead of the log, negative, or more than {@link #MAX_REPLAY} events behind).
     */
    public Optional<List<RecordedEvent>> after(Handle handle, String workspaceId, long cursor) {
        long current = currentCursor(handle, workspaceId);
        if (cursor < 0 || cursor > current || current - cursor > MAX_REPLAY) {
            return Optional.empty();
        }
        List<RecordedEvent> events = handle.createQuery("""
                        SELECT workspace_id, cursor, conversation_id, visitor_id, name, seq, agent_payload, visitor_payload
                        FROM workspace_events WHERE workspace_id = :ws AND cursor > :cursor ORDER BY cursor""")
                .bind("ws", workspaceId).bind("cursor", cursor)
                .map((rs, ctx) -> new RecordedEvent(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8)))
                .list();
        return Optional.of(events);
    }
}
