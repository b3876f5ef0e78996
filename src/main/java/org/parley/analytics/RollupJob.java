package org.parley.analytics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.activity.ActivityEvent;
import org.parley.activity.ActivityRecorded;
import org.parley.eventbus.DomainEvent;
import org.parley.eventbus.RecordedEvent;
import org.parley.storage.Database;
import org.parley.workspace.BusinessHours;
import org.parley.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the hourly rollups up to date (docs/analytics.md, "Rollups"). Events mark hours dirty in memory (a
 * beacon's event hours; a conversation's start hour and the current hour for any event of a conversation);
 * every 30 seconds, and before a report is read, each dirty hour is recomputed whole from raw rows
 * (reads outside the writer, then one write replacing the hour's rows). Late changes that publish no event
 * (a reply's notification, its answer) are caught by recomputing the last three days of conversation hours
 * every ten minutes; on start the last three hours of activity and three days of conversations are
 * recomputed, which covers marks a crash lost. Hours older than {@link #MAX_LATE} are never recomputed from a
 * beacon (their raw rows may be pruned: the rollups keep the figures).
 */
public final class RollupJob implements AutoCloseable {
    static final String ACTIVITY = "activity";
    static final String CONVERSATION = "conversation";
    static final long HOUR = 3_600_000L;
    static final long MAX_LATE = 7 * 24 * HOUR;
    static final long REFRESH = 72 * HOUR;
    /** How often marked hours are recomputed without a report asking (a busy hour is recomputed whole each time). */
    static final int FLUSH_SECONDS = 30;
    private static final Logger log = LoggerFactory.getLogger(RollupJob.class);

    /** One hour of one family of one workspace to recompute. */
    record Mark(String workspaceId, String family, long hour) {
    }

    private record Pending(String workspaceId, String conversationId) {
    }

    private final Database db;
    private final WorkspaceService workspaces;
    private final ReportSettings settings;
    private final Clock clock;
    private final Set<Mark> dirty = ConcurrentHashMap.newKeySet();
    private final Set<Pending> conversations = ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.locks.ReentrantLock recomputing = new java.util.concurrent.locks.ReentrantLock(true);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("rollups").daemon().factory());

    public RollupJob(Database db, WorkspaceService workspaces, ReportSettings settings, Clock clock) {
        this.db = db;
        this.workspaces = workspaces;
        this.settings = settings;
        this.clock = clock;
    }

    public void start() {
        timer.execute(() -> guarded(() -> {
            markRecent(3 * HOUR, REFRESH);
            flush(null);
        }));
        timer.scheduleWithFixedDelay(() -> guarded(() -> flush(null)), FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
        timer.scheduleWithFixedDelay(() -> guarded(this::refresh), 10, 10, TimeUnit.MINUTES);
    }

    /**
     * Marks the last three days of conversation hours: picks up changes no event names (a reply's notification
     * or answer, written by the notifier). Runs every ten minutes; tests call it instead of waiting.
     */
    public void refresh() {
        markRecent(0, REFRESH);
    }

    public void onActivity(ActivityRecorded e) {
        long oldest = clock.millis() - MAX_LATE;
        for (ActivityEvent event : e.events()) {
            if (event.at() != null && event.at() >= oldest) {
                dirty.add(new Mark(e.workspaceId(), ACTIVITY, hourOf(event.at())));
            }
        }
    }

    public void onEvent(DomainEvent e) {
        RecordedEvent r = e.recorded();
        if (r == null || r.workspaceId() == null) {
            return;
        }
        dirty.add(new Mark(r.workspaceId(), CONVERSATION, hourOf(clock.millis())));
        if (r.conversationId() != null) {
            conversations.add(new Pending(r.workspaceId(), r.conversationId()));
        }
    }

    /**
     * Recomputes every dirty hour (of one workspace, or of all when null) now. For one workspace (a report
     * about to be read), its conversation figures of this hour and the last are recomputed too: replies' reach
     * changes there without an event.
     */
    public void flush(String workspaceId) {
        resolveConversations();
        if (workspaceId != null) {
            long now = hourOf(clock.millis());
            dirty.add(new Mark(workspaceId, CONVERSATION, now));
            dirty.add(new Mark(workspaceId, CONVERSATION, now - HOUR));
        }
        List<Mark> due = new ArrayList<>();
        for (Mark m : dirty) {
            if (workspaceId == null || m.workspaceId().equals(workspaceId)) {
                due.add(m);
            }
        }
        due.sort(java.util.Comparator.comparing(Mark::workspaceId).thenComparing(Mark::hour));
        // One hour at a time under a fair lock: a report waits for at most one hour of someone else's round
        // (the ten-minute refresh, the start), never for the whole round. A mark is taken under the lock, so an
        // hour another round took is recomputed by the time this one gets the lock for it.
        for (Mark m : due) {
            recomputing.lock();
            try {
                if (dirty.remove(m)) { // a mark arriving while the hour is recomputed stays for the next round
                    try {
                        recompute(m);
                    } catch (RuntimeException e) {
                        dirty.add(m);
                        throw e;
                    }
                }
            } finally {
                recomputing.unlock();
            }
        }
    }

    /** Recomputes one hour of one family of a workspace from raw rows. */
    void recompute(Mark m) {
        if (m.family().equals(ACTIVITY)) {
            long window = settings.conversionWindowHours(m.workspaceId()) * HOUR;
            RollupRows rows = db.read(h -> ActivityFacts.compute(h, m.workspaceId(), m.hour(), window));
            db.write(m.workspaceId(), h -> {
                rows.write(h, m.workspaceId(), m.hour(), ActivityFacts.METRICS);
                return null;
            });
        } else {
            BusinessHours hours = workspaces.require(m.workspaceId()).settings().businessHours();
            RollupRows rows = db.read(h -> ConversationFacts.compute(h, m.workspaceId(), m.hour(), hours));
            db.write(m.workspaceId(), h -> {
                rows.write(h, m.workspaceId(), m.hour(), ConversationFacts.METRICS);
                return null;
            });
        }
    }

    /**
     * Recomputes now every hour of both families that has raw rows in {@code [fromMillis, toMillis)}, of one
     * workspace or of all when null (parley admin rollup: after an import or a fix). Hours whose raw rows were
     * pruned keep their rollups. Returns the number of hours recomputed (per workspace and family).
     */
    public int rebuild(String workspaceId, long fromMillis, long toMillis) {
        int before = dirty.size();
        mark(workspaceId, fromMillis, fromMillis, toMillis);
        int marked = dirty.size() - before;
        flush(workspaceId);
        return marked;
    }

    /** Marks every hour with raw rows in the last {@code activity} / {@code conversation} milliseconds. */
    void markRecent(long activity, long conversation) {
        long now = clock.millis();
        mark(null, activity > 0 ? now - activity : now + HOUR, now - conversation, now + HOUR);
    }

    /**
     * Marks the hours with raw rows from {@code activityFrom} (activity) and {@code conversationFrom} (conversations,
     * replies, ratings) up to {@code to}, of one workspace or of each: every read goes through an index that starts
     * with workspace_id.
     */
    private void mark(String workspaceId, long activityFrom, long conversationFrom, long to) {
        List<String> ids = workspaceId != null ? List.of(workspaceId)
                : db.read(h -> h.createQuery("SELECT id FROM workspaces").mapTo(String.class).list());
        for (String ws : ids) {
            hours(ws, "SELECT DISTINCT occurred_at - occurred_at % 3600000 FROM visitor_activity "
                    + "WHERE workspace_id = :ws AND occurred_at >= :from AND occurred_at < :to", activityFrom, to, ACTIVITY);
            hours(ws, "SELECT DISTINCT created_at - created_at % 3600000 FROM conversations "
                    + "WHERE workspace_id = :ws AND created_at >= :from AND created_at < :to", conversationFrom, to, CONVERSATION);
            hours(ws, "SELECT DISTINCT sent_at - sent_at % 3600000 FROM reply_reach "
                    + "WHERE workspace_id = :ws AND sent_at >= :from AND sent_at < :to", conversationFrom, to, CONVERSATION);
            hours(ws, "SELECT DISTINCT created_at - created_at % 3600000 FROM conversation_ratings "
                    + "WHERE workspace_id = :ws AND created_at >= :from AND created_at < :to", conversationFrom, to,
                    CONVERSATION);
        }
    }

    private void hours(String workspaceId, String sql, long from, long to, String family) {
        if (from >= to) {
            return;
        }
        db.read(h -> h.createQuery(sql).bind("ws", workspaceId).bind("from", hourOf(from)).bind("to", to)
                        .mapTo(Long.class).list())
                .forEach(hour -> dirty.add(new Mark(workspaceId, family, hour)));
    }

    /** The start hours of the conversations events named since the last round. */
    private void resolveConversations() {
        List<Pending> pending = new ArrayList<>(conversations);
        conversations.removeAll(pending);
        for (int i = 0; i < pending.size(); i += 500) {
            List<String> ids = pending.subList(i, Math.min(pending.size(), i + 500)).stream().map(Pending::conversationId).toList();
            db.read(h -> h.createQuery("SELECT workspace_id, created_at FROM conversations WHERE id IN (<ids>)")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> dirty.add(new Mark(rs.getString(1), CONVERSATION, hourOf(rs.getLong(2))))).list());
        }
    }

    static long hourOf(long millis) {
        return millis - Math.floorMod(millis, HOUR);
    }

    private static void guarded(Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            log.warn("rollups failed: {}", e.toString()); // marks of a failed hour are gone: the refresh redoes it
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
