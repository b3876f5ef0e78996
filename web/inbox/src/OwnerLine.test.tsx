// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Inbox } from './inbox';
import { OwnerLine } from './OwnerLine';
import * as S from './store';
import type { Conversation } from './types';

afterEach(() => {
  document.body.innerHTML = '';
});

const conv = (owner?: Conversation['owner']): Conversation => ({ id: 'c1', status: 'open', visitor_id: 'v', last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: 1, last_activity_at: 1, owner });

const APPS: Record<string, string> = { a1: 'Order bot' };

function mount(state: S.State, notice?: { text: string; error?: boolean }, extra: { apps?: Record<string, string>; request?: any } = {}) {
  const apps = extra.apps ?? {};
  const owners = {
    names: { f1: 'Stylist' },
    name: (id: string) => (id == 'f1' ? 'Stylist' : undefined),
    appName: (id: string) => APPS[id],
    appList: () => Object.entries(apps).map(([id, name]) => ({ id, name })),
    request: () => extra.request,
    notice: notice ? { c1: notice } : {},
    busy: new Set(),
    takeOver: vi.fn(),
    giveBack: vi.fn(),
    giveToApp: vi.fn(),
  };
  const inbox = { state, owners } as unknown as Inbox;
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<OwnerLine inbox={inbox} c={state.conversations.c1} />, root));
  return { root, owners };
}

describe('OwnerLine', () => {
  it('says which bot handles the thread and offers to take over', () => {
    const { root, owners } = mount(S.setConversations(S.emptyState(), [conv({ type: 'flow', id: 'f1', version: 1 })]));
    expect(root.querySelector('[data-testid=owner-line]')!.getAttribute('data-owner')).toBe('flow');
    expect(root.querySelector('[data-testid=owner-text]')!.textContent).toBe('Stylist bot is handling this.');
    expect(root.querySelector('[data-testid=give-back]')).toBeNull();
    act(() => (root.querySelector('[data-testid=take-over]') as HTMLElement).click());
    expect(owners.takeOver).toHaveBeenCalledWith('c1');
  });

  it('offers to give back a thread a flow ran, with the last change said', () => {
    let s = S.setConversations(S.emptyState(), [conv({ type: 'flow', id: 'f1', version: 1 })]);
    s = S.upsertConversation(s, { ...conv({ type: 'humans' }), last_activity_at: 2 });
    const { root, owners } = mount(s, { text: 'You took over from Stylist bot: it stopped asking.' });
    expect(root.querySelector('[data-testid=owner-line]')!.getAttribute('data-owner')).toBe('humans');
    expect(root.querySelector('[data-testid=take-over]')).toBeNull();
    expect(root.querySelector('[data-testid=owner-notice]')!.textContent).toBe('You took over from Stylist bot: it stopped asking.');
    act(() => (root.querySelector('[data-testid=give-back]') as HTMLElement).click());
    expect(owners.giveBack).toHaveBeenCalledWith('c1');
  });

  it('shows nothing for a thread no flow ran (or a server without bots)', () => {
    expect(mount(S.setConversations(S.emptyState(), [conv({ type: 'humans' })])).root.innerHTML).toBe('');
    document.body.innerHTML = '';
    expect(mount(S.setConversations(S.emptyState(), [conv()])).root.innerHTML).toBe('');
  });

  it('says which app handles the thread and offers to take over', () => {
    const { root, owners } = mount(S.setConversations(S.emptyState(), [conv({ type: 'app', id: 'a1' })]), undefined, { apps: APPS });
    expect(root.querySelector('[data-testid=owner-line]')!.getAttribute('data-owner')).toBe('app');
    expect(root.querySelector('[data-testid=owner-text]')!.textContent).toBe('Order bot is handling this.');
    expect(root.querySelector('[data-testid=give-to-app-menu]')).toBeNull();
    act(() => (root.querySelector('[data-testid=take-over]') as HTMLElement).click());
    expect(owners.takeOver).toHaveBeenCalledWith('c1');
  });

  it("lets the team give its thread to an app, and answers an app's request", () => {
    const request = { conversation: conv({ type: 'humans' }), requested_by: { type: 'app', id: 'a1' }, owner: { type: 'humans' }, metadata: 'wants order 42' };
    const { root, owners } = mount(S.setConversations(S.emptyState(), [conv({ type: 'humans' })]), undefined, { apps: APPS, request });
    expect(root.querySelector('[data-testid=owner-line]')!.getAttribute('data-owner')).toBe('humans');
    expect(root.querySelector('[data-testid=owner-text]')!.textContent).toBe('The team is handling this.');
    expect(root.querySelector('[data-testid=thread-request]')!.textContent).toContain('Order bot asks for this conversation');
    expect(root.querySelector('[data-testid=thread-request] q')!.textContent).toBe('wants order 42');
    act(() => (root.querySelector('[data-testid=give-to-app][data-app-id=a1]') as HTMLElement).click());
    expect(owners.giveToApp).toHaveBeenCalledWith('c1', 'a1');
    const give = root.querySelector('[data-testid=give-to-requester]') as HTMLElement;
    expect(give.textContent).toBe('Give to Order bot');
    act(() => give.click());
    expect(owners.giveToApp).toHaveBeenCalledTimes(2);
  });
});
