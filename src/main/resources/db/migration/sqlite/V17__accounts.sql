-- One account (email, password) with memberships in several workspaces (DESIGN §5). An agent row is now a
-- membership: the account's name, role and choices in one workspace; its id stays what conversations,
-- messages and sessions point to. Every existing agent becomes an account of its own (same id).
-- SQLite cannot drop the UNIQUE on agents.email, so the table is rebuilt (sqlite.org/lang_altertable.html,
-- "other kinds of table schema changes"), with foreign keys off, which SQLite ignores inside a transaction:
-- so Flyway runs this file outside one (V17__accounts.sql.conf), and the SAVEPOINT below opens the
-- transaction itself (Flyway's parser takes no BEGIN); RELEASE commits it, and a failure before it leaves
-- nothing behind.
PRAGMA foreign_keys = OFF;

SAVEPOINT accounts;

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    server_admin  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);
INSERT INTO accounts (id, email, password_hash, server_admin, created_at)
    SELECT id, email, password_hash, FALSE, created_at FROM agents;

CREATE TABLE agents_new (
    id            TEXT PRIMARY KEY,
    workspace_id  TEXT NOT NULL REFERENCES workspaces (id),
    account_id    TEXT NOT NULL REFERENCES accounts (id),
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    BIGINT NOT NULL,
    presence      TEXT NOT NULL DEFAULT 'online',
    notifications TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO agents_new (id, workspace_id, account_id, name, role, active, created_at, presence, notifications)
    SELECT id, workspace_id, id, name, role, active, created_at, presence, notifications FROM agents;
DROP TABLE agents;
ALTER TABLE agents_new RENAME TO agents;
CREATE INDEX agents_workspace ON agents (workspace_id);
CREATE UNIQUE INDEX agents_membership ON agents (account_id, workspace_id);

-- The server's administrator: the first owner who is not the public demo's.
UPDATE accounts SET server_admin = TRUE WHERE id = (
    SELECT a.account_id FROM agents a JOIN accounts ac ON ac.id = a.account_id
    WHERE a.role = 'OWNER' AND ac.email <> 'agent@donnicharm.example' ORDER BY a.created_at LIMIT 1);

ALTER TABLE workspaces ADD COLUMN disabled_at BIGINT;

PRAGMA foreign_key_check;

RELEASE accounts;

PRAGMA foreign_keys = ON;
