/**
 * widget.js, the loader: reads its own script tag, fetches the widget config, draws the bubble and
 * loads nothing else until the chat is opened (or a visitor with an ongoing conversation comes
 * back: then the frame loads in the background so replies and the unread badge show at once).
 * Protocol with the frame and budgets: docs/widget.md.
 */

import type { FromFrame, ToFrame, WidgetConfig } from '../../shared/protocol';
import { clearActivity, cut, pageView, sendActivity, startActivity, track } from './activity';
import { takeQueue } from './commands';
import { bubble, drawLauncher, host, panel, renderLauncher } from './launcher';
import { live } from './live';
import { flashTitle } from './title';
import { allowed, anon, load, loadVisitor, put, saveVisitor, token, waiting, withToken } from './visitor';

const script = (document.currentScript || document.querySelector('script[data-workspace]')) as HTMLScriptElement;
const data = script.dataset;
const key = data.workspace!;
const queue = takeQueue(window as any);
const base = script.src.replace(/widget\.js([?#].*)?$/, '');
const api = base + 'api/v1/';
const origin = new URL(base).origin;
const listeners: Record<string, Function[]> = {};
let config: WidgetConfig;
let open = false;
let unread = 0;
let unreadText = '';
let started = false;
let creating = false;
let frame: HTMLIFrameElement | undefined;
let ref: string | undefined;
let greeting = '';

const fail = (why: unknown) => {
  queue.stop();
  console.error('Parley: ' + why);
};

// The server picks the business's texts for the page's data-locale, else the browser's Accept-Language.
// A refused origin gets its 403 without CORS headers (echoing any Origin would help attackers), so a
// host page sees only a failed fetch, explained below (worded short: the 3 KB budget). Only requests
// that reach the API same-origin (a dev proxy) can read the 403, origin_not_allowed being this
// route's only 403: the status is checked rather than the code, which costs bytes. Both say the same.
const refused = location.origin + ' is not an allowed origin?';
fetch(api + 'widget/config?' + new URLSearchParams({ key, locale: data.locale || '' }))
  .then(
    (r) =>
      r.json().then((body) =>
        r.ok ? start(body) : fail(r.status == 403 ? refused : 'config ' + r.status),
      ),
    () => fail(refused),
  )
  .catch(fail);

/**
 * Before the frame's document is there, its window is about:blank on the host's origin and the browser
 * drops the message (target origin mismatch); one posted before `ready` is not needed either: `init`
 * carries the current state.
 */
const post = (message: ToFrame) => frame!.contentWindow!.postMessage(message, origin);

/** Handlers run on their own tick: one that throws cannot break the widget. */
const emit = (name: string, value?: unknown) => (listeners[name] || []).forEach((fn) => setTimeout(fn, 0, value));

function render() {
  const label = greeting || config.launcher_label || '';
  // The label or the workspace's name; the frame sends the localised unread text.
  renderLauncher(open, label, unread, (label || config.workspace_name) + (unread ? ', ' + unreadText : ''));
}

/**
 * Starts a session for identify (which waits for a token), unless consent is missing or the frame (which
 * does it) is there. The analytics id makes the browser's earlier activity the new visitor's.
 */
function createToken() {
  if (!allowed() || frame || creating || !waiting[0]) return;
  creating = true;
  fetch(api + 'visitor/session', { method: 'POST', body: JSON.stringify({ workspace_key: key, anon: anon() }) })
    .then((r) => r.json())
    .then(
      (b) => b.token && saveVisitor(b.token),
      () => 0,
    )
    .then(() => (creating = false));
}

/** Who sends activity: the workspace, the browser's analytics id (none without consent) and its token, if any. */
const who = () => ({ key, anon: anon(), token: token() });

/** Sends the queued activity (no session is made for it). */
function flush() {
  const fields = who();
  if (fields.anon) sendActivity(api + 'widget/activity', fields);
}

function loadFrame() {
  if (frame) return;
  frame = document.createElement('iframe');
  frame.title = config.workspace_name;
  frame.src = base + 'widget/frame.html?' + new URLSearchParams({ key, origin: location.origin, locale: data.locale || '' });
  panel.append(frame);
}

function setOpen(value: boolean) {
  if (value == open) return;
  open = value;
  render();
  if (open) {
    loadFrame();
    greeting = '';
    frame!.focus();
  } else bubble.focus();
  post({ type: open ? 'open' : 'close' });
  emit(open ? 'open' : 'close');
}

addEventListener('message', (e) => {
  if (e.origin != origin || e.source !== frame?.contentWindow) return;
  const m = e.data as FromFrame & Record<string, any>;
  // One handler per message type (a table: fewer bytes than a chain of ifs).
  const on: Record<string, () => void> = {
    // The page's address is for the frame's page flows (docs/bots.md); it times the visit itself.
    ready: () => post({ type: 'init', ...who(), config, open, url: cut(location, 2000) }),
    session: () => saveVisitor(m.token),
    state: () => {
      unreadText = m.unreadText;
      // A page flow's first message, shown like the delayed greeting until the chat is opened.
      greeting = m.teaser || greeting;
      // Origin and window checked above: the frame's own values (a number, a boolean), used as they are.
      if (unread != m.unread) emit('unread', (unread = m.unread));
      if (token()) put({ a: m.active });
      render();
    },
    notify: () => flashTitle(m.title),
    message: () => emit('message', m.message),
    close: () => setOpen(false),
  };
  on[m.type]?.();
});

function start(widget: WidgetConfig) {
  config = widget;
  loadVisitor(key, data.consent == 'required');
  drawLauncher(config.color!, config.text_color!, config.position == 'left');
  bubble.onclick = () => setOpen(!open);
  // A block body: returning false from an on-handler would cancel Enter, Space and Tab on the bubble.
  host.onkeydown = (e) => {
    if (e.key == 'Escape') setOpen(false);
  };
  render();
  startActivity(flush);
  live(api + 'widget/ping', () => allowed() && JSON.stringify(who()), (t) => {
    // A proactive message: its conversation is ongoing; a frame loaded without it (or the token) starts again.
    put({ a: true, t: token() || t });
    frame?.remove();
    frame = undefined;
    loadFrame();
  });

  // The delayed greeting becomes the bubble's label until the chat is opened.
  const delay = +config.greeting_delay_seconds! * 1000;
  if (config.greeting && delay > 0)
    setTimeout(() => {
      greeting = open ? '' : config.greeting!;
      render();
    }, delay);

  // Page flows need the frame to time the visit; it starts nothing until one is due (no consent, no flow).
  const { t, a } = load();
  if ((t && a) || (allowed() && config.flows?.pages?.length)) loadFrame();

  queue.start({
    open: () => setOpen(true),
    close: () => setOpen(false),
    hide: () => (host.style.display = 'none'),
    show: () => (host.style.display = ''),
    identify: (person: Record<string, unknown>) => {
      const { name, email, ...attributes } = person || {};
      withToken(
        (t) =>
          // The key in the URL: the server checks this route's CORS preflight (which carries no
          // Authorization header) against the workspace's allowed origins.
          fetch(api + 'visitor/contact?' + new URLSearchParams({ key }), {
            method: 'PATCH',
            headers: { Authorization: 'Bearer ' + t },
            body: JSON.stringify({ name, email, attributes }),
          }),
        createToken,
      );
    },
    update: (values: { ref?: unknown }) => {
      if (values && 'ref' in values) ref = values.ref as string;
      if (started) pageView(ref);
    },
    track,
    on: (name: string, fn: Function) => (listeners[name] ||= []).push(fn),
    // Remembered on this site until withdrawn; withdrawing drops what waits, and the analytics id after
    // asking the server, with forget, to delete what was captured from this browser.
    consent: (given: unknown, options?: { forget?: unknown }) => {
      if (!given) {
        const fields = who();
        clearActivity();
        // A beacon (text/plain, no preflight) like the activity's, sent before the analytics id goes.
        if (options?.forget && fields.anon) navigator.sendBeacon(api + 'widget/activity/forget', JSON.stringify(fields));
      }
      put(given ? { c: true } : { c: false, n: undefined, q: undefined });
      flush();
      createToken();
    },
  });
  started = true;
  pageView(ref);
}
