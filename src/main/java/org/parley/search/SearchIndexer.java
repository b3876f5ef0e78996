package org.parley.search;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.parley.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On SQLite, adds new messages to the FTS5 index in batches, every 200 ms and before every search (so a
 * search always sees every message), instead of inside each message insert: one FTS flush per batch
 * rather than per commit keeps the message path as fast as without search. On PostgreSQL the index is
 * an expression index maintained by the database: nothing to do.
 */
public final class SearchIndexer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    private static final int BATCH = 2_000;
    /** The writer stripe the batches queue on (SQLite has one writer; the key only has to be stable). */
    private static final String WRITE_KEY = "search-indexer";

    private final Database db;
    private final boolean active;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("search-indexer").daemon().factory());

    public SearchIndexer(Database db) {
        this.db = db;
        this.active = db.dialect() == Database.Dialect.SQLITE;
    }

    public void start() {
        if (active) {
            thread.scheduleWithFixedDelay(() -> {
                try {
                    indexPending();
                } catch (RuntimeException e) {
                    log.warn("search: indexing failed: {}", e.toString());
                }
            }, 200, 200, TimeUnit.MILLISECONDS);
        }
    }

    /** Indexes every message written so far; returns how many it added. */
    public int indexPending() {
        if (!active) {
            return 0;
        }
        int total = 0;
        int covered;
        do {
            int[] result = db.write(WRITE_KEY, h -> {
                long last = h.createQuery("SELECT last_rowid FROM search_progress WHERE id = 1").mapTo(Long.class).one();
                var batch = h.createQuery("SELECT COUNT(*), MAX(rowid) FROM (SELECT rowid FROM messages WHERE rowid > :last "
                                + "ORDER BY rowid LIMIT " + BATCH + ")")
                        .bind("last", last).map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).one();
                if (batch[0] == 0) {
                    return new int[] {0, 0};
                }
                int rows = h.createUpdate("INSERT INTO message_search (text, message_id, workspace_id, conversation_id, seq) "
                                + "SELECT text, id, workspace_id, conversation_id, seq FROM messages "
                                + "WHERE rowid > :last AND rowid <= :upTo AND sender_type NOT IN ('SYSTEM', 'system')")
                        .bind("last", last).bind("upTo", batch[1]).execute();
                h.createUpdate("UPDATE search_progress SET last_rowid = :upTo WHERE id = 1").bind("upTo", batch[1]).execute();
                return new int[] {(int) batch[0], rows};
            });
            covered = result[0];
            total += result[1];
        } while (covered >= BATCH);
        return total;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
