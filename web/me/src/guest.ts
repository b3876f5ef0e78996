/**
 * Conversations opened from a web push (docs/customer.md): a push link gives a visitor token of the
 * contact whose browser subscribed, never a customer session. They are kept in this browser's storage
 * so a reload opens the same conversation; no email is proven by them.
 */

import type { Item, Workspace } from './api';

export type Guest = { conversation_id: string; token: string; visitor_id: string; contact_id: string; workspace: Workspace };

const KEY = 'parley.me.guests';
const MAX = 20;

export function loadGuests(storage: Pick<Storage, 'getItem'> | undefined = safeStorage()): Guest[] {
  try {
    const list = JSON.parse(storage?.getItem(KEY) || '[]');
    return Array.isArray(list) ? list.filter((g) => g && typeof g.token == 'string' && typeof g.conversation_id == 'string') : [];
  } catch {
    return [];
  }
}

/** Keeps the newest {@link MAX} guests, one per conversation. */
export function saveGuest(guest: Guest, storage: Pick<Storage, 'getItem' | 'setItem'> | undefined = safeStorage()): Guest[] {
  const list = [guest, ...loadGuests(storage).filter((g) => g.conversation_id != guest.conversation_id)].slice(0, MAX);
  try {
    storage?.setItem(KEY, JSON.stringify(list));
  } catch {
    // Private mode or full storage: the conversation still opens now.
  }
  return list;
}

/** The list item a guest conversation shows as, before its chat has loaded the conversation itself. */
export function guestItem(guest: Guest): Item {
  return {
    conversation: { id: guest.conversation_id, status: 'open', last_seq: 0, visitor_read_seq: 0, agent_read_seq: 0, created_at: 0, last_activity_at: 0 },
    workspace: guest.workspace,
    contact_id: guest.contact_id,
    guest: { token: guest.token, visitor_id: guest.visitor_id },
  };
}

function safeStorage(): Storage | undefined {
  try {
    return localStorage;
  } catch {
    return undefined;
  }
}
