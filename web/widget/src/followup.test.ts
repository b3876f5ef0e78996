// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { VisitorApi } from './api';
import { ASK_AFTER, emailAskDelay, FollowUp, validEmail } from './followup';
import type { Message } from './messages';

const msg = (type: 'contact' | 'agent' | 'bot', createdAt: number, state: Message['state'] = 'sent'): Message =>
  ({ sender: { type }, text: 't', createdAt, state }) as Message;

describe('email ask timing', () => {
  it("waits the workspace's delay (30 s by default) after the first unanswered visitor message when the team is online", () => {
    expect(ASK_AFTER).toBe(30_000);
    expect(emailAskDelay([msg('contact', 1000)], true, 1500, 2000)).toBe(1500);
    expect(emailAskDelay([msg('contact', 1000)], true, 1000, 0)).toBe(0);
    expect(emailAskDelay([msg('contact', 1000)], true, 1000)).toBe(ASK_AFTER);
    expect(emailAskDelay([msg('contact', 1000), msg('contact', 20_000)], true, 11_000)).toBe(20_000);
    expect(emailAskDelay([msg('contact', 1000)], true, 90_000)).toBe(0);
  });

  it('asks at once when the team is offline, or when the visitor left a page with that question unanswered', () => {
    expect(emailAskDelay([msg('contact', 1000)], false, 1000)).toBe(0);
    const question = { ...msg('contact', 1000), clientMsgId: 'q1' };
    expect(emailAskDelay([question], true, 1000, ASK_AFTER, 'q1')).toBe(0);
    expect(emailAskDelay([question], true, 1000, ASK_AFTER, 'q0')).toBe(ASK_AFTER);
  });

  it('does not ask when an agent answered, nothing was written, or the message failed', () => {
    expect(emailAskDelay([msg('contact', 1), msg('agent', 2)], false, 3)).toBeNull();
    expect(emailAskDelay([], false, 3)).toBeNull();
    expect(emailAskDelay([msg('agent', 1)], false, 3)).toBeNull();
    expect(emailAskDelay([msg('contact', 1, 'failed')], false, 3)).toBeNull();
    // A bot's "we'll get back to you" is no answer; a new question after an answer starts the wait again.
    expect(emailAskDelay([msg('contact', 1), msg('bot', 2)], false, 3)).toBe(0);
    expect(emailAskDelay([msg('contact', 1), msg('agent', 2), msg('contact', 10_000)], true, 10_000)).toBe(ASK_AFTER);
  });

  it('clamps a server clock ahead of the browser', () => {
    expect(emailAskDelay([msg('contact', 500_000)], true, 1000)).toBe(ASK_AFTER);
  });

  it('validates emails', () => {
    expect(validEmail('ana@shop.example')).toBe(true);
    for (const bad of ['', 'ana', 'ana@', '@shop.example', 'ana@shop', 'a na@shop.example', 'ana@shop..example', 'a@b.c'.padStart(260, 'a')]) {
      expect(validEmail(bad), bad).toBe(false);
    }
  });
});

/** A frame window with a fake push page that window.open returns. */
function setup(open: 'popup' | 'tab' | 'blocked' = 'popup') {
  const listeners: ((e: any) => void)[] = [];
  const page = { postMessage: vi.fn(), closed: false };
  const win: any = {
    location: { origin: 'https://parley.example' },
    open: vi.fn((_url: string, target: string) => (open == 'blocked' ? null : open == 'tab' && target != '_blank' ? null : page)),
    addEventListener: (_: string, l: (e: any) => void) => listeners.push(l),
    removeEventListener: (_: string, l: (e: any) => void) => listeners.splice(listeners.indexOf(l), 1),
    Notification: {},
  };
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as unknown as Storage;
  const api = { token: 'vt_secret', contact: vi.fn(async () => ({ contact: { id: 'k' } })) } as unknown as VisitorApi;
  const follow = new FollowUp({ key: 'wk_1', api, pushUrl: 'https://parley.example/me/push.html?locale=en', win, storage: () => storage });
  const deliver = (e: object) => [...listeners].forEach((l) => l(e));
  return { follow, win, page, deliver, store, api, listeners };
}

describe('turning on notifications', () => {
  afterEach(() => vi.useRealTimers());

  it('opens the push page in a popup and hands the token only to that window at Parley origin, once it is ready', async () => {
    const { follow, win, page, deliver, store } = setup();
    const result = follow.openPush();
    expect(win.open).toHaveBeenCalledWith('https://parley.example/me/push.html?locale=en', 'parley-push', 'popup,width=440,height=600');
    expect(page.postMessage).not.toHaveBeenCalled();
    deliver({ origin: 'https://evil.example', source: page, data: { type: 'parley-push-ready' } });
    deliver({ origin: 'https://parley.example', source: {}, data: { type: 'parley-push-ready' } });
    expect(page.postMessage).not.toHaveBeenCalled();
    deliver({ origin: 'https://parley.example', source: page, data: { type: 'parley-push-ready' } });
    expect(page.postMessage).toHaveBeenCalledWith({ type: 'parley-push-token', token: 'vt_secret' }, 'https://parley.example');
    deliver({ origin: 'https://parley.example', source: page, data: { type: 'parley-push-done', ok: false, reason: 'dismissed' } });
    deliver({ origin: 'https://parley.example', source: page, data: { type: 'parley-push-done', ok: true } });
    await expect(result).resolves.toBe('on');
    expect(follow.pushOn()).toBe(true);
    expect(store.get('parley:wk_1:push')).toBe('1');
  });

  it('falls back to a new tab, reports a blocked popup, and gives up when the page is closed', async () => {
    vi.useFakeTimers();
    const tab = setup('tab');
    const pending = tab.follow.openPush();
    expect(tab.win.open).toHaveBeenLastCalledWith('https://parley.example/me/push.html?locale=en', '_blank');
    tab.page.closed = true;
    vi.advanceTimersByTime(1000);
    await expect(pending).resolves.toBe('closed');
    expect(tab.listeners).toHaveLength(0);
    expect(tab.follow.pushOn()).toBe(false);
    await expect(setup('blocked').follow.openPush()).resolves.toBe('blocked');
  });

  it('is offered only where the browser has notifications', () => {
    const { follow, win } = setup();
    expect(follow.pushSupported()).toBe(true);
    delete win.Notification;
    expect(follow.pushSupported()).toBe(false);
  });

  it('remembers the email ask per workspace once saved or dismissed, even without storage', async () => {
    const { follow, api, store } = setup();
    expect(follow.emailDone()).toBe(false);
    await follow.saveEmail('ana@shop.example');
    expect(api.contact).toHaveBeenCalledWith({ email: 'ana@shop.example' });
    expect(store.get('parley:wk_1:email')).toBe('1');
    const blocked = new FollowUp({ key: 'k', api, pushUrl: '', win: {} as Window, storage: () => { throw new Error('SecurityError'); } });
    blocked.dismissEmail();
    expect(blocked.emailDone()).toBe(true);
  });
});
