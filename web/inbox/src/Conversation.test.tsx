// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConversationView } from './Conversation';
import { Inbox } from './inbox';
import * as S from './store';
import type { Agent, Conversation, Message } from './types';

const me: Agent = { id: 'me', email: 'me@x.example', name: 'Me', role: 'agent', active: true };
const c: Conversation = {
  id: 'c1',
  status: 'open',
  visitor_id: 'v',
  contact: { id: 'k', name: 'Dana' },
  last_seq: 4,
  agent_read_seq: 4,
  visitor_read_seq: 0,
  created_at: 1,
  last_activity_at: 1,
  owner: { type: 'humans' },
  attributes: { budget: '100-200', gift: true },
};
const bot = { type: 'bot' as const, id: 'flow:f1', name: 'Stylist' };
const msg = (seq: number, extra: Partial<Message>): Message => ({ id: 'm' + seq, conversation_id: 'c1', seq, sender: bot, text: 't' + seq, private: false, client_msg_id: 'x' + seq, created_at: 1000 + seq, ...extra });

beforeEach(() => {
  vi.stubGlobal('fetch', async (url: string) => {
    const json = url.includes('/contacts/') ? { contact: { id: 'k', name: 'Dana', attributes: { style: 'classic' }, created_at: 1, updated_at: 1 }, conversations: [] } : url.includes('/activity') ? { activity: [] } : {};
    return new Response(JSON.stringify(json), { status: 200 });
  });
  (window as any).innerWidth = 1400;
});
afterEach(() => {
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

describe('a conversation a flow ran', () => {
  it('shows its rich messages read-only, the give back button and both kinds of attributes', async () => {
    const inbox = new Inbox(me, () => {}, () => {});
    inbox.state = S.addPage(S.setConversations(S.emptyState(), [c]), 'c1', [
      msg(1, { text: 'Which style is yours?', content: { quick_replies: [{ label: 'Classic', payload: 'classic' }] } }),
      msg(2, { sender: { type: 'contact', id: 'k' }, text: 'Classic', content: { payload: 'classic' } }),
      msg(3, { text: 'Your email?', content: { input: { type: 'email' } } }),
      msg(4, { private: true, text: 'style: classic', content: { summary: { flow_id: 'f1', version: 3, answers: { style: 'classic' } } } }),
    ], false);
    inbox.owners.names.f1 = 'Stylist';
    const root = document.createElement('div');
    document.body.append(root);
    await act(async () => render(<ConversationView inbox={inbox} id="c1" />, root));
    await act(async () => {});
    const q = (id: string) => root.querySelector(`[data-testid=${id}]`);
    expect(q('quick-replies')!.textContent).toBe('Classic');
    expect(q('payload-hint')!.textContent).toBe('tapped: classic');
    expect(q('input-hint')!.textContent).toBe('asks for an email');
    expect(q('flow-summary')!.querySelector('caption')!.textContent).toBe('Answers collected by Stylist (version 3)');
    // The summary note's table says what its text says.
    expect(root.querySelector('[data-seq="4"] .text')).toBeNull();
    expect(q('give-back')).toBeTruthy();
    expect(q('conversation-attributes')!.textContent).toBe('budget100-200gifttrue');
    await vi.waitFor(() => expect(q('contact-attributes')!.textContent).toBe('styleclassic'));
  });
});

describe('a conversation with files', () => {
  it("shows a message's files in its bubble without repeating their names as text, and a pending reply's files", async () => {
    const inbox = new Inbox(me, () => {}, () => {});
    const photo = { id: 'f1', name: 'IMG_2041.jpg', content_type: 'image/jpeg', size: 3000, kind: 'image', width: 400, height: 300 };
    inbox.state = S.addPage(S.setConversations(S.emptyState(), [c]), 'c1', [
      msg(1, { sender: { type: 'contact', id: 'k' }, text: 'IMG_2041.jpg', content: { attachments: [photo] } }),
      msg(2, { sender: { type: 'contact', id: 'k' }, text: 'My broken scarf', content: { attachments: [photo] } }),
    ], false);
    const pdf = { id: 'f3', name: 'label.pdf', content_type: 'application/pdf', size: 1200, kind: 'file' as const };
    inbox.outbox.add({ client_msg_id: 'p1', conversation_id: 'c1', text: '', private: false, attachments: [pdf], created_at: 5, tried_at: 5 });
    const root = document.createElement('div');
    document.body.append(root);
    await act(async () => render(<ConversationView inbox={inbox} id="c1" />, root));
    const first = root.querySelector('[data-seq="1"]')!;
    expect(first.querySelector('.text')).toBeNull();
    expect(first.querySelector<HTMLImageElement>('img.att-thumb')!.alt).toBe('IMG_2041.jpg');
    expect(root.querySelector('[data-seq="2"] .text')!.textContent).toBe('My broken scarf');
    const pending = root.querySelector('[data-testid=message-pending]')!;
    expect(pending.querySelector('.text')).toBeNull();
    expect(pending.querySelector('[data-testid=file-card] .att-name')!.textContent).toBe('label.pdf');
    inbox.stop();
  });
});
