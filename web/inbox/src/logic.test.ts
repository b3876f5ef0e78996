// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { clearDraft, loadDraft, pruneDrafts, saveDraft } from './drafts';
import { applyTrigger, mentionIds, mentions, suggestAgents, triggerAt } from './mentions';
import { notificationText, reasonFor, DEFAULT_SETTINGS } from './notify';
import { Outbox } from './outbox';
import { parseHash } from './router';
import { isTyping, shortcutFor, step } from './shortcuts';
import { fromLocalInput, snoozePresets, toLocalInput } from './snooze';
import { contactName, initials } from './format';
import type { Agent, Conversation, Message } from './types';

function memory() {
  const m = new Map<string, string>();
  return {
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
    get length() {
      return m.size;
    },
    key: (i: number) => [...m.keys()][i] ?? null,
    map: m,
  };
}

describe('drafts', () => {
  it('keeps one draft per conversation, with its mode', () => {
    const kv = memory();
    saveDraft('a', { text: 'hello', note: false }, kv);
    saveDraft('b', { text: 'internal', note: true }, kv);
    expect(loadDraft('a', kv)).toEqual({ text: 'hello', note: false });
    expect(loadDraft('b', kv)).toEqual({ text: 'internal', note: true });
    expect(loadDraft('c', kv)).toEqual({ text: '', note: false });
  });
  it('removes empty drafts and survives broken storage', () => {
    const kv = memory();
    saveDraft('a', { text: 'x', note: false }, kv);
    saveDraft('a', { text: '', note: false }, kv);
    expect(kv.map.size).toBe(0);
    kv.setItem('parley.inbox.draft.z', '{not json');
    expect(loadDraft('z', kv)).toEqual({ text: '', note: false });
    saveDraft('y', { text: 'x', note: false }, kv);
    clearDraft('y', kv);
    expect(loadDraft('y', kv).text).toBe('');
    expect(() => saveDraft('q', { text: 'x', note: false }, null)).not.toThrow();
  });
  it('prunes drafts older than 30 days', () => {
    const kv = memory();
    saveDraft('old', { text: 'x', note: false }, kv, 0);
    saveDraft('new', { text: 'y', note: false }, kv, 40 * 86400_000);
    pruneDrafts(kv, 40 * 86400_000);
    expect(loadDraft('old', kv).text).toBe('');
    expect(loadDraft('new', kv).text).toBe('y');
  });
});

describe('snooze presets', () => {
  it('computes 1 hour, tomorrow 9:00 and next Monday 9:00 in local time', () => {
    const now = new Date(2026, 10, 27, 17, 30); // a Friday
    const p = Object.fromEntries(snoozePresets(now).map((x) => [x.id, new Date(x.until)]));
    expect(p['1h'].getTime() - now.getTime()).toBe(3600_000);
    expect([p.tomorrow.getDate(), p.tomorrow.getHours(), p.tomorrow.getMinutes()]).toEqual([28, 9, 0]);
    expect([p['next-week'].getDay(), p['next-week'].getDate(), p['next-week'].getHours()]).toEqual([1, 30, 9]);
  });
  it('next week from a Monday is the Monday after', () => {
    const monday = new Date(2026, 10, 30, 8, 0);
    const next = new Date(snoozePresets(monday).find((x) => x.id == 'next-week')!.until);
    expect(next.getDate()).toBe(7);
    expect(next.getMonth()).toBe(11);
  });
  it('round-trips datetime-local values and refuses the past', () => {
    const t = new Date(2030, 0, 2, 3, 4).getTime();
    expect(toLocalInput(t)).toBe('2030-01-02T03:04');
    expect(fromLocalInput('2030-01-02T03:04', 0)).toBe(t);
    expect(fromLocalInput('2020-01-02T03:04', Date.now())).toBeNull();
    expect(fromLocalInput('nonsense')).toBeNull();
  });
});

describe('shortcuts', () => {
  const input = document.createElement('input');
  const checkbox = Object.assign(document.createElement('input'), { type: 'checkbox' });
  const textarea = document.createElement('textarea');
  const button = document.createElement('button');
  it('maps keys to actions outside fields', () => {
    expect(shortcutFor({ key: 'j', target: button })).toBe('next');
    expect(shortcutFor({ key: 'k', target: document.body })).toBe('previous');
    expect(shortcutFor({ key: 'a' })).toBe('assign-me');
    expect(shortcutFor({ key: 'e' })).toBe('resolve');
    expect(shortcutFor({ key: 'r' })).toBe('compose');
    expect(shortcutFor({ key: 'c' })).toBe('compose');
    expect(shortcutFor({ key: '?' })).toBe('help');
    expect(shortcutFor({ key: 's' })).toBe('search');
    expect(shortcutFor({ key: 'x' })).toBeNull();
    expect(shortcutFor({ key: 'j', ctrlKey: true })).toBeNull();
    expect(shortcutFor({ key: 'j', target: checkbox })).toBe('next');
  });
  it('ignores everything but Escape while typing (so "/" in the composer stays a canned trigger)', () => {
    expect(shortcutFor({ key: 'j', target: input })).toBeNull();
    expect(shortcutFor({ key: '/', target: textarea })).toBeNull();
    expect(shortcutFor({ key: 'e', target: textarea })).toBeNull();
    expect(shortcutFor({ key: 'Escape', target: textarea })).toBe('escape');
    expect(isTyping(document.createElement('select'))).toBe(true);
  });
  it('steps through the list and stays at its ends', () => {
    expect(step(['a', 'b', 'c'], null, 1)).toBe('a');
    expect(step(['a', 'b', 'c'], 'a', 1)).toBe('b');
    expect(step(['a', 'b', 'c'], 'c', 1)).toBe('c');
    expect(step(['a', 'b', 'c'], 'a', -1)).toBe('a');
    expect(step(['a', 'b', 'c'], 'gone', -1)).toBe('a');
    expect(step([], 'a', 1)).toBeNull();
  });
});

const agents: Agent[] = [
  { id: 'a1', email: 'ana@x.example', name: 'Ana Lima', role: 'agent', active: true },
  { id: 'a2', email: 'ben@x.example', name: 'Ben', role: 'admin', active: true },
  { id: 'a3', email: 'bea@x.example', name: 'Bea', role: 'agent', active: false },
];

describe('mentions and canned triggers', () => {
  it('detects "/" only at the start and "@" only in notes, after whitespace', () => {
    expect(triggerAt('/gre', 4, false)).toEqual({ kind: '/', query: 'gre', start: 0, end: 4 });
    expect(triggerAt('see /gre', 8, false)).toBeNull();
    expect(triggerAt('hi @an', 6, false)).toBeNull();
    expect(triggerAt('hi @an', 6, true)).toEqual({ kind: '@', query: 'an', start: 3, end: 6 });
    expect(triggerAt('mail a@b', 8, true)).toBeNull();
    expect(triggerAt('@', 1, true)).toEqual({ kind: '@', query: '', start: 0, end: 1 });
  });
  it('inserts a choice in place of the trigger', () => {
    const t = triggerAt('hi @an and more', 6, true)!;
    expect(applyTrigger('hi @an and more', t, '@Ana Lima ')).toEqual({ text: 'hi @Ana Lima  and more', caret: 13 });
  });
  it('suggests active agents by name or email, prefix matches first', () => {
    expect(suggestAgents(agents, 'b').map((a) => a.id)).toEqual(['a2']);
    expect(suggestAgents(agents, 'ana@').map((a) => a.id)).toEqual(['a1']);
    expect(suggestAgents(agents, 'li').map((a) => a.id)).toEqual(['a1']);
    expect(suggestAgents(agents, '').length).toBe(2);
  });
  it('sends only the ids whose @Name is still in the text', () => {
    const picked = { a1: 'Ana Lima', a2: 'Ben' };
    expect(mentionIds('@Ana Lima please check', picked)).toEqual(['a1']);
    expect(mentionIds('cc @Ana Lima, @Ben.', picked)).toEqual(['a1', 'a2']);
    expect(mentionIds('cc @Benjamin', picked)).toEqual([]);
    expect(mentionIds('email me@Ben', picked)).toEqual([]);
  });
  it('reads mentions from message content', () => {
    expect(mentions({ mentions: ['a1'] }, 'a1')).toBe(true);
    expect(mentions({ mentions: ['a1'] }, 'a2')).toBe(false);
    expect(mentions(undefined, 'a1')).toBe(false);
  });
});

describe('notification reasons', () => {
  const c = { id: 'c', assignee_id: 'me' } as Conversation;
  const m = (extra: Partial<Message>) => ({ id: 'm', conversation_id: 'c', seq: 1, sender: { type: 'contact' }, text: 't', private: false, client_msg_id: 'x', created_at: 0, ...extra }) as Message;
  it('follows the settings', () => {
    expect(reasonFor('conversation', 'me', c, undefined, DEFAULT_SETTINGS)).toBe('new_conversation');
    expect(reasonFor('conversation', 'me', c, undefined, { ...DEFAULT_SETTINGS, new_conversation: false })).toBeNull();
    expect(reasonFor('message', 'me', c, m({}), DEFAULT_SETTINGS)).toBe('assigned_message');
    expect(reasonFor('message', 'me', { ...c, assignee_id: 'other' }, m({}), DEFAULT_SETTINGS)).toBeNull();
    expect(reasonFor('message', 'me', c, m({}), { ...DEFAULT_SETTINGS, assigned_message: false })).toBeNull();
    const note = m({ private: true, sender: { type: 'agent', id: 'ben' }, content: { mentions: ['me'] } });
    expect(reasonFor('message', 'me', { ...c, assignee_id: null }, note, DEFAULT_SETTINGS)).toBe('mention');
    expect(reasonFor('message', 'me', c, note, { ...DEFAULT_SETTINGS, mention: false })).toBeNull();
    expect(reasonFor('message', 'me', c, m({ sender: { type: 'agent', id: 'me' } }), DEFAULT_SETTINGS)).toBeNull();
    expect(reasonFor('message', 'me', c, m({ sender: { type: 'system' }, private: true }), DEFAULT_SETTINGS)).toBeNull();
  });
});

describe('outbox', () => {
  const p = (id: string, at: number) => ({ client_msg_id: id, conversation_id: 'c', text: 'hi', private: false, created_at: at, tried_at: at });
  it('survives a reload and keeps the client_msg_id for retries', () => {
    const kv = memory();
    const o = new Outbox(kv);
    o.add(p('x1', 1));
    o.add(p('x2', 2));
    const again = new Outbox(kv);
    expect(again.list().map((x) => x.client_msg_id)).toEqual(['x1', 'x2']);
    again.done('x1');
    expect(new Outbox(kv).list().map((x) => x.client_msg_id)).toEqual(['x2']);
  });
  it('keeps one outbox per agent', () => {
    const kv = memory();
    new Outbox(kv, 'ana').add(p('x1', 1));
    expect(new Outbox(kv, 'ben').list()).toEqual([]);
    expect(new Outbox(kv, 'ana').list()).toHaveLength(1);
  });
  it('retries only what is due and not failed for good', () => {
    const o = new Outbox(memory());
    o.add(p('a', 0));
    o.add(p('b', 9_000));
    o.add(p('c', 0));
    o.update('c', { error: 'too large' });
    expect(o.due(10_000, 8_000).map((x) => x.client_msg_id)).toEqual(['a']);
    expect(o.due(10_000, 0).map((x) => x.client_msg_id)).toEqual(['a', 'b']);
  });
});

describe('routes and names', () => {
  it('parses hash routes', () => {
    expect(parseHash('#/conversations/abc')).toEqual({ name: 'inbox', conversationId: 'abc' });
    expect(parseHash('')).toEqual({ name: 'inbox', conversationId: null });
    expect(parseHash('#/settings/team')).toEqual({ name: 'settings', page: 'team' });
    expect(parseHash('#/settings/bogus')).toEqual({ name: 'settings', page: 'me' });
    expect(parseHash('#/reset?token=t%2B1')).toEqual({ name: 'reset', token: 't+1' });
    expect(parseHash('#/invite?token=abc')).toEqual({ name: 'invite', token: 'abc' });
    expect(parseHash('#/forgot')).toEqual({ name: 'forgot' });
    expect(parseHash('#/visitors')).toEqual({ name: 'visitors' });
  });
  it('falls back to "Visitor <short id>"', () => {
    expect(contactName({ visitor_id: 'v', contact: { id: '0192-abcd-ef0123' } })).toBe('Visitor ef0123');
    expect(contactName({ visitor_id: 'v', contact: { id: 'k', name: ' Ana ' } })).toBe('Ana');
    expect(contactName({ visitor_id: 'v', contact: { id: 'k', email: 'a@b.c' } })).toBe('a@b.c');
    expect(initials('Ana de Lima')).toBe('AL');
    expect(initials('')).toBe('?');
  });
});

describe('notification reasons with a bot owning the thread', () => {
  const flow = { type: 'flow' as const, id: 'f1', version: 1 };
  const humans = { type: 'humans' as const };
  const bot = { id: 'c', assignee_id: 'me', owner: flow } as Conversation;
  const ours = { id: 'c', assignee_id: 'me', owner: humans } as Conversation;
  const m = (extra: Partial<Message>) => ({ id: 'm', conversation_id: 'c', seq: 1, sender: { type: 'contact' }, text: 't', private: false, client_msg_id: 'x', created_at: 0, ...extra }) as Message;
  const to = (reason: string, owner: any = humans) => ({ to: owner, reason }) as any;

  it('does not ring for the creation or the messages of a flow-owned conversation', () => {
    expect(reasonFor('conversation', 'me', bot, undefined, DEFAULT_SETTINGS)).toBeNull();
    expect(reasonFor('message', 'me', bot, m({}), DEFAULT_SETTINGS)).toBeNull();
    expect(reasonFor('message', 'me', bot, m({ sender: { type: 'bot', id: 'flow:f1' } }), DEFAULT_SETTINGS)).toBeNull();
    // A teammate's mention asks for this agent by name: it still rings.
    expect(reasonFor('message', 'me', bot, m({ private: true, sender: { type: 'agent', id: 'ben' }, content: { mentions: ['me'] } }), DEFAULT_SETTINGS)).toBe('mention');
    // The same once the humans own it.
    expect(reasonFor('conversation', 'me', ours, undefined, DEFAULT_SETTINGS)).toBe('new_conversation');
    expect(reasonFor('message', 'me', ours, m({}), DEFAULT_SETTINGS)).toBe('assigned_message');
  });

  it('rings for a handover to the humans like a new conversation, or like a message of mine when assigned to me', () => {
    const unassigned = { ...ours, assignee_id: null };
    for (const reason of ['handoff', 'flow_ended', 'visitor_asked', 'timeout']) {
      expect(reasonFor('handover', 'me', unassigned, undefined, DEFAULT_SETTINGS, to(reason))).toBe('handoff');
      expect(reasonFor('handover', 'me', ours, undefined, DEFAULT_SETTINGS, to(reason))).toBe('assigned_message');
    }
    expect(reasonFor('handover', 'me', unassigned, undefined, { ...DEFAULT_SETTINGS, new_conversation: false }, to('handoff'))).toBeNull();
    expect(reasonFor('handover', 'me', { ...ours, assignee_id: 'ben' }, undefined, DEFAULT_SETTINGS, to('handoff'))).toBe('handoff');
    // Mine with assigned_message off: still a new thread for the team.
    expect(reasonFor('handover', 'me', ours, undefined, { ...DEFAULT_SETTINGS, assigned_message: false }, to('handoff'))).toBe('handoff');
    expect(reasonFor('handover', 'me', ours, undefined, { ...DEFAULT_SETTINGS, assigned_message: false, new_conversation: false }, to('handoff'))).toBeNull();
  });

  it('does not ring when an agent took the thread or replied in it, nor when it goes back to a flow', () => {
    expect(reasonFor('handover', 'me', ours, undefined, DEFAULT_SETTINGS, to('agent_took'))).toBeNull();
    expect(reasonFor('handover', 'me', ours, undefined, DEFAULT_SETTINGS, to('agent_replied'))).toBeNull();
    expect(reasonFor('handover', 'me', ours, undefined, DEFAULT_SETTINGS, to('resolved'))).toBeNull();
    expect(reasonFor('handover', 'me', bot, undefined, DEFAULT_SETTINGS, to('given_back', flow))).toBeNull();
    expect(reasonFor('handover', 'me', ours, undefined, DEFAULT_SETTINGS, undefined)).toBeNull();
  });
});

describe('notification texts', () => {
  const c = { id: 'c', contact: { id: 'k', name: 'Lena' }, last_message_preview: null } as unknown as Conversation;
  const m = { id: 'm', conversation_id: 'c', seq: 1, sender: { type: 'agent', name: 'Ben' }, text: 'Look at this', private: true, created_at: 0 } as unknown as Message;

  it('names who and why, and a handover brings its own sentence', () => {
    expect(notificationText('new_conversation', c, undefined)).toEqual({ title: 'New conversation: Lena', body: 'A visitor started a conversation.' });
    expect(notificationText('mention', c, m)).toEqual({ title: 'Ben mentioned you', body: 'Look at this' });
    expect(notificationText('assigned_message', c, { ...m, sender: { type: 'contact' } } as Message).title).toBe('New message from Lena');
    const h = { handover: { reason: 'handoff' as const }, text: 'Stylist handed this over to the team.' };
    expect(notificationText('handoff', c, undefined, h)).toEqual({ title: 'Handed over: Lena', body: 'Stylist handed this over to the team.' });
    expect(notificationText('assigned_message', c, undefined, h).title).toBe('Yours now: Lena');
  });
});
