import { describe, expect, it } from 'vitest';
import { applyVisitorPresence, ReachBook, reachText, type Reach } from './reach';

const now = Date.UTC(2026, 11, 7, 12, 0, 0);
const base = (extra: Partial<Reach> = {}): Reach => ({
  conversation_id: 'c1',
  contact_id: 'k1',
  present: false,
  left_at: now - 5 * 60_000,
  email: null,
  push: { subscriptions: 0, on: true },
  next: 'none',
  ...extra,
});

describe('how a reply will reach the customer', () => {
  it('says live while the visitor is on the site', () => {
    expect(reachText(base({ present: true, left_at: null, next: 'live' }), now)).toEqual({
      kind: 'here',
      short: 'On the site',
      long: 'On the site now — replies arrive live',
    });
  });

  it('says when they left and which channel takes the reply, and whether the email is proven', () => {
    const typed = base({ email: { address: 'a@b.example', verified: false, on: true }, next: 'email' });
    expect(reachText(typed, now).long).toBe('Left 5m ago — will be emailed (typed, not verified)');
    const verified = base({ email: { address: 'a@b.example', verified: true, on: true }, push: { subscriptions: 1, on: true }, next: 'push_and_email' });
    expect(reachText(verified, now).long).toBe('Left 5m ago — will be pushed and emailed (verified)');
    expect(reachText(base({ push: { subscriptions: 2, on: true }, next: 'push', left_at: now - 10_000 }), now).long).toBe('Left just now — will be pushed');
  });

  it('says plainly when nothing can reach them', () => {
    expect(reachText(base(), now)).toMatchObject({ kind: 'unreachable', long: 'Left 5m ago — cannot be reached (no email, no push)' });
    const off = base({ email: { address: 'a@b.example', verified: false, on: false } });
    expect(reachText(off, now).long).toBe('Left 5m ago — cannot be reached (notifications turned off)');
    expect(reachText(base({ left_at: null }), now).long).toBe('Not on the site — cannot be reached (no email, no push)');
  });

  it("follows the visitor's arrivals and departures on every conversation of the contact", () => {
    const all = {
      c1: base({ email: { address: 'a@b.example', verified: false, on: true }, next: 'email' }),
      c2: base({ conversation_id: 'c2', email: { address: 'a@b.example', verified: false, on: true }, next: 'email' }),
      c3: base({ conversation_id: 'c3', contact_id: 'other' }),
    };
    const here = applyVisitorPresence(all, { type: 'visitor_presence', contact_id: 'k1', present: true });
    expect([here.c1.next, here.c2.next, here.c1.present, here.c1.left_at]).toEqual(['live', 'live', true, null]);
    expect(here.c3).toBe(all.c3);
    const gone = applyVisitorPresence(here, { type: 'visitor_presence', contact_id: 'k1', present: false, left_at: now });
    expect([gone.c1.next, gone.c1.present, gone.c1.left_at]).toEqual(['email', false, now]);
    expect(applyVisitorPresence(all, { type: 'visitor_presence', contact_id: 'nobody', present: true })).toBe(all);
  });
});

describe('the inbox reach book', () => {
  it('loads at most 100 ids, reloads a contact whose details changed, and ignores a server without the route', async () => {
    const asked: string[][] = [];
    let emitted = 0;
    const book = new ReachBook(async (ids) => {
      asked.push(ids);
      return { reach: ids.map((id) => base({ conversation_id: id, contact_id: id == 'c2' ? 'k2' : 'k1' })) };
    }, () => emitted++);
    book.load(Array.from({ length: 120 }, (_, i) => (i < 2 ? 'c' + (i + 1) : 'x' + i)));
    await new Promise((r) => setTimeout(r));
    expect(asked[0]).toHaveLength(100);
    expect(book.all.c2.contact_id).toBe('k2');
    book.contactChanged('k2');
    await new Promise((r) => setTimeout(r));
    expect(asked[1]).toEqual(['c2']);
    book.presence({ type: 'visitor_presence', contact_id: 'k2', present: true });
    expect(book.all.c2.next).toBe('live');
    expect(emitted).toBe(3);
    const old = new ReachBook(() => Promise.reject(new Error('404')), () => emitted++);
    old.load(['c1']);
    await new Promise((r) => setTimeout(r));
    expect(old.all).toEqual({});
  });
});
