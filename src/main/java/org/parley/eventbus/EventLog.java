package org.parley.eventbus;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jdbi.v3.core.Handle;
import org.parley.storage.SqlCache;

/**
 * The per-workspace event log agents resume from. {@link #append} runs inside the producer's
 * transaction: the cursor comes from the workspace row, whose update lock orders a workspace's events.
 * It runs for every write, so it uses cached prepared statements (SqlCache) rather than JDBI.
 */
public final class EventLog {
    /** How far behind a cursor may be and still be replayed; older cursors get resync_required. */
    public static final int MAX_REPLAY = 1000;

    private final Clock clock;

    public EventLog(Clock clock) {
        this.clock = clock;
    }

    public RecordedEvent append(Handle handle, String workspaceId, String conversationId, String contactId,
                                String name, long seq, String agentPayload, String visitorPayload) {
        try {
            PreparedStatement next = SqlCache.prepare(handle,
                    "UPDATE workspaces SET last_event_cursor = last_event_cursor + 1 WHERE id = ? RETURNING last_event_cursor");
            next.setString(1, workspaceId);
            long cursor;
            try (ResultSet rs = next.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no workspace " + workspaceId);
                }
                cursor = rs.getLong(1);
            }
            PreparedStatement insert = SqlCache.prepare(handle, """
                    INSERT INTO workspace_events (workspace_id, cursor, conversation_id, contact_id, name, seq, agent_payload,
                        visitor_payload, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""");
            insert.setString(1, workspaceId);
            insert.setLong(2, cursor);
            insert.setString(3, conversationId);
            insert.setString(4, contactId);
            insert.setString(5, name);
            insert.setLong(6, seq);
            insert.setString(7, agentPayload);
            insert.setString(8, visitorPayload);
            insert.setLong(9, clock.millis());
            insert.executeUpdate();
            return new RecordedEvent(workspaceId, cursor, conversationId, contactId, name, seq, agentPayload, visitorPayload);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot append event", e);
        }
    }

    public long currentCursor(Handle handle, String workspaceId) {
        return handle.createQuery("SELECT last_event_cursor FROM workspaces WHERE id = :ws")
                .bind("ws", workspaceId).mapTo(Long.class).one();
    }

    /**
     * The events after {@code cursor}, oldest first, or empty when the cursor cannot be replayed
     * (ahead of the log, negative, more than {@link #MAX_REPLAY} events behind, or older than what the
     * log still holds: events are pruned, see retention.Pruner). Cursors have no gaps (each comes from the
     * workspace row in the event's own transaction), so a missing cursor means pruned, never skipped.
     */
    public Optional<List<RecordedEvent>> after(Handle handle, String workspaceId, long cursor) {
        long current = currentCursor(handle, workspaceId);
        if (cursor < 0 || cursor > current || current - cursor > MAX_REPLAY) {
            return Optional.empty();
        }
        List<RecordedEvent> events = handle.createQuery("""
                        SELECT workspace_id, cursor, conversation_id, contact_id, name, seq, agent_payload, visitor_payload
                        FROM workspace_events WHERE workspace_id = :ws AND cursor > :cursor ORDER BY cursor""")
                .bind("ws", workspaceId).bind("cursor", cursor)
                .map((rs, ctx) -> new RecordedEvent(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getLong(6), rs.getString(7), rs.getString(8)))
                .list();
        long expected = cursor + 1;
        for (RecordedEvent event : events) {
            if (event.cursor() != expected++) {
                return Optional.empty(); // pruned meanwhile: a resync, never a silent gap
            }
        }
        if (events.isEmpty() && cursor < current) {
            return Optional.empty();
        }
        return Optional.of(events);
    }
}
