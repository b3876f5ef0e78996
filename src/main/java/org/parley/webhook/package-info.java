/**
 * Outgoing webhooks (docs/webhooks.md): a deliverer, never imported by producers.
 *
 * <p>Owns {@code webhooks}, {@code webhook_deliveries} and {@code webhook_attempts} (migration V27). Fans out from
 * the event log ({@code workspace_events}, read directly: it is the transactional outbox every producer writes in
 * its own transaction), per webhook from its own cursor; sends through {@code outbound.GuardedHttp} (the URL guard
 * at connect time, pinned addresses, no redirects). Subscribes to every {@code DomainEvent} (async, a nudge).
 * Uses ConversationService (thread owners for bot apps' webhooks), AgentService (the owners to tell when a webhook
 * starts failing), mail.Mailer.
 */
package org.parley.webhook;
