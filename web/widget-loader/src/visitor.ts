/**
 * What the loader keeps in the host site's own localStorage, one key per workspace (`parley:KEY`), so it
 * survives reloads and third-party storage partitioning: the visitor token (`t`); `a`, a visitor with an
 * ongoing conversation (the frame then loads in the background so replies show up at once); the
 * browser's analytics id (`n`); consent (`c`, given or withdrawn on this site); page activity not sent
 * yet (`q`). Every read goes to storage, which another tab may have changed; when storage is blocked,
 * the record lives in memory for the page.
 */

export type Stored = { t?: string; a?: boolean; n?: string; c?: boolean; q?: Record<string, unknown>[] };

let key: string;
let required: boolean;
let stored: Stored = {};
export const waiting: ((token: string) => void)[] = [];

export function loadVisitor(workspaceKey: string, consentRequired: boolean) {
  key = 'parley:' + workspaceKey;
  required = consentRequired;
}

export function load() {
  try {
    stored = JSON.parse(localStorage[key]) || {};
  } catch {}
  return stored;
}

/** Sets some fields (undefined removes one) and writes the record back. */
export function put(fields: Stored) {
  Object.assign(load(), fields);
  try {
    localStorage[key] = JSON.stringify(stored);
  } catch {}
}

export const token = () => load().t;

/** Page activity may be kept and sent: consent given, or not required (and not withdrawn). */
export const allowed = () => load().c ?? !required;

/** The browser's analytics id (128 random bits: four 32-bit numbers joined by `_`), made once; none while capture is not allowed. */
export function anon() {
  if (allowed())
    return (
      stored.n ||
      (put({ n: crypto.getRandomValues(new Uint32Array(4)).join('_') }),
      stored.n)
    );
}

export function saveVisitor(t: string) {
  put({ t });
  waiting.splice(0).forEach((f) => f(t));
}

/** Runs `f` with the token now, or once one is saved; `create` may start a session for it. */
export function withToken(f: (token: string) => void, create: () => void) {
  const t = token();
  if (t) return f(t);
  waiting.push(f);
  create();
}
