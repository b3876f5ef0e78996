-- Parley core schema. Portable SQL for SQLite and PostgreSQL: ids are UUIDv7 text,
-- times are epoch milliseconds, JSON is text. Every tenant table carries workspace_id.

CREATE TABLE workspaces (
    id                TEXT PRIMARY KEY,
    name              TEXT NOT NULL,
    widget_key        TEXT NOT NULL UNIQUE,
    allowed_origins   TEXT NOT NULL DEFAULT '[]',
    settings          TEXT NOT NULL DEFAULT '{}',
    last_event_cursor BIGINT NOT NULL DEFAULT 0,
    created_at        BIGINT NOT NULL
);

CREATE TABLE agents (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL
);
CREATE INDEX agents_workspace ON agents (workspace_id);

CREATE TABLE agent_sessions (
    token_hash   TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    agent_id     TEXT NOT NULL REFERENCES agents (id),
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX agent_sessions_agent ON agent_sessions (agent_id);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    key_prefix   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    revoked_at   BIGINT
);
CREATE INDEX api_keys_workspace ON api_keys (workspace_id);

CREATE TABLE contacts (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    name         TEXT,
    email        TEXT,
    attributes   TEXT NOT NULL DEFAULT '{}',
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX contacts_workspace ON contacts (workspace_id);

CREATE TABLE visitors (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    contact_id   TEXT NOT NULL REFERENCES contacts (id),
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);
CREATE INDEX visitors_workspace ON visitors (workspace_id);

CREATE TABLE conversations (
    id                   TEXT PRIMARY KEY,
    workspace_id         TEXT NOT NULL REFERENCES workspaces (id),
    contact_id           TEXT NOT NULL REFERENCES contacts (id),
    visitor_id           TEXT NOT NULL REFERENCES visitors (id),
    status               TEXT NOT NULL,
    snoozed_until        BIGINT,
    assignee_id          TEXT REFERENCES agents (id),
    last_seq             BIGINT NOT NULL DEFAULT 0,
    visitor_read_seq     BIGINT NOT NULL DEFAULT 0,
    agent_read_seq       BIGINT NOT NULL DEFAULT 0,
    last_message_preview TEXT,
    created_at           BIGINT NOT NULL,
    last_activity_at     BIGINT NOT NULL,
    first_agent_reply_at BIGINT,
    resolved_at          BIGINT
);
CREATE INDEX conversations_workspace_activity ON conversations (workspace_id, last_activity_at);
CREATE INDEX conversations_visitor ON conversations (visitor_id);

CREATE TABLE messages (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    conversation_id TEXT NOT NULL REFERENCES conversations (id),
    seq           BIGINT NOT NULL,
    sender_type   TEXT NOT NULL,
    sender_id     TEXT NOT NULL,
    sender_name   TEXT,
    client_msg_id TEXT NOT NULL,
    text          TEXT NOT NULL,
    content       TEXT,
    is_private    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL,
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, sender_type, sender_id, client_msg_id)
);

CREATE TABLE workspace_events (
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    cursor          BIGINT NOT NULL,
    conversation_id TEXT,
    visitor_id      TEXT,
    name            TEXT NOT NULL,
    seq             BIGINT NOT NULL DEFAULT 0,
    agent_payload   TEXT NOT NULL,
    visitor_payload TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, cursor)
);
