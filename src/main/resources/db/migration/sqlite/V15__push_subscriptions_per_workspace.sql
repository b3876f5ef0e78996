-- A push subscription belongs to one workspace (issue 11): an endpoint is unique per workspace, no longer
-- server-wide, so subscribing in one workspace never moves another workspace's row
-- (push.PushSubscriptionService). SQLite cannot drop a column constraint: the table is rebuilt.
CREATE TABLE push_subscriptions_v15 (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    contact_id      TEXT NOT NULL REFERENCES contacts (id),
    endpoint        TEXT NOT NULL,
    p256dh          TEXT NOT NULL,
    auth            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    last_success_at BIGINT,
    UNIQUE (workspace_id, endpoint)
);
INSERT INTO push_subscriptions_v15 (id, workspace_id, contact_id, endpoint, p256dh, auth, created_at, last_success_at)
SELECT id, workspace_id, contact_id, endpoint, p256dh, auth, created_at, last_success_at FROM push_subscriptions;
DROP TABLE push_subscriptions;
ALTER TABLE push_subscriptions_v15 RENAME TO push_subscriptions;
CREATE INDEX push_subscriptions_contact ON push_subscriptions (workspace_id, contact_id);
