/** Drafts per conversation in localStorage, so nothing typed is lost on reload or switch. */

export type Draft = { text: string; note: boolean };

const PREFIX = 'parley.inbox.draft.';
const MAX_AGE_MS = 30 * 24 * 3600_000;

type KV = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> & { length?: number; key?(i: number): string | null };

function store(): KV | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

export function loadDraft(conversationId: string, kv: KV | null = store()): Draft {
  try {
    const raw = kv?.getItem(PREFIX + conversationId);
    if (raw) {
      const d = JSON.parse(raw);
      if (typeof d.text == 'string') return { text: d.text, note: !!d.note };
    }
  } catch {}
  return { text: '', note: false };
}

/** An empty reply draft is removed rather than stored. */
export function saveDraft(conversationId: string, draft: Draft, kv: KV | null = store(), now = Date.now()): void {
  try {
    if (!draft.text && !draft.note) kv?.removeItem(PREFIX + conversationId);
    else kv?.setItem(PREFIX + conversationId, JSON.stringify({ ...draft, at: now }));
  } catch {}
}

export function clearDraft(conversationId: string, kv: KV | null = store()): void {
  try {
    kv?.removeItem(PREFIX + conversationId);
  } catch {}
}

/** Forgets drafts untouched for 30 days (storage is small). */
export function pruneDrafts(kv: KV | null = store(), now = Date.now()): void {
  if (!kv?.key || kv.length == null) return;
  const stale: string[] = [];
  for (let i = 0; i < kv.length; i++) {
    const k = kv.key(i);
    if (!k?.startsWith(PREFIX)) continue;
    try {
      if (now - (JSON.parse(kv.getItem(k) || '{}').at ?? 0) > MAX_AGE_MS) stale.push(k);
    } catch {
      stale.push(k);
    }
  }
  stale.forEach((k) => kv.removeItem(k));
}
