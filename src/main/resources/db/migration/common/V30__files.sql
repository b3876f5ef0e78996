-- Files in conversations (docs/files.md). A file is uploaded first (pending: message_id NULL, visible to its uploader
-- only) and attached to one message in the transaction that writes the message. The bytes live in the FileStore
-- under storage_key (and storage_key || '.thumb' for an image's thumbnail); this row is the only way to them.
CREATE TABLE files (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    uploader_type   TEXT NOT NULL,
    uploader_id     TEXT NOT NULL,
    conversation_id TEXT,
    message_id      TEXT,
    is_private      BOOLEAN NOT NULL DEFAULT FALSE,
    name            TEXT NOT NULL,
    content_type    TEXT NOT NULL,
    kind            TEXT NOT NULL,
    size            BIGINT NOT NULL,
    width           INTEGER,
    height          INTEGER,
    thumbnail_type  TEXT,
    storage_key     TEXT NOT NULL,
    sha256          TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    attached_at     BIGINT,
    removed_at      BIGINT
);
CREATE INDEX files_workspace ON files (workspace_id, created_at);
CREATE INDEX files_conversation ON files (workspace_id, conversation_id);
CREATE INDEX files_pending ON files (created_at) WHERE message_id IS NULL;

-- Bytes to delete from the FileStore: written in the transaction that deletes or retires the rows (a contact's
-- deletion, retention, an upload never attached), worked off after commit, so no byte outlives its row for long
-- and none is deleted while a row still needs it.
CREATE TABLE file_purges (
    storage_key  TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL,
    queued_at    BIGINT NOT NULL
);
