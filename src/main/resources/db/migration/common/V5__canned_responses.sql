-- Saved replies agents insert by shortcut; admins keep the list. One shortcut per workspace.
CREATE TABLE canned_responses (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    shortcut     TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '',
    text         TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    UNIQUE (workspace_id, shortcut)
);
