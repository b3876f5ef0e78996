/**
 * The agent's WebSocket (/ws/agent, docs/realtime.md): authenticates with the session cookie,
 * resumes from the last workspace event cursor seen, pings, and reconnects by itself with
 * exponential backoff and jitter. The cursor only ever comes from the server's `ready` and `event`
 * frames, never from our own acks or REST answers. A server that restarts closes with 1012: the socket
 * then reconnects within 0-2 s.
 */

import {
  BACKOFF_BASE_MS,
  BACKOFF_MAX_MS,
  CLOSE_SERVICE_RESTART,
  PING_MS,
  RESTART_JITTER_MS,
  SILENCE_MS,
  backoffDelay,
  nextReconnect,
  restartDelay,
  type Timers,
} from '../../shared/backoff';
export { BACKOFF_BASE_MS, BACKOFF_MAX_MS, CLOSE_SERVICE_RESTART, PING_MS, RESTART_JITTER_MS, SILENCE_MS, backoffDelay, restartDelay };

import type { ServerFrame } from './types';

export type SocketStatus = 'connecting' | 'online' | 'reconnecting';

export type AgentSocketOptions = {
  url: string;
  /** Every frame after the handshake (events, acks, typing, presence, errors...). */
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: SocketStatus) => void;
  /**
   * The socket is ready and has sent its resume. `reload` is true when the caller must (re)load
   * its state over REST: the first connection ever, or after `resync_required`.
   */
  onReady: (reload: boolean) => void;
  /** The session ended (close 4401): sign in again. */
  onUnauthorized: () => void;
  WebSocket?: { new (url: string): WebSocket };
  random?: () => number;
  now?: () => number;
  timers?: Timers;
};

export class AgentSocket {
  /** The newest workspace event cursor applied; null until the first `ready`. */
  cursor: number | null = null;
  private ws?: WebSocket;
  private attempt = 0;
  private retryTimer: any;
  private pingTimer: any;
  private lastHeard = 0;
  private ready = false;
  private stopped = false;
  /** Reconnecting after a server restart (1012): shown as reconnecting until ready. */
  private restarting = false;
  private readyCursor = 0;
  private readonly o: Required<AgentSocketOptions>;

  constructor(options: AgentSocketOptions) {
    this.o = { WebSocket: globalThis.WebSocket, random: Math.random, now: Date.now, timers: globalThis as unknown as Timers, ...options };
  }

  get online(): boolean {
    return this.ready;
  }

  connect(): void {
    const { o } = this;
    this.stopped = false;
    this.drop();
    o.timers.clearTimeout(this.retryTimer);
    o.onStatus(this.attempt || this.restarting ? 'reconnecting' : 'connecting');
    let ws: WebSocket;
    try {
      ws = new o.WebSocket(o.url);
    } catch {
      return this.lost(1006);
    }
    this.ws = ws;
    this.lastHeard = o.now();
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth' }));
    ws.onmessage = (e) => {
      this.lastHeard = o.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(e.data);
      } catch {
        return;
      }
      this.handle(frame);
    };
    ws.onclose = (e) => this.ws === ws && this.lost(e.code);
    o.timers.clearInterval(this.pingTimer);
    this.pingTimer = o.timers.setInterval(() => {
      if (o.now() - this.lastHeard > SILENCE_MS) this.lost(4000);
      else this.send({ type: 'ping' });
    }, PING_MS);
  }

  /** Frame handling, public for tests. */
  handle(frame: ServerFrame): void {
    const { o } = this;
    switch (frame.type) {
      case 'pong':
        return;
      case 'ready': {
        this.ready = true;
        this.attempt = 0;
        this.restarting = false;
        this.readyCursor = typeof frame.cursor == 'number' ? frame.cursor : 0;
        const first = this.cursor == null;
        if (first) this.cursor = this.readyCursor;
        this.ws?.send(JSON.stringify({ type: 'resume', cursor: this.cursor }));
        o.onStatus('online');
        o.onReady(first);
        return;
      }
      case 'resync_required':
        // Our cursor is unknown or too old: live events from this connection's start follow.
        this.cursor = this.readyCursor;
        o.onReady(true);
        return;
      case 'event':
        if (typeof frame.cursor == 'number') {
          if (this.cursor != null && frame.cursor <= this.cursor) return; // already applied
          this.cursor = frame.cursor;
        }
        o.onFrame(frame);
        return;
      case 'error':
        if (frame.code == 'unauthorized' && !this.ready) return; // the 4401 close follows
        o.onFrame(frame);
        return;
      default:
        o.onFrame(frame);
    }
  }

  private lost(code: number) {
    const { o } = this;
    this.drop();
    o.timers.clearInterval(this.pingTimer);
    if (this.stopped) return;
    o.onStatus('reconnecting');
    if (code == 4401) {
      this.stopped = true;
      return o.onUnauthorized();
    }
    const next = nextReconnect(code, this.attempt, o.random);
    this.attempt = next.attempt;
    if (next.restart) this.restarting = true;
    this.retryTimer = o.timers.setTimeout(() => this.connect(), next.delay);
  }

  /** Sends a frame on a ready socket; false when there is none (the caller falls back to REST). */
  send(frame: object): boolean {
    if (!this.ready || !this.ws) return false;
    try {
      this.ws.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  retryNow(): void {
    if (this.ready || this.stopped) return;
    this.attempt = 0;
    this.connect();
  }

  close(): void {
    this.stopped = true;
    this.o.timers.clearTimeout(this.retryTimer);
    this.o.timers.clearInterval(this.pingTimer);
    this.drop();
  }

  private drop() {
    const ws = this.ws;
    this.ws = undefined;
    this.ready = false;
    if (ws) {
      ws.onclose = ws.onmessage = ws.onopen = null;
      try {
        ws.close();
      } catch {}
    }
  }
}
