// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
// @ts-ignore: plain JavaScript served as is (public/), no type declarations
import { base64UrlToBytes, pickLocale, startPushPage } from './public/push.js';

const ORIGIN = 'https://parley.example';
const KEY = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';
const PAGE = `<main id="parley-push"><h1 id="push-title"></h1><p id="push-intro"></p>
  <button id="push-enable" type="button" disabled></button><p id="push-status" role="status" aria-live="polite"></p></main>`;

/** A browser for push.html: the opener (the widget frame), the service worker and push manager, fetch. */
function setup({ opener = true, permission = 'granted' as NotificationPermission, supported = true, search = '?locale=fr' } = {}) {
  document.body.innerHTML = PAGE;
  const listeners: ((e: any) => void)[] = [];
  const openerWindow = { postMessage: vi.fn(), closed: false };
  const win: any = {
    location: { origin: ORIGIN, href: ORIGIN + '/me/push.html' + search, search },
    opener: opener ? openerWindow : null,
    addEventListener: (_: string, l: (e: any) => void) => listeners.push(l),
  };
  if (supported) win.PushManager = function () {};
  const subscription = {
    options: { applicationServerKey: null },
    toJSON: () => ({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', expirationTime: null, keys: { p256dh: 'P', auth: 'A' } }),
    unsubscribe: vi.fn(async () => true),
  };
  const pushManager = { getSubscription: vi.fn(async () => null as any), subscribe: vi.fn(async () => subscription) };
  const serviceWorker = { register: vi.fn(async () => ({})), ready: Promise.resolve({ pushManager }) };
  const nav: any = { languages: ['en-US'] };
  if (supported) nav.serviceWorker = serviceWorker;
  const fetch = vi.fn(async (url: string, init?: RequestInit) => {
    if (url.endsWith('/api/v1/push/vapid-public-key')) return new Response(JSON.stringify({ key: KEY }), { status: 200 });
    if (url.endsWith('/api/v1/visitor/push-subscriptions') && init?.method == 'POST') return new Response('{}', { status: 201 });
    return new Response('', { status: 404 });
  });
  const Notification = { permission: 'default', requestPermission: vi.fn(async () => permission) };
  startPushPage({ window: win, document, navigator: nav, fetch, Notification });
  const deliver = (event: object) => listeners.forEach((l) => l(event));
  const button = document.getElementById('push-enable') as HTMLButtonElement;
  const status = () => document.getElementById('push-status')!.textContent;
  const settle = async () => {
    for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
  };
  return { win, openerWindow, deliver, button, status, fetch, pushManager, serviceWorker, Notification, settle };
}

describe('push page', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
  });

  it('tells its opener it is ready, at its own origin only, and takes the token only from the opener at that origin', () => {
    const page = setup();
    expect(page.openerWindow.postMessage).toHaveBeenCalledWith({ type: 'parley-push-ready' }, ORIGIN);
    expect(page.button.disabled).toBe(true);
    const token = { type: 'parley-push-token', token: 'vt_secret' };
    page.deliver({ origin: 'https://evil.example', source: page.openerWindow, data: token });
    page.deliver({ origin: ORIGIN, source: {}, data: token });
    page.deliver({ origin: ORIGIN, source: page.openerWindow, data: { type: 'parley-push-token', token: 'pk_not_a_visitor' } });
    expect(page.button.disabled).toBe(true);
    page.deliver({ origin: ORIGIN, source: page.openerWindow, data: token });
    expect(page.button.disabled).toBe(false);
    expect(page.button.textContent).toBe('Activer les notifications');
    expect(document.documentElement.lang).toBe('fr');
  });

  it('on the click: asks permission, registers /me/sw.js for /me/, subscribes with the VAPID key and posts the subscription', async () => {
    const page = setup();
    page.deliver({ origin: ORIGIN, source: page.openerWindow, data: { type: 'parley-push-token', token: 'vt_secret' } });
    expect(page.Notification.requestPermission).not.toHaveBeenCalled();
    page.button.click();
    await page.settle();
    expect(page.Notification.requestPermission).toHaveBeenCalledTimes(1);
    expect(page.serviceWorker.register).toHaveBeenCalledWith(ORIGIN + '/me/sw.js', { scope: '/me/' });
    const options = (page.pushManager.subscribe.mock.calls[0] as any)[0];
    expect(options.userVisibleOnly).toBe(true);
    expect(Array.from(options.applicationServerKey as Uint8Array)).toEqual(Array.from(base64UrlToBytes(KEY)));
    expect(options.applicationServerKey.length).toBe(65);
    const post = page.fetch.mock.calls.find((c) => (c[1] as RequestInit | undefined)?.method == 'POST')!;
    expect(post[0]).toBe(ORIGIN + '/api/v1/visitor/push-subscriptions');
    expect((post[1] as any).headers.Authorization).toBe('Bearer vt_secret');
    expect(JSON.parse((post[1] as any).body)).toEqual({ endpoint: 'https://fcm.googleapis.com/fcm/send/abc', keys: { p256dh: 'P', auth: 'A' } });
    expect(page.status()).toBe('Les notifications sont activées. Vous pouvez fermer cette page.');
    expect(page.openerWindow.postMessage).toHaveBeenLastCalledWith({ type: 'parley-push-done', ok: true }, ORIGIN);
  });

  it('reports a refusal to the opener and subscribes nothing', async () => {
    const page = setup({ permission: 'denied', search: '' });
    page.deliver({ origin: ORIGIN, source: page.openerWindow, data: { type: 'parley-push-token', token: 'vt_secret' } });
    page.button.click();
    await page.settle();
    expect(page.pushManager.subscribe).not.toHaveBeenCalled();
    expect(page.fetch).not.toHaveBeenCalled();
    expect(page.status()).toMatch(/blocked/);
    expect(page.button.disabled).toBe(true);
    expect(page.openerWindow.postMessage).toHaveBeenLastCalledWith({ type: 'parley-push-done', ok: false, reason: 'denied' }, ORIGIN);
  });

  it('lets the visitor retry after the server refused the subscription', async () => {
    const page = setup({ search: '?locale=de' });
    page.fetch.mockImplementation(async (url: string) =>
      url.endsWith('vapid-public-key') ? new Response(JSON.stringify({ key: KEY })) : new Response('{}', { status: 500 }));
    page.deliver({ origin: ORIGIN, source: page.openerWindow, data: { type: 'parley-push-token', token: 'vt_secret' } });
    page.button.click();
    await page.settle();
    expect(page.status()).toMatch(/nicht aktiviert/);
    expect(page.button.disabled).toBe(false);
  });

  it('without an opener it explains how to get here, and on an unsupported browser it says so', () => {
    const alone = setup({ opener: false, search: '' });
    expect(alone.status()).toMatch(/Open this page from the chat/);
    expect(alone.button.disabled).toBe(true);
    const old = setup({ supported: false, search: '' });
    expect(old.status()).toMatch(/cannot show notifications/);
    expect(old.openerWindow.postMessage).toHaveBeenCalledWith({ type: 'parley-push-done', ok: false, reason: 'unsupported' }, ORIGIN);
  });

  it('picks the locale from the URL, then the browser', () => {
    expect(pickLocale(['de-AT', 'fr'])).toBe('de');
    expect(pickLocale([null, 'es', 'fr-CA'])).toBe('fr');
    expect(pickLocale(['es'])).toBe('en');
  });
});
