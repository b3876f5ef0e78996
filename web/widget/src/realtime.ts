/**
 * The visitor's WebSocket (docs/realtime.md): authenticates, resumes with one cursor per
 * conversation so nothing is missed, pings every 25 s, and reconnects by itself with exponential
 * backoff and jitter. A socket that hears nothing for a minute is taken for dead and replaced. A server that
 * restarts closes with 1012: the socket then reconnects within 0-2 s.
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

export type Status = 'connecting' | 'online' | 'offline';
export type ServerFrame = { type: string; [field: string]: any };

export type SocketOptions = {
  url: string;
  token: () => string;
  /** The newest seq seen per conversation, read at every (re)connect. */
  cursors: () => Record<string, number>;
  onFrame: (frame: ServerFrame) => void;
  onStatus: (status: Status) => void;
  /** The server refused the token (close 4401): get a fresh session, then call connect(). */
  onUnauthorized: () => void;
  WebSocket?: { new (url: string): WebSocket };
  random?: () => number;
  now?: () => number;
  timers?: Timers;
};

export class VisitorSocket {
  private ws?: WebSocket;
  private attempt = 0;
  private retryTimer: any;
  private pingTimer: any;
  private lastHeard = 0;
  private ready = false;
  private stopped = false;
  /** Reconnecting after a server restart (1012): still offline for the visitor until ready. */
  private restarting = false;
  private readonly o: Required<SocketOptions>;

  constructor(options: SocketOptions) {
    this.o = {
      WebSocket: globalThis.WebSocket,
      random: Math.random,
      now: Date.now,
      timers: globalThis as unknown as Timers,
      ...options,
    };
  }

  get online(): boolean {
    return this.ready;
  }

  connect(): void {
    const { o } = this;
    this.stopped = false;
    this.drop();
    o.timers.clearTimeout(this.retryTimer);
    o.onStatus(this.attempt || this.restarting ? 'offline' : 'connecting');
    const ws = new o.WebSocket(o.url);
    this.ws = ws;
    this.lastHeard = o.now();
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: o.token() }));
    ws.onmessage = (e) => {
      this.lastHeard = o.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(e.data);
      } catch {
        return;
      }
      if (frame.type == 'ready') {
        this.ready = true;
        this.attempt = 0;
        this.restarting = false;
        ws.send(JSON.stringify({ type: 'resume', cursors: o.cursors() }));
        o.onStatus('online');
      }
      if (frame.type != 'pong') o.onFrame(frame);
    };
    ws.onclose = (e) => this.ws === ws && this.lost(e.code);
    o.timers.clearInterval(this.pingTimer);
    this.pingTimer = o.timers.setInterval(() => {
      // A dead network may never deliver a close event: give up on a silent socket ourselves.
      if (o.now() - this.lastHeard > SILENCE_MS) this.lost(4000);
      else this.send({ type: 'ping' });
    }, PING_MS);
  }

  private lost(code: number) {
    const { o } = this;
    this.drop();
    o.timers.clearInterval(this.pingTimer);
    if (this.stopped) return;
    o.onStatus('offline');
    if (code == 4401) return o.onUnauthorized();
    const next = nextReconnect(code, this.attempt, o.random);
    this.attempt = next.attempt;
    if (next.restart) this.restarting = true;
    this.retryTimer = o.timers.setTimeout(() => this.connect(), next.delay);
  }

  /** Sends a frame on an authenticated socket; false when there is none (the caller falls back). */
  send(frame: object): boolean {
    if (!this.ready || !this.ws) return false;
    this.ws.send(JSON.stringify(frame));
    return true;
  }

  /** Reconnects now (the browser came back online): the backoff starts over. */
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
      ws.close();
    }
  }
}
