-- Knowledge base (docs/kb.md): markdown articles per workspace, searched by the agents and the answer bot.
CREATE TABLE kb_articles (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    language     TEXT NOT NULL,
    published    BOOLEAN NOT NULL DEFAULT FALSE,
    created_by   TEXT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX kb_articles_workspace ON kb_articles (workspace_id, updated_at);

-- Bumped in the same transaction as every article change: a node's in-memory search index of the workspace is
-- rebuilt when the version it was built from is no longer the stored one (so every node sees every change).
CREATE TABLE kb_versions (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces (id),
    version      BIGINT NOT NULL
);
