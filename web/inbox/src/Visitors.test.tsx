// @vitest-environment happy-dom
import axe from 'axe-core';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Inbox } from './inbox';
import { LiveVisitors, type LiveApi, type LiveVisitor } from './live';
import { entry, T } from './live.fixture';
import type { Conversation } from './types';
import { ViewsNav, VisitorsScreen } from './Visitors';

const conversation = (id: string): Conversation => ({ id, status: 'open', visitor_id: 'v9', last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: T, last_activity_at: T });

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
  vi.setSystemTime(T);
  location.hash = '#/visitors';
});
afterEach(() => {
  vi.useRealTimers();
  document.body.innerHTML = '';
});

/** The screen over a book fed by a fake server; `show()` renders again as the Shell does on each emit. */
async function mount(visitors: LiveVisitor[], message: LiveApi['message'] = async () => conversation('c7')) {
  const api: LiveApi = { list: async () => ({ visitors }), message: vi.fn(message), errorText: (e) => String((e as Error).message), isNotFound: (e) => (e as { status?: number }).status == 404 };
  const root = document.createElement('div');
  document.body.append(root);
  const live = new LiveVisitors(api, () => {});
  const inbox = { live } as unknown as Inbox;
  const show = () =>
    act(() =>
      render(
        <>
          <header>
            <ViewsNav route="visitors" visitors={live.loaded ? live.visitors.length : null} />
          </header>
          <VisitorsScreen inbox={inbox} />
        </>,
        root,
      ),
    );
  await live.load();
  await show();
  const rows = () => [...root.querySelectorAll<HTMLElement>('[data-testid=visitor]')];
  const row = (id: string) => root.querySelector<HTMLElement>(`[data-testid=visitor][data-visitor-id="${id}"]`)!;
  const text = (el: ParentNode, id: string) => el.querySelector(`[data-testid=${id}]`)?.textContent?.trim();
  return { root, live, api, show, rows, row, text };
}

const shop = [
  entry('a', 1000, {
    visitor_id: 'v1',
    returning: true,
    chatting: true,
    conversation_id: 'c1',
    country: 'DE',
    device: 'mobile',
    browser: 'Safari',
    os: 'iOS',
    source: { referrer: 'https://www.google.com/', utm: null, ref: null },
    pages: [
      { url: 'https://shop.example/silk', title: 'Silk scarf', at: T - 1000 },
      { url: 'https://shop.example/', title: 'Home', at: T - 50_000 },
    ],
    current_page: { url: 'https://shop.example/silk', title: 'Silk scarf', at: T - 1000 },
  }),
  entry('b', 5000, { visit_started_at: T - 245_000, current_page: { url: 'javascript:alert(1)', title: null, at: T - 5000 } }),
];

describe('the Visitors screen', () => {
  it('lists who is on the site with their page, trail, time, source, device, country and chat', async () => {
    const { root, rows, row, text } = await mount(shop);
    expect(rows().map((r) => r.dataset.visitorId)).toEqual(['a', 'b']);
    const a = row('a');
    const link = a.querySelector<HTMLAnchorElement>('[data-testid=visitor-page] a')!;
    expect(link.textContent).toBe('Silk scarf');
    expect(link.getAttribute('href')).toBe('https://shop.example/silk');
    expect(link.rel).toContain('noopener');
    expect(a.querySelector('.trail summary')!.textContent).toBe('2 pages');
    expect(text(a, 'visitor-source')).toBe('google.com');
    expect(text(a, 'visitor-device')).toBe('Mobile · Safari on iOS');
    expect(text(a, 'visitor-country')).toMatch(/^(Germany|DE)$/);
    expect(text(a, 'visitor-returning')).toBe('Returning');
    expect(a.querySelector('[data-testid=visitor-chatting]')!.getAttribute('href')).toBe('#/conversations/c1');
    expect(a.querySelector('[data-testid=visitor-message]')).toBeNull();
    // A URL that is not http(s) is shown as text, never as a link; no country when unknown.
    const b = row('b');
    expect(b.querySelector('[data-testid=visitor-page] a')).toBeNull();
    expect(text(b, 'visitor-page')).toBe('javascript:alert(1)');
    expect(text(b, 'visitor-country')).toBeUndefined();
    expect(text(b, 'visitor-returning')).toBe('New');
    expect(text(b, 'visitor-source')).toBe('Direct');
    expect(b.querySelector('[data-testid=visitor-message]')).toBeTruthy();
    expect(root.querySelector('[data-testid=visitors-count]')!.getAttribute('data-count')).toBe('2');
    expect(root.querySelector('[data-testid=nav-visitors]')!.textContent).toContain('2 visitors on the site');
    expect(root.querySelector('[data-testid=nav-visitors]')!.getAttribute('aria-current')).toBe('page');
  });

  it('ticks the time on site every second', async () => {
    const { row, text, show } = await mount(shop);
    expect(text(row('b'), 'visitor-time')).toBe('4m 05s');
    await act(() => void vi.advanceTimersByTime(3000));
    await show();
    expect(text(row('b'), 'visitor-time')).toBe('4m 08s');
    expect(row('b').querySelector('time')!.getAttribute('datetime')).toBe('PT0H4M8S');
  });

  it('follows visitor.updated and visitor.left live', async () => {
    const { root, live, rows, row, text, show } = await mount(shop);
    live.onFrame({ type: 'event', event: 'visitor.updated', data: entry('b', 0, { current_page: { url: 'https://shop.example/wool', title: 'Wool scarf', at: T } }) });
    live.onFrame({ type: 'event', event: 'visitor.updated', data: entry('c', 500) });
    await show();
    expect(rows().map((r) => r.dataset.visitorId)).toEqual(['b', 'c', 'a']);
    expect(text(row('b'), 'visitor-page')).toContain('Wool scarf');
    live.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'a' } });
    live.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'b' } });
    live.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'c' } });
    await show();
    expect(rows()).toEqual([]);
    expect(text(root, 'visitors-empty')).toContain('Nobody is on the site right now.');
    expect(root.querySelector('[data-testid=visitors-count]')!.getAttribute('data-count')).toBe('0');
  });

  it('sends a proactive message, retries with the same client_msg_id, then opens the new conversation', async () => {
    let fail = true;
    const { root, api, row, show } = await mount(shop, async () => {
      if (fail) throw new Error('Cannot reach the server. Check your connection.');
      return { conversation: conversation('c7') };
    });
    const button = row('b').querySelector<HTMLButtonElement>('[data-testid=visitor-message]')!;
    await act(() => button.click());
    expect(button.getAttribute('aria-expanded')).toBe('true');
    const input = root.querySelector<HTMLTextAreaElement>('[data-testid=proactive-input]')!;
    expect(document.activeElement).toBe(input);
    expect(root.querySelector(`label[for="${input.id}"]`)!.textContent).toBe('Message to Visitor b');
    await act(() => {
      input.value = 'Need a hand with sizes?';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(async () => root.querySelector<HTMLButtonElement>('[data-testid=proactive-send]')!.click());
    await show();
    expect(root.querySelector('[data-testid=proactive-error]')!.textContent).toContain('Cannot reach the server');
    expect(location.hash).toBe('#/visitors');
    fail = false;
    await act(async () => root.querySelector<HTMLButtonElement>('[data-testid=proactive-send]')!.click());
    const calls = (api.message as ReturnType<typeof vi.fn>).mock.calls;
    expect(calls).toHaveLength(2);
    expect(calls[0][0]).toBe('b');
    expect(calls[0][1]).toBe('Need a hand with sizes?');
    expect(calls[1][2]).toBe(calls[0][2]);
    expect(calls[0][2]).toBeTruthy();
    expect(location.hash).toBe('#/conversations/c7');
  });

  it('keeps the composer of a visitor who leaves meanwhile, saying they left', async () => {
    const { root, live, row, show } = await mount(shop);
    await act(() => row('b').querySelector<HTMLButtonElement>('[data-testid=visitor-message]')!.click());
    live.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'b' } });
    await show();
    expect(row('b').querySelector('[data-testid=visitor-left]')!.textContent).toBe('Left the site');
    expect(root.querySelector<HTMLTextAreaElement>('[data-testid=proactive-input]')!.disabled).toBe(true);
    expect(root.querySelector<HTMLButtonElement>('[data-testid=proactive-send]')!.disabled).toBe(true);
    await act(() => root.querySelector<HTMLElement>('[data-testid=proactive-form] button[type=button]')!.click());
    expect(row('b')).toBeNull();
  });

  it('has no accessibility violations with a composer open (axe, no layout)', async () => {
    const { root, row } = await mount(shop);
    await act(() => row('b').querySelector<HTMLButtonElement>('[data-testid=visitor-message]')!.click());
    vi.useRealTimers();
    const results = await axe.run(root, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(', '))).toEqual([]);
  });
});
