-- Widget key rotation: the previous key keeps working until previous_key_valid_until (a grace the admin
-- chooses), so the snippet can be replaced on every page first; then it answers 403 widget_key_rotated.
ALTER TABLE workspaces ADD COLUMN previous_widget_key TEXT;
ALTER TABLE workspaces ADD COLUMN previous_key_valid_until BIGINT;
CREATE INDEX workspaces_previous_key ON workspaces (previous_widget_key);

-- Sign-up links (PARLEY_SIGNUP=invite|open): a link emailed to an address proves it; used once, then the
-- person creates their account and first workspace. Only the token's digest is stored.
CREATE TABLE signup_links (
    token_hash TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    invited_by TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX signup_links_email ON signup_links (email);
