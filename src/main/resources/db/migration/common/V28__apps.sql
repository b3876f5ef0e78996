-- Bot apps (issue 15, docs/apps.md): an external program a workspace registers. It gets the conversation events it
-- subscribed to through its own webhook (webhooks.app_id) and answers with the Send API using its token (only the
-- digest is stored). primary_receiver: the app that owns new conversations no flow takes (at most one per
-- workspace), and may take any thread back. A deleted app keeps its row (messages name it) without a token.
CREATE TABLE apps (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id),
    name             TEXT NOT NULL,
    avatar_url       TEXT,
    token_hash       TEXT UNIQUE,
    token_prefix     TEXT,
    webhook_id       TEXT,
    primary_receiver BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    deleted_at       BIGINT
);
CREATE INDEX apps_workspace ON apps (workspace_id, created_at);
