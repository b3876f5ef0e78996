/**
 * The visitor token, kept in the host site's own localStorage (one key per workspace) so it
 * survives reloads and third-party storage partitioning. `a` marks a visitor with an ongoing
 * conversation: the frame then loads in the background so replies show up at once.
 */

let key: string;
let stored: { t?: string; a?: boolean } = {};
let waiting: ((token: string) => void)[] = [];

export function loadVisitor(workspaceKey: string) {
  key = 'parley:' + workspaceKey;
  try {
    stored = JSON.parse(localStorage[key]) || {};
  } catch {}
}

export const token = () => stored.t;
export const active = () => stored.a;

export function saveVisitor(t: string, a = stored.a) {
  stored = { t, a };
  try {
    localStorage[key] = JSON.stringify(stored);
  } catch {}
  waiting.splice(0).forEach((f) => f(t));
}

/** Runs `f` with the token now, or once one is saved; `create` may start a session for it. */
export function withToken(f: (token: string) => void, create: () => void) {
  const t = token();
  if (t) return f(t);
  waiting.push(f);
  create();
}
