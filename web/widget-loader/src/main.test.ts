// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The loader as a page runs it: its script tag (found through the data-workspace fallback, since a
 * test has no currentScript), a stubbed fetch, then the module itself, imported afresh per test.
 */
const KEY = 'wk_1';
const config = { workspace_name: 'Shop', color: '#4f46e5' };

async function load(answer: (url: string) => Promise<Response>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  vi.stubGlobal('fetch', (url: string, init?: RequestInit) => {
    calls.push({ url, init });
    return answer(url);
  });
  const script = document.createElement('script');
  script.type = 'text/x-parley-test'; // found by the loader's selector, never fetched by happy-dom
  script.src = 'https://parley.example/widget.js';
  script.dataset.workspace = KEY;
  document.head.append(script);
  await import('./main');
  await vi.advanceTimersByTimeAsync(0);
  return calls;
}

const json = (body: unknown, status = 200) => Promise.resolve(new Response(JSON.stringify(body), { status }));

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetModules();
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  localStorage.clear();
  delete (window as any).Parley;
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
      `Parley: could not load the widget for ${location.origin}. Is this site among the workspace's allowed origins?`,
    );
    expect(document.body.children).toHaveLength(0); // no bubble
  });

  it('still names a refused origin when the 403 is readable (same-origin, dev proxy)', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    await load(() => json({ error: { code: 'origin_not_allowed', message: 'no' } }, 403));
    expect(error).toHaveBeenCalledWith('Parley: origin not allowed: ' + location.origin);
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
});
