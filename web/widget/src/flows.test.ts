import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { WidgetConfig } from '../../shared/protocol';
import type { Conversation, VisitorApi } from './api';
import type { Bridge } from './bridge';
import { Chat } from './chat';
import { Flows, ONLINE_WAIT_MS, TEASER_WAIT_MS } from './flows';
import type { WireMessage } from './messages';
import type { VisitorSocket } from './realtime';

const conv = (id: string, status = 'open'): Conversation =>
  ({ id, status, last_seq: 0, visitor_read_seq: 0, agent_read_seq: 0, created_at: 1, last_activity_at: 1, owner: { type: 'flow' } }) as Conversation;
const greeting = (id: string): WireMessage =>
  ({ id: 'g-' + id, conversation_id: id, seq: 1, sender: { type: 'bot', name: 'Stylist' }, text: "Hi! I'm the stylist assistant.", created_at: 2 }) as WireMessage;

/** A chat whose API answers from memory: `existing` conversations at session start; starts make new ones. */
function setup(flows: WidgetConfig['flows'], options: { existing?: Conversation[]; url?: string; greetLater?: boolean; offline?: boolean } = {}) {
  const posts: any[] = [];
  const calls: string[] = [];
  let n = 0;
  const made: string[] = [];
  const connect = vi.fn();
  const api = {
    token: 'vt_x',
    session: async () => { calls.push('session'); return { token: 'vt_x', visitor_id: 'v', contact_id: 'k', conversations: options.existing || [] }; },
    startEmpty: async () => { calls.push('start'); const id = 'new' + ++n; made.push(id); return { conversation: conv(id) }; },
    messages: async (id: string) => (made.includes(id) && !options.greetLater ? [greeting(id)] : []),
    read: async () => undefined,
  } as unknown as VisitorApi;
  const chat = new Chat({
    api, bridge: { post: (m: any) => posts.push(m) } as unknown as Bridge, text: { unread: '{count} unread', team: 'Team', says: '{name}: {text}' } as any,
    wsUrl: 'ws://x',
    // The socket comes online as it connects, unless the test keeps it offline.
    socket: (o: any) => ({ connect: () => { connect(); if (!options.offline) o.onStatus('online'); }, send: () => false }) as unknown as VisitorSocket,
    isHidden: () => false, now: () => 10,
  });
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as unknown as Storage;
  let starting: Promise<unknown> | undefined;
  const ensureStarted = () => (starting ||= chat.start(undefined, true));
  const f = new Flows({ chat, config: { workspace_name: 'Shop', flows }, key: 'wk', url: options.url ?? 'https://shop.example/scarves/silk?x=1', ensureStarted, storage: () => storage });
  const teasers = () => posts.filter((p) => p.teaser).map((p) => p.teaser);
  return { chat, flows: f, calls, teasers, store, connect, ensureStarted };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a page flow', () => {
  it('starts a conversation after the time on a matching page, and its first message becomes the bubble teaser', async () => {
    const t = setup({ on_open: false, pages: [{ url_pattern: '/pricing', seconds_on_page: 5 }, { url_pattern: '/scarves/*', seconds_on_page: 20 }] });
    t.flows.watchPage();
    await vi.advanceTimersByTimeAsync(19_999);
    expect(t.calls).toEqual([]); // no session either: a visitor without a token costs nothing until then
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(t.calls).toEqual(['session', 'start']);
    expect(t.chat.state.conversations.map((c) => c.id)).toEqual(['new1']);
    expect(t.teasers()).toEqual(["Hi! I'm the stylist assistant."]);
    expect(t.connect).toHaveBeenCalled();
  });

  it('teases with a greeting that arrives live after the start', async () => {
    const t = setup({ pages: [{ url_pattern: '*', seconds_on_page: 1 }] }, { greetLater: true });
    t.flows.watchPage();
    await vi.advanceTimersByTimeAsync(1000);
    expect(t.teasers()).toEqual([]);
    (t.chat as any).onFrame({ type: 'event', event: 'message.created', conversation_id: 'new1', data: greeting('new1') });
    expect(t.teasers()).toEqual(["Hi! I'm the stylist assistant."]);
  });

  it('matches the whole URL too, and does nothing on other pages', async () => {
    const full = setup({ pages: [{ url_pattern: 'https://shop.example/scarves/*', seconds_on_page: 0 }] });
    full.flows.watchPage();
    await vi.advanceTimersByTimeAsync(0);
    expect(full.calls).toEqual(['session', 'start']);
    const other = setup({ pages: [{ url_pattern: '/checkout*', seconds_on_page: 0 }] });
    other.flows.watchPage();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(other.calls).toEqual([]);
  });

  it('does not start beside an open conversation', async () => {
    const t = setup({ pages: [{ url_pattern: '*', seconds_on_page: 3 }] }, { existing: [conv('old')] });
    t.flows.watchPage();
    await vi.advanceTimersByTimeAsync(3000);
    expect(t.calls).toEqual(['session']);
    expect(t.teasers()).toEqual([]);
  });

  it('runs once per browser session, and not once the visitor opened the chat', async () => {
    const t = setup({ pages: [{ url_pattern: '*', seconds_on_page: 3 }] }, { existing: [conv('old', 'resolved')] });
    t.flows.watchPage();
    await vi.advanceTimersByTimeAsync(3000);
    expect(t.calls).toEqual(['session', 'start']);
    expect(t.store.get('parley:wk:page')).toBe('1');
    // The next page of the same session.
    const next = setup({ pages: [{ url_pattern: '*', seconds_on_page: 3 }] });
    t.store.forEach((v, k) => next.store.set(k, v));
    next.flows.watchPage();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(next.calls).toEqual([]);

    const opened = setup({ pages: [{ url_pattern: '*', seconds_on_page: 3 }] });
    opened.flows.watchPage();
    opened.chat.setPanelOpen(true);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(opened.calls).toEqual([]);
  });

  it('gives up on the teaser when no message comes', async () => {
    const t = setup({ pages: [{ url_pattern: '*', seconds_on_page: 0 }] }, { greetLater: true });
    t.flows.watchPage();
    await vi.advanceTimersByTimeAsync(TEASER_WAIT_MS);
    (t.chat as any).onFrame({ type: 'event', event: 'message.created', conversation_id: 'new1', data: greeting('new1') });
    expect(t.teasers()).toEqual([]);
  });

  it('is none on an older server (no flows in the config)', async () => {
    const t = setup(undefined);
    t.flows.watchPage();
    t.chat.setPanelOpen(true);
    await t.ensureStarted();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.calls).toEqual(['session']);
  });
});

describe('a flow on open', () => {
  it('starts a conversation as soon as the chat opens with none open, once per open, and shows it', async () => {
    const t = setup({ on_open: true, pages: [] }, { existing: [conv('old', 'resolved')] });
    t.chat.setPanelOpen(true);
    await t.ensureStarted();
    await settle();
    expect(t.calls).toEqual(['session', 'start']);
    expect(t.chat.state.view).toBe('new1');
    expect(t.chat.state.threads.new1.map((m) => m.text)).toEqual(["Hi! I'm the stylist assistant."]);
    // Reopening: the conversation it started is open, so no second one.
    t.chat.setPanelOpen(false);
    t.chat.setPanelOpen(true);
    await settle();
    expect(t.calls).toEqual(['session', 'start']);
  });

  it('starts only once the socket is online, so the flow\'s messages reach it live; offline, after a wait', async () => {
    const t = setup({ on_open: true, pages: [] }, { offline: true });
    t.chat.setPanelOpen(true);
    await t.ensureStarted();
    await settle();
    expect(t.calls).toEqual(['session']);
    await vi.advanceTimersByTimeAsync(ONLINE_WAIT_MS - 1);
    expect(t.calls).toEqual(['session']);
    await vi.advanceTimersByTimeAsync(1);
    await settle();
    expect(t.calls).toEqual(['session', 'start']);
  });

  it('does not start beside an open conversation', async () => {
    const t = setup({ on_open: true }, { existing: [{ ...conv('old'), owner: { type: 'humans' } } as Conversation] });
    t.chat.setPanelOpen(true);
    await t.ensureStarted();
    await settle();
    expect(t.calls).toEqual(['session']);
    expect(t.chat.state.view).toBeNull();
  });

  it('opens straight into a flow in progress (after a reload), on_open or not', async () => {
    for (const flows of [{ on_open: true }, { on_open: false, pages: [] }]) {
      const t = setup(flows, { existing: [conv('resolved-one', 'resolved'), conv('asking')] });
      t.chat.setPanelOpen(true);
      await t.ensureStarted();
      await settle();
      expect(t.calls).toEqual(['session']);
      expect(t.chat.state.view).toBe('asking');
    }
  });
});

describe('a quiet start (background frame)', () => {
  it('connects only when something is ongoing or the visitor needs the chat', async () => {
    const t = setup({ pages: [] }, { existing: [conv('old', 'resolved')] });
    await t.ensureStarted();
    expect(t.connect).not.toHaveBeenCalled();
    t.chat.setPanelOpen(true);
    expect(t.connect).toHaveBeenCalledTimes(1);
  });
});
