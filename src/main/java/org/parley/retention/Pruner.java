package org.parley.retention;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import com.fasterxml.jackson.databind.JsonNode;
import org.parley.config.Config;
import org.parley.eventbus.EventLog;
import org.parley.http.Json;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what Parley no longer needs, every {@code PARLEY_PRUNE_EVERY} (docs/operations.md):
 * expired agent and customer sessions, expired sign-in, continue and push links, password resets and
 * invitations, agent resume events outside the resume window, and raw visitor activity (per workspace, see
 * {@link #pruneActivity}) and quarantined inbound emails past their retention.
 *
 * <p>Every delete goes through {@link Database#write} and takes at most {@value #BATCH} rows, so a large
 * backlog is worked off in many short writes between everyone else's, never one long hold of the writer.
 *
 * <p>Resume events: an agent resumes from a cursor (EventLog). Events more than {@link EventLog#MAX_REPLAY}
 * behind can never be replayed and always go; younger ones go once older than {@code PARLEY_EVENT_RETENTION}.
 * EventLog refuses a cursor whose next events are gone (resync_required), so pruning never leaves a
 * silent gap.
 */
public final class Pruner implements AutoCloseable {
    static final int BATCH = 1000;
    private static final Logger log = LoggerFactory.getLogger(Pruner.class);
    /** Writes of rows that belong to no one workspace (or to many) share this writer key. */
    private static final String STRIPE = "prune";

    /** Rows of {@code table} (primary key {@code key}) matching {@code condition} with {@code :cutoff} bound. */
    private record Rule(String name, String table, String key, String condition, boolean byAge) {
    }

    /** Expired by their own expires_at: never usable again, whatever the retention settings. */
    private static final List<Rule> RULES = List.of(
            new Rule("agent_sessions", "agent_sessions", "token_hash", "expires_at < :cutoff", false),
            new Rule("customer_sessions", "customer_sessions", "token_hash", "expires_at < :cutoff", false),
            new Rule("customer_links", "customer_links", "token_hash", "expires_at < :cutoff", false),
            new Rule("push_links", "push_links", "token_hash", "expires_at < :cutoff", false),
            new Rule("password_resets", "password_resets", "token_hash", "expires_at < :cutoff", false),
            new Rule("invitations", "invitations", "id", "expires_at < :cutoff", false),
            new Rule("signup_links", "signup_links", "token_hash", "expires_at < :cutoff", false));
    private static final Rule ACTIVITY = new Rule("visitor_activity", "visitor_activity", "id", "received_at < :cutoff", true);
    /** A workspace's own activity retention (its setting activity_retention_days). */
    private static final Rule WORKSPACE_ACTIVITY = new Rule("visitor_activity", "visitor_activity", "id",
            "workspace_id = :ws AND received_at < :cutoff", true);
    private static final Rule QUARANTINE = new Rule("quarantined_emails", "inbound_emails", "id",
            "status = 'quarantined' AND created_at < :cutoff", true);

    private final Database db;
    private final Clock clock;
    private final Config.Retention retention;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("pruner").daemon().factory());

    public Pruner(Database db, Clock clock, Config.Retention retention) {
        this.db = db;
        this.clock = clock;
        this.retention = retention;
    }

    /** Schedules a round every {@code PARLEY_PRUNE_EVERY} (the first one after that long); nothing when off. */
    public void start() {
        if (retention.pruneEvery() == null) {
            return;
        }
        long every = retention.pruneEvery().toMillis();
        timer.scheduleWithFixedDelay(this::pruneLogged, every, every, TimeUnit.MILLISECONDS);
    }

    private void pruneLogged() {
        try {
            Map<String, Integer> deleted = pruneOnce();
            deleted.values().removeIf(n -> n == 0);
            if (!deleted.isEmpty()) {
                log.info("pruned {}", deleted);
            }
        } catch (RuntimeException e) {
            log.warn("pruning failed: {}", e.toString()); // the schedule goes on: the next round tries again
        }
    }

    /**
     * One round now: the rows deleted per kind, in a stable order. A kind that fails is logged and
     * skipped; the others still run.
     */
    public Map<String, Integer> pruneOnce() {
        long now = clock.millis();
        Map<String, Integer> deleted = new LinkedHashMap<>();
        for (Rule rule : RULES) {
            deleted.put(rule.name(), guarded(rule.name(), () -> deleteAll(rule, now)));
        }
        deleted.put("workspace_events", guarded("workspace_events", () -> pruneEvents(now)));
        deleted.put(ACTIVITY.name(), guarded(ACTIVITY.name(), () -> pruneActivity(now)));
        if (retention.quarantine() != null) {
            deleted.put(QUARANTINE.name(), guarded(QUARANTINE.name(),
                    () -> deleteAll(QUARANTINE, now - retention.quarantine().toMillis())));
        }
        return deleted;
    }

    private static int guarded(String name, java.util.function.IntSupplier work) {
        try {
            return work.getAsInt();
        } catch (RuntimeException e) {
            log.warn("pruning {} failed: {}", name, e.toString());
            return 0;
        }
    }

    private int deleteAll(Rule rule, long cutoff) {
        return deleteAll(rule, "", Map.of("cutoff", cutoff));
    }

    /** Deletes in batches the rows of {@code rule} (its condition and {@code extra}, with {@code binds}). */
    private int deleteAll(Rule rule, String extra, Map<String, Object> binds) {
        String sql = "DELETE FROM " + rule.table() + " WHERE " + rule.key() + " IN (SELECT " + rule.key() + " FROM "
                + rule.table() + " WHERE " + rule.condition() + extra + " LIMIT " + BATCH + ")";
        int total = 0;
        int batch;
        do {
            batch = db.write(STRIPE, h -> h.createUpdate(sql).bindMap(binds).execute());
            total += batch;
        } while (batch == BATCH);
        return total;
    }

    /**
     * Raw visitor activity: a workspace with its own {@code activity_retention_days} keeps exactly that long (shorter
     * or longer than the server's PARLEY_ACTIVITY_RETENTION); every other workspace keeps the server's default
     * (null: forever). Reports' rollups are other tables and stay.
     */
    private int pruneActivity(long now) {
        Map<String, Integer> own = ownActivityRetention();
        int total = 0;
        for (Map.Entry<String, Integer> workspace : own.entrySet()) {
            long cutoff = now - java.time.Duration.ofDays(workspace.getValue()).toMillis();
            total += deleteAll(WORKSPACE_ACTIVITY, "", Map.of("ws", workspace.getKey(), "cutoff", cutoff));
        }
        if (retention.activity() != null) {
            Map<String, Object> binds = new LinkedHashMap<>();
            binds.put("cutoff", now - retention.activity().toMillis());
            StringBuilder others = new StringBuilder();
            int i = 0;
            for (String workspaceId : own.keySet()) {
                others.append(i == 0 ? "" : ", ").append(":own").append(i);
                binds.put("own" + i++, workspaceId);
            }
            total += deleteAll(ACTIVITY, own.isEmpty() ? "" : " AND workspace_id NOT IN (" + others + ")", binds);
        }
        return total;
    }

    /** The workspaces whose settings name their own activity retention, in days. */
    private Map<String, Integer> ownActivityRetention() {
        Map<String, Integer> own = new LinkedHashMap<>();
        db.read(h -> h.createQuery("SELECT id, settings FROM workspaces")
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2))).list()).forEach(row -> {
                    JsonNode days = Json.tree(row.getValue()).path("activity_retention_days");
                    if (days.isInt() && days.intValue() > 0) {
                        own.put(row.getKey(), days.intValue());
                    }
                });
        return own;
    }

    private record Head(String workspaceId, long lastCursor) {
    }

    /** Per workspace, on that workspace's writer: its events beyond the replay window or older than the retention. */
    private int pruneEvents(long now) {
        long cutoff = retention.events() == null ? Long.MIN_VALUE : now - retention.events().toMillis();
        List<Head> heads = db.read(h -> h.createQuery("SELECT id, last_event_cursor FROM workspaces")
                .map((rs, ctx) -> new Head(rs.getString(1), rs.getLong(2))).list());
        int total = 0;
        for (Head head : heads) {
            long upto = head.lastCursor() - EventLog.MAX_REPLAY;
            Optional<long[]> oldest = db.read(h -> h.createQuery("SELECT cursor, created_at FROM workspace_events "
                            + "WHERE workspace_id = :ws ORDER BY cursor LIMIT 1").bind("ws", head.workspaceId())
                    .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).findOne());
            if (oldest.isEmpty() || (oldest.get()[0] > upto && oldest.get()[1] >= cutoff)) {
                continue; // the usual case: nothing of this workspace to prune, and no write spent on it
            }
            int batch;
            do {
                batch = db.write(head.workspaceId(), h -> h.createUpdate("""
                                DELETE FROM workspace_events WHERE workspace_id = :ws AND cursor IN (
                                    SELECT cursor FROM workspace_events WHERE workspace_id = :ws
                                    AND (cursor <= :upto OR created_at < :cutoff) ORDER BY cursor LIMIT %d)""".formatted(BATCH))
                        .bind("ws", head.workspaceId()).bind("upto", upto).bind("cutoff", cutoff).execute());
                total += batch;
            } while (batch == BATCH);
        }
        return total;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
