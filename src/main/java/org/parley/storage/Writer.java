package org.parley.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A thread that owns the writes of its workspaces: it takes every queued write, runs them in one
 * transaction (a savepoint each when there are several), commits once, then hands the batch to its
 * publisher thread, which runs the after-commit steps in queue order and releases the callers.
 * Group commit turns N commits into one while keeping per-workspace order.
 */
final class Writer {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    private static final int MAX_BATCH = 256;

    final BlockingQueue<WriteTask<?>> queue = new LinkedBlockingQueue<>();
    /** Writes queued or in a batch whose after-commit steps have not run yet (what a drain waits for). */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    volatile WriteMetrics metrics = WriteMetrics.NONE;
    private final Thread thread;
    private final Jdbi jdbi;
    /** The writer's own connection, kept across batches so its prepared statements stay valid. */
    private Handle handle;
    private final java.util.concurrent.ExecutorService publisher;
    private volatile Thread publisherThread;
    private volatile boolean running = true;
    private volatile boolean loseNextCommitReply;
    private long lastPrune;

    Writer(Jdbi jdbi, String name) {
        this.jdbi = jdbi;
        this.publisher = java.util.concurrent.Executors.newSingleThreadExecutor(runnable -> {
            publisherThread = Thread.ofPlatform().name(name + "-publisher").daemon().unstarted(runnable);
            return publisherThread;
        });
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    private void loop() {
        while (running) {
            List<WriteTask<?>> batch = new ArrayList<>(MAX_BATCH);
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            long committedAt = -1;
            try {
                committedAt = commit(batch);
            } catch (Throwable t) {
                // Nothing may kill this thread: every later write would wait for it forever.
                log.error("write batch of {} failed", batch.size(), t);
                RuntimeException failure = new IllegalStateException("write failed", t);
                batch.forEach(task -> task.failBeforeCommit(failure));
            } finally {
                // Publication and acks run on the publisher, in batch order, while the next batch commits.
                long at = committedAt;
                publisher.execute(() -> finish(batch, at));
            }
        }
        if (handle != null) {
            SqlCache.clear();
            try {
                handle.close();
            } catch (RuntimeException e) {
                log.warn("closing the writer connection: {}", e.getMessage());
            }
        }
    }

    /** Whether {@code t} is this writer's own thread or its publisher (a write from either would wait on itself). */
    boolean owns(Thread t) {
        return t == thread || t == publisherThread;
    }

    boolean isRunning() {
        return running;
    }

    /** Queues a write; it counts as pending until its after-commit step has run. */
    void enqueue(WriteTask<?> task) {
        pending.incrementAndGet();
        queue.add(task);
    }

    /** Waits until every queued write has committed (or failed) and been published; false at the deadline. */
    boolean drain(long deadlineNanos) {
        while (pending.get() > 0) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    int pending() {
        return pending.get();
    }

    private void finish(List<WriteTask<?>> batch, long committedAt) {
        if (committedAt >= 0) {
            metrics.published(System.nanoTime() - committedAt);
        }
        for (WriteTask<?> task : batch) {
            try {
                task.finish();
            } catch (RuntimeException e) {
                log.error("after-commit step failed", e);
            } finally {
                pending.decrementAndGet();
            }
        }
    }

    /** Runs the batch in one transaction; returns when its COMMIT returned ({@link System#nanoTime}), or -1 if nothing committed. */
    private long commit(List<WriteTask<?>> batch) {
        try {
            if (handle == null || handle.getConnection().isClosed()) {
                SqlCache.clear();
                handle = jdbi.open();
            }
        } catch (java.sql.SQLException | RuntimeException e) {
            handle = null;
            log.error("writer cannot get a connection", e);
            RuntimeException failure = new IllegalStateException("database unavailable", e);
            batch.forEach(task -> task.failBeforeCommit(failure));
            return -1;
        }
        String batchId = null;
        long begun = System.nanoTime();
        try {
            handle.begin();
            try {
                if (batch.size() == 1) {
                    if (!batch.get(0).run(handle)) {
                        handle.rollback();
                        return -1;
                    }
                } else {
                    for (WriteTask<?> task : batch) {
                        runInSavepoint(task);
                    }
                }
                batchId = java.util.UUID.randomUUID().toString();
                markBatch(handle, batchId);
            } catch (RuntimeException e) {
                handle.rollback();
                throw e;
            }
            try {
                handle.commit();
                if (loseNextCommitReply) {
                    loseNextCommitReply = false;
                    throw new IllegalStateException("test hook: the reply to COMMIT was lost");
                }
            } catch (RuntimeException e) {
                // The database may have committed before its answer was lost (a crash right after fsync):
                // ask it, on a fresh connection, whether this batch's marker is there.
                discardHandle();
                if (committed(batchId, e)) {
                    log.warn("write batch of {}: the answer to COMMIT was lost, but it committed; published", batch.size());
                    pruneMarkers();
                    return System.nanoTime();
                }
                throw e;
            }
            long committedAt = System.nanoTime();
            metrics.committed(batch.size(), committedAt - begun);
            pruneMarkers();
            return committedAt;
        } catch (RuntimeException e) {
            log.error("write batch of {} failed", batch.size(), e);
            for (WriteTask<?> task : batch) {
                task.failBeforeCommit(e);
            }
            // Start over on a fresh connection: this one may be broken (closing it may fail too).
            discardHandle();
            return -1;
        }
    }

    private void discardHandle() {
        if (handle == null) {
            return;
        }
        SqlCache.clear();
        try {
            handle.close();
        } catch (RuntimeException closeFailure) {
            log.warn("closing a failed writer connection: {}", closeFailure.getMessage());
        }
        handle = null;
    }

    /**
     * Every batch writes a marker row in its transaction, so a COMMIT whose answer was lost can be resolved:
     * committed (the marker is there: publish and answer as usual) or not (fail the writes; callers retry).
     * Without it a committed batch answered 500 and its events were published nowhere: live streams went
     * past them for good (issue 10, found by bench/chaos.sh).
     */
    private static void markBatch(Handle h, String batchId) {
        h.createUpdate("INSERT INTO write_batches (id, committed_at) VALUES (:id, :now)")
                .bind("id", batchId).bind("now", System.currentTimeMillis()).execute();
    }

    /**
     * Whether the batch committed, asked until the database answers: while it is down no write of this
     * stripe can succeed anyway. Callers time out meanwhile (503, retry with the same ids); the outcome
     * still publishes when it is known.
     */
    private boolean committed(String batchId, RuntimeException cause) {
        long backoff = 100;
        while (running) {
            try (Handle h = jdbi.open()) {
                return h.createQuery("SELECT COUNT(*) FROM write_batches WHERE id = :id").bind("id", batchId)
                        .mapTo(Integer.class).one() == 1;
            } catch (RuntimeException e) {
                log.warn("write batch outcome unknown ({}); asking again in {} ms", cause.getMessage(), backoff);
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                backoff = Math.min(2_000, backoff * 2);
            }
        }
        return false;
    }

    /** Markers are needed only until a lost answer is resolved: those older than an hour go, once a minute. */
    private void pruneMarkers() {
        long now = System.currentTimeMillis();
        if (now - lastPrune < 60_000) {
            return;
        }
        lastPrune = now;
        try {
            handle.begin();
            handle.createUpdate("DELETE FROM write_batches WHERE committed_at < :cutoff").bind("cutoff", now - 3_600_000)
                    .execute();
            handle.commit();
        } catch (RuntimeException e) {
            log.warn("pruning write batch markers failed: {}", e.getMessage());
            try {
                handle.rollback();
            } catch (RuntimeException ignored) {
                discardHandle();
            }
        }
    }

    /** Test hook: the next COMMIT succeeds in the database but its answer is lost, as in a crash right after it. */
    void loseNextCommitReply() {
        loseNextCommitReply = true;
    }

    /**
     * One write of a batch inside its own savepoint: a failure rolls back only what it wrote. Plain JDBC
     * savepoints: JDBI's named ones forget a savepoint on rollback, so releasing it after a rollback threw
     * and failed the whole batch (issue 10). After a rollback the savepoint still exists in SQL and is
     * released too, so the next write's savepoint is not nested in it.
     */
    private void runInSavepoint(WriteTask<?> task) {
        java.sql.Connection connection = handle.getConnection();
        java.sql.Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("savepoint failed", e);
        }
        boolean ok = task.run(handle);
        try {
            if (!ok) {
                connection.rollback(savepoint);
            }
            connection.releaseSavepoint(savepoint);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("savepoint " + (ok ? "release" : "rollback") + " failed", e);
        }
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        publisher.shutdown();
        WriteTask<?> left;
        while ((left = queue.poll()) != null) {
            left.failBeforeCommit(new IllegalStateException("database closed"));
            left.finish();
            pending.decrementAndGet();
        }
    }
}
