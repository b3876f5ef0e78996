-- Bot apps (issue 15, docs/apps.md): an external program a workspace registers. It gets the conversation events it
-- subscribed to through its own webhook (the webhooks row with its app_id) and answers with the Send API using its token (only the
-- digest is stored). primary_receiver: the app that owns new conversations no flow takes (at most one per
-- workspace), and may take any thread back. reply_timeout_seconds: a visitor message the owning app leaves unanswered
-- that long hands the thread to the humans (0: never). A deleted app keeps its row (messages name it) without a token.
CREATE TABLE apps (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL REFERENCES workspaces (id),
    name             TEXT NOT NULL,
    avatar_url       TEXT,
    token_hash       TEXT UNIQUE,
    token_prefix     TEXT,
    primary_receiver BOOLEAN NOT NULL DEFAULT FALSE,
    reply_timeout_seconds INTEGER NOT NULL DEFAULT 120,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    deleted_at       BIGINT
);
CREATE INDEX apps_workspace ON apps (workspace_id, created_at);
-- The app watch's sweep finds bot-owned conversations without reading the others.
CREATE INDEX conversations_bot_owned ON conversations (owner) WHERE owner <> 'humans';
