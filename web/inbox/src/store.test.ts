import { describe, expect, it } from 'vitest';
import * as S from './store';
import type { Conversation, Message } from './types';

const conv = (id: string, extra: Partial<Conversation> = {}): Conversation => ({
  id,
  status: 'open',
  visitor_id: 'v-' + id,
  contact: { id: 'k-' + id },
  last_seq: 2,
  agent_read_seq: 2,
  visitor_read_seq: 0,
  unread_count: 0,
  created_at: 1,
  last_activity_at: 100,
  ...extra,
});
const msg = (c: string, seq: number, extra: Partial<Message> = {}): Message => ({
  id: `${c}-m${seq}`,
  conversation_id: c,
  seq,
  sender: { type: 'contact', id: 'k-' + c },
  text: 'hello ' + seq,
  private: false,
  client_msg_id: 'x' + seq,
  created_at: 1000 + seq,
  ...extra,
});
const event = (name: string, data: any, cursor = 1, conversation_id?: string) => ({ type: 'event', event: name, cursor, conversation_id, data });

function withList(...list: Conversation[]) {
  return S.setConversations(S.emptyState(), list);
}

describe('list ordering and filters', () => {
  it('sorts by latest activity, newest first, and filters by tab and status', () => {
    const s = withList(
      conv('a', { last_activity_at: 10, assignee_id: 'me' }),
      conv('b', { last_activity_at: 30 }),
      conv('c', { last_activity_at: 20, assignee_id: 'other' }),
      conv('d', { last_activity_at: 40, status: 'resolved' }),
    );
    expect(S.listView(s, 'all', 'open', 'me').map((c) => c.id)).toEqual(['b', 'c', 'a']);
    expect(S.listView(s, 'mine', 'open', 'me').map((c) => c.id)).toEqual(['a']);
    expect(S.listView(s, 'unassigned', 'open', 'me').map((c) => c.id)).toEqual(['b']);
    expect(S.listView(s, 'all', 'resolved', 'me').map((c) => c.id)).toEqual(['d']);
  });

  it('moves a conversation to the top when a message arrives', () => {
    let s = withList(conv('a', { last_activity_at: 10 }), conv('b', { last_activity_at: 30 }));
    s = S.applyEvent(s, event('message.created', msg('a', 3, { created_at: 50 }), 5, 'a'));
    expect(S.listView(s, 'all', 'open', 'me').map((c) => c.id)).toEqual(['a', 'b']);
    expect(s.conversations.a.last_message_preview).toBe('hello 3');
    expect(s.conversations.a.last_seq).toBe(3);
  });

  it('moves conversations between tabs live on assign and status events', () => {
    let s = withList(conv('a'));
    s = S.applyEvent(s, event('conversation.assigned', { conversation: conv('a', { assignee_id: 'me', last_activity_at: 110 }) }));
    expect(S.listView(s, 'mine', 'open', 'me').map((c) => c.id)).toEqual(['a']);
    expect(S.listView(s, 'unassigned', 'open', 'me')).toEqual([]);
    s = S.applyEvent(s, event('conversation.status_changed', { conversation: conv('a', { assignee_id: 'me', status: 'resolved', last_activity_at: 120 }) }));
    expect(S.listView(s, 'mine', 'open', 'me')).toEqual([]);
    expect(S.listView(s, 'mine', 'resolved', 'me').map((c) => c.id)).toEqual(['a']);
  });

  it('clears fields a new view leaves out (unassign, reopen after snooze)', () => {
    let s = withList(conv('a', { assignee_id: 'me', status: 'snoozed', snoozed_until: 5000 }));
    const { assignee_id: _a, snoozed_until: _s, ...rest } = conv('a', { last_activity_at: 130 });
    s = S.applyEvent(s, event('conversation.status_changed', { conversation: rest }));
    expect(s.conversations.a.assignee_id).toBeUndefined();
    expect(s.conversations.a.snoozed_until).toBeUndefined();
    expect(S.listView(s, 'unassigned', 'open', 'me').map((c) => c.id)).toEqual(['a']);
  });

  it('drops cached conversations a fresh page of the same list left out (they changed while away)', () => {
    let s = withList(conv('a', { last_activity_at: 50 }), conv('b', { last_activity_at: 5 }), conv('r', { status: 'resolved' }));
    // The server now says only "c" is open in the page range [40, 60]; "a" was resolved meanwhile.
    s = S.replaceList(s, 'all', 'open', 'me', [conv('c', { last_activity_at: 60 }), conv('d', { last_activity_at: 40 })], false);
    expect(S.listView(s, 'all', 'open', 'me').map((c) => c.id)).toEqual(['c', 'd', 'b']);
    expect(s.conversations.r).toBeTruthy(); // another list: untouched
    s = S.replaceList(s, 'all', 'open', 'me', [conv('c', { last_activity_at: 60 })], true);
    expect(S.listView(s, 'all', 'open', 'me').map((c) => c.id)).toEqual(['c']);
  });

  it('adds a new conversation from conversation.created', () => {
    const s = S.applyEvent(S.emptyState(), event('conversation.created', { conversation: conv('n', { assignee_id: null }) }));
    expect(S.listView(s, 'unassigned', 'open', 'me').map((c) => c.id)).toEqual(['n']);
  });
});

describe('unread counts', () => {
  it('counts contact messages once, even when the event is replayed', () => {
    let s = withList(conv('a'));
    const e = event('message.created', msg('a', 3), 7, 'a');
    s = S.applyEvent(s, e);
    s = S.applyEvent(s, e);
    expect(s.conversations.a.unread_count).toBe(1);
    s = S.applyEvent(s, event('message.created', msg('a', 4), 8, 'a'));
    expect(s.conversations.a.unread_count).toBe(2);
  });

  it('does not count agent messages, notes or messages the REST list already included', () => {
    let s = withList(conv('a', { last_seq: 5, agent_read_seq: 3, unread_count: 2 }));
    s = S.applyEvent(s, event('message.created', msg('a', 5))); // already in last_seq
    s = S.applyEvent(s, event('message.created', msg('a', 6, { sender: { type: 'agent', id: 'me', name: 'Me' } })));
    s = S.applyEvent(s, event('message.created', msg('a', 7, { sender: { type: 'agent', id: 'x' }, private: true, text: 'secret' })));
    expect(s.conversations.a.unread_count).toBe(2);
    expect(s.conversations.a.last_seq).toBe(7);
    // A private note never becomes the preview.
    expect(s.conversations.a.last_message_preview).not.toBe('secret');
  });

  it('clears unread on an agent read event and keeps the visitor watermark separate', () => {
    let s = withList(conv('a', { last_seq: 4, agent_read_seq: 2, unread_count: 2 }));
    s = S.applyEvent(s, event('conversation.read', { conversation_id: 'a', reader: { type: 'contact', id: 'k' }, seq: 4 }));
    expect(s.conversations.a.visitor_read_seq).toBe(4);
    expect(s.conversations.a.unread_count).toBe(2);
    s = S.applyEvent(s, event('conversation.read', { conversation_id: 'a', reader: { type: 'agent', id: 'me' }, seq: 4 }));
    expect(s.conversations.a.unread_count).toBe(0);
    // Watermarks never move back.
    s = S.applyEvent(s, event('conversation.read', { conversation_id: 'a', reader: { type: 'contact', id: 'k' }, seq: 1 }));
    expect(s.conversations.a.visitor_read_seq).toBe(4);
  });

  it('recounts from a loaded thread on a partial read', () => {
    let s = withList(conv('a', { last_seq: 0, agent_read_seq: 0 }));
    s = S.addPage(s, 'a', [], false);
    for (const seq of [1, 2, 3]) s = S.applyEvent(s, event('message.created', msg('a', seq)));
    expect(s.conversations.a.unread_count).toBe(3);
    s = S.applyEvent(s, event('conversation.read', { conversation_id: 'a', reader: { type: 'agent', id: 'x' }, seq: 2 }));
    expect(s.conversations.a.unread_count).toBe(1);
  });

  it('keeps the list unread count when a conversation event (without unread_count) replaces the view', () => {
    let s = withList(conv('a', { last_seq: 4, agent_read_seq: 2, unread_count: 2 }));
    s = S.applyEvent(s, event('conversation.assigned', { conversation: conv('a', { last_seq: 4, agent_read_seq: 2, unread_count: undefined, assignee_id: 'me' }) }));
    expect(s.conversations.a.unread_count).toBe(2);
  });

  it('counts unread conversations per tab', () => {
    const s = withList(conv('a', { unread_count: 3, assignee_id: 'me' }), conv('b', { unread_count: 1 }), conv('c'));
    expect(S.unreadTotal(s, 'all', 'open', 'me')).toBe(2);
    expect(S.unreadTotal(s, 'mine', 'open', 'me')).toBe(1);
  });
});

describe('threads', () => {
  it('dedupes by message id and orders by seq, whatever the arrival order', () => {
    let s = withList(conv('a', { last_seq: 0 }));
    s = S.applyEvent(s, event('message.created', msg('a', 3)));
    s = S.applyEvent(s, event('message.created', msg('a', 1)));
    s = S.addPage(s, 'a', [msg('a', 1), msg('a', 2), msg('a', 3)], false);
    s = S.applyEvent(s, event('message.created', msg('a', 2)));
    expect(s.threads.a.messages.map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('prepends older pages and keeps has_more from them', () => {
    let s = withList(conv('a', { last_seq: 6 }));
    s = S.addPage(s, 'a', [msg('a', 4), msg('a', 5), msg('a', 6)], true);
    expect(s.threads.a.hasMore).toBe(true);
    s = S.addPage(s, 'a', [msg('a', 1), msg('a', 2), msg('a', 3)], false, true);
    expect(s.threads.a.messages.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(s.threads.a.hasMore).toBe(false);
    // Refreshing the newest page later keeps "no more older".
    s = S.addPage(s, 'a', [msg('a', 5), msg('a', 6)], true);
    expect(s.threads.a.hasMore).toBe(false);
  });

  it('accepts a message.created payload wrapped in {message}', () => {
    const s = S.applyEvent(withList(conv('a')), event('message.created', { message: msg('a', 3) }));
    expect(s.threads.a.messages.map((m) => m.seq)).toEqual([3]);
  });
});

describe('contacts and agents', () => {
  it('renames the contact in every conversation on contact.updated', () => {
    let s = withList(conv('a', { contact: { id: 'k1' } }), conv('b', { contact: { id: 'k1' } }), conv('c'));
    s = S.applyEvent(s, event('contact.updated', { contact: { id: 'k1', name: 'Ana', email: 'ana@x.example', attributes: {} } }));
    expect(s.conversations.a.contact?.name).toBe('Ana');
    expect(s.conversations.b.contact?.email).toBe('ana@x.example');
    expect(s.conversations.c.contact?.name).toBeUndefined();
  });

  it('drops the conversations and threads of a deleted contact on contact.deleted, once', () => {
    let s = withList(conv('a', { contact: { id: 'k1' } }), conv('b', { contact: { id: 'k1' } }), conv('c'));
    s = S.addMessage(s, { id: 'm1', conversation_id: 'a', seq: 1, sender: { type: 'contact' }, text: 'hi', created_at: 1 } as Message);
    s = S.applyEvent(s, event('contact.deleted', { contact_id: 'k1', conversation_ids: ['a', 'b'] }));
    expect(Object.keys(s.conversations)).toEqual(['c']);
    expect(s.threads.a).toBeUndefined();
    expect(S.applyEvent(s, event('contact.deleted', { contact_id: 'k1', conversation_ids: ['a', 'b'] }))).toBe(s);
  });

  it('tracks presence and agent.updated', () => {
    let s = S.setAgents(S.emptyState(), [{ id: 'a1', email: 'a@x', name: 'A', role: 'agent', active: true, presence: 'offline' }]);
    s = S.setPresence(s, 'a1', 'online');
    expect(s.agents.a1.presence).toBe('online');
    s = S.applyEvent(s, event('agent.updated', { agent: { id: 'a1', email: 'a@x', name: 'Ann', role: 'admin', active: true } }));
    expect(s.agents.a1).toMatchObject({ name: 'Ann', role: 'admin', presence: 'online' });
  });

  it('ignores unknown events', () => {
    const s = withList(conv('a'));
    expect(S.applyEvent(s, event('something.new', {}))).toBe(s);
  });
});

describe('how replies reached the customer', () => {
  const conv = (over: Partial<Conversation> = {}): Conversation => ({
    id: 'c1', status: 'open', visitor_id: 'v', last_seq: 5, agent_read_seq: 5, visitor_read_seq: 1,
    created_at: 1, last_activity_at: 1, ...over,
  });

  it('is seen when read, else emailed or pushed up to the channel watermark, else sent', () => {
    let s = S.upsertConversation(S.emptyState(), conv());
    s = S.applyEvent(s, { type: 'event', event: 'conversation.notified', conversation_id: 'c1',
      data: { conversation_id: 'c1', channel: 'push', through_seq: 3, at: 10 } } as any);
    s = S.applyEvent(s, { type: 'event', event: 'conversation.notified', conversation_id: 'c1',
      data: { conversation_id: 'c1', channel: 'email', through_seq: 2, at: 20 } } as any);
    const c = s.conversations.c1;
    expect([1, 2, 3, 4].map((seq) => S.replyReach(c, seq))).toEqual(['seen', 'emailed', 'pushed', 'sent']);
  });

  it('never moves a watermark back and survives a later conversation snapshot', () => {
    let s = S.upsertConversation(S.emptyState(), conv());
    s = S.applyNotified(s, 'c1', { email: { through_seq: 4, at: 30 } });
    s = S.applyNotified(s, 'c1', { email: { through_seq: 2, at: 40 } });
    s = S.upsertConversation(s, conv({ last_activity_at: 2 }));
    expect(s.conversations.c1.notified?.email).toEqual({ through_seq: 4, at: 30 });
  });
});

describe('thread owner and the Bots view', () => {
  const flow = { type: 'flow' as const, id: 'f1', version: 3 };
  const humans = { type: 'humans' as const };

  it('lists flow-owned conversations under Bots only, whatever their assignee', () => {
    const s = withList(
      conv('h', { last_activity_at: 10, owner: humans }),
      conv('old', { last_activity_at: 20 }),
      conv('b1', { last_activity_at: 30, owner: flow }),
      conv('b2', { last_activity_at: 40, owner: flow, assignee_id: 'me' }),
      conv('b3', { last_activity_at: 50, owner: flow, status: 'resolved' }),
    );
    expect(S.listView(s, 'bots', 'open', 'me').map((c) => c.id)).toEqual(['b2', 'b1']);
    expect(S.listView(s, 'bots', 'resolved', 'me').map((c) => c.id)).toEqual(['b3']);
    expect(S.listView(s, 'all', 'open', 'me').map((c) => c.id)).toEqual(['old', 'h']);
    expect(S.listView(s, 'unassigned', 'open', 'me').map((c) => c.id)).toEqual(['old', 'h']);
    expect(S.listView(s, 'mine', 'open', 'me')).toEqual([]);
  });

  it('applies conversation.handed_over like an assignment: the new view moves it between views', () => {
    let s = withList(conv('a', { owner: flow }));
    expect(S.listView(s, 'bots', 'open', 'me').map((c) => c.id)).toEqual(['a']);
    const view = conv('a', { owner: humans, assignee_id: 'me', last_activity_at: 110 });
    s = S.applyEvent(s, event('conversation.handed_over', { conversation: view, from: flow, to: humans, reason: 'handoff' }, 7, 'a'));
    expect(s.conversations.a.owner).toEqual(humans);
    expect(s.conversations.a.assignee_id).toBe('me');
    expect(S.listView(s, 'bots', 'open', 'me')).toEqual([]);
    expect(S.listView(s, 'mine', 'open', 'me').map((c) => c.id)).toEqual(['a']);
    // Replayed: the same state.
    expect(S.applyEvent(s, event('conversation.handed_over', { conversation: view, from: flow, to: humans, reason: 'handoff' }, 7, 'a'))).toEqual(s);
    // Given back.
    s = S.applyEvent(s, event('conversation.handed_over', { conversation: conv('a', { owner: flow, last_activity_at: 120 }), from: humans, to: flow, reason: 'given_back' }, 8, 'a'));
    expect(S.listView(s, 'bots', 'open', 'me').map((c) => c.id)).toEqual(['a']);
  });

  it('ignores a handed_over without a conversation and keeps list-only fields', () => {
    let s = withList(conv('a', { owner: flow, unread_count: 2, current_page: { url: 'https://x.example/', at: 1 } }));
    expect(S.applyEvent(s, event('conversation.handed_over', { reason: 'handoff' }))).toBe(s);
    const { unread_count: _u, ...view } = conv('a', { owner: humans, last_activity_at: 110 });
    s = S.applyEvent(s, event('conversation.handed_over', { conversation: view, from: flow, to: humans, reason: 'visitor_asked' }));
    expect(s.conversations.a.current_page?.url).toBe('https://x.example/');
  });

  it('keeps the owner and attributes a partial view leaves out', () => {
    let s = withList(conv('a', { owner: flow, attributes: { size: 'M' } }));
    s = S.upsertConversation(s, conv('a', { last_activity_at: 110 }));
    expect(s.conversations.a.owner).toEqual(flow);
    expect(s.conversations.a.attributes).toEqual({ size: 'M' });
  });

  it('knows the flow a conversation had: owner, earlier owner, a flow message or its summary', () => {
    let s = withList(conv('a', { owner: flow }), conv('h', { owner: humans }));
    expect(S.flowOf(s, 'a')).toBe('f1');
    expect(S.flowOf(s, 'h')).toBeNull();
    s = S.applyEvent(s, event('conversation.handed_over', { conversation: conv('a', { owner: humans, last_activity_at: 110 }), from: flow, to: humans, reason: 'agent_took' }));
    expect(S.flowOf(s, 'a')).toBe('f1');
    // A handover seen without ever seeing the flow-owned view.
    s = S.applyEvent(s, event('conversation.handed_over', { conversation: conv('h', { owner: humans, last_activity_at: 110 }), from: { type: 'flow', id: 'f2', version: 1 }, to: humans, reason: 'timeout' }));
    expect(S.flowOf(s, 'h')).toBe('f2');
    let t = withList(conv('m', { owner: humans }));
    t = S.addPage(t, 'm', [msg('m', 1, { sender: { type: 'bot', id: 'flow:f9', name: 'Stylist' } }), msg('m', 2)], false);
    expect(S.flowOf(t, 'm')).toBe('f9');
    let u = withList(conv('n', { owner: humans }));
    u = S.addPage(u, 'n', [msg('n', 1, { sender: { type: 'bot', id: 'app:x' } }), msg('n', 2, { private: true, sender: { type: 'bot' }, content: { summary: { flow_id: 'f4', version: 2, answers: {} } } })], false);
    expect(S.flowOf(u, 'n')).toBe('f4');
    let v = withList(conv('o', { owner: humans }));
    v = S.addPage(v, 'o', [msg('o', 1, { sender: { type: 'bot', id: 'app:x' } })], false);
    expect(S.flowOf(v, 'o')).toBeNull();
  });
});
