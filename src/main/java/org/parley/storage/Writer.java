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
 * transaction (a savepoint each), commits once, then runs their after-commit steps in queue order.
 * Group commit turns N commits into one while keeping per-workspace order.
 */
final class Writer {
    private static final Logger log = LoggerFactory.getLogger(Writer.class);
    private static final int MAX_BATCH = 256;

    final BlockingQueue<WriteTask<?>> queue = new LinkedBlockingQueue<>();
    final Thread thread;
    private final Jdbi jdbi;
    private volatile boolean running = true;

    Writer(Jdbi jdbi, String name) {
        this.jdbi = jdbi;
        this.thread = Thread.ofPlatform().name(name).daemon().start(this::loop);
    }

    private void loop() {
        List<WriteTask<?>> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                break;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            commit(batch);
            for (WriteTask<?> task : batch) {
                try {
                    task.finish();
                } catch (RuntimeException e) {
                    log.error("after-commit step failed", e);
                }
            }
            batch.clear();
        }
    }

    private void commit(List<WriteTask<?>> batch) {
        try (Handle handle = jdbi.open()) {
            handle.begin();
            try {
                for (WriteTask<?> task : batch) {
                    handle.savepoint("w");
                    if (task.run(handle)) {
                        handle.release("w");
                    } else {
                        handle.rollbackToSavepoint("w");
                        handle.release("w");
                    }
                }
                handle.commit();
            } catch (RuntimeException e) {
                handle.rollback();
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("write batch of {} failed", batch.size(), e);
            for (WriteTask<?> task : batch) {
                task.failBeforeCommit(e);
            }
        }
    }

    void stop() {
        running = false;
        thread.interrupt();
        WriteTask<?> left;
        while ((left = queue.poll()) != null) {
            left.failBeforeCommit(new IllegalStateException("database closed"));
            left.finish();
        }
    }
}
