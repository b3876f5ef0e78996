-- Page views and tracked events reported by the widget loader, per visitor.
CREATE TABLE visitor_activity (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    visitor_id   TEXT NOT NULL REFERENCES visitors (id),
    kind         TEXT NOT NULL,
    url          TEXT,
    title        TEXT,
    referrer     TEXT,
    utm          TEXT,
    ref          TEXT,
    name         TEXT,
    props        TEXT,
    user_agent   TEXT,
    occurred_at  BIGINT NOT NULL,
    received_at  BIGINT NOT NULL
);
CREATE INDEX visitor_activity_visitor ON visitor_activity (workspace_id, visitor_id, occurred_at);
