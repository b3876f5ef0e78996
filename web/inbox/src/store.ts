/**
 * The inbox state and its reducer: pure functions that apply REST pages and /ws/agent events
 * (docs/events.md) to what the agent sees. Every function is idempotent, so a replayed event, an
 * event that races a REST load, or a message seen both live and by REST never counts twice.
 */

import type { Agent, Contact, Conversation, Message, ServerFrame, Status, Notified, Rating } from './types';

export type Thread = {
  messages: Message[];
  /** Older messages exist before messages[0]. */
  hasMore: boolean;
  /** The thread was loaded over REST at least once (else only live messages are known). */
  loaded: boolean;
};

export type State = {
  conversations: Record<string, Conversation>;
  threads: Record<string, Thread>;
  agents: Record<string, Agent>;
  /** Per conversation, the last flow seen owning it in this session (for "Give back to bot"). */
  ranFlow: Record<string, string>;
};

/** The list views; `bots` holds the conversations a flow or an app owns, which the others leave out. */
export type Tab = 'mine' | 'unassigned' | 'all' | 'bots';

export const emptyState = (): State => ({ conversations: {}, threads: {}, agents: {}, ranFlow: {} });

/** A flow runs the thread (docs/bots.md): agents are not rung, the list shows it under Bots. */
export const flowOwned = (c: Pick<Conversation, 'owner'> | undefined): boolean => c?.owner?.type == 'flow';

/** A bot runs the thread, a flow or a bot app (docs/apps.md): the same for rings and the Bots tab. */
export const botOwned = (c: Pick<Conversation, 'owner'> | undefined): boolean => c?.owner?.type == 'flow' || c?.owner?.type == 'app';

export const PREVIEW_MAX = 140;

/** Merges messages into a list: one per id (and per seq), sorted by seq. Later copies win. */
export function mergeMessages(existing: Message[], incoming: Message[]): Message[] {
  if (!incoming.length) return existing;
  const bySeq = new Map<number, Message>();
  const ids = new Set<string>();
  for (const m of existing) bySeq.set(m.seq, m);
  for (const m of incoming) {
    if (ids.has(m.id)) continue;
    ids.add(m.id);
    bySeq.set(m.seq, m);
  }
  return [...bySeq.values()].sort((a, b) => a.seq - b.seq);
}

/** A conversation view from REST or an event replaces the known one but keeps list-only fields. */
export function upsertConversation(state: State, incoming: Conversation): State {
  const old = state.conversations[incoming.id];
  // An older snapshot (e.g. a slow REST answer) never rolls the conversation back.
  if (old && old.last_activity_at > incoming.last_activity_at && old.last_seq > incoming.last_seq) return state;
  // The incoming view is complete: a field it leaves out (assignee_id after unassign,
  // snoozed_until after reopen) is gone. Only list-only fields are carried over.
  const merged: Conversation = { ...incoming };
  if (incoming.unread_count == null) merged.unread_count = recount(state, merged, old?.unread_count ?? 0);
  if (incoming.current_page === undefined && old?.current_page) merged.current_page = old.current_page;
  if (!incoming.contact && old?.contact) merged.contact = old.contact;
  if (!incoming.notified && old?.notified) merged.notified = old.notified;
  if (incoming.rating === undefined && old?.rating !== undefined) merged.rating = old.rating;
  // Views without them (older servers, partial views) keep what was known.
  if (incoming.owner === undefined && old?.owner) merged.owner = old.owner;
  if (incoming.attributes === undefined && old?.attributes) merged.attributes = old.attributes;
  const next = { ...state, conversations: { ...state.conversations, [incoming.id]: merged } };
  return merged.owner?.type == 'flow' ? withRanFlow(next, merged.id, merged.owner.id) : next;
}

function withRanFlow(state: State, id: string, flowId: string): State {
  return state.ranFlow[id] == flowId ? state : { ...state, ranFlow: { ...state.ranFlow, [id]: flowId } };
}

/**
 * `conversation.handed_over`: the new view replaces the conversation (like an assignment); the flow
 * it came from is remembered so the thread can be given back.
 */
export function applyHandover(state: State, data: { conversation?: Conversation; from?: Conversation['owner'] }): State {
  if (!data.conversation) return state;
  const next = upsertConversation(state, data.conversation);
  return data.from?.type == 'flow' && data.from.id ? withRanFlow(next, data.conversation.id, data.from.id) : next;
}

/**
 * The flow this conversation had, if any is known: its owner now, one seen owning it earlier in this
 * session, a flow's message in the thread (sender id `flow:<id>`) or a flow's summary note. `''` when
 * a flow ran but its id is unknown; null when none is known.
 */
export function flowOf(state: State, id: string): string | null {
  const c = state.conversations[id];
  if (c?.owner?.type == 'flow') return c.owner.id;
  if (state.ranFlow[id]) return state.ranFlow[id];
  const messages = state.threads[id]?.messages ?? [];
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    const summary = m.content?.summary;
    if (summary && typeof summary.flow_id == 'string') return summary.flow_id;
    if (m.sender.type == 'bot' && typeof m.sender.id == 'string' && m.sender.id.startsWith('flow:')) return m.sender.id.slice(5);
  }
  return null;
}

/** Unread = contact messages after agent_read_seq: exact when the thread is loaded, else the known count. */
function recount(state: State, c: Conversation, known: number): number {
  if (c.agent_read_seq >= c.last_seq) return 0;
  const thread = state.threads[c.id];
  if (thread?.loaded && thread.messages.length && thread.messages[0].seq <= c.agent_read_seq + 1) {
    return thread.messages.filter((m) => m.seq > c.agent_read_seq && m.sender.type == 'contact').length;
  }
  return known;
}

/**
 * A fresh first page of one list from REST: cached conversations that this list would show inside
 * the page's range but the server left out have left the list (changed while we were away), so
 * they are dropped from the cache; events or another list bring them back.
 */
export function replaceList(state: State, tab: Tab, status: Status, meId: string, list: Conversation[], complete: boolean): State {
  const ids = new Set(list.map((c) => c.id));
  const oldest = list.length ? Math.min(...list.map((c) => c.last_activity_at)) : Infinity;
  let conversations = state.conversations;
  for (const c of Object.values(state.conversations)) {
    if (ids.has(c.id) || !matches(c, tab, status, meId)) continue;
    if (complete || c.last_activity_at >= oldest) {
      if (conversations === state.conversations) conversations = { ...conversations };
      delete conversations[c.id];
    }
  }
  return setConversations(conversations === state.conversations ? state : { ...state, conversations }, list);
}

export function setConversations(state: State, list: Conversation[]): State {
  let next = state;
  for (const c of list) next = upsertConversation(next, c);
  return next;
}

/** A page of messages from REST. `older` true for "load older" pages (keeps hasMore from the page). */
export function addPage(state: State, conversationId: string, messages: Message[], hasMore: boolean, older = false): State {
  const thread = state.threads[conversationId];
  const merged = mergeMessages(thread?.messages ?? [], messages);
  const first = merged[0]?.seq ?? 0;
  const keepOldHasMore = thread?.loaded && !older && thread.messages.length && thread.messages[0].seq < (messages[0]?.seq ?? Infinity);
  const next: Thread = { messages: merged, hasMore: keepOldHasMore ? thread!.hasMore : hasMore && first > 1, loaded: true };
  return { ...state, threads: { ...state.threads, [conversationId]: next } };
}

/** A new message (live, replayed or our own ack). */
export function addMessage(state: State, m: Message): State {
  const thread = state.threads[m.conversation_id] ?? { messages: [], hasMore: m.seq > 1, loaded: false };
  const dup = thread.messages.some((x) => x.id == m.id);
  const threads = dup ? state.threads : { ...state.threads, [m.conversation_id]: { ...thread, messages: mergeMessages(thread.messages, [m]) } };
  let next = { ...state, threads };
  const c = state.conversations[m.conversation_id];
  if (c && m.seq > c.last_seq) {
    const updated: Conversation = {
      ...c,
      last_seq: m.seq,
      last_activity_at: Math.max(c.last_activity_at, m.created_at),
      unread_count: (c.unread_count ?? 0) + (m.sender.type == 'contact' && m.seq > c.agent_read_seq ? 1 : 0),
    };
    if (!m.private) updated.last_message_preview = m.text.slice(0, PREVIEW_MAX);
    next = { ...next, conversations: { ...next.conversations, [c.id]: updated } };
  }
  return next;
}

/** The `conversation.read` event: watermarks only move forward. */
export function applyRead(state: State, conversationId: string, readerType: string, seq: number): State {
  const c = state.conversations[conversationId];
  if (!c) return state;
  const updated = { ...c };
  if (readerType == 'agent') {
    if (seq <= c.agent_read_seq) return state;
    updated.agent_read_seq = seq;
    updated.unread_count = recount(state, updated, seq >= c.last_seq ? 0 : (c.unread_count ?? 0));
  } else {
    if (seq <= c.visitor_read_seq) return state;
    updated.visitor_read_seq = seq;
  }
  return { ...state, conversations: { ...state.conversations, [c.id]: updated } };
}

export function applyContact(state: State, contact: Pick<Contact, 'id' | 'name' | 'email'>): State {
  let changed = false;
  const conversations = { ...state.conversations };
  for (const c of Object.values(conversations)) {
    if (c.contact?.id == contact.id) {
      conversations[c.id] = { ...c, contact: { id: contact.id, name: contact.name, email: contact.email } };
      changed = true;
    }
  }
  return changed ? { ...state, conversations } : state;
}

/** The `contact.deleted` event (docs/privacy.md): the contact's conversations and threads are gone. */
export function removeConversations(state: State, ids: string[]): State {
  if (!ids.some((id) => state.conversations[id] || state.threads[id])) return state;
  const conversations = { ...state.conversations };
  const threads = { ...state.threads };
  for (const id of ids) {
    delete conversations[id];
    delete threads[id];
  }
  return { ...state, conversations, threads };
}

export function setAgents(state: State, agents: Agent[]): State {
  const map: Record<string, Agent> = {};
  for (const a of agents) map[a.id] = { ...state.agents[a.id], ...a };
  return { ...state, agents: map };
}

/** Applies one `event` frame from /ws/agent; unknown events are ignored. */
export function applyEvent(state: State, frame: ServerFrame): State {
  const data = frame.data ?? {};
  switch (frame.event) {
    case 'message.created':
      return addMessage(state, (data.message ?? data) as Message);
    case 'conversation.created':
    case 'conversation.assigned':
    case 'conversation.status_changed':
    case 'conversation.updated':
      return data.conversation ? upsertConversation(state, data.conversation) : state;
    case 'conversation.handed_over':
      return applyHandover(state, data);
    case 'conversation.read':
      return applyRead(state, data.conversation_id ?? frame.conversation_id, data.reader?.type, data.seq);
    case 'conversation.notified':
      return applyNotified(state, data.conversation_id ?? frame.conversation_id, { [data.channel]: { through_seq: data.through_seq, at: data.at } });
    case 'conversation.rated':
      return data.rating ? applyRating(state, data.conversation_id ?? frame.conversation_id, data.rating) : state;
    case 'contact.updated':
      return data.contact ? applyContact(state, data.contact) : state;
    case 'contact.deleted':
      return Array.isArray(data.conversation_ids) ? removeConversations(state, data.conversation_ids) : state;
    case 'agent.updated':
      return data.agent ? { ...state, agents: { ...state.agents, [data.agent.id]: { ...state.agents[data.agent.id], ...data.agent } } } : state;
    default:
      return state;
  }
}

/** Merges what is known of the notifications of a conversation; a channel's watermark only moves forward. */
export function applyNotified(state: State, id: string, incoming: Notified): State {
  const c = state.conversations[id];
  if (!c) return state;
  const merged: Notified = { ...c.notified };
  for (const channel of ['email', 'push'] as const) {
    const n = incoming[channel];
    if (n && typeof n.through_seq == 'number' && (merged[channel]?.through_seq ?? 0) <= n.through_seq) merged[channel] = n;
  }
  return { ...state, conversations: { ...state.conversations, [id]: { ...c, notified: merged } } };
}

/** The contact's rating (REST or `conversation.rated`): the later `updated_at` wins, so a slow read never rolls it back. */
export function applyRating(state: State, id: string, rating: Rating | null): State {
  const c = state.conversations[id];
  if (!c || (c.rating && (!rating || rating.updated_at < c.rating.updated_at))) return state;
  return { ...state, conversations: { ...state.conversations, [id]: { ...c, rating } } };
}

/** What an agent's visible reply became for the customer: answered, seen, emailed, pushed, or just sent. */
export function replyReach(c: Conversation, seq: number, lastContactSeq = 0): 'answered' | 'seen' | 'emailed' | 'pushed' | 'sent' {
  if (lastContactSeq > seq) return 'answered';
  if (c.visitor_read_seq >= seq) return 'seen';
  if ((c.notified?.email?.through_seq ?? 0) >= seq) return 'emailed';
  if ((c.notified?.push?.through_seq ?? 0) >= seq) return 'pushed';
  return 'sent';
}

export function setPresence(state: State, agentId: string, presence: Agent['presence']): State {
  const a = state.agents[agentId];
  if (!a || a.presence == presence) return state;
  return { ...state, agents: { ...state.agents, [agentId]: { ...a, presence } } };
}

/** Whether a conversation belongs in the list the agent is looking at. */
export function matches(c: Conversation, tab: Tab, status: Status, meId: string): boolean {
  if (c.status != status) return false;
  if (tab == 'bots' || botOwned(c)) return tab == 'bots' && botOwned(c);
  if (tab == 'mine') return c.assignee_id == meId;
  if (tab == 'unassigned') return !c.assignee_id;
  return true;
}

/** The visible list: newest activity first, ties by id (stable). */
export function listView(state: State, tab: Tab, status: Status, meId: string): Conversation[] {
  return Object.values(state.conversations)
    .filter((c) => matches(c, tab, status, meId))
    .sort((a, b) => b.last_activity_at - a.last_activity_at || (a.id < b.id ? 1 : -1));
}

/** Tab badges: unread conversations per tab for the status shown. */
export function unreadTotal(state: State, tab: Tab, status: Status, meId: string): number {
  return listView(state, tab, status, meId).reduce((n, c) => n + ((c.unread_count ?? 0) > 0 ? 1 : 0), 0);
}
