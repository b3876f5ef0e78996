-- Customers: a verified email across all workspaces of this server (docs/customer.md).
-- Session and link tokens are stored only as SHA-256 digests.

CREATE TABLE customers (
    id         TEXT PRIMARY KEY,
    email      TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE customer_sessions (
    token_hash  TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX customer_sessions_customer ON customer_sessions (customer_id);

-- Single-use sign-in links: purpose 'magic' (asked for, 15 minutes) or 'continue' (in a notification
-- email, 7 days). Bound to one email; contact/workspace/conversation are set when the link verifies
-- a contact or opens a conversation.
CREATE TABLE customer_links (
    token_hash      TEXT PRIMARY KEY,
    email           TEXT NOT NULL,
    contact_id      TEXT REFERENCES contacts (id),
    workspace_id    TEXT REFERENCES workspaces (id),
    conversation_id TEXT,
    purpose         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX customer_links_email ON customer_links (email, created_at);

ALTER TABLE contacts ADD COLUMN customer_id TEXT REFERENCES customers (id);
ALTER TABLE contacts ADD COLUMN external_id TEXT;
ALTER TABLE contacts ADD COLUMN email_verified_at BIGINT;
CREATE UNIQUE INDEX contacts_workspace_external_id ON contacts (workspace_id, external_id);
CREATE INDEX contacts_customer ON contacts (customer_id);

-- The key of the site's signed identify (HMAC-SHA256 of the user id); generated on first read.
ALTER TABLE workspaces ADD COLUMN identity_secret TEXT;
