// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The loader as a page runs it: its script tag (found through the data-workspace fallback, since a
 * test has no currentScript), a stubbed fetch, then the module itself, imported afresh per test.
 */
const KEY = 'wk_1';
const config = { workspace_name: 'Shop', color: '#4f46e5' };

async function load(answer: (url: string) => Promise<Response>, consent?: string) {
  const calls: { url: string; init?: RequestInit }[] = [];
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return answer(url);
  });
  const script = document.createElement('script');
  script.type = 'text/x-parley-test'; // found by the loader's selector, never fetched by happy-dom
  script.src = 'https://parley.example/widget.js';
  script.dataset.workspace = KEY;
  if (consent) script.dataset.consent = consent;
  document.head.append(script);
  await import('./main');
  await vi.advanceTimersByTimeAsync(0);
  return calls;
}

const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));

let beacons: { url: string; body: any }[];

/** The next page of the site: the same localStorage, everything else new. */
async function nextPage(consent?: string) {
  vi.resetModules();
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  delete (window as any).Parley;
  return load((url) => json(url.includes('widget/config') ? config : { token: 'vt_new' }), consent);
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  localStorage.clear();
  delete (window as any).Parley;
  beacons = [];
  (navigator as any).sendBeacon = (url: string, body: string) => beacons.push({ url, body: JSON.parse(body) }) > 0;
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the loader', () => {
  it('names the workspace key in the identify URL (the CORS preflight carries no Authorization header)', async () => {
    localStorage['parley:' + KEY] = JSON.stringify({ t: 'vt_1' });
    const calls = await load((url) => json(url.includes('widget/config') ? config : {}));
    (window as any).Parley('identify', { email: 'ada@example.com' });
    const identify = calls.find((c) => c.init?.method == 'PATCH')!;
    expect(identify.url).toBe('https://parley.example/api/v1/visitor/contact?key=wk_1');
    expect(identify.init!.headers).toEqual({ Authorization: 'Bearer vt_1' });
  });

  it('explains a config request that fails (a refused origin now gets no CORS headers), once', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await load(() => Promise.reject(new TypeError('Failed to fetch')));
    expect(error).toHaveBeenCalledTimes(1);
    expect(error.mock.calls[0][0]).toBe(
      'Parley: ' + location.origin + ' is not an allowed origin?',
    );
    expect(document.body.children).toHaveLength(0); // no bubble
  });

  it('still names a refused origin when the 403 is readable (same-origin, dev proxy)', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await load(() => json({ error: { code: 'origin_not_allowed', message: 'no' } }, 403));
    expect(error).toHaveBeenCalledWith('Parley: ' + location.origin + ' is not an allowed origin?');
  });

  it('loads the frame in the background for page flows (it times the visit), unless consent is required', async () => {
    const frames: HTMLIFrameElement[] = [];
    const create = document.createElement.bind(document);
    vi.spyOn(document, 'createElement').mockImplementation(((tag: string) => {
      const el = create(tag);
      if (tag == 'iframe') frames.push(el as HTMLIFrameElement);
      return el;
    }) as typeof document.createElement);
    const withFlows = { ...config, flows: { on_open: false, pages: [{ url_pattern: '/scarves/*', seconds_on_page: 20 }] } };
    await load(() => json(withFlows));
    expect(frames).toHaveLength(1);
    expect(frames[0].src).toContain('/widget/frame.html?key=wk_1');
  });

  it('loads no frame before the chat is opened without page flows', async () => {
    const spy = vi.spyOn(document, 'createElement');
    await load(() => json({ ...config, flows: { on_open: true, pages: [] } }));
    expect(spy.mock.calls.filter(([tag]) => tag == 'iframe')).toHaveLength(0);
  });

  it('sends page activity with the analytics id alone: no visitor session is made for it', async () => {
    const calls = await nextPage();
    await vi.advanceTimersByTimeAsync(2000);
    expect(beacons).toHaveLength(1);
    const { url, body } = beacons[0];
    expect(url).toBe('https://parley.example/api/v1/widget/activity');
    expect(body.key).toBe(KEY);
    expect(body.anon).toMatch(/^\d+(_\d+){3}$/);
    expect(body.token).toBeUndefined();
    expect(body.events.map((e: any) => e.type)).toEqual(['page_view']);
    expect(calls.some((c) => c.url.includes('visitor/session'))).toBe(false);

    await nextPage();
    await vi.advanceTimersByTimeAsync(2000);
    expect(beacons[1].body.anon).toBe(body.anon); // one browser, one id
  });

  it('a session made for identify carries the analytics id, so the earlier pages become the visitor\'s', async () => {
    const calls = await nextPage();
    await vi.advanceTimersByTimeAsync(2000);
    const anon = beacons[0].body.anon;
    (window as any).Parley('identify', { email: 'ada@example.com' });
    await vi.advanceTimersByTimeAsync(0);
    const session = calls.find((c) => c.url.endsWith('visitor/session'))!;
    expect(JSON.parse(String(session.init!.body))).toEqual({ workspace_key: KEY, anon });
    expect(calls.find((c) => c.init?.method == 'PATCH')!.init!.headers).toEqual({ Authorization: 'Bearer vt_new' });
  });

  it('remembers consent on this site until it is withdrawn; forget asks the server to delete what was captured', async () => {
    await nextPage('required');
    await vi.advanceTimersByTimeAsync(5000);
    expect(beacons).toHaveLength(0);
    expect(localStorage.length).toBe(0); // nothing kept before consent
    (window as any).Parley('consent', true);
    expect(beacons.map((b) => b.body.events.length)).toEqual([1]); // this page's view goes too
    const anon = beacons[0].body.anon;

    await nextPage('required'); // a new page load: consent is not asked again
    await vi.advanceTimersByTimeAsync(2000);
    expect(beacons).toHaveLength(2);
    expect(beacons[1].body.anon).toBe(anon);

    (window as any).Parley('track', 'pending'); // queued, not sent yet
    (window as any).Parley('consent', false, { forget: true });
    expect(beacons[2]).toEqual({ url: 'https://parley.example/api/v1/widget/activity/forget', body: { key: KEY, anon } });
    const stored = JSON.parse(localStorage['parley:' + KEY]);
    expect(stored).toEqual({ c: false }); // no analytics id, no queue
    (window as any).Parley('track', 'after');
    dispatchEvent(new Event('pagehide'));
    await vi.advanceTimersByTimeAsync(5000);
    expect(beacons).toHaveLength(3);

    await nextPage('required'); // withdrawn stays withdrawn
    await vi.advanceTimersByTimeAsync(5000);
    dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(3);
  });

  it('withdrawing without forget stops capture and drops the queue, and sends nothing', async () => {
    await nextPage();
    (window as any).Parley('consent', false);
    await vi.advanceTimersByTimeAsync(5000);
    dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(0);
    expect(JSON.parse(localStorage['parley:' + KEY])).toEqual({ c: false });
  });
});
