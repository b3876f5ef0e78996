// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { HUMAN_PAYLOAD } from '../../shared/rich';
import { FRAME_TEXT } from '../../shared/strings';
import type { Conversation, VisitorApi } from './api';
import type { Chat, ChatState } from './chat';
import { Composer } from './Composer';
import { FollowUp } from './followup';
import type { Message } from './messages';
import { Thread } from './Thread';

const text = FRAME_TEXT.en;
const C = 'c1';
const bot = { type: 'bot' as const, name: 'Stylist' };
const said = (sender: Message['sender'], t: string, content?: unknown, seq = 1): Message =>
  ({ id: 'm' + seq, seq, sender, text: t, content, createdAt: seq, state: 'sent' }) as Message;

function fakeChat() {
  const outbox = { send: vi.fn(), typing: vi.fn(), stopTyping: vi.fn(), retry: vi.fn() };
  return { outbox, load: vi.fn() } as unknown as Chat & { outbox: typeof outbox };
}

function mount(node: preact.ComponentChild) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(node, root));
  return root;
}

function thread(messages: Message[], conversation?: Partial<Conversation>) {
  const chat = fakeChat();
  const state = {
    threads: { [C]: messages },
    conversations: conversation ? [{ id: C, status: 'open', last_seq: 1, visitor_read_seq: 0, agent_read_seq: 0, created_at: 1, last_activity_at: 1, ...conversation }] : [],
    loading: {}, typing: {}, agentRead: {}, visitorRead: {}, rateLimit: null, ratings: {},
  } as unknown as ChatState;
  const follow = new FollowUp({ key: 'wk', api: {} as VisitorApi, pushUrl: '/p', storage: () => null as unknown as Storage });
  follow.dismissEmail();
  const root = mount(<Thread chat={chat} state={state} id={C} config={{ workspace_name: 'Shop' }} text={text} follow={follow} />);
  return { root, send: chat.outbox.send };
}

const button = (root: Element, name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent == name)!;

beforeEach(() => {
  document.body.innerHTML = '';
  delete (window as any).Notification;
});

describe('rich messages in the thread', () => {
  it('shows quick replies under the newest bot message, and a tap sends the label with the payload', () => {
    const { root, send } = thread([said(bot, 'Which style?', { quick_replies: [{ label: 'Classic', payload: 'classic' }, { label: 'Bold', payload: 'bold' }] })]);
    const chips = root.querySelector('.chips')!;
    expect(chips.getAttribute('aria-label')).toBe(text.suggestions);
    expect([...chips.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['Classic', 'Bold']);
    act(() => button(root, 'Bold').click());
    expect(send).toHaveBeenCalledWith('Bold', 'bold');
  });

  it('hides quick replies once the visitor answered', () => {
    const { root } = thread([
      said(bot, 'Which style?', { quick_replies: [{ label: 'Classic', payload: 'classic' }] }, 1),
      said({ type: 'contact' }, 'Classic', { payload: 'classic' }, 2),
    ]);
    expect(root.querySelector('.chips')).toBeNull();
  });

  it('renders buttons and cards as text, links http/https only, images https only', () => {
    const evil = '<img src=x onerror="window.pwned=1">';
    const { root, send } = thread([
      said(bot, 'Look', {
        buttons: [{ label: 'Size chart', url: 'https://shop.example/sizes' }, { label: 'Red', payload: 'red' }, { label: 'Bad', url: 'javascript:alert(1)' }],
        cards: [
          { title: evil, subtitle: '€89', image_url: 'https://shop.example/s.jpg', buttons: [{ label: 'See it', url: 'https://shop.example/s' }, { label: 'Buy', payload: 'buy' }] },
          { title: 'Wool', image_url: 'http://shop.example/w.jpg' },
        ],
      }),
    ]);
    const link = root.querySelector<HTMLAnchorElement>('a.link-button')!;
    expect(link.getAttribute('href')).toBe('https://shop.example/sizes');
    expect(link.target).toBe('_blank');
    expect(link.rel).toBe('noopener noreferrer');
    expect(root.textContent).not.toContain('Bad');
    act(() => button(root, 'Red').click());
    expect(send).toHaveBeenCalledWith('Red', 'red');

    const cards = root.querySelector('ul.cards')!;
    expect(cards.getAttribute('tabindex')).toBe('0');
    expect(cards.getAttribute('aria-label')).toBe(text.cards);
    expect(cards.querySelectorAll('li.card')).toHaveLength(2);
    expect(cards.querySelector('.card-title')!.textContent).toBe(evil);
    const images = cards.querySelectorAll('img');
    expect(images).toHaveLength(1); // the http image is not loaded
    expect(images[0].getAttribute('referrerpolicy')).toBe('no-referrer');
    expect(images[0].getAttribute('loading')).toBe('lazy');
    expect(images[0].getAttribute('alt')).toBe(evil);
    expect(root.querySelector('img[src="x"]')).toBeNull();
    expect((window as any).pwned).toBeUndefined();
    act(() => button(root, 'Buy').click());
    expect(send).toHaveBeenCalledWith('Buy', 'buy');
  });

  it('offers "Talk to a person" while a flow owns the conversation', () => {
    const { root, send } = thread([said(bot, 'Hi!')], { owner: { type: 'flow' } });
    act(() => button(root, text.talkToPerson).click());
    expect(send).toHaveBeenCalledWith(text.talkToPerson, HUMAN_PAYLOAD);
    expect(button(thread([said(bot, 'Hi!')], { owner: { type: 'humans' } }).root, text.talkToPerson)).toBeUndefined();
    expect(button(thread([said(bot, 'Hi!')], {}).root, text.talkToPerson)).toBeUndefined();
  });

  it('switches the message box to the answer the bot asks for', () => {
    const { root } = thread([said(bot, 'Your email?', { input: { type: 'email', placeholder: 'you@example.com' } })]);
    const input = root.querySelector<HTMLInputElement>('.composer input')!;
    expect(input.type).toBe('email');
    expect(input.getAttribute('inputmode')).toBe('email');
    expect(input.getAttribute('autocomplete')).toBe('email');
    expect(input.placeholder).toBe('you@example.com');
    expect(root.querySelector('.composer textarea')).toBeNull();
  });
});

describe('the message box for a requested answer', () => {
  const type = (root: Element, value: string) => {
    const input = root.querySelector<HTMLInputElement>('.composer input')!;
    act(() => {
      input.value = value;
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    return input;
  };
  const submit = (root: Element) => act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })));

  it('does not send an invalid value and announces why', () => {
    const chat = fakeChat();
    const root = mount(<Composer chat={chat} text={FRAME_TEXT.fr} input={{ type: 'email' }} />);
    const input = type(root, 'not an email');
    submit(root);
    expect(chat.outbox.send).not.toHaveBeenCalled();
    const error = root.querySelector('#parley-answer-error')!;
    expect(error.getAttribute('aria-live')).toBe('assertive');
    expect(error.textContent).toBe(FRAME_TEXT.fr.answerEmail);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe('parley-answer-error');

    type(root, 'ada@example.com');
    expect(error.textContent).toBe('');
    submit(root);
    expect(chat.outbox.send).toHaveBeenCalledWith('ada@example.com');
  });

  it.each([
    ['phone', 'tel', 'tel', '12', '+33 6 12 34 56 78', '+33 6 12 34 56 78'],
    ['number', 'text', 'decimal', 'ten', '3,5', '3.5'],
    // A date field of a browser that has none is a text field: the check still holds.
    ['date', 'date', null, '30/02/2026', '2026-03-01', '2026-03-01'],
  ] as const)('%s: type=%s inputmode=%s, checked before sending', (kind, htmlType, mode, bad, good, sent) => {
    const chat = fakeChat();
    const root = mount(<Composer chat={chat} text={FRAME_TEXT.de} input={{ type: kind }} />);
    const input = type(root, bad);
    expect(input.type).toBe(htmlType);
    expect(input.getAttribute('inputmode')).toBe(mode);
    if (kind == 'date') Object.defineProperty(input, 'value', { value: bad, configurable: true, writable: true });
    if (kind == 'date') act(() => void input.dispatchEvent(new Event('input', { bubbles: true })));
    submit(root);
    expect(chat.outbox.send).not.toHaveBeenCalled();
    expect(root.querySelector('#parley-answer-error')!.textContent).not.toBe('');
    if (kind == 'date') delete (input as any).value;
    type(root, good);
    submit(root);
    expect(chat.outbox.send).toHaveBeenCalledWith(sent);
  });

  it('is the usual text box otherwise, with the bot\'s placeholder for a text answer', () => {
    const root = mount(<Composer chat={fakeChat()} text={text} input={{ type: 'text', placeholder: 'Your name' }} />);
    expect(root.querySelector<HTMLTextAreaElement>('textarea')!.placeholder).toBe('Your name');
  });
});
