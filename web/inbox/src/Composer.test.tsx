// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useUploads } from './Attach';
import { Composer } from './Composer';
import type { Inbox } from './inbox';
import type { Conversation } from './types';

afterEach(() => {
  document.body.innerHTML = '';
  localStorage.clear();
});

const conv = (owner: Conversation['owner']): Conversation => ({ id: 'c1', status: 'open', visitor_id: 'v', last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: 1, last_activity_at: 1, owner });

/** The composer with its conversation's uploads, as ConversationView gives them. */
function WithFiles({ inbox, c }: { inbox: Inbox; c: Conversation }) {
  return <Composer inbox={inbox} c={c} files={useUploads(c.id)} />;
}

function mount(c: Conversation) {
  let rerender = (_c: Conversation) => {};
  const takeOver = vi.fn();
  const inbox = { me: { id: 'me' }, state: { agents: {} }, owners: { takeOver }, sendTyping: vi.fn(), send: vi.fn() } as unknown as Inbox;
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<WithFiles inbox={inbox} c={c} />, root));
  rerender = (next) => act(() => render(<WithFiles inbox={inbox} c={next} />, root));
  const input = root.querySelector('textarea')!;
  const type = (value: string) =>
    act(() => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
  return { root, takeOver, type, rerender: (next: Conversation) => rerender(next) };
}

describe('Composer in a thread a bot owns', () => {
  it('takes over once as the agent starts a visible reply', () => {
    const { root, takeOver, type } = mount(conv({ type: 'flow', id: 'f1', version: 1 }));
    expect(root.querySelector('textarea')!.placeholder).toContain('takes over from the bot');
    type(' ');
    expect(takeOver).not.toHaveBeenCalled();
    type('H');
    type('Hi');
    expect(takeOver).toHaveBeenCalledTimes(1);
    expect(takeOver).toHaveBeenCalledWith('c1', true);
  });

  it('takes over again after the thread was given back to the bot', () => {
    const { takeOver, type, rerender } = mount(conv({ type: 'flow', id: 'f1', version: 1 }));
    type('Hi');
    rerender(conv({ type: 'humans' }));
    type('Hi there');
    rerender(conv({ type: 'flow', id: 'f1', version: 1 }));
    type('');
    type('Again');
    expect(takeOver).toHaveBeenCalledTimes(2);
  });

  it('leaves the bot running while the agent writes a private note, and in a thread of the humans', () => {
    const bot = mount(conv({ type: 'flow', id: 'f1', version: 1 }));
    act(() => (bot.root.querySelector('[data-testid=note-toggle]') as HTMLElement).click());
    bot.type('Careful, VIP');
    expect(bot.takeOver).not.toHaveBeenCalled();
    document.body.innerHTML = '';
    const ours = mount(conv({ type: 'humans' }));
    ours.type('Hi');
    expect(ours.takeOver).not.toHaveBeenCalled();
  });
});
