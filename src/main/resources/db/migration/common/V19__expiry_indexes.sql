-- The prune job (retention.Pruner, docs/operations.md) deletes expired rows in batches of 1,000
-- selected by these columns; without an index every batch would scan its whole table.
CREATE INDEX agent_sessions_expiry ON agent_sessions (expires_at);
CREATE INDEX customer_sessions_expiry ON customer_sessions (expires_at);
CREATE INDEX customer_links_expiry ON customer_links (expires_at);
CREATE INDEX password_resets_expiry ON password_resets (expires_at);
CREATE INDEX invitations_expiry ON invitations (expires_at);
CREATE INDEX signup_links_expiry ON signup_links (expires_at);
CREATE INDEX inbound_emails_status_age ON inbound_emails (status, created_at);
CREATE INDEX visitor_activity_received ON visitor_activity (received_at);
