-- Outgoing webhooks (issue 15, docs/webhooks.md). Deliveries fan out from the event log (workspace_events): each
-- webhook keeps the last cursor it fanned out, so every committed event reaches it, even across a crash.

-- status: ACTIVE, or FAILING (since failing_since) once a delivery used up its retries; app_id is set for a bot
-- app's own webhook (its body carries thread_owner and standby). events: a JSON list of event names.
-- secret: whsec_ + base64 of 32 random bytes; previous_secret still signs until previous_secret_until (rotation).
CREATE TABLE webhooks (
    id                    TEXT PRIMARY KEY,
    workspace_id          TEXT NOT NULL REFERENCES workspaces (id),
    url                   TEXT NOT NULL,
    description           TEXT,
    events                TEXT NOT NULL,
    secret                TEXT NOT NULL,
    previous_secret       TEXT,
    previous_secret_until BIGINT,
    app_id                TEXT,
    enabled               BOOLEAN NOT NULL DEFAULT TRUE,
    status                TEXT NOT NULL DEFAULT 'ACTIVE',
    failing_since         BIGINT,
    cursor                BIGINT NOT NULL,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL
);
CREATE INDEX webhooks_workspace ON webhooks (workspace_id, created_at);
CREATE INDEX webhooks_app ON webhooks (workspace_id, app_id);

-- One row per event to send to one webhook; id is the Standard Webhooks webhook-id (msg_...), the same on every
-- attempt and replay. status: PENDING (next_attempt_at; lease_until while a node sends it) -> DELIVERED, or
-- FAILED after the last retry. replay: an admin asked to send it again (one attempt, trigger replay).
-- conversation_id orders a webhook's deliveries: one is not sent while an earlier open one of the same
-- conversation exists.
CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    webhook_id      TEXT NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    event_cursor    BIGINT NOT NULL,
    event           TEXT NOT NULL,
    conversation_id TEXT,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL,
    replay          BOOLEAN NOT NULL DEFAULT FALSE,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    lease_until     BIGINT,
    created_at      BIGINT NOT NULL,
    delivered_at    BIGINT
);
-- The worker's pick: open deliveries by due time; the order check: earlier open ones of a conversation.
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'PENDING' OR replay;
CREATE INDEX webhook_deliveries_order ON webhook_deliveries (webhook_id, conversation_id, event_cursor)
    WHERE status = 'PENDING' OR replay;
-- The log: a webhook's deliveries, newest first; replay of a time range.
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at, event_cursor);

-- Every attempt: trigger_kind RETRY (the schedule) or REPLAY (an admin); status_code NULL when no response came
-- (refused, timeout, connection error: error says which); response at most 2 KB of what the receiver answered.
CREATE TABLE webhook_attempts (
    delivery_id  TEXT NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    attempt      INTEGER NOT NULL,
    started_at   BIGINT NOT NULL,
    duration_ms  BIGINT NOT NULL,
    status_code  INTEGER,
    error        TEXT,
    response     TEXT,
    trigger_kind TEXT NOT NULL,
    PRIMARY KEY (delivery_id, attempt)
);
