-- Notifications that follow the customer (docs/notifications.md): durable jobs, per-channel watermarks,
-- reply reach, reply-by-email addresses, the inbound email log and the notify feature's own keys.

ALTER TABLE contacts ADD COLUMN notify_email BOOLEAN NOT NULL DEFAULT TRUE;
ALTER TABLE contacts ADD COLUMN notify_push BOOLEAN NOT NULL DEFAULT TRUE;

-- One row per notification to send. status: pending -> sending (claimed, lease_until) -> sent | skipped,
-- or back to pending with a later due_at after a failure, and failed after the last attempt.
CREATE TABLE notification_jobs (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    contact_id      TEXT NOT NULL,
    visitor_id      TEXT NOT NULL,
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL,
    due_at          BIGINT NOT NULL,
    lease_until     BIGINT,
    attempts        INTEGER NOT NULL DEFAULT 0,
    through_seq     BIGINT,
    last_error      TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
-- Grouping: at most one active (pending or sending) job per conversation and channel.
CREATE UNIQUE INDEX notification_jobs_active ON notification_jobs (conversation_id, channel)
    WHERE status IN ('pending', 'sending');
CREATE INDEX notification_jobs_due ON notification_jobs (status, due_at);
CREATE INDEX notification_jobs_workspace ON notification_jobs (workspace_id, status, updated_at);

-- The highest seq already notified per conversation and channel.
CREATE TABLE notification_watermarks (
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    channel         TEXT NOT NULL,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    seq             BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, channel)
);

-- One row per visible agent or bot reply: was the visitor there, did a notification reach them, did they answer.
CREATE TABLE reply_reach (
    message_id      TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    contact_id      TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    sent_at         BIGINT NOT NULL,
    visitor_present BOOLEAN NOT NULL,
    notified_via    TEXT,
    notified_at     BIGINT,
    answered_at     BIGINT
);
CREATE INDEX reply_reach_workspace_sent ON reply_reach (workspace_id, sent_at);
CREATE INDEX reply_reach_conversation ON reply_reach (conversation_id, seq);

-- reply+TOKEN@domain addresses: the token's SHA-256 digest, bound to the conversation, contact and mailbox.
CREATE TABLE reply_addresses (
    token_hash      TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    contact_id      TEXT NOT NULL,
    visitor_id      TEXT NOT NULL,
    email           TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL
);

-- Every inbound email: attached, refused or quarantined (kept with the reason, never attached).
CREATE TABLE inbound_emails (
    id                TEXT PRIMARY KEY,
    workspace_id      TEXT,
    conversation_id   TEXT,
    status            TEXT NOT NULL,
    reason            TEXT,
    from_address      TEXT,
    message_id_header TEXT,
    message_id        TEXT,
    raw               TEXT,
    created_at        BIGINT NOT NULL
);
CREATE INDEX inbound_emails_workspace ON inbound_emails (workspace_id, created_at);

-- Server secrets of the notify feature (the unsubscribe link HMAC key), made on first start.
CREATE TABLE notify_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
