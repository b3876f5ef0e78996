import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type VisitorApi } from './api';
import type { Bridge } from './bridge';
import { Chat } from './chat';
import { DRAFT, type WireMessage } from './messages';
import { ACK_TIMEOUT_MS, RETRY_FOR_MS } from './outbox';
import type { SocketOptions, VisitorSocket } from './realtime';

const C = 'c1';
const contact = { type: 'contact', id: 'k1' };
const conversation = (id: string) => ({
  id, status: 'open', last_seq: 1, visitor_read_seq: 0, agent_read_seq: 0, created_at: 1, last_activity_at: 1,
}) as any;
const wire = (seq: number, clientMsgId: string, text: string, id = C): WireMessage =>
  ({ id: 'm' + seq, conversation_id: id, seq, sender: contact, text, client_msg_id: clientMsgId, created_at: seq }) as WireMessage;

/**
 * A Chat on a socket the test controls (`online`, the frames it was given) and a REST API whose answers
 * the test sets: `rest` is what the next call answers ('down': no answer at all, or an HTTP status).
 */
function setup() {
  let options!: SocketOptions;
  const frames: any[] = [];
  const socket = {
    online: false,
    connect() {},
    send(frame: any) {
      if (!this.online) return false;
      frames.push(frame);
      return true;
    },
  };
  const calls: string[] = [];
  let rest: 'down' | 'up' | number = 'down';
  const answer = <T>(value: () => T): Promise<T> =>
    rest == 'down' ? Promise.reject(new ApiError(0)) : typeof rest == 'number' ? Promise.reject(new ApiError(rest)) : Promise.resolve(value());
  let nextSeq = 5;
  const api = {
    token: 'vt_x',
    messages: async () => [],
    conversations: () => { calls.push('conversations'); return answer(() => [] as any[]); },
    start: (clientMsgId: string, text: string) => {
      calls.push('start ' + clientMsgId);
      return answer(() => ({ conversation: conversation('c2'), message: wire(1, clientMsgId, text, 'c2') }));
    },
    send: (_id: string, clientMsgId: string, text: string) => {
      calls.push('send ' + clientMsgId);
      return answer(() => { const seq = nextSeq++; return { message_id: 'm' + seq, seq, client_msg_id: clientMsgId, message: wire(seq, clientMsgId, text) }; });
    },
    read: async () => undefined,
  } as unknown as VisitorApi;
  const chat = new Chat({
    api, bridge: { post() {} } as unknown as Bridge, text: { team: 'Team', says: '{name}: {text}' } as any, wsUrl: 'ws://x',
    socket: (o) => { options = o; return socket as unknown as VisitorSocket; }, isHidden: () => false,
  });
  const state = (text: string) => Object.values(chat.state.threads).flat().find((m) => m.text == text)?.state;
  /** The socket comes back: the server says ready (the widget then resends what is pending). */
  const reconnect = () => { socket.online = true; options.onFrame({ type: 'ready', conversations: [] }); };
  const ack = (f: any, seq: number) => options.onFrame({ type: 'ack', client_msg_id: f.client_msg_id, conversation_id: f.conversation_id, message_id: 'm' + seq, seq });
  return { chat, socket, frames, calls, state, reconnect, ack, frame: (f: any) => options.onFrame(f), setRest: (r: typeof rest) => (rest = r) };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a message written while the connection is down', () => {
  it('waits as "Sending…" and goes by itself, with the same client_msg_id, when the socket comes back', async () => {
    const t = setup();
    t.chat.show(C);
    t.chat.outbox.send('typed during the restart');
    await settle();
    expect(t.calls).toHaveLength(1); // REST was tried: no answer
    expect(t.state('typed during the restart')).toBe('pending');

    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.state('typed during the restart')).toBe('pending');

    t.reconnect();
    expect(t.frames).toHaveLength(1);
    expect(t.frames[0]).toMatchObject({ type: 'send', conversation_id: C, text: 'typed during the restart' });
    expect(t.frames[0].client_msg_id).toBe(t.calls[0].slice('send '.length));
    t.ack(t.frames[0], 7);
    expect(t.state('typed during the restart')).toBe('sent');
    // Nothing left to fail later.
    await vi.advanceTimersByTimeAsync(RETRY_FOR_MS);
    expect(t.state('typed during the restart')).toBe('sent');
  });

  it('is retried on every reconnect, and shows "Not sent" only once the retry period is over', async () => {
    const t = setup();
    t.chat.show(C);
    t.chat.outbox.send('hello?');
    await settle();
    for (let i = 0; i < 3; i++) {
      t.reconnect(); // the socket comes back and drops again before the ack
      t.socket.online = false;
      await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
      expect(t.state('hello?')).toBe('pending');
    }
    expect(new Set(t.frames.map((f) => f.client_msg_id)).size).toBe(1);
    await vi.advanceTimersByTimeAsync(RETRY_FOR_MS - 3 * ACK_TIMEOUT_MS - 1);
    expect(t.state('hello?')).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state('hello?')).toBe('failed');

    // Retry: the same client_msg_id again, and a new period.
    const id = t.frames[0].client_msg_id;
    t.setRest('up');
    t.chat.outbox.retry(id);
    await settle();
    expect(t.calls[t.calls.length - 1]).toBe('send ' + id);
    expect(t.state('hello?')).toBe('sent');
  });

  it('without an ack on a live socket is sent again on it, never marked failed', async () => {
    const t = setup();
    t.socket.online = true;
    t.chat.show(C);
    t.chat.outbox.send('lost ack');
    await vi.advanceTimersByTimeAsync(ACK_TIMEOUT_MS);
    expect(t.frames.map((f) => f.client_msg_id)).toEqual([t.frames[0].client_msg_id, t.frames[0].client_msg_id]);
    expect(t.state('lost ack')).toBe('pending');
    t.ack(t.frames[1], 9);
    expect(t.state('lost ack')).toBe('sent');
  });

  it('a refusal by the server shows "Not sent" at once (retrying cannot help)', async () => {
    const t = setup();
    t.chat.show(C);
    t.setRest(400);
    t.chat.outbox.send('too long');
    await settle();
    expect(t.state('too long')).toBe('failed');

    t.socket.online = true;
    t.chat.outbox.send('conflict');
    const f = t.frames[t.frames.length - 1];
    t.frame({ type: 'error', code: 'conflict', status: 409, client_msg_id: f.client_msg_id });
    expect(t.state('conflict')).toBe('failed');
    t.chat.outbox.send('busy');
    const busy = t.frames[t.frames.length - 1];
    t.frame({ type: 'error', code: 'rate_limited', status: 429, client_msg_id: busy.client_msg_id });
    expect(t.state('busy')).toBe('pending');
  });

  it('the first message of a new conversation is started again after the reconnect, once', async () => {
    const t = setup();
    t.chat.show(DRAFT);
    t.chat.outbox.send('first words');
    await settle();
    expect(t.state('first words')).toBe('pending');
    t.setRest('up');
    t.reconnect();
    await settle();
    const id = t.calls[0].slice('start '.length);
    // It looks for a conversation that already holds the message before starting one.
    expect(t.calls).toEqual(['start ' + id, 'conversations', 'start ' + id]);
    expect(t.chat.state.view).toBe('c2');
    expect(t.state('first words')).toBe('sent');
  });
});
