-- One row per committed group-commit batch (storage.Writer): when the answer to a COMMIT is lost, the writer
-- asks whether the batch's row exists to know if it committed. Rows older than an hour are pruned.
CREATE TABLE write_batches (
    id           TEXT PRIMARY KEY,
    committed_at BIGINT NOT NULL
);
CREATE INDEX write_batches_committed_at ON write_batches (committed_at);
