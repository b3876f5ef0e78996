-- The team: presence and notification choices per agent, password resets, invitations.

ALTER TABLE agents ADD COLUMN presence TEXT NOT NULL DEFAULT 'online';
ALTER TABLE agents ADD COLUMN notifications TEXT NOT NULL DEFAULT '{}';

-- A reset link's token is stored only as a digest; single use (used_at), short-lived (expires_at).
CREATE TABLE password_resets (
    token_hash   TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    used_at      BIGINT
);
CREATE INDEX password_resets_agent ON password_resets (agent_id);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    email        TEXT NOT NULL,
    role         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    accepted_at  BIGINT,
    revoked_at   BIGINT
);
CREATE INDEX invitations_workspace ON invitations (workspace_id);
