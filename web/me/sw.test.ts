import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const source = readFileSync(new URL('./public/sw.js', import.meta.url), 'utf8');

/** Runs sw.js against a fake worker global and returns its event handlers. */
function worker(windows: { url: string; focus: () => Promise<unknown> }[] = []) {
  const handlers: Record<string, (e: any) => void> = {};
  const self = {
    location: { href: 'https://parley.example/me/sw.js', origin: 'https://parley.example' },
    addEventListener: (type: string, h: (e: any) => void) => (handlers[type] = h),
    registration: { showNotification: vi.fn(async () => undefined) },
    clients: { matchAll: vi.fn(async () => windows), openWindow: vi.fn(async () => null) },
  };
  new Function('self', source)(self);
  const dispatch = async (type: string, event: object) => {
    let waited: Promise<unknown> = Promise.resolve();
    handlers[type]({ ...event, waitUntil: (p: Promise<unknown>) => (waited = p) });
    await waited;
  };
  return { self, handlers, dispatch };
}

const push = (json: unknown) => ({ data: { json: () => json, text: () => JSON.stringify(json) } });

describe('service worker', () => {
  it('handles push and notificationclick only: no fetch handler, no caching', () => {
    expect(Object.keys(worker().handlers).sort()).toEqual(['notificationclick', 'push']);
    expect(source).not.toMatch(/caches\.|addEventListener\('fetch'|fetch\(/);
  });

  it('shows the push with its title, body and tag', async () => {
    const w = worker();
    await w.dispatch('push', push({ title: 'Donni Charm', body: 'Back in stock', url: 'https://parley.example/me#/c/1', tag: 'c1' }));
    expect(w.self.registration.showNotification).toHaveBeenCalledWith('Donni Charm', {
      body: 'Back in stock', tag: 'c1', renotify: true, data: { url: 'https://parley.example/me#/c/1' },
    });
  });

  it('never opens another site: a foreign url falls back to /me', async () => {
    const w = worker();
    await w.dispatch('push', push({ title: 'x', body: 'y', url: 'https://evil.example/' }));
    const options = (w.self.registration.showNotification.mock.calls[0] as any)[1];
    expect(options.data.url).toBe('https://parley.example/me/');
  });

  it('a click focuses an open /me window, or opens the url', async () => {
    const focus = vi.fn(async () => undefined);
    const open = worker([{ url: 'https://parley.example/me/push.html', focus: vi.fn() }, { url: 'https://parley.example/me/#/inbox', focus }]);
    const notification = { close: vi.fn(), data: { url: 'https://parley.example/me#/c/1' } };
    await open.dispatch('notificationclick', { notification });
    expect(notification.close).toHaveBeenCalled();
    expect(focus).toHaveBeenCalled();
    expect(open.self.clients.openWindow).not.toHaveBeenCalled();

    const none = worker([{ url: 'https://parley.example/me/push.html', focus: vi.fn() }]);
    await none.dispatch('notificationclick', { notification });
    expect(none.self.clients.openWindow).toHaveBeenCalledWith('https://parley.example/me#/c/1');
  });
});
