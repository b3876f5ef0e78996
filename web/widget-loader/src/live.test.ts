// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { live } from './live';

let hidden = false;
const answers: unknown[] = [];
const fetched = vi.fn((_url: string, _init: RequestInit) => Promise.resolve({ json: () => Promise.resolve(answers.shift() ?? {}) }));
const settle = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
  hidden = false;
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  fetched.mockClear();
  answers.length = 0;
  vi.stubGlobal('fetch', fetched);
});

afterEach(() => {
  vi.clearAllTimers();
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the live heartbeat', () => {
  it('pings every 30 s as text/plain POSTs, never while the page is hidden', () => {
    live('https://parley.example/api/v1/widget/ping', () => '{"key":"wk"}', () => {});
    expect(fetched).not.toHaveBeenCalled(); // the first page view's beacon lists the visitor
    vi.advanceTimersByTime(30_000);
    expect(fetched).toHaveBeenCalledTimes(1);
    const [url, init] = fetched.mock.calls[0];
    expect(url).toBe('https://parley.example/api/v1/widget/ping');
    expect(init).toEqual({ method: 'POST', body: '{"key":"wk"}' });
    expect(init.headers).toBeUndefined(); // no preflight: the token rides in the body, never in a header or the URL
    vi.advanceTimersByTime(29_999);
    expect(fetched).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(fetched).toHaveBeenCalledTimes(2);
    hidden = true;
    vi.advanceTimersByTime(60_000);
    expect(fetched).toHaveBeenCalledTimes(2);
    hidden = false;
    vi.advanceTimersByTime(30_000);
    expect(fetched).toHaveBeenCalledTimes(3);
  });

  it('sends nothing while the body is falsy (no consent)', () => {
    let consent = false;
    live('/ping', () => consent && '{}', () => {});
    vi.advanceTimersByTime(30_000);
    expect(fetched).not.toHaveBeenCalled();
    consent = true;
    vi.advanceTimersByTime(30_000);
    expect(fetched).toHaveBeenCalledTimes(1);
  });

  it('loads the frame when asked, with the token the server made for this browser', async () => {
    const load = vi.fn();
    answers.push({ load: true, token: 'vt_new' }, {}, { load: true });
    live('/ping', () => '{}', load);
    vi.advanceTimersByTime(30_000);
    await settle();
    expect(load).toHaveBeenCalledWith('vt_new');
    vi.advanceTimersByTime(30_000);
    await settle();
    expect(load).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(30_000);
    await settle();
    expect(load).toHaveBeenLastCalledWith(undefined);
  });

  it('ignores failed pings', async () => {
    const load = vi.fn();
    fetched.mockImplementationOnce(() => Promise.reject(new TypeError('offline')));
    live('/ping', () => '{}', load);
    vi.advanceTimersByTime(30_000);
    await settle();
    expect(load).not.toHaveBeenCalled();
  });
});
