-- Activity from a browser that has no visitor session yet (docs/analytics.md, "Capture"): the loader's
-- first-party analytics id (anon_id) names the browser on this site; visitor_id is filled when the
-- browser gets a visitor session, and for activity sent with a token. SQLite cannot drop NOT NULL:
-- the table is rebuilt (nothing references it).
CREATE TABLE visitor_activity_new (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces (id),
    visitor_id   TEXT REFERENCES visitors (id),
    anon_id      TEXT,
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
INSERT INTO visitor_activity_new (id, workspace_id, visitor_id, kind, url, title, referrer, utm, ref, name, props,
                                  user_agent, occurred_at, received_at)
SELECT id, workspace_id, visitor_id, kind, url, title, referrer, utm, ref, name, props, user_agent, occurred_at,
       received_at FROM visitor_activity;
DROP TABLE visitor_activity;
ALTER TABLE visitor_activity_new RENAME TO visitor_activity;
CREATE INDEX visitor_activity_visitor ON visitor_activity (workspace_id, visitor_id, occurred_at);
CREATE INDEX visitor_activity_anon ON visitor_activity (workspace_id, anon_id, occurred_at);
CREATE INDEX visitor_activity_time ON visitor_activity (workspace_id, occurred_at);
