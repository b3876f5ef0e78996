import type { Item } from './api';

/** Newest activity first; ties by id so the order never jumps. */
export function sortItems(items: Item[]): Item[] {
  return items
    .slice()
    .sort((a, b) => b.conversation.last_activity_at - a.conversation.last_activity_at || (a.conversation.id < b.conversation.id ? 1 : -1));
}

/**
 * Replies from the team the customer has not read yet (the list's badge), counted by the server: the
 * customer's own messages, and notes the customer never sees, never count (last_seq cannot tell them apart).
 */
export function unread(item: Item): boolean {
  return (item.unread_count ?? 0) > 0;
}

/**
 * A conversation changed in a chat view (new message, read): the list follows without a reload, with the
 * chat's own count of unread replies.
 */
export function mergeConversation(items: Item[], conversation: Item['conversation'], unreadCount: number): Item[] {
  return sortItems(
    items.map((i) =>
      i.conversation.id == conversation.id ? { ...i, conversation: { ...i.conversation, ...conversation }, unread_count: unreadCount } : i,
    ),
  );
}

/** A valid-looking email, to catch typos before asking the server. */
export function looksLikeEmail(value: string): boolean {
  return /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value.trim()) && value.trim().length <= 254;
}
