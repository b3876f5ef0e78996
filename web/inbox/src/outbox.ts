/**
 * Messages the agent sent that the server has not acked yet. Each keeps its client_msg_id, so a
 * retry (after a reconnect, or over REST) can never make a duplicate. Kept in localStorage: a
 * reload retries what was still pending.
 */

import type { Attachment } from '../../shared/attachments';

export type Pending = {
  client_msg_id: string;
  conversation_id: string;
  /** May be empty when the message carries files. */
  text: string;
  private: boolean;
  mentions?: string[];
  /** Uploaded files: every retry sends the same ids (the upload is never repeated by a retry). */
  attachments?: Attachment[];
  created_at: number;
  /** When the last attempt was made (socket frame or REST call). */
  tried_at: number;
  error?: string;
};

const KEY = 'parley.inbox.outbox';

export class Outbox {
  private items = new Map<string, Pending>();

  private readonly key: string;

  /** One outbox per agent (`owner`): a shared browser never sends one agent's text as another. */
  constructor(
    private readonly kv: Pick<Storage, 'getItem' | 'setItem'> | null = safeStorage(),
    owner = '',
  ) {
    this.key = owner ? KEY + '.' + owner : KEY;
    try {
      const list = JSON.parse(kv?.getItem(this.key) || '[]') as Pending[];
      for (const p of list) if (p?.client_msg_id && p.conversation_id && (p.text || p.attachments?.length)) this.items.set(p.client_msg_id, p);
    } catch {}
  }

  add(p: Pending) {
    this.items.set(p.client_msg_id, p);
    this.save();
  }

  get(id: string) {
    return this.items.get(id);
  }

  update(id: string, patch: Partial<Pending>) {
    const p = this.items.get(id);
    if (!p) return;
    this.items.set(id, { ...p, ...patch });
    this.save();
  }

  /** The server has it (ack, REST answer, or our own message.created): forget it. */
  done(id: string): boolean {
    const had = this.items.delete(id);
    if (had) this.save();
    return had;
  }

  list(conversationId?: string): Pending[] {
    return [...this.items.values()].filter((p) => !conversationId || p.conversation_id == conversationId).sort((a, b) => a.created_at - b.created_at);
  }

  /** Pending items to try again: not failed for good, and not tried within `minAgeMs`. */
  due(now: number, minAgeMs: number): Pending[] {
    return this.list().filter((p) => !p.error && now - p.tried_at >= minAgeMs);
  }

  private save() {
    try {
      this.kv?.setItem(this.key, JSON.stringify([...this.items.values()]));
    } catch {}
  }
}

/** A fresh client_msg_id. */
export function newClientMsgId(): string {
  return globalThis.crypto?.randomUUID?.() ?? 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 12);
}

function safeStorage() {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}
