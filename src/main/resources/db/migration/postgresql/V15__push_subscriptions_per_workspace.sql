-- A push subscription belongs to one workspace (issue 11): an endpoint is unique per workspace, no longer
-- server-wide, so subscribing in one workspace never moves another workspace's row
-- (push.PushSubscriptionService). The constraint name is PostgreSQL's default for V9's column UNIQUE.
ALTER TABLE push_subscriptions DROP CONSTRAINT push_subscriptions_endpoint_key;
ALTER TABLE push_subscriptions ADD CONSTRAINT push_subscriptions_workspace_endpoint UNIQUE (workspace_id, endpoint);
