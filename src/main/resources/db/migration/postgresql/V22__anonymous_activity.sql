-- Activity from a browser that has no visitor session yet (docs/analytics.md, "Capture"): the loader's
-- first-party analytics id (anon_id) names the browser on this site; visitor_id is filled when the
-- browser gets a visitor session, and for activity sent with a token.
ALTER TABLE visitor_activity ALTER COLUMN visitor_id DROP NOT NULL;
ALTER TABLE visitor_activity ADD COLUMN anon_id TEXT;
CREATE INDEX visitor_activity_anon ON visitor_activity (workspace_id, anon_id, occurred_at);
CREATE INDEX visitor_activity_time ON visitor_activity (workspace_id, occurred_at);
