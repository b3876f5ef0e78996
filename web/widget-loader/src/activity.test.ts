// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * Page activity with its stored queue. Each `page()` is a fresh copy of the modules over the same
 * localStorage, as the next page of the site would load them.
 */
const KEY = 'wk_1';
const URL = 'https://parley.example/api/v1/widget/activity';
let bodies: string[];
let accept: boolean;

async function page(consentRequired = false) {
  vi.resetModules();
  const visitor = await import('./visitor');
  const activity = await import('./activity');
  visitor.loadVisitor(KEY, consentRequired);
  const flush = () => activity.sendActivity(URL, { key: KEY, anon: 'a'.repeat(22) });
  activity.startActivity(flush);
  return { ...visitor, ...activity, flush };
}

const sent = () => bodies.flatMap((b) => JSON.parse(b).events);
const stored = () => JSON.parse(localStorage['parley:' + KEY] || '{}');

beforeEach(() => {
  localStorage.clear();
  bodies = [];
  accept = true;
  (navigator as any).sendBeacon = vi.fn((url: string, body: string) => {
    expect(url).toBe(URL);
    if (accept) bodies.push(body);
    return accept;
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('page activity', () => {
  it('records page views with the ref; the server reads utm from the URL', async () => {
    history.replaceState(null, '', '/scarves?utm_source=news&utm_campaign=spring&x=1');
    document.title = 'Scarves';
    const p = await page();
    p.pageView('campaign-x');
    p.flush();
    const [event] = sent();
    expect(event).toMatchObject({ type: 'page_view', title: 'Scarves', ref: 'campaign-x' });
    expect(event.url).toContain('/scarves?utm_source=news&utm_campaign=spring');
    expect(event.at).toEqual(expect.any(Number));
    expect(JSON.parse(bodies[0])).toMatchObject({ key: KEY, anon: 'a'.repeat(22) });
  });

  it('sends at most 20 events and 16 KB per beacon', async () => {
    const p = await page();
    for (let i = 0; i < 45; i++) p.track('e' + i, { i });
    p.flush();
    expect(bodies.map((b) => JSON.parse(b).events.length)).toEqual([20, 20, 5]);
    expect(sent().map((e) => e.name)).toEqual(Array.from({ length: 45 }, (_, i) => 'e' + i));
    bodies = [];
    for (let i = 0; i < 3; i++) p.track('big', { blob: 'y'.repeat(5000) });
    p.flush();
    expect(bodies.map((b) => JSON.parse(b).events.length)).toEqual([3]);
    expect(bodies.every((b) => b.length <= 16000)).toBe(true);
  });

  it('drops a lone event over 16 KB, and nothing else', async () => {
    const p = await page();
    p.track('huge', { blob: 'x'.repeat(20000) });
    p.track('after');
    p.flush();
    expect(sent().map((e) => e.name)).toEqual(['after']);
  });

  it('keeps in storage what the browser refuses, and the next page sends it', async () => {
    history.replaceState(null, '', '/landing?utm_source=news');
    const first = await page();
    first.pageView();
    accept = false;
    first.flush();
    expect(stored().q).toHaveLength(1);

    history.replaceState(null, '', '/second');
    accept = true;
    const second = await page();
    second.pageView();
    second.flush();
    expect(sent().map((e) => e.url)).toEqual([location.origin + '/landing?utm_source=news', location.origin + '/second']);
    expect(stored().q).toEqual([]);
  });

  it('keeps an event from the moment it is recorded: a page left before any flush loses nothing', async () => {
    const first = await page();
    first.track('clicked');
    // The page goes away without a flush (the browser killed it): the next page finds the event.
    const second = await page();
    second.flush();
    expect(sent().map((e) => e.name)).toEqual(['clicked']);
  });

  it('never sends an event twice: what a page flushed on leaving is gone on the next one', async () => {
    vi.useFakeTimers();
    const first = await page();
    first.pageView();
    dispatchEvent(new Event('pagehide'));
    expect(sent()).toHaveLength(1);
    const second = await page();
    second.flush();
    vi.advanceTimersByTime(5000);
    expect(sent()).toHaveLength(1);
  });

  it('sends two seconds after an event, and when the page is hidden', async () => {
    vi.useFakeTimers();
    const p = await page();
    p.track('a');
    vi.advanceTimersByTime(1999);
    expect(bodies).toHaveLength(0);
    vi.advanceTimersByTime(1);
    expect(sent().map((e) => e.name)).toEqual(['a']);
    p.track('b');
    Object.defineProperty(document, 'hidden', { value: true, configurable: true });
    dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'hidden', { value: false, configurable: true });
    expect(sent().map((e) => e.name)).toEqual(['a', 'b']);
  });

  it('bounds the stored queue to 100 events and 16 KB, the oldest going first', async () => {
    const p = await page();
    accept = false;
    for (let i = 0; i < 150; i++) p.track('e' + i);
    expect(stored().q.map((e: any) => e.name)).toEqual(Array.from({ length: 100 }, (_, i) => 'e' + (i + 50)));
    for (let i = 0; i < 10; i++) p.track('big', { blob: 'y'.repeat(3000) });
    expect(JSON.stringify(stored().q).length).toBeLessThanOrEqual(16000);
    expect(stored().q.at(-1).name).toBe('big');
  });

  it('keeps nothing in storage before consent when it is required, and keeps this page’s events for it', async () => {
    const p = await page(true);
    p.pageView();
    p.track('before');
    expect(p.allowed()).toBe(false);
    expect(stored().q).toBeUndefined();
    expect(p.anon()).toBeUndefined();
    expect(localStorage.length).toBe(0);
    p.put({ c: true });
    p.flush();
    expect(sent().map((e) => e.type)).toEqual(['page_view', 'track']);
  });
});
