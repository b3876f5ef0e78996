// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FRAME_TEXT } from '../../shared/strings';
import type { Rating, VisitorApi } from './api';
import type { Bridge } from './bridge';
import { Chat } from './chat';
import type { SocketOptions, VisitorSocket } from './realtime';
import { RatingPrompt } from './RatingPrompt';
import { useChat } from './useChat';

const text = FRAME_TEXT.en;
const C = 'c1';
const stored = (score: number, comment?: string): Rating => ({ conversation_id: C, score, comment, created_at: 1, updated_at: 2 });

/** A Chat whose API answers from memory: `existing` is the rating the server has. */
function setup(existing: Rating | null = null) {
  let options!: SocketOptions;
  const rating = vi.fn(async () => existing);
  const rate = vi.fn(async (_id: string, score: number, comment?: string | null) => stored(score, comment || undefined));
  const api = { token: 'vt_x', rating, rate } as unknown as VisitorApi;
  const socket = { connect() {}, send: () => false } as unknown as VisitorSocket;
  const chat = new Chat({
    api, bridge: { post() {} } as unknown as Bridge, text, wsUrl: 'ws://x',
    socket: (o) => ((options = o), socket), isHidden: () => false,
  });
  return { chat, rating, rate, frame: (f: any) => options.onFrame(f) };
}

function Live({ chat }: { chat: Chat }) {
  const state = useChat(chat);
  return <ol>{<RatingPrompt chat={chat} id={C} rating={state.ratings[C]} text={text} />}</ol>;
}

const flush = () => act(async () => { for (let i = 0; i < 5; i++) await Promise.resolve(); });

async function mount(chat: Chat) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<Live chat={chat} />, root));
  await flush();
  return root;
}

const faces = (root: HTMLElement) => [...root.querySelectorAll<HTMLButtonElement>('.face')];
const button = (root: HTMLElement, label: string) => [...root.querySelectorAll('button')].find((b) => b.textContent == label)!;
const status = (root: HTMLElement) => root.querySelector('[role="status"]')!.textContent;

describe('RatingPrompt', () => {
  beforeEach(() => (document.body.innerHTML = ''));

  it('asks with five labelled faces in a group; one tap saves the score and announces it', async () => {
    const { chat, rate } = setup();
    const root = await mount(chat);
    const group = root.querySelector('[role="group"]')!;
    expect(document.getElementById(group.getAttribute('aria-labelledby')!)!.textContent).toBe(text.rateAsk);
    expect(faces(root).map((b) => b.getAttribute('aria-label'))).toEqual([
      'Very bad (1 of 5)', 'Bad (2 of 5)', 'Okay (3 of 5)', 'Good (4 of 5)', 'Very good (5 of 5)',
    ]);
    expect(faces(root).every((b) => b.getAttribute('aria-pressed') == 'false')).toBe(true);

    act(() => faces(root)[3].click());
    await flush();
    expect(rate).toHaveBeenCalledWith(C, 4, undefined);
    expect(faces(root)[3].getAttribute('aria-pressed')).toBe('true');
    expect(status(root)).toBe('Rating saved: Good.');
    expect(root.querySelector('label')!.textContent).toBe(text.rateMore);
  });

  it('sends the optional comment, thanks, and keeps the comment when the score changes', async () => {
    const { chat, rate } = setup();
    const root = await mount(chat);
    act(() => faces(root)[4].click());
    await flush();
    const field = root.querySelector('textarea')!;
    expect(field.maxLength).toBe(1000);
    act(() => {
      field.value = '  Quick and kind  ';
      field.dispatchEvent(new Event('input'));
    });
    act(() => button(root, text.send).click());
    await flush();
    expect(rate).toHaveBeenLastCalledWith(C, 5, 'Quick and kind');
    expect(root.querySelector('textarea')).toBeNull();
    expect(root.textContent).toContain(text.rateThanks);
    expect(root.querySelector('.rate-comment')!.textContent).toBe('Quick and kind');
    expect(button(root, text.rateEditComment)).toBeTruthy();

    act(() => faces(root)[1].click());
    await flush();
    expect(rate).toHaveBeenLastCalledWith(C, 2, 'Quick and kind');
    expect(faces(root)[1].getAttribute('aria-pressed')).toBe('true');
    expect(root.querySelector('textarea')).toBeNull();
  });

  it('shows a rating given earlier (reopening the conversation) as thanks, with a way to add a comment', async () => {
    const { chat, rating } = setup(stored(3));
    const root = await mount(chat);
    expect(rating).toHaveBeenCalledTimes(1);
    expect(faces(root)[2].getAttribute('aria-pressed')).toBe('true');
    expect(root.textContent).toContain(text.rateThanks);
    act(() => button(root, text.rateAddComment).click());
    expect(root.querySelector('textarea')).not.toBeNull();
  });

  it('says so when saving fails, and the visitor can tap again', async () => {
    const { chat, rate } = setup();
    rate.mockRejectedValueOnce(new Error('offline'));
    const root = await mount(chat);
    act(() => faces(root)[0].click());
    await flush();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe(text.rateFailed);
    expect(faces(root)[0].getAttribute('aria-pressed')).toBe('false');
    act(() => faces(root)[0].click());
    await flush();
    expect(root.querySelector('[role="alert"]')).toBeNull();
    expect(faces(root)[0].getAttribute('aria-pressed')).toBe('true');
  });
});

describe('Chat ratings', () => {
  it('reads a rating once, and follows conversation.rated from another tab or /me', async () => {
    const { chat, rating, frame } = setup();
    chat.loadRating(C);
    chat.loadRating(C);
    await flush();
    expect(rating).toHaveBeenCalledTimes(1);
    expect(chat.state.ratings[C]).toBeNull();
    frame({ type: 'event', event: 'conversation.rated', data: { conversation_id: C, rating: stored(5, 'Great') } });
    expect(chat.state.ratings[C]).toMatchObject({ score: 5, comment: 'Great' });
  });

  it('a failed read counts as no rating, so the prompt still asks', async () => {
    const { chat, rating } = setup();
    rating.mockRejectedValueOnce(new Error('404'));
    chat.loadRating(C);
    await flush();
    expect(chat.state.ratings[C]).toBeNull();
  });
});
