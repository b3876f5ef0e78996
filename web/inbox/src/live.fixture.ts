/** Test data of the live visitors' contract (live.ts), for the Vitest specs. */

import type { LiveVisitor } from './live';

export const T = Date.UTC(2026, 11, 7, 12, 0, 0);

/** An entry as the contract has it (GET /api/v1/visitors/live, `visitor.updated`). */
export function entry(id: string, seenAgo: number, extra: Partial<LiveVisitor> = {}): LiveVisitor {
  const at = T - seenAgo;
  return {
    id,
    visitor_id: null,
    current_page: { url: 'https://shop.example/p/' + id, title: 'Page of ' + id, at },
    pages: [{ url: 'https://shop.example/p/' + id, title: 'Page of ' + id, at }],
    visit_started_at: at - 60_000,
    last_seen_at: at,
    source: { referrer: null, utm: null, ref: null },
    device: 'desktop',
    browser: 'Chrome',
    os: 'Linux',
    country: null,
    chatting: false,
    conversation_id: null,
    returning: false,
    ...extra,
  };
}
