import { describe, expect, it } from 'vitest';
import { DRAFT, lastSeq, messagesReducer, unreadCount, type Threads, type WireMessage } from './messages';

const C = 'c1';
const agent = { type: 'agent' as const, id: 'a1', name: 'Ana' };
const contact = { type: 'contact' as const, id: 'k1' };

function wire(seq: number, extra: Partial<WireMessage> = {}): WireMessage {
  return { id: 'm' + seq, conversation_id: C, seq, sender: agent, text: 'text ' + seq, created_at: 1000 + seq, ...extra };
}

const texts = (t: Threads, id = C) => t[id].map((m) => m.text);
const apply = (t: Threads, ...actions: Parameters<typeof messagesReducer>[1][]) => actions.reduce(messagesReducer, t);

describe('messages reducer', () => {
  it('orders by seq whatever the arrival order', () => {
    const t = apply({}, { type: 'received', messages: [wire(3), wire(1)] }, { type: 'received', messages: [wire(2)] });
    expect(t[C].map((m) => m.seq)).toEqual([1, 2, 3]);
  });

  it('de-duplicates by message id (replay after resume, REST reload, live event)', () => {
    const t = apply(
      {},
      { type: 'received', messages: [wire(1), wire(2)] },
      { type: 'received', messages: [wire(2), wire(3)] },
      { type: 'received', messages: [wire(1), wire(2), wire(3)] },
    );
    expect(t[C].map((m) => m.id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('shows a sent message at once as pending, then confirms it on the ack', () => {
    let t = apply({}, { type: 'received', messages: [wire(1)] }, { type: 'queued', conversationId: C, clientMsgId: 'x1', text: 'Hello', at: 5 });
    expect(t[C].map((m) => [m.text, m.state])).toEqual([['text 1', 'sent'], ['Hello', 'pending']]);
    t = messagesReducer(t, { type: 'acked', conversationId: C, clientMsgId: 'x1', messageId: 'm2', seq: 2 });
    expect(t[C].map((m) => [m.id, m.seq, m.state])).toEqual([['m1', 1, 'sent'], ['m2', 2, 'sent']]);
  });

  it('keeps one copy when the event arrives before the ack, or after it', () => {
    const own = wire(2, { sender: contact, client_msg_id: 'x1', text: 'Hello' });
    const queued = { type: 'queued' as const, conversationId: C, clientMsgId: 'x1', text: 'Hello', at: 5 };
    const acked = { type: 'acked' as const, conversationId: C, clientMsgId: 'x1', messageId: 'm2', seq: 2 };
    const eventFirst = apply({}, queued, { type: 'received', messages: [own] }, acked);
    const ackFirst = apply({}, queued, acked, { type: 'received', messages: [own] });
    for (const t of [eventFirst, ackFirst]) {
      expect(t[C]).toHaveLength(1);
      expect(t[C][0]).toMatchObject({ id: 'm2', seq: 2, clientMsgId: 'x1', state: 'sent' });
    }
  });

  it('does not merge an agent message that happens to carry the same client_msg_id', () => {
    const t = apply(
      {},
      { type: 'queued', conversationId: C, clientMsgId: 'x1', text: 'mine', at: 1 },
      { type: 'received', messages: [wire(1, { client_msg_id: 'x1' })] },
    );
    expect(t[C]).toHaveLength(2);
  });

  it('marks a failed send, and a retry keeps its client_msg_id', () => {
    let t = apply({}, { type: 'queued', conversationId: C, clientMsgId: 'x1', text: 'Hello', at: 1 }, { type: 'failed', clientMsgId: 'x1' });
    expect(t[C][0]).toMatchObject({ state: 'failed', clientMsgId: 'x1' });
    t = messagesReducer(t, { type: 'retrying', clientMsgId: 'x1' });
    expect(t[C][0]).toMatchObject({ state: 'pending', clientMsgId: 'x1' });
    t = messagesReducer(t, { type: 'acked', conversationId: C, clientMsgId: 'x1', messageId: 'm1', seq: 1 });
    expect(t[C]).toEqual([expect.objectContaining({ state: 'sent', clientMsgId: 'x1', id: 'm1' })]);
  });

  it('never marks an acknowledged message as failed (late timeout)', () => {
    const t = apply(
      {},
      { type: 'queued', conversationId: C, clientMsgId: 'x1', text: 'Hello', at: 1 },
      { type: 'acked', conversationId: C, clientMsgId: 'x1', messageId: 'm1', seq: 1 },
      { type: 'failed', clientMsgId: 'x1' },
    );
    expect(t[C][0].state).toBe('sent');
  });

  it('keeps unconfirmed messages after confirmed ones, in the order they were written', () => {
    const t = apply(
      {},
      { type: 'queued', conversationId: C, clientMsgId: 'x1', text: 'first', at: 1 },
      { type: 'queued', conversationId: C, clientMsgId: 'x2', text: 'second', at: 2 },
      { type: 'received', messages: [wire(7)] },
    );
    expect(texts(t)).toEqual(['text 7', 'first', 'second']);
  });

  it('moves the draft thread into the conversation it created, without duplicates', () => {
    const t = apply(
      {},
      { type: 'queued', conversationId: DRAFT, clientMsgId: 'x1', text: 'Hi', at: 1 },
      { type: 'received', messages: [wire(1, { sender: contact, client_msg_id: 'x1', text: 'Hi' })] },
      { type: 'moved', from: DRAFT, to: C },
    );
    expect(t[DRAFT]).toBeUndefined();
    expect(t[C]).toHaveLength(1);
    expect(t[C][0]).toMatchObject({ seq: 1, state: 'sent' });
  });

  it('computes the resume cursor and the unread count', () => {
    const t = apply(
      {},
      { type: 'received', messages: [wire(1), wire(2, { sender: contact }), wire(4)] },
      { type: 'queued', conversationId: C, clientMsgId: 'x', text: 'p', at: 9 },
    );
    expect(lastSeq(t[C])).toBe(4);
    expect(lastSeq(undefined)).toBeUndefined();
    expect(unreadCount(t[C], 0)).toBe(2);
    expect(unreadCount(t[C], 2)).toBe(1);
    expect(unreadCount(t[C], 4)).toBe(0);
  });

  it('keeps the payload of a tapped choice on the pending message, in the shape the server stores', () => {
    let t = apply({}, { type: 'queued', conversationId: C, clientMsgId: 'x1', text: 'Classic', payload: 'classic', at: 5 });
    expect(t[C][0]).toMatchObject({ text: 'Classic', content: { payload: 'classic' }, state: 'pending' });
    t = apply(t, { type: 'received', messages: [wire(3, { sender: contact, text: 'Classic', client_msg_id: 'x1', content: { payload: 'classic' } })] });
    expect(t[C]).toHaveLength(1);
    expect(t[C][0]).toMatchObject({ seq: 3, content: { payload: 'classic' }, state: 'sent' });
    // A typed message carries none.
    t = apply(t, { type: 'queued', conversationId: C, clientMsgId: 'x2', text: 'hi', at: 6 });
    expect(t[C][1].content).toBeUndefined();
  });
});
