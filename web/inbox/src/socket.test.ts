import { describe, expect, it } from 'vitest';
import { AgentSocket, backoffDelay, BACKOFF_MAX_MS, RESTART_JITTER_MS } from './socket';
import type { ServerFrame } from './types';

class FakeWs {
  static all: FakeWs[] = [];
  sent: any[] = [];
  onopen: any;
  onmessage: any;
  onclose: any;
  closed = false;
  constructor(readonly url: string) {
    FakeWs.all.push(this);
  }
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close() {
    this.closed = true;
  }
  frame(f: ServerFrame) {
    this.onmessage({ data: JSON.stringify(f) });
  }
}

function setup() {
  FakeWs.all = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const frames: ServerFrame[] = [];
  const readies: boolean[] = [];
  const statuses: string[] = [];
  let unauthorized = 0;
  const socket = new AgentSocket({
    url: 'ws://x/ws/agent',
    onFrame: (f) => frames.push(f),
    onStatus: (s) => statuses.push(s),
    onReady: (reload) => readies.push(reload),
    onUnauthorized: () => unauthorized++,
    WebSocket: FakeWs as any,
    random: () => 0.5,
    now: () => 0,
    timers: {
      setTimeout: (fn: () => void, ms: number) => timers.push({ fn, ms }),
      clearTimeout() {},
      setInterval: () => 0,
      clearInterval() {},
    },
  });
  socket.connect();
  return { socket, timers, frames, readies, statuses, ws: () => FakeWs.all[FakeWs.all.length - 1], unauthorized: () => unauthorized };
}

const ev = (cursor: number) => ({ type: 'event', event: 'message.created', conversation_id: 'c', cursor, data: {} });

describe('AgentSocket', () => {
  it('authenticates with the cookie, then resumes from the ready cursor the first time and asks for a REST load', () => {
    const t = setup();
    t.ws().onopen();
    expect(t.ws().sent).toEqual([{ type: 'auth' }]);
    t.ws().frame({ type: 'ready', agent_id: 'a', workspace_id: 'w', cursor: 41 });
    expect(t.ws().sent[1]).toEqual({ type: 'resume', cursor: 41 });
    expect(t.readies).toEqual([true]);
    expect(t.socket.cursor).toBe(41);
  });

  it('advances the cursor with events only, and drops events at or below it', () => {
    const t = setup();
    t.ws().frame({ type: 'ready', cursor: 10 });
    t.ws().frame(ev(11));
    t.ws().frame(ev(12));
    t.ws().frame(ev(12));
    t.ws().frame(ev(9));
    t.ws().frame({ type: 'ack', client_msg_id: 'x', message_id: 'm', seq: 99, conversation_id: 'c' });
    expect(t.socket.cursor).toBe(12);
    expect(t.frames.filter((f) => f.type == 'event').map((f) => f.cursor)).toEqual([11, 12]);
    expect(t.frames.some((f) => f.type == 'ack')).toBe(true);
  });

  it('reconnects with backoff and resumes from the last event cursor, without a REST reload', () => {
    const t = setup();
    t.ws().frame({ type: 'ready', cursor: 10 });
    t.ws().frame(ev(15));
    t.ws().onclose({ code: 1006 });
    expect(t.statuses.at(-1)).toBe('reconnecting');
    expect(t.timers).toHaveLength(1);
    t.timers[0].fn();
    t.ws().onopen();
    t.ws().frame({ type: 'ready', cursor: 30 });
    expect(t.ws().sent).toEqual([{ type: 'auth' }, { type: 'resume', cursor: 15 }]);
    expect(t.readies).toEqual([true, false]);
    // replayed events then move the cursor on
    t.ws().frame(ev(16));
    expect(t.socket.cursor).toBe(16);
  });

  it('on resync_required asks for a REST reload and continues from the new connection’s cursor', () => {
    const t = setup();
    t.ws().frame({ type: 'ready', cursor: 10 });
    t.ws().onclose({ code: 1006 });
    t.timers[0].fn();
    t.ws().frame({ type: 'ready', cursor: 5000 });
    t.ws().frame({ type: 'resync_required' });
    expect(t.readies).toEqual([true, false, true]);
    expect(t.socket.cursor).toBe(5000);
    t.ws().frame(ev(5001));
    expect(t.socket.cursor).toBe(5001);
  });

  it('grows the backoff and caps it', () => {
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(1, () => 1)).toBe(2000);
    expect(backoffDelay(30, () => 1)).toBe(BACKOFF_MAX_MS);
    const t = setup();
    t.ws().onclose({ code: 1006 });
    t.timers[0].fn();
    t.ws().onclose({ code: 1006 });
    expect(t.timers.map((x) => x.ms)).toEqual([750, 1500]);
  });

  it('resumes at once, with 0-2 s of jitter, when the server restarts (close 1012)', () => {
    const t = setup();
    t.ws().frame({ type: 'ready', cursor: 10 });
    t.ws().frame(ev(12));
    t.ws().onclose({ code: 1006 });
    t.timers[0].fn();
    t.ws().onclose({ code: 1006 }); // the backoff has grown: 750, then 1500 ms
    t.timers[1].fn();
    t.ws().onclose({ code: 1012 });
    expect(t.timers.map((x) => x.ms)).toEqual([750, 1500, 0.5 * RESTART_JITTER_MS]);
    expect(t.statuses.at(-1)).toBe('reconnecting');
    t.timers[2].fn();
    expect(t.statuses.at(-1)).toBe('reconnecting');
    t.ws().onclose({ code: 1006 }); // not back yet: the backoff starts over
    expect(t.timers[3].ms).toBe(750);
    t.timers[3].fn();
    t.ws().frame({ type: 'ready', cursor: 20 });
    expect(t.ws().sent).toEqual([{ type: 'resume', cursor: 12 }]);
    expect(t.readies).toEqual([true, false]);
  });

  it('stops and reports on 4401 (session ended)', () => {
    const t = setup();
    t.ws().frame({ type: 'ready', cursor: 1 });
    t.ws().onclose({ code: 4401 });
    expect(t.unauthorized()).toBe(1);
    expect(t.timers).toHaveLength(0);
  });

  it('refuses to send before ready', () => {
    const t = setup();
    expect(t.socket.send({ type: 'send' })).toBe(false);
    t.ws().frame({ type: 'ready', cursor: 1 });
    expect(t.socket.send({ type: 'send' })).toBe(true);
  });
});
