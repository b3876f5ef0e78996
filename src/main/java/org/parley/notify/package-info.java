/**
 * Notifications that follow the customer (docs/notifications.md, docs/follow-up.md).
 *
 * <p>Owns: notification_jobs, notification_watermarks, reply_reach, reply_addresses, inbound_emails,
 * notify_keys, and the contacts' notify_email / notify_push columns. Subscribes to: MessageSent (async).
 * Calls: MessageService.send (replies by email, as the contact), ConversationService, ContactService,
 * WorkspaceService, mail.Mailer, and the ports PushChannel, ContinueLinks and VisitorPresence, implemented by
 * push, customer and realtime and passed in by Wiring.
 */
package org.parley.notify;
