/**
 * Page activity: page views and `track` events, batched (at most 20 events and 16 KB per beacon)
 * and sent with navigator.sendBeacon as text/plain (a CORS "simple" request: no preflight), two
 * seconds after the first event and whenever the page is hidden or left.
 */

type Event = Record<string, unknown>;

let events: Event[] = [];
let timer: any;
let send: () => void;

export const cut = (value: unknown, max: number) => ('' + value).slice(0, max);

/** `flush` sends what is buffered; it runs on the timer and when the page is hidden or left. */
export function startActivity(flush: () => void) {
  send = flush;
  addEventListener('pagehide', flush);
  addEventListener('visibilitychange', () => document.hidden && flush());
}

function add(event: Event) {
  event.at = Date.now();
  events.push(event);
  events.length > 100 && events.shift();
  timer ||= setTimeout(send, 2000);
}

export function pageView(ref?: string) {
  const params = new URLSearchParams(location.search);
  let utm: Record<string, string> | undefined;
  for (const k of 'source medium campaign term content'.split(' ')) {
    const v = params.get('utm_' + k);
    if (v) (utm ||= {})[k] = cut(v, 200);
  }
  add({ type: 'page_view', url: cut(location, 2000), title: cut(document.title, 300), referrer: cut(document.referrer, 2000), utm, ref: ref && cut(ref, 200) });
}

export function track(name: unknown, props?: unknown) {
  add({ type: 'track', name: cut(name, 100), props: props || {} });
}

export function clearActivity() {
  events = [];
}

/** Sends every buffered event with `beacon`, in batches; keeps them when the browser refuses. */
export function sendActivity(wrap: (events: Event[]) => string, beacon: (body: string) => boolean) {
  clearTimeout(timer);
  timer = 0;
  while (events.length) {
    let n = 0;
    let body = '';
    for (let next; n < events.length && n < 20 && (next = wrap(events.slice(0, n + 1))).length <= 16000; n++) body = next;
    if (n && !beacon(body)) return;
    events = events.slice(n || 1); // a single event over 16 KB is dropped
  }
}
