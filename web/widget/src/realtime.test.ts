import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BACKOFF_MAX_MS,
  backoffDelay,
  PING_MS,
  RESTART_JITTER_MS,
  restartDelay,
  VisitorSocket,
  type SocketOptions,
  type Status,
} from './realtime';

/** A WebSocket double: records what the client sends and lets the test play the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  sent: any[] = [];
  closed = false;
  onopen: (() => void) | null = null;
  onmessage: ((e: { data: string }) => void) | null = null;
  onclose: ((e: { code: number }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data));
  }
  close() {
    this.closed = true;
  }
  // server side
  open() {
    this.onopen?.();
  }
  frame(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006) {
    this.onclose?.({ code });
  }
}

const latest = () => FakeSocket.all[FakeSocket.all.length - 1];

function socket(extra: Partial<SocketOptions> = {}) {
  const frames: any[] = [];
  const statuses: Status[] = [];
  let cursors: Record<string, number> = {};
  const s = new VisitorSocket({
    url: 'ws://parley.test/ws/visitor',
    token: () => 'vt_1',
    cursors: () => cursors,
    onFrame: (f) => frames.push(f),
    onStatus: (st) => statuses.push(st),
    onUnauthorized: vi.fn(),
    WebSocket: FakeSocket as any,
    random: () => 0.5,
    ...extra,
  });
  return { s, frames, statuses, setCursors: (c: Record<string, number>) => (cursors = c) };
}

beforeEach(() => {
  FakeSocket.all = [];
  vi.useFakeTimers();
});
afterEach(() => vi.useRealTimers());

describe('backoff', () => {
  it('grows exponentially, stays within [step/2, step] and never passes the cap', () => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const step = Math.min(BACKOFF_MAX_MS, 1000 * 2 ** attempt);
      expect(backoffDelay(attempt, () => 0)).toBe(step / 2);
      expect(backoffDelay(attempt, () => 0.999999)).toBeLessThanOrEqual(step);
      expect(backoffDelay(attempt, () => 0.999999)).toBeGreaterThan(step * 0.99);
    }
    expect(backoffDelay(0, () => 0)).toBe(500);
    expect(backoffDelay(3, () => 0.5)).toBe(6000);
    expect(backoffDelay(100, Math.random)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
  });

  it('spreads reconnects of many clients (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => Math.round(backoffDelay(4))));
    expect(delays.size).toBeGreaterThan(40);
  });
});

describe('VisitorSocket', () => {
  it('authenticates, then resumes with one cursor per conversation', () => {
    const { s, statuses, setCursors } = socket();
    setCursors({ c1: 4, c2: 9 });
    s.connect();
    const ws = latest();
    ws.open();
    expect(ws.sent).toEqual([{ type: 'auth', token: 'vt_1' }]);
    expect(s.online).toBe(false);
    ws.frame({ type: 'ready', visitor_id: 'v', conversations: [] });
    expect(ws.sent[1]).toEqual({ type: 'resume', cursors: { c1: 4, c2: 9 } });
    expect(s.online).toBe(true);
    expect(statuses).toEqual(['connecting', 'online']);
  });

  it('reconnects with growing delays and resumes from the cursors of that moment', () => {
    const { s, statuses, setCursors, frames } = socket();
    s.connect();
    latest().open();
    latest().frame({ type: 'ready', conversations: [] });
    setCursors({ c1: 7 });
    latest().drop();
    expect(statuses.at(-1)).toBe('offline');
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(749); // attempt 0: 500..1000 ms, 750 with random 0.5
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    latest().drop(); // fails again before ready: attempt 1 waits 1500 ms
    vi.advanceTimersByTime(1499);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    const ws = latest();
    ws.open();
    ws.frame({ type: 'ready', conversations: [] });
    expect(ws.sent).toEqual([{ type: 'auth', token: 'vt_1' }, { type: 'resume', cursors: { c1: 7 } }]);
    ws.frame({ type: 'event', event: 'message.created', conversation_id: 'c1', data: { seq: 8 } });
    ws.frame({ type: 'resumed' });
    expect(frames.map((f) => f.type)).toEqual(['ready', 'ready', 'event', 'resumed']);
    // online again: the next loss starts the backoff over
    ws.drop();
    vi.advanceTimersByTime(750);
    expect(FakeSocket.all).toHaveLength(4);
  });

  it('resumes at once, with 0-2 s of jitter, when the server restarts (close 1012)', () => {
    expect(restartDelay(() => 0)).toBe(0);
    expect(restartDelay(() => 0.999999)).toBeLessThan(RESTART_JITTER_MS);
    const { s, setCursors, statuses } = socket({ random: () => 0.25 });
    s.connect();
    latest().open();
    latest().frame({ type: 'ready', conversations: [] });
    // a flaky network first: the backoff has grown...
    latest().drop();
    vi.advanceTimersByTime(1000);
    latest().drop();
    vi.advanceTimersByTime(2000);
    latest().open();
    latest().frame({ type: 'ready', conversations: [] });
    setCursors({ c1: 3 });
    // ...but a restart is no failure: 0.25 of 2 s, whatever came before
    latest().drop(1012);
    expect(FakeSocket.all).toHaveLength(3);
    vi.advanceTimersByTime(499);
    expect(FakeSocket.all).toHaveLength(3);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(4);
    expect(statuses.at(-1)).toBe('offline'); // the banner stays until the socket is ready again
    // the node is not back yet: the usual backoff from its start (attempt 0: 500..1000 ms)
    latest().drop(1006);
    vi.advanceTimersByTime(624);
    expect(FakeSocket.all).toHaveLength(4);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(5);
    const ws = latest();
    ws.open();
    ws.frame({ type: 'ready', conversations: [] });
    expect(ws.sent).toEqual([{ type: 'auth', token: 'vt_1' }, { type: 'resume', cursors: { c1: 3 } }]);
    expect(statuses.at(-1)).toBe('online');
  });

  it('spreads the reconnects of a restarted node over 0-2 s', () => {
    const { s } = socket({ random: () => 0.999 });
    s.connect();
    latest().drop(1012);
    vi.advanceTimersByTime(2000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('passes resync_required on to the owner (who reloads that conversation over REST)', () => {
    const { s, frames } = socket();
    s.connect();
    latest().open();
    latest().frame({ type: 'ready', conversations: [] });
    latest().frame({ type: 'resync_required', conversation_id: 'c1' });
    expect(frames.at(-1)).toEqual({ type: 'resync_required', conversation_id: 'c1' });
  });

  it('pings every 25 s and replaces a socket that stays silent', () => {
    const { s } = socket();
    s.connect();
    const ws = latest();
    ws.open();
    ws.frame({ type: 'ready', conversations: [] });
    vi.advanceTimersByTime(PING_MS);
    expect(ws.sent.at(-1)).toEqual({ type: 'ping' });
    ws.frame({ type: 'pong' });
    vi.advanceTimersByTime(PING_MS * 3); // nothing heard for 75 s
    expect(ws.closed).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(FakeSocket.all).toHaveLength(2);
  });

  it('send() refuses while not authenticated so the caller can fall back to REST', () => {
    const { s } = socket();
    s.connect();
    expect(s.send({ type: 'send' })).toBe(false);
    latest().open();
    latest().frame({ type: 'ready', conversations: [] });
    expect(s.send({ type: 'typing', conversation_id: 'c1', typing: true })).toBe(true);
  });

  it('asks for a new session when the token is refused, without retrying by itself', () => {
    const onUnauthorized = vi.fn();
    const { s } = socket({ onUnauthorized });
    s.connect();
    latest().open();
    latest().drop(4401);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('retryNow skips the wait; close stops for good', () => {
    const { s } = socket();
    s.connect();
    latest().drop();
    s.retryNow();
    expect(FakeSocket.all).toHaveLength(2);
    s.close();
    latest().drop();
    vi.advanceTimersByTime(120_000);
    expect(FakeSocket.all).toHaveLength(2);
  });
});
