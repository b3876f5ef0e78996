/**
 * Page activity: page views and `track` events. While capture is allowed (visitor.ts) each event goes
 * at once into the stored queue (at most 100 events and 16 KB: the oldest go), so a page left before
 * it could send hands its events to the next page; before consent they wait in this page's memory. The
 * queue is sent with navigator.sendBeacon as text/plain (a CORS "simple" request: no preflight), at
 * most 20 events and 16 KB per beacon, two seconds after an event and whenever the page is hidden or
 * left; events leave the queue only once the browser has accepted their beacon.
 */

import { allowed, load, put } from './visitor';

type Event = Record<string, unknown>;

let page: Event[] = [];
let timer: any;
let send: () => void;

export const cut = (value: unknown, max: number) => ('' + value).slice(0, max);

/** `flush` sends what is queued; it runs on the timer and when the page is hidden or left. */
export function startActivity(flush: () => void) {
  send = flush;
  addEventListener('pagehide', flush);
  addEventListener('visibilitychange', () => document.hidden && flush());
}

/** Moves this page's events into the stored queue, when capture is allowed. */
function keep() {
  if (allowed()) {
    const q = [...(load().q || []), ...page.splice(0)];
    while (q.length > 100 || JSON.stringify(q).length > 16e3) q.shift();
    put({ q });
  }
}

function add(event: Event) {
  event.at = Date.now();
  page.push(event);
  page.length > 100 && page.shift();
  keep();
  timer ||= setTimeout(send, 2000);
}

/** The server reads `utm` from the URL's utm_* parameters (fewer bytes here). */
export function pageView(ref?: string) {
  add({ type: 'page_view', url: cut(location, 2000), title: cut(document.title, 300), referrer: cut(document.referrer, 2000), ref: ref && cut(ref, 200) });
}

export function track(name: unknown, props?: unknown) {
  add({ type: 'track', name: cut(name, 100), props: props || {} });
}

/** Consent withdrawn: this page's events go (the stored queue is the caller's). */
export function clearActivity() {
  page = [];
}

/**
 * Sends the queued events to `url` with navigator.sendBeacon, in batches of `{...fields, events}`;
 * keeps those the browser refuses.
 */
export function sendActivity(url: string, fields: object) {
  clearTimeout(timer);
  timer = 0;
  keep();
  const q = load().q || [];
  while (q.length) {
    let n = 0;
    let body = '';
    for (let next; n < q.length && n < 20 && (next = JSON.stringify({ ...fields, events: q.slice(0, n + 1) })).length <= 16000; n++) body = next;
    if (n && !navigator.sendBeacon(url, body)) break;
    q.splice(0, n || 1); // a single event over 16 KB is dropped
  }
  put({ q });
}
