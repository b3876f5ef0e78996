// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { FRAME_TEXT } from '../../shared/strings';
import { LimitNotice } from './LimitNotice';
import type { Message } from './messages';
import type { RateLimit } from './outbox';

const pending = { clientMsgId: 'm1', sender: { type: 'contact' }, text: 'Hello', createdAt: 0, state: 'pending' } as Message;

function mount(limit: RateLimit | null, messages: Message[], locale: 'en' | 'fr' | 'de' = 'en') {
  const root = document.createElement('div');
  act(() => render(<LimitNotice limit={limit} messages={messages} text={FRAME_TEXT[locale]} />, root));
  return root.querySelector('[role="status"]')!;
}

describe('the rate-limit notice', () => {
  it('says why the message waits and when it goes, in a polite status region', () => {
    const status = mount({ clientMsgId: 'm1', kind: 'start', seconds: 25 }, [pending]);
    expect(status.textContent).toBe("Too many new conversations from your network right now. We'll send your message in 25 s.");
    expect(mount({ clientMsgId: 'm1', kind: 'start', seconds: 25 }, [pending], 'fr').textContent).toContain('dans 25 s.');
  });

  it('gives no time when the server did not say', () => {
    expect(mount({ clientMsgId: 'm1', kind: 'send' }, [pending]).textContent).toBe(
      "Too many messages right now. We'll send your message as soon as we can.",
    );
  });

  it('keeps the empty region when nothing waits, or the waiting message is not in this thread', () => {
    expect(mount(null, [pending]).textContent).toBe('');
    expect(mount({ clientMsgId: 'other', kind: 'start', seconds: 5 }, [pending]).textContent).toBe('');
  });
});
