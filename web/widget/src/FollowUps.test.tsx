// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_TEXT } from '../../shared/strings';
import type { VisitorApi } from './api';
import { FollowUp } from './followup';
import { FollowUps } from './FollowUps';
import type { Message } from './messages';

const text = FRAME_TEXT.en;
const written: Message[] = [{ sender: { type: 'contact' }, text: 'Hello?', createdAt: 0, state: 'sent' } as Message];

function mount(messages: Message[], teamOnline: boolean, follow: FollowUp, now = () => 0, askAfter?: number) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<FollowUps follow={follow} messages={messages} teamOnline={teamOnline} text={text} now={now} askAfter={askAfter} />, root));
  return root;
}

function follower(contact = vi.fn(async () => ({ contact: { id: 'k' } }))) {
  const api = { token: 'vt_x', contact } as unknown as VisitorApi;
  const store = new Map<string, string>();
  const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) } as unknown as Storage;
  return { follow: new FollowUp({ key: 'wk', api, pushUrl: '/me/push.html', storage: () => storage }), contact, store };
}

const flush = () => act(async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); });

describe('FollowUps', () => {
  beforeEach(() => {
    document.body.innerHTML = '';
    (window as any).Notification = function () {};
  });
  afterEach(() => vi.useRealTimers());

  it('offers notifications and shows "Notifications on" in a live region once the push page reports success', async () => {
    const { follow } = follower();
    let finish!: (r: 'on') => void;
    vi.spyOn(follow, 'openPush').mockReturnValue(new Promise((r) => (finish = r)));
    const root = mount([], true, follow);
    const button = [...root.querySelectorAll('button')].find((b) => b.textContent == text.pushTurnOn)!;
    expect(button).toBeTruthy();
    act(() => { button.click(); });
    expect(follow.openPush).toHaveBeenCalled();
    finish('on');
    await flush();
    expect(root.querySelector('[role="status"]')!.textContent).toBe(text.pushOn);
    expect([...root.querySelectorAll('button')].some((b) => b.textContent == text.pushTurnOn)).toBe(false);
  });

  it('hides the notifications control without the Notification API', () => {
    delete (window as any).Notification;
    const root = mount([], true, follower().follow);
    expect(root.textContent).not.toContain(text.pushTurnOn);
  });

  it('asks for an email after 30 s without an answer (the default), validates it, saves it and confirms politely', async () => {
    vi.useFakeTimers();
    const { follow, contact } = follower();
    const root = mount(written, true, follow);
    expect(root.querySelector('form')).toBeNull();
    act(() => { vi.advanceTimersByTime(29_999); });
    expect(root.querySelector('form')).toBeNull();
    act(() => { vi.advanceTimersByTime(1); });
    const form = root.querySelector('form')!;
    expect(form.textContent).toContain(text.emailAsk);
    const input = root.querySelector('input[type="email"]') as HTMLInputElement;
    expect(root.querySelector(`label[for="${input.id}"]`)!.textContent).toBe(text.emailLabel);

    act(() => {
      input.value = 'not an email';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => { form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })); });
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')!)!.textContent).toBe(text.emailInvalid);
    expect(contact).not.toHaveBeenCalled();

    act(() => {
      input.value = ' ana@shop.example ';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => { form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })); });
    await flush();
    expect(contact).toHaveBeenCalledWith({ email: 'ana@shop.example' });
    expect(root.querySelector('form')).toBeNull();
    const live = [...root.querySelectorAll('[role="status"]')].map((e) => e.textContent);
    expect(live).toContain('We will email you the reply at ana@shop.example.');
    // No explicit aria-live here: the panel's own announcer stays the first polite region of the frame.
    expect(root.querySelector('[aria-live]')).toBeNull();
    // Never again in this browser for this workspace.
    expect(mount(written, false, follow).querySelector('form')).toBeNull();
  });

  it('asks at once when the team is offline, not at all once answered, and "Not now" dismisses for good', () => {
    const { follow, store } = follower();
    const answered = [...written, { sender: { type: 'agent' }, text: 'Hi', createdAt: 1, state: 'sent' } as Message];
    expect(mount(answered, false, follow).querySelector('form')).toBeNull();
    vi.useFakeTimers();
    const root = mount(written, false, follow);
    act(() => { vi.advanceTimersByTime(0); });
    const notNow = [...root.querySelectorAll('button')].find((b) => b.textContent == text.notNow)!;
    act(() => { notNow.click(); });
    expect(root.querySelector('form')).toBeNull();
    expect(store.get('parley:wk:email')).toBe('1');
  });

  it('keeps the form and says so when saving fails', async () => {
    vi.useFakeTimers();
    const { follow } = follower(vi.fn(async () => { throw new Error('offline'); }));
    const root = mount(written, false, follow);
    act(() => { vi.advanceTimersByTime(0); });
    const input = root.querySelector('input') as HTMLInputElement;
    act(() => {
      input.value = 'ana@shop.example';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    act(() => { root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })); });
    await flush();
    expect(root.querySelector('form')).not.toBeNull();
    expect(root.textContent).toContain(text.emailFailed);
    expect(follow.emailDone()).toBe(false);
  });

  it("waits for the workspace's delay with the team online, and offers notifications inside the ask", () => {
    vi.useFakeTimers();
    const { follow } = follower();
    const root = mount(written, true, follow, () => 0, 2000);
    expect([...root.querySelectorAll('button')].some((b) => b.textContent == text.pushTurnOn)).toBe(true);
    act(() => { vi.advanceTimersByTime(1999); });
    expect(root.querySelector('form')).toBeNull();
    act(() => { vi.advanceTimersByTime(1); });
    const form = root.querySelector('form')!;
    expect(form.textContent).toContain(text.emailAsk);
    // One place for both ways: the notifications button is in the ask, not beside it as well.
    expect([...form.querySelectorAll('button')].some((b) => b.textContent == text.pushTurnOn)).toBe(true);
    expect([...root.querySelectorAll('button')].filter((b) => b.textContent == text.pushTurnOn)).toHaveLength(1);
  });

  it('asks at once when the page is left with a question unanswered, and on the next page at once', () => {
    vi.useFakeTimers();
    const { follow, store } = follower();
    const question = [{ ...written[0], clientMsgId: 'q1' }];
    const root = mount(question, true, follow, () => 0, 60_000);
    expect(root.querySelector('form')).toBeNull();
    act(() => { dispatchEvent(new Event('pagehide')); });
    expect(root.querySelector('form')).not.toBeNull();
    expect(store.get('parley:wk:left')).toBe('q1');

    // The site's next page: a new frame with the same storage asks at once for that question...
    const next = new FollowUp({ key: 'wk', api: { token: 'vt_x' } as unknown as VisitorApi, pushUrl: '/me/push.html', storage: () => ({ getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }) as unknown as Storage });
    const again = mount(question, true, next, () => 0, 60_000);
    act(() => { vi.advanceTimersByTime(0); });
    expect(again.querySelector('form')).not.toBeNull();
    // ...but not for a later question after an answer.
    const later = [...question, { sender: { type: 'agent' }, text: 'Hi', createdAt: 1, state: 'sent' } as Message,
      { sender: { type: 'contact' }, text: 'Another thing', createdAt: 2, state: 'sent', clientMsgId: 'q2' } as Message];
    const third = mount(later, true, next, () => 2, 60_000);
    act(() => { vi.advanceTimersByTime(0); });
    expect(third.querySelector('form')).toBeNull();
  });
});
