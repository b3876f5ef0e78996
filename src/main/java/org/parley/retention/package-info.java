/**
 * Retention: the prune job (docs/operations.md).
 *
 * <p>Owns no table. Deletes, by the expiry and age columns the owning features write, expired rows of
 * agent_sessions, password_resets and invitations (identity), customer_sessions and customer_links
 * (customer), push_links (push), quarantined inbound_emails (notify), visitor_activity (activity) and
 * workspace_events (eventbus; EventLog turns a pruned cursor into resync_required). A deliberate exception to
 * "a feature's tables through its service": one table-driven job instead of a prune method in eight
 * features. Raw activity is kept per workspace: the workspace's settings document may name its own
 * activity_retention_days (read here as JSON, so retention imports no workspace class). Imports only plumbing
 * (config, storage, eventbus, http's Json).
 */
package org.parley.retention;
