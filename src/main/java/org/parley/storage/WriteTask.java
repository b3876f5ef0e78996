package org.parley.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** One queued write: its work, its after-commit step, and the caller waiting for the outcome. */
final class WriteTask<T> {
    private static final long WAIT_SECONDS = 30;

    private final Function<Handle, T> work;
    private final Consumer<T> afterCommit;
    private final CompletableFuture<T> outcome = new CompletableFuture<>();
    private T result;
    private RuntimeException failure;

    WriteTask(Function<Handle, T> work, Consumer<T> afterCommit) {
        this.work = work;
        this.afterCommit = afterCommit;
    }

    /** Runs the work inside the open transaction; a failure is kept for the caller. */
    boolean run(Handle handle) {
        try {
            result = work.apply(handle);
            return true;
        } catch (RuntimeException e) {
            failure = e;
            return false;
        } catch (Error e) {
            failure = new IllegalStateException("write failed: " + e, e);
            return false;
        }
    }

    void failBeforeCommit(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
    }

    /** After the batch committed (or failed): publish, then release the caller. */
    void finish() {
        if (failure != null) {
            outcome.completeExceptionally(failure);
            return;
        }
        try {
            afterCommit.accept(result);
        } finally {
            outcome.complete(result);
        }
    }

    T await() {
        try {
            return outcome.get(WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // The write may still commit; a client retry with the same ids is answered idempotently.
            throw new org.parley.http.ApiError(503, "unavailable", "The database is busy; retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
