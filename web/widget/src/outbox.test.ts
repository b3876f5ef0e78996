import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, type VisitorApi } from './api';
import type { Bridge } from './bridge';
import { Chat } from './chat';
import { DRAFT, type WireMessage } from './messages';
import { ACK_TIMEOUT_MS, RATE_LIMIT_WAIT_S, RETRY_FOR_MS } from './outbox';
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
 * the test sets: `rest` is what the next call answers ('down': no answer at all, or an HTTP status,
 * with `retryAfter` as the Retry-After header's seconds).
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
  const payloads: (string | undefined)[] = [];
  let rest: 'down' | 'up' | number = 'down';
  let retryAfter: number | undefined;
  const answer = <T>(value: () => T): Promise<T> =>
    rest == 'down'
      ? Promise.reject(new ApiError(0))
      : typeof rest == 'number'
        ? Promise.reject(new ApiError(rest, undefined, retryAfter))
        : Promise.resolve(value());
  let nextSeq = 5;
  const api = {
    token: 'vt_x',
    messages: async () => [],
    conversations: () => { calls.push('conversations'); return answer(() => [] as any[]); },
    start: (clientMsgId: string, text: string) => {
      calls.push('start ' + clientMsgId);
      return answer(() => ({ conversation: conversation('c2'), message: wire(1, clientMsgId, text, 'c2') }));
    },
    send: (_id: string, clientMsgId: string, text: string, payload?: string) => {
      calls.push('send ' + clientMsgId);
      payloads.push(payload);
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
  const setRest = (r: typeof rest, seconds?: number) => {
    rest = r;
    retryAfter = seconds;
  };
  return { chat, socket, frames, calls, payloads, state, reconnect, ack, frame: (f: any) => options.onFrame(f), setRest };
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

describe('a message held back by the rate limit (429)', () => {
  it('starting a conversation: stays pending, the notice says 25 s, and it goes by itself after Retry-After', async () => {
    const t = setup();
    t.chat.show(DRAFT);
    t.setRest(429, 25);
    t.chat.outbox.send('first words');
    await settle();
    const id = t.calls[0].slice('start '.length);
    expect(t.state('first words')).toBe('pending');
    expect(t.chat.state.rateLimit).toEqual({ clientMsgId: id, kind: 'start', seconds: 25 });

    // A message written meanwhile waits behind the first; a reconnect does not start it early either.
    t.chat.outbox.send('and more');
    t.setRest('up');
    t.reconnect();
    await vi.advanceTimersByTimeAsync(25_000 - 1);
    expect(t.calls).toEqual(['start ' + id]);

    await vi.advanceTimersByTimeAsync(1);
    expect(t.calls).toEqual(['start ' + id, 'conversations', 'start ' + id]);
    expect(t.chat.state.view).toBe('c2');
    expect(t.state('first words')).toBe('sent');
    expect(t.chat.state.rateLimit).toBeNull();
    expect(t.frames).toMatchObject([{ type: 'send', conversation_id: 'c2', text: 'and more' }]);
  });

  it('a socket refusal (error frame with retry_after): waits that long instead of sending again at once', async () => {
    const t = setup();
    t.chat.show(C);
    t.socket.online = true;
    t.chat.outbox.send('busy');
    const busy = t.frames[t.frames.length - 1];
    const sent = t.frames.length;
    t.frame({ type: 'error', code: 'rate_limited', status: 429, retry_after: 7, client_msg_id: busy.client_msg_id });
    expect(t.state('busy')).toBe('pending');
    expect(t.chat.state.rateLimit).toEqual({ clientMsgId: busy.client_msg_id, kind: 'send', seconds: 7 });
    await vi.advanceTimersByTimeAsync(7_000 - 1);
    expect(t.frames).toHaveLength(sent);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.frames).toHaveLength(sent + 1);
    expect(t.frames[sent]).toMatchObject({ type: 'send', client_msg_id: busy.client_msg_id, text: 'busy' });
  });

  it('without Retry-After: stays pending with the notice that gives no time, and goes after RATE_LIMIT_WAIT_S', async () => {
    const t = setup();
    t.chat.show(DRAFT);
    t.setRest(429);
    t.chat.outbox.send('hello');
    await settle();
    expect(t.state('hello')).toBe('pending');
    expect(t.chat.state.rateLimit).toMatchObject({ kind: 'start', seconds: undefined });

    await vi.advanceTimersByTimeAsync(RATE_LIMIT_WAIT_S * 1000 - 1);
    expect(t.calls).toHaveLength(1);
    t.setRest('up');
    await vi.advanceTimersByTimeAsync(1);
    expect(t.state('hello')).toBe('sent');
    expect(t.chat.state.rateLimit).toBeNull();
  });

  it('a REST send: a 429 again renews the wait, then it is sent with the same client_msg_id', async () => {
    const t = setup();
    t.chat.show(C);
    t.setRest(429, 10);
    t.chat.outbox.send('quick');
    await settle();
    expect(t.chat.state.rateLimit).toMatchObject({ kind: 'send', seconds: 10 });
    t.setRest(429, 40);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.chat.state.rateLimit).toMatchObject({ kind: 'send', seconds: 40 });
    expect(t.state('quick')).toBe('pending');

    t.setRest('up');
    await vi.advanceTimersByTimeAsync(40_000);
    expect(new Set(t.calls)).toEqual(new Set([t.calls[0]]));
    expect(t.calls).toHaveLength(3);
    expect(t.state('quick')).toBe('sent');
    expect(t.chat.state.rateLimit).toBeNull();
  });

  it('still gives up after the retry period, and the notice goes with "Not sent"', async () => {
    const t = setup();
    t.chat.show(C);
    t.setRest(429, RETRY_FOR_MS / 1000 + 60);
    t.chat.outbox.send('patience');
    await settle();
    await vi.advanceTimersByTimeAsync(RETRY_FOR_MS);
    expect(t.state('patience')).toBe('failed');
    expect(t.chat.state.rateLimit).toBeNull();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.calls).toHaveLength(1);
  });
});

describe('a tapped quick reply or button', () => {
  it('carries its payload over REST, on the socket after a reconnect, and on Retry, always with the same client_msg_id', async () => {
    const t = setup();
    t.chat.show(C);
    t.chat.outbox.send('Classic', 'classic');
    await settle();
    expect(t.payloads).toEqual(['classic']); // REST was tried: no answer
    const id = t.calls[0].slice('send '.length);

    t.reconnect();
    expect(t.frames[0]).toEqual({ type: 'send', conversation_id: C, client_msg_id: id, text: 'Classic', payload: 'classic' });
    t.frame({ type: 'error', client_msg_id: id, status: 409 });
    expect(t.state('Classic')).toBe('failed');

    t.chat.outbox.retry(id);
    expect(t.frames[1]).toEqual({ type: 'send', conversation_id: C, client_msg_id: id, text: 'Classic', payload: 'classic' });
    t.ack(t.frames[1], 9);
    expect(t.state('Classic')).toBe('sent');
  });

  it('a typed message has no payload on the wire', async () => {
    const t = setup();
    t.socket.online = true;
    t.chat.show(C);
    t.chat.outbox.send('hello');
    expect(JSON.parse(JSON.stringify(t.frames[0]))).toEqual({ type: 'send', conversation_id: C, client_msg_id: t.frames[0].client_msg_id, text: 'hello' });
  });
});
