/**
 * Retention: the prune job (docs/operations.md).
 *
 * <p>Owns no table. Deletes, by the expiry and age columns the owning features write, expired rows of
 * agent_sessions, password_resets and invitations (identity), customer_sessions and customer_links
 * (customer), push_links (push), quarantined inbound_emails (notify), visitor_activity (activity) and
 * workspace_events (eventbus; EventLog turns a pruned cursor into resync_required). A deliberate exception to
 * "a feature's tables through its service": one table-driven job instead of a prune method in eight
 * features. Imports only plumbing (config, storage, eventbus).
 */
package org.parley.retention;
