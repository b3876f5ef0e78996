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

/**
 * Close code 1012 (Service Restart): the server is stopping gracefully (docs/operations.md). Not a failure: the
 * client reconnects at once, after a random 0-2 s so that a node's clients do not all come back in the same
 * instant, and the backoff starts over. If the server is not back yet, the usual backoff follows.
 */
export const CLOSE_SERVICE_RESTART = 1012;
export const RESTART_JITTER_MS = 2_000;

export function restartDelay(random: () => number = Math.random): number {
  return random() * RESTART_JITTER_MS;
}

/**
 * After a socket closed: how long to wait, and the backoff attempt that follows. A server restart (1012)
 * resumes at once, with jitter, and starts the backoff over; anything else backs off one step more.
 */
export function nextReconnect(code: number, attempt: number, random: () => number = Math.random) {
  return code == CLOSE_SERVICE_RESTART
    ? { delay: restartDelay(random), attempt: 0, restart: true }
    : { delay: backoffDelay(attempt, random), attempt: attempt + 1, restart: false };
}

/** "Equal jitter": half of the exponential step plus a random half, so never 0 and never above the cap. */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
  return step / 2 + random() * (step / 2);
}
