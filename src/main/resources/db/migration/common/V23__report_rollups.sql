-- Hourly rollups for the reports (docs/analytics.md). The hour indexes carry the metric: recomputing an hour
-- deletes "workspace_id = ? AND hour = ? AND metric IN (...)", and without it SQLite's planner takes the primary
-- key and reads every hour of those metrics (bench/README.md, "Reports"; RollupIndexesIT). Every row is an aggregate of one UTC hour for one
-- metric, under one filter value (dim = '' and val = '' for the unfiltered figure). A dirty hour is
-- recomputed whole from raw rows, in one write that replaces its rows, so rollups always equal what the raw
-- rows give. They hold no personal data and stay when raw rows are pruned or a contact is deleted.
CREATE TABLE report_counts (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    metric       TEXT NOT NULL,
    dim          TEXT NOT NULL,
    val          TEXT NOT NULL,
    hour         BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    total        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (workspace_id, metric, dim, val, hour)
);
CREATE INDEX report_counts_hour ON report_counts (workspace_id, hour, metric);

-- Durations (seconds) by bucket, for medians and p90 (DurationBuckets).
CREATE TABLE report_histograms (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    metric       TEXT NOT NULL,
    dim          TEXT NOT NULL,
    val          TEXT NOT NULL,
    hour         BIGINT NOT NULL,
    bucket       INTEGER NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, metric, dim, val, hour, bucket)
);
CREATE INDEX report_histograms_hour ON report_histograms (workspace_id, hour, metric);

-- Distinct visitors (VisitorSketch: exact hashes up to a limit, then an UltraLogLog).
CREATE TABLE report_sketches (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    metric       TEXT NOT NULL,
    dim          TEXT NOT NULL,
    val          TEXT NOT NULL,
    hour         BIGINT NOT NULL,
    sketch       BYTEA NOT NULL,
    PRIMARY KEY (workspace_id, metric, dim, val, hour)
);
CREATE INDEX report_sketches_hour ON report_sketches (workspace_id, hour, metric);

-- Report settings per workspace: how long after a conversation a purchase is attributed to it.
CREATE TABLE report_settings (
    workspace_id            TEXT PRIMARY KEY REFERENCES workspaces (id),
    conversion_window_hours INTEGER NOT NULL
);

-- Where each conversation started (page, visit source, device) and a hash of the visitor's browser key,
-- taken once from the raw activity, so recomputing its hour after raw activity is pruned files it the same;
-- and its first response once settled (the visitor's first message, the start of the wait, a person's first
-- reply and who), so a busy hour's messages are not read again at every recompute. Deleted with the contact.
CREATE TABLE report_conversations (
    conversation_id TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    page            TEXT,
    source          TEXT,
    device          TEXT,
    browser_hash    BIGINT NOT NULL,
    asked_at        BIGINT,
    wait_from       BIGINT,
    replied_at      BIGINT,
    replier         TEXT
);

-- The rollups read a workspace's conversations by the hour they started.
CREATE INDEX conversations_workspace_created ON conversations (workspace_id, created_at);

-- The same rollups summed per UTC day, kept with the hours: a long range reads whole days from these and only its
-- edges (and slots that cut a UTC day, e.g. the days of a zone away from UTC) from the hours (analytics.Spans).
CREATE TABLE report_counts_daily (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    metric       TEXT NOT NULL,
    dim          TEXT NOT NULL,
    val          TEXT NOT NULL,
    day          BIGINT NOT NULL,
    n            BIGINT NOT NULL,
    total        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (workspace_id, metric, dim, val, day)
);
CREATE INDEX report_counts_daily_day ON report_counts_daily (workspace_id, day, metric);
CREATE TABLE report_histograms_daily (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    metric       TEXT NOT NULL,
    dim          TEXT NOT NULL,
    val          TEXT NOT NULL,
    day          BIGINT NOT NULL,
    bucket       INTEGER NOT NULL,
    n            BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, metric, dim, val, day, bucket)
);
CREATE INDEX report_histograms_daily_day ON report_histograms_daily (workspace_id, day, metric);
CREATE TABLE report_sketches_daily (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    metric       TEXT NOT NULL,
    dim          TEXT NOT NULL,
    val          TEXT NOT NULL,
    day          BIGINT NOT NULL,
    sketch       BYTEA NOT NULL,
    PRIMARY KEY (workspace_id, metric, dim, val, day)
);
CREATE INDEX report_sketches_daily_day ON report_sketches_daily (workspace_id, day, metric);
