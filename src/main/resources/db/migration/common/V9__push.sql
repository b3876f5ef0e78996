-- Web push (docs/push.md): the browsers of a contact that accept pushes, and server-wide keys
-- (the VAPID key pair, made on first start). Portable SQL for SQLite and PostgreSQL.

CREATE TABLE push_subscriptions (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    contact_id      TEXT NOT NULL REFERENCES contacts (id),
    -- One browser has one subscription per origin: an endpoint belongs to the contact that posted it last.
    endpoint        TEXT NOT NULL UNIQUE,
    p256dh          TEXT NOT NULL,
    auth            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_success_at BIGINT
);
CREATE INDEX push_subscriptions_contact ON push_subscriptions (workspace_id, contact_id);

CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
