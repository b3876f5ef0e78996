/**
 * Bot apps (issue 15, docs/apps.md): external programs a workspace registers. An app gets the conversation events it
 * subscribed to through its own signed webhook, answers with the Send API (the one message path, with its app
 * token), and takes part in the handover protocol (pass, take, request) through conversation.ThreadOwnership.
 * New conversations no flow takes go to the workspace's primary receiver app, if it has one ({@link AppThreads}).
 *
 * <p>Owns the table {@code apps}. Publishes no events of its own (handovers are the conversation's). May import
 * plumbing, identity, conversation, and the webhook feature only through the {@link AppWebhooks} port.
 */
package org.parley.app;
