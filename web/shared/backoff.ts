/**
 * Reconnection timing shared by the widget's and the inbox's sockets (docs/realtime.md): a ping every
 * 25 s, a socket silent for a minute is taken for dead, and reconnects back off exponentially with jitter.
 */

export type Timers = {
  setTimeout(fn: () => void, ms: number): any;
  clearTimeout(id: any): void;
  setInterval(fn: () => void, ms: number): any;
  clearInterval(id: any): void;
};

export const PING_MS = 25_000;
export const SILENCE_MS = 60_000;
export const BACKOFF_BASE_MS = 1_000;
export const BACKOFF_MAX_MS = 30_000;

/** "Equal jitter": half of the exponential step plus a random half, so never 0 and never above the cap. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return step / 2 + random() * (step / 2);
}
