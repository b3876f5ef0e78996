/**
 * How a reply will reach the customer, shown before the agent presses Send (docs/inbox.md): on the site
 * (live), or gone and then pushed, emailed (verified or only typed), or not reachable at all. Fetched with
 * GET /api/v1/conversations/reach and kept live by `visitor_presence` frames.
 */

import { ago } from './format';

export type Reach = {
  conversation_id: string;
  contact_id: string;
  present: boolean;
  left_at: number | null;
  email: { address: string; verified: boolean; on: boolean } | null;
  push: { subscriptions: number; on: boolean };
  next: 'live' | 'push_and_email' | 'push' | 'email' | 'none';
};

export type VisitorPresenceFrame = { type: 'visitor_presence'; contact_id: string; present: boolean; left_at?: number | null };

/** The channels a reply would take once the visitor is gone. */
function absentNext(r: Reach): Reach['next'] {
  const byEmail = !!r.email?.address && r.email.on;
  const byPush = r.push.on && r.push.subscriptions > 0;
  return byPush && byEmail ? 'push_and_email' : byPush ? 'push' : byEmail ? 'email' : 'none';
}

/** Applies a visitor's arrival or departure to every conversation of that contact. */
export function applyVisitorPresence(all: Record<string, Reach>, f: VisitorPresenceFrame): Record<string, Reach> {
  let changed = false;
  const next: Record<string, Reach> = {};
  for (const [id, r] of Object.entries(all)) {
    if (r.contact_id != f.contact_id) {
      next[id] = r;
      continue;
    }
    changed = true;
    const updated: Reach = { ...r, present: f.present, left_at: f.present ? null : (f.left_at ?? r.left_at) };
    next[id] = { ...updated, next: f.present ? 'live' : absentNext(updated) };
  }
  return changed ? next : all;
}

/** "just now", "5m ago", "2h ago". */
export function leftAgo(at: number, now = Date.now()): string {
  const a = ago(at, now);
  return a == 'now' ? 'just now' : a + ' ago';
}

export type ReachText = { kind: 'here' | 'left' | 'unreachable'; short: string; long: string };

/** The words the header, the list and the contact panel show. */
export function reachText(r: Reach, now = Date.now()): ReachText {
  if (r.present) return { kind: 'here', short: 'On the site', long: 'On the site now — replies arrive live' };
  const left = r.left_at ? 'Left ' + leftAgo(r.left_at, now) : 'Not on the site';
  const proof = r.email?.verified ? 'verified' : 'typed, not verified';
  switch (r.next) {
    case 'push_and_email':
      return { kind: 'left', short: 'Left', long: `${left} — will be pushed and emailed (${proof})` };
    case 'push':
      return { kind: 'left', short: 'Left', long: `${left} — will be pushed` };
    case 'email':
      return { kind: 'left', short: 'Left', long: `${left} — will be emailed (${proof})` };
    default: {
      const why = r.email?.address || r.push.subscriptions ? 'notifications turned off' : 'no email, no push';
      return { kind: 'unreachable', short: 'Unreachable', long: `${left} — cannot be reached (${why})` };
    }
  }
}

/** The inbox's reach of each conversation: loaded with the list and the thread, kept live by frames. */
export class ReachBook {
  all: Record<string, Reach> = {};

  constructor(
    private readonly fetch: (ids: string[]) => Promise<{ reach: Reach[] }>,
    private readonly emit: () => void,
  ) {}

  /** Loads up to 100 conversations; optional (an older server has no such route). */
  load(ids: string[]) {
    if (!ids.length) return;
    this.fetch(ids.slice(0, 100)).then(
      (r) => {
        const all = { ...this.all };
        for (const x of Array.isArray(r?.reach) ? r.reach : []) all[x.conversation_id] = x;
        this.all = all;
        this.emit();
      },
      () => {},
    );
  }

  presence(f: VisitorPresenceFrame) {
    const next = applyVisitorPresence(this.all, f);
    if (next === this.all) return; // a visitor of no loaded conversation: nothing to redraw
    this.all = next;
    this.emit();
  }

  /** An email typed or proven, notifications turned on or off: the reach of that contact's conversations. */
  contactChanged(contactId: string) {
    this.load(Object.values(this.all).filter((r) => r.contact_id == contactId).map((r) => r.conversation_id));
  }
}
