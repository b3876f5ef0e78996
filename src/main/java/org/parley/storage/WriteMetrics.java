package org.parley.storage;

/**
 * What the writers report about group commit (docs/operations.md), for whoever records metrics: storage
 * knows no metrics library. Called on the writer and publisher threads, so implementations must be quick.
 */
public interface WriteMetrics {
    WriteMetrics NONE = new WriteMetrics() {
        @Override
        public void committed(int batchSize, long commitNanos) {
        }

        @Override
        public void published(long nanosSinceCommit) {
        }
    };

    /** A batch of {@code batchSize} writes committed; its transaction took {@code commitNanos} from BEGIN to COMMIT. */
    void committed(int batchSize, long commitNanos);

    /**
     * A committed batch's after-commit steps (publication of its events to the event bus) start
     * {@code nanosSinceCommit} after its COMMIT returned: the event bus lag behind the database.
     */
    void published(long nanosSinceCommit);
}
