import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { botName, botTag, handoverText, ownText, Owners, viewIn } from './owner';
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

function desk(api: Partial<{ flows: any; setOwner: any }>, state = S.setConversations(S.emptyState(), [conv({ owner: flow })])) {
  const host = { state, rang: [] as Handover[] };
  const owners = new Owners(
    {
      state: () => host.state,
      set: (s) => (host.state = s),
      emit: () => {},
      notify: (_c, h) => host.rang.push(h),
    },
    { flows: api.flows ?? (async () => ({ flows: [] })), setOwner: api.setOwner ?? (async () => ({})) },
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
