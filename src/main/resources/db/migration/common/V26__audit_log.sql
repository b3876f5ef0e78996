-- Privacy (issue 14, docs/privacy.md): every export and deletion of a contact's data, kept after the contact is
-- gone. Only ids and counts: actor_type 'agent' or 'api_key' with its id, the action (contact.exported,
-- contact.deleted), the target's id, and details as a JSON object (rows per table, never their content).
CREATE TABLE audit_log (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    at           BIGINT NOT NULL,
    actor_type   TEXT NOT NULL,
    actor_id     TEXT NOT NULL,
    action       TEXT NOT NULL,
    target_id    TEXT,
    details      TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_log_workspace_at ON audit_log (workspace_id, at, id);
