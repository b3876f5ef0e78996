-- Links carried by web pushes (docs/customer.md): bound to the contact whose browser subscribed, never to
-- an email. Spending one gives a visitor session for that contact (its own conversation), no customer session.
CREATE TABLE push_links (
    token_hash      TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    contact_id      TEXT NOT NULL REFERENCES contacts (id),
    conversation_id TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    used_at         BIGINT
);
CREATE INDEX push_links_expiry ON push_links (expires_at);
