/**
 * Ratings (CSAT): the one-tap score 1..5, with an optional comment, that a visitor (the widget, or the
 * customer at /me through the visitor token the customer API mints) gives a resolved conversation.
 *
 * <p>Owns {@code conversation_ratings} (migration V21): one row per conversation, replaced when the contact
 * rates again ({@code updated_at} moves, {@code created_at} stays); {@code agent_id} is the conversation's
 * assignee at rating time, else the last agent who replied. Publishes {@link org.parley.rating.ConversationRated}
 * ({@code conversation.rated}, docs/events.md) after commit. Uses the conversation feature through its
 * service; reads {@code messages} for the last agent's reply (a read model, as customer.CustomerQueries does).
 */
package org.parley.rating;
