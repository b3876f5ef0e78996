package org.parley.storage;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/** One queued write: its work, its after-commit step, and the caller waiting for the outcome. */
final class WriteTask<T> {
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
            return outcome.get();
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
