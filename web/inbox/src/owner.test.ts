import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { appTag, botName, botTag, handoverText, ownText, Owners, viewIn } from './owner';
import * as S from './store';
import type { Conversation, Handover } from './types';

const flow = { type: 'flow' as const, id: 'f1', version: 2 };
const humans = { type: 'humans' as const };
const conv = (extra: Partial<Conversation> = {}): Conversation => ({
  id: 'c',
  status: 'open',
  visitor_id: 'v',
  last_seq: 3,
  agent_read_seq: 3,
  visitor_read_seq: 0,
  created_at: 1,
  last_activity_at: 100,
  ...extra,
});

describe('owner texts', () => {
  it('names the bot by its flow, or generically', () => {
    expect(botName('Stylist')).toBe('Stylist bot');
    expect(botName(undefined)).toBe('The bot');
    expect(botTag('Stylist')).toBe('Stylist (bot)');
    expect(botTag('')).toBe('Bot');
  });

  it('says why every handover happened', () => {
    const reasons = ['handoff', 'flow_ended', 'visitor_asked', 'agent_took', 'agent_replied', 'timeout', 'given_back'] as const;
    const texts = reasons.map((reason) => handoverText({ reason }, 'Stylist'));
    expect(new Set(texts).size).toBe(reasons.length);
    expect(texts.every((t) => t.includes('Stylist bot'))).toBe(true);
    expect(handoverText({ reason: 'visitor_asked' }, undefined)).toBe('The visitor asked for a person; the bot stopped.');
    expect(handoverText({ reason: 'handoff' }, undefined)).toBe('The bot handed this over to the team.');
    expect(handoverText({ reason: 'surprise' as any }, 'Stylist')).toBe('The team owns this now.');
    expect(ownText('typed', 'Stylist')).toContain('as you started a reply');
    expect(ownText('gave')).toBe('You gave this back to the bot: it asks its question again.');
  });

  it('finds the conversation view in an answer, bare or wrapped', () => {
    expect(viewIn(conv())?.id).toBe('c');
    expect(viewIn({ conversation: conv() })?.id).toBe('c');
    expect(viewIn({})).toBeNull();
    expect(viewIn(null)).toBeNull();
  });
});

type Api = { flows: any; apps: any; setOwner: any; take: any; passToApp: any };

function desk(api: Partial<Api>, state = S.setConversations(S.emptyState(), [conv({ owner: flow })])) {
  const host = { state, rang: [] as Handover[] };
  const owners = new Owners(
    {
      state: () => host.state,
      set: (s) => (host.state = s),
      emit: () => {},
      notify: (_c, h) => host.rang.push(h),
    },
    {
      flows: api.flows ?? (async () => ({ flows: [] })),
      apps: api.apps ?? (async () => ({ apps: [] })),
      setOwner: api.setOwner ?? (async () => ({})),
      take: api.take ?? (async () => ({})),
      passToApp: api.passToApp ?? (async () => ({})),
    },
  );
  return { owners, host };
}

describe('Owners', () => {
  it('loads flow names once and tolerates a server without flows', async () => {
    const { owners } = desk({ flows: async () => ({ flows: [{ id: 'f1', name: 'Stylist' }, { id: 7 }] }) });
    await owners.loadNames();
    expect(owners.names).toEqual({ f1: 'Stylist' });
    expect(owners.name('f1')).toBe('Stylist');
    expect(owners.name(null)).toBeUndefined();
    const old = desk({ flows: async () => Promise.reject(new ApiError(404)) }).owners;
    await old.loadNames();
    expect(old.names).toEqual({});
  });

  it('takes over: applies the answer and says so', async () => {
    const setOwner = vi.fn(async () => ({ conversation: conv({ owner: humans, last_activity_at: 110 }) }));
    const { owners, host } = desk({ setOwner });
    owners.names.f1 = 'Stylist';
    await owners.takeOver('c', true);
    expect(setOwner).toHaveBeenCalledWith('c', 'humans');
    expect(host.state.conversations.c.owner).toEqual(humans);
    expect(owners.notice.c).toEqual({ text: 'You took over from Stylist bot as you started a reply: it stopped asking.' });
    expect(S.flowOf(host.state, 'c')).toBe('f1');
  });

  it("keeps the agent's own sentence when the event of its change comes, and does not ring for it", async () => {
    const { owners, host } = desk({ setOwner: async () => conv({ owner: humans, last_activity_at: 110 }) });
    await owners.takeOver('c');
    const before = host.state;
    const h: Handover = { conversation: conv({ owner: humans, last_activity_at: 110 }), from: flow, to: humans, reason: 'agent_took' };
    host.state = S.applyEvent(host.state, { type: 'event', event: 'conversation.handed_over', data: h });
    owners.onHandover(before, h);
    expect(owners.notice.c.text).toBe('You took over from the bot: it stopped asking.');
    expect(host.rang).toEqual([]);
  });

  it("shows the server's reason when giving back is refused (409)", async () => {
    const { owners, host } = desk({ setOwner: async () => Promise.reject(new ApiError(409, 'conflict', 'No flow ran in this conversation.')) }, S.setConversations(S.emptyState(), [conv({ owner: humans })]));
    await owners.giveBack('c');
    expect(owners.notice.c).toEqual({ text: 'Could not give it back: No flow ran in this conversation.', error: true });
    expect(host.state.conversations.c.owner).toEqual(humans);
    expect(owners.busy.size).toBe(0);
  });

  it('says nothing when a take over on typing fails because the flow handed off meanwhile', async () => {
    const { owners, host } = desk({
      setOwner: async () => {
        host.state = S.upsertConversation(host.state, conv({ owner: humans, last_activity_at: 120 }));
        throw new ApiError(409, 'conflict', 'Already the humans’.');
      },
    });
    await owners.takeOver('c', true);
    expect(owners.notice.c).toBeUndefined();
    const other = desk({ setOwner: async () => Promise.reject(new ApiError(0)) });
    await other.owners.takeOver('c', true);
    expect(other.owners.notice.c.error).toBe(true);
    expect(other.owners.notice.c.text).toContain('Sending your reply takes over too.');
  });

  it('rings for a handover seen as an event, once: a replay finds the humans already there', () => {
    const { owners, host } = desk({});
    owners.names.f1 = 'Stylist';
    const h: Handover = { conversation: conv({ owner: humans, last_activity_at: 110 }), from: flow, to: humans, reason: 'visitor_asked' };
    let before = host.state;
    host.state = S.applyEvent(before, { type: 'event', event: 'conversation.handed_over', data: h });
    owners.onHandover(before, h);
    expect(owners.notice.c.text).toBe('The visitor asked for a person; Stylist bot stopped.');
    before = host.state;
    owners.onHandover(before, h);
    expect(host.rang).toHaveLength(1);
  });
});

const app = { type: 'app' as const, id: 'a1' };
const other = { type: 'app' as const, id: 'a2' };
const apps = { a1: 'Order bot', a2: 'Returns bot' };

describe('app owner texts', () => {
  it('names apps in handovers from and to them, or generically once deleted', () => {
    expect(handoverText({ reason: 'passed', from: app, to: humans }, null, apps)).toBe('Order bot handed this over to the team.');
    expect(handoverText({ reason: 'passed', from: app, to: other }, null, apps)).toBe('Order bot passed this to Returns bot.');
    expect(handoverText({ reason: 'agent_passed', from: humans, to: app }, null, apps)).toBe('A teammate gave this to Order bot.');
    expect(handoverText({ reason: 'agent_passed', from: humans, to: app }, null, {})).toBe('A teammate gave this to the app.');
    expect(handoverText({ reason: 'taken', from: humans, to: app }, null, apps)).toBe('Order bot took this conversation.');
    expect(handoverText({ reason: 'app_removed', from: app, to: humans }, null, apps)).toBe('Order bot was removed; the team owns this now.');
    expect(handoverText({ reason: 'app_removed', from: app, to: humans }, null, {})).toBe('The app handling this was removed; the team owns this now.');
    expect(handoverText({ reason: 'agent_took', from: app, to: humans }, 'Stylist', apps)).toBe('A teammate took over from Order bot.');
    expect(handoverText({ reason: 'agent_replied', from: app, to: humans }, null, {})).toBe("A teammate's reply took over from the app.");
    expect(ownText('took', null, 'Order bot')).toBe('You took over from Order bot.');
    expect(ownText('typed', null, 'Order bot')).toBe('You took over from Order bot as you started a reply.');
    expect(ownText('passed', null, undefined)).toBe('You gave this to the app.');
    expect(appTag('Order bot')).toBe('Order bot (app)');
    expect(appTag(undefined)).toBe('App');
  });
});

describe('Owners with apps', () => {
  const appState = () => S.setConversations(S.emptyState(), [conv({ owner: app })]);

  it('loads app names with the flows, and looks an unknown app up once', async () => {
    const list = vi.fn(async () => ({ apps: [{ id: 'a1', name: 'Order bot' }] }));
    const { owners } = desk({ apps: list });
    await owners.loadNames();
    expect(owners.apps).toEqual({ a1: 'Order bot' });
    expect(owners.tag(app)).toBe('Order bot (app)');
    expect(owners.ownerName(app)).toBe('Order bot');
    expect(owners.appName('new')).toBeUndefined();
    expect(owners.appName('new')).toBeUndefined();
    expect(list).toHaveBeenCalledTimes(2);
    expect(owners.appList()).toEqual([{ id: 'a1', name: 'Order bot' }]);
  });

  it("takes an app's thread with thread/take, not the flows' owner route", async () => {
    const take = vi.fn(async () => ({ conversation: conv({ owner: humans, last_activity_at: 110 }) }));
    const setOwner = vi.fn();
    const { owners, host } = desk({ take, setOwner }, appState());
    owners.apps = { ...apps };
    await owners.takeOver('c');
    expect(take).toHaveBeenCalledWith('c');
    expect(setOwner).not.toHaveBeenCalled();
    expect(host.state.conversations.c.owner).toEqual(humans);
    expect(owners.notice.c).toEqual({ text: 'You took over from Order bot.' });
  });

  it("shows an app's request until the thread changes owner, and gives the thread to it", async () => {
    const passToApp = vi.fn(async () => ({ conversation: conv({ owner: app, last_activity_at: 110 }) }));
    const { owners, host } = desk({ passToApp }, S.setConversations(S.emptyState(), [conv({ owner: humans })]));
    owners.apps = { ...apps };
    const before = host.state;
    expect(owners.onEvent(before, 'conversation.thread_requested', { conversation: conv({ owner: humans }), requested_by: app, owner: humans, metadata: 'order 42' })).toBe(true);
    expect(owners.request('c')?.metadata).toBe('order 42');
    expect(owners.onEvent(before, 'conversation.assigned', { conversation: conv() })).toBe(false);
    await owners.giveToApp('c', 'a1');
    expect(passToApp).toHaveBeenCalledWith('c', 'a1');
    expect(host.state.conversations.c.owner).toEqual(app);
    expect(owners.notice.c).toEqual({ text: 'You gave this to Order bot.' });
    expect(owners.request('c')).toBeUndefined();
  });

  it('says why giving to an app failed, and a handover clears a request', async () => {
    const { owners, host } = desk({ passToApp: async () => Promise.reject(new ApiError(400, 'bad_request', "Field 'target' names no app of this workspace")) }, S.setConversations(S.emptyState(), [conv({ owner: humans })]));
    owners.apps = { ...apps };
    await owners.giveToApp('c', 'a2');
    expect(owners.notice.c).toEqual({ text: "Could not give it to Returns bot: Field 'target' names no app of this workspace", error: true });
    owners.onRequest({ conversation: conv({ owner: humans }), requested_by: other, owner: humans });
    const h: Handover = { conversation: conv({ owner: app, last_activity_at: 120 }), from: humans, to: app, reason: 'taken' };
    const before = host.state;
    host.state = S.applyEvent(before, { type: 'event', event: 'conversation.handed_over', data: h });
    owners.onEvent(before, 'conversation.handed_over', h);
    expect(owners.request('c')).toBeUndefined();
    expect(owners.notice.c.text).toBe('Order bot took this conversation.');
    expect(host.rang).toEqual([h]);
  });
});
