-- Who started a conversation, for the reports (docs/analytics.md): the visitor ('visitor'), an agent's
-- proactive message to a visitor on the site ('proactive'), or a flow that opened it on a page or ref ('flow').
ALTER TABLE conversations ADD COLUMN origin TEXT NOT NULL DEFAULT 'visitor';

-- The one-tap rating a visitor gives a resolved conversation (CSAT), at most one per conversation:
-- rating again replaces it. score is 1..5; comment optional.
CREATE TABLE conversation_ratings (
    conversation_id TEXT PRIMARY KEY REFERENCES conversations (id),
    workspace_id    TEXT NOT NULL REFERENCES workspaces (id),
    contact_id      TEXT NOT NULL REFERENCES contacts (id),
    score           INTEGER NOT NULL,
    comment         TEXT,
    agent_id        TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX conversation_ratings_workspace ON conversation_ratings (workspace_id, created_at);
