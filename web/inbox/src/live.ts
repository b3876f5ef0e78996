/**
 * Visitors on the site now (docs/inbox.md, "Visitors"): the list from GET /api/v1/visitors/live, kept
 * live by the ephemeral `visitor.updated` / `visitor.left` events, and fetched again after every
 * reconnect (those events are not replayed). Pure reducer + a small book the inbox owns.
 */

import type { Activity, ActivityEntry, Conversation, ServerFrame } from './types';

export type LivePage = { url: string; title?: string | null; at: number };
export type Utm = { source?: string | null; medium?: string | null; campaign?: string | null; term?: string | null; content?: string | null };
export type LiveSource = { referrer: string | null; utm: Utm | null; ref: string | null };

/** One visitor on the site (GET /api/v1/visitors/live, `visitor.updated`). */
export type LiveVisitor = {
  id: string;
  /** The chat visitor, once the widget opened; null for an anonymous browser. */
  visitor_id: string | null;
  current_page: LivePage;
  /** This visit's pages, newest first (at most 20). */
  pages: LivePage[];
  visit_started_at: number;
  last_seen_at: number;
  source: LiveSource;
  device: 'desktop' | 'mobile' | 'tablet';
  browser: string;
  os: string;
  country: string | null;
  chatting: boolean;
  conversation_id: string | null;
  returning: boolean;
};

export type LiveAction = { type: 'updated'; visitor: LiveVisitor } | { type: 'left'; id: string } | { type: 'snapshot'; visitors: LiveVisitor[] };

/** Newest activity first; ties by id, so the order never flickers. */
function byActivity(a: LiveVisitor, b: LiveVisitor): number {
  return b.last_seen_at - a.last_seen_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The list after one action. An update older than what the list has (a late event) changes nothing. */
export function liveReducer(list: LiveVisitor[], action: LiveAction): LiveVisitor[] {
  switch (action.type) {
    case 'snapshot':
      return dedupe(action.visitors.filter(valid)).sort(byActivity);
    case 'left':
      return list.some((v) => v.id == action.id) ? list.filter((v) => v.id != action.id) : list;
    case 'updated': {
      const v = action.visitor;
      if (!valid(v)) return list;
      const old = list.find((x) => x.id == v.id);
      if (old && old.last_seen_at > v.last_seen_at) return list;
      return [...list.filter((x) => x.id != v.id), v].sort(byActivity);
    }
  }
}

function valid(v: LiveVisitor | null | undefined): v is LiveVisitor {
  return !!v && typeof v.id == 'string' && typeof v.last_seen_at == 'number' && !!v.current_page;
}

function dedupe(list: LiveVisitor[]): LiveVisitor[] {
  const seen = new Map<string, LiveVisitor>();
  for (const v of list) if (!seen.has(v.id) || seen.get(v.id)!.last_seen_at < v.last_seen_at) seen.set(v.id, v);
  return [...seen.values()];
}

/** The socket frame as an action, or null when it is not about live visitors. */
export function liveAction(f: ServerFrame): LiveAction | null {
  if (f.type != 'event') return null;
  if (f.event == 'visitor.updated' && f.data?.id) return { type: 'updated', visitor: f.data as LiveVisitor };
  if (f.event == 'visitor.left' && f.data?.id) return { type: 'left', id: String(f.data.id) };
  return null;
}

/** Two records of one page view: the same url within this many ms (the activity log and the live list may time it apart). */
const SAME_VIEW_MS = 5_000;

/**
 * The conversation's activity with a live visitor's newer pages: the current page and the trail (newest
 * first, each page view once).
 */
export function mergeTrail(activity: Activity | null, v: LiveVisitor): Activity {
  const view = (p: LivePage): ActivityEntry => ({ type: 'page_view', url: p.url, title: p.title ?? undefined, at: p.at });
  // The log's own records first (they carry the referrer, utm and user agent); a live page only when new.
  const trail: ActivityEntry[] = [...(activity?.activity ?? [])];
  for (const a of [v.current_page, ...(v.pages ?? [])].map(view)) {
    if (!trail.some((t) => t.type == 'page_view' && t.url == a.url && Math.abs(t.at - a.at) < SAME_VIEW_MS)) trail.push(a);
  }
  trail.sort((a, b) => b.at - a.at);
  const current = activity?.current_page && activity.current_page.at > v.current_page.at ? activity.current_page : view(v.current_page);
  return { ...activity, activity: trail, current_page: current };
}

export type SendResult = { conversation: Conversation } | { error: string; left: boolean };

/** What the book needs from the server (api.ts in the app, fakes in tests). */
export type LiveApi = {
  list: () => Promise<{ visitors: LiveVisitor[] }>;
  message: (id: string, text: string, clientMsgId: string) => Promise<Conversation | { conversation: Conversation }>;
  errorText: (e: unknown) => string;
  isNotFound: (e: unknown) => boolean;
};

/** The inbox's live visitors: loaded on every (re)connect, kept live by events. */
export class LiveVisitors {
  visitors: LiveVisitor[] = [];
  loaded = false;
  error = '';
  /** Events applied while the newest fetch is in flight, applied again over its answer (which may predate them). */
  private pending: LiveAction[] | null = null;
  private generation = 0;

  constructor(
    private readonly api: LiveApi,
    private readonly emit: () => void,
  ) {}

  async load(): Promise<void> {
    // Events before this request are in its answer; only later ones are applied again over it.
    const generation = ++this.generation;
    this.pending = [];
    try {
      const r = await this.api.list();
      if (generation != this.generation) return;
      const snapshot = liveReducer([], { type: 'snapshot', visitors: Array.isArray(r?.visitors) ? r.visitors : [] });
      this.visitors = (this.pending ?? []).reduce(liveReducer, snapshot);
      this.loaded = true;
      this.error = '';
    } catch (e) {
      if (generation != this.generation) return;
      this.error = this.api.errorText(e);
    }
    this.pending = null;
    this.emit();
  }

  /** Applies a `visitor.*` event; false for any other frame. */
  onFrame(f: ServerFrame): boolean {
    const action = liveAction(f);
    if (!action) return false;
    this.apply(action);
    return true;
  }

  private apply(action: LiveAction) {
    this.pending?.push(action);
    const next = liveReducer(this.visitors, action);
    if (next === this.visitors) return;
    this.visitors = next;
    this.emit();
  }

  find(id: string): LiveVisitor | undefined {
    return this.visitors.find((v) => v.id == id);
  }

  /** The visitor on the site as this chat visitor (a conversation's `visitor_id`). */
  forVisitor(visitorId: string | null | undefined): LiveVisitor | undefined {
    return visitorId ? this.visitors.find((v) => v.visitor_id == visitorId) : undefined;
  }

  /**
   * A proactive message: starts a conversation with a visitor who is not chatting. Retry with the same
   * `clientMsgId` (the server answers the same conversation). A visitor who left (404) leaves the list.
   */
  async message(id: string, text: string, clientMsgId: string): Promise<SendResult> {
    try {
      const r = await this.api.message(id, text, clientMsgId);
      const conversation = 'conversation' in r && r.conversation ? r.conversation : (r as Conversation);
      const v = this.find(id);
      if (v && conversation?.id) this.apply({ type: 'updated', visitor: { ...v, chatting: true, conversation_id: conversation.id, visitor_id: v.visitor_id ?? conversation.visitor_id } });
      return { conversation };
    } catch (e) {
      if (!this.api.isNotFound(e)) return { error: this.api.errorText(e), left: false };
      this.apply({ type: 'left', id });
      return { error: 'This visitor has left the site.', left: true };
    }
  }
}

/** The client_msg_id of a send: the same as the last attempt while the text is unchanged (a retry). */
export function attemptId(last: { text: string; id: string } | null, text: string, fresh: () => string): { text: string; id: string } {
  return last && last.text == text ? last : { text, id: fresh() };
}
