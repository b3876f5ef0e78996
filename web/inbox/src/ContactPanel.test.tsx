// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ContactPanel } from './ContactPanel';
import { Inbox } from './inbox';
import { entry, T } from './live.fixture';
import type { Agent, Conversation } from './types';

const me: Agent = { id: 'me', email: 'me@x.example', name: 'Me', role: 'agent', active: true };
const c: Conversation = { id: 'c1', status: 'open', visitor_id: 'v1', contact: { id: 'k' }, last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: T, last_activity_at: T };
const logged = { activity: [{ type: 'page_view', url: 'https://shop.example/', title: 'Home', at: T - 60_000 }], current_page: { type: 'page_view', url: 'https://shop.example/', title: 'Home', at: T - 60_000 } };

beforeEach(() => {
  vi.stubGlobal('fetch', async (url: string) => {
    const json = url.includes('/contacts/') ? { contact: { id: 'k', attributes: {}, created_at: 1, updated_at: 1 }, conversations: [] } : url.includes('/activity') ? logged : {};
    return new Response(JSON.stringify(json), { status: 200 });
  });
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe("the contact panel's live trail", () => {
  it('follows visitor.updated of the conversation’s visitor, and no one else’s', async () => {
    const inbox = new Inbox(me, () => {}, () => {});
    const root = document.createElement('div');
    document.body.append(root);
    const show = () => act(async () => render(<ContactPanel inbox={inbox} c={c} onClose={() => {}} />, root));
    const current = () => root.querySelector('[data-testid=current-page] a')?.textContent;
    const trail = () => [...root.querySelectorAll('[data-testid=recent-pages] li a')].map((a) => a.textContent);
    await vi.waitFor(async () => {
      await show();
      expect(current()).toBe('Home');
    });

    const page = (url: string, title: string, at: number) => ({ url, title, at });
    const silk = page('https://shop.example/silk', 'Silk scarf', T);
    inbox.live.onFrame({ type: 'event', event: 'visitor.updated', data: entry('other', 0, { visitor_id: 'v2', current_page: page('https://shop.example/x', 'Not theirs', T + 1) }) });
    await show();
    expect(current()).toBe('Home');

    inbox.live.onFrame({ type: 'event', event: 'visitor.updated', data: entry('anon-1', 0, { visitor_id: 'v1', current_page: silk, pages: [silk, page('https://shop.example/', 'Home', T - 60_000)] }) });
    await show();
    expect(current()).toBe('Silk scarf');
    expect(trail()).toEqual(['Silk scarf', 'Home']);

    const wool = page('https://shop.example/wool', 'Wool scarf', T + 30_000);
    inbox.live.onFrame({ type: 'event', event: 'visitor.updated', data: entry('anon-1', -30_000, { visitor_id: 'v1', current_page: wool, pages: [wool, silk] }) });
    await show();
    expect(current()).toBe('Wool scarf');
    expect(trail()).toEqual(['Wool scarf', 'Silk scarf', 'Home']);

    // Gone from the live list: the trail seen stays.
    inbox.live.onFrame({ type: 'event', event: 'visitor.left', data: { id: 'anon-1' } });
    await show();
    expect(current()).toBe('Wool scarf');
    expect(trail()).toEqual(['Wool scarf', 'Silk scarf', 'Home']);
  });
});
