-- One account (email, password) with memberships in several workspaces (DESIGN §5). An agent row is now a
-- membership: the account's name, role and choices in one workspace; its id stays what conversations,
-- messages and sessions point to. Every existing agent becomes an account of its own (same id).
CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    server_admin  BOOLEAN NOT NULL DEFAULT FALSE,
    created_at    BIGINT NOT NULL
);
INSERT INTO accounts (id, email, password_hash, server_admin, created_at)
    SELECT id, email, password_hash, FALSE, created_at FROM agents;

ALTER TABLE agents ADD COLUMN account_id TEXT REFERENCES accounts (id);
UPDATE agents SET account_id = id;
ALTER TABLE agents ALTER COLUMN account_id SET NOT NULL;
ALTER TABLE agents DROP COLUMN email;
ALTER TABLE agents DROP COLUMN password_hash;
CREATE UNIQUE INDEX agents_membership ON agents (account_id, workspace_id);

-- The server's administrator: the first owner who is not the public demo's.
UPDATE accounts SET server_admin = TRUE WHERE id = (
    SELECT a.account_id FROM agents a JOIN accounts ac ON ac.id = a.account_id
    WHERE a.role = 'OWNER' AND ac.email <> 'agent@donnicharm.example' ORDER BY a.created_at LIMIT 1);

ALTER TABLE workspaces ADD COLUMN disabled_at BIGINT;
