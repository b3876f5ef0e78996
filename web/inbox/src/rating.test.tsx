// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import type { Inbox } from './inbox';
import { RatingLine } from './RatingLine';
import * as S from './store';
import type { Conversation, Rating } from './types';

const conv = (extra: Partial<Conversation> = {}): Conversation => ({
  id: 'c1', status: 'resolved', visitor_id: 'v1', last_seq: 3, agent_read_seq: 3, visitor_read_seq: 3,
  created_at: 1, last_activity_at: 100, ...extra,
});
const rating = (score: number, updated_at: number, comment?: string): Rating =>
  ({ conversation_id: 'c1', score, comment, agent_id: 'a1', created_at: 10, updated_at });
const withConv = () => S.upsertConversation(S.emptyState(), conv());
const rated = (r: Rating) => ({ type: 'event', event: 'conversation.rated', cursor: 9, conversation_id: 'c1', data: { conversation_id: 'c1', rating: r } });

describe('ratings in the inbox state', () => {
  it('conversation.rated sets the rating; a replayed or older one never rolls it back', () => {
    let state = S.applyEvent(withConv(), rated(rating(4, 20)) as any);
    expect(state.conversations.c1.rating).toMatchObject({ score: 4 });
    state = S.applyEvent(state, rated(rating(2, 30, 'Slow')) as any);
    expect(state.conversations.c1.rating).toMatchObject({ score: 2, comment: 'Slow' });
    expect(S.applyRating(state, 'c1', rating(5, 20)).conversations.c1.rating!.score).toBe(2);
    expect(S.applyRating(state, 'c1', null).conversations.c1.rating!.score).toBe(2);
    expect(S.applyEvent(S.emptyState(), rated(rating(4, 20)) as any)).toEqual(S.emptyState());
  });

  it('a new view of the conversation (status change, assignment) keeps the rating', () => {
    const state = S.applyRating(withConv(), 'c1', rating(5, 20));
    const reopened = S.upsertConversation(state, conv({ status: 'open', last_activity_at: 200 }));
    expect(reopened.conversations.c1.rating!.score).toBe(5);
  });
});

describe('RatingLine', () => {
  const inbox = { me: { id: 'a1' }, state: { agents: { a1: { id: 'a1', name: 'Donni' } } } } as unknown as Inbox;

  it('shows the score, its label, whom it counts for and the comment, as a status', () => {
    const root = document.createElement('div');
    render(<RatingLine inbox={inbox} c={conv({ rating: rating(2, 20, 'Took two days') })} />, root);
    const line = root.querySelector('[data-testid="rating"]')!;
    expect(line.getAttribute('role')).toBe('status');
    expect(line.textContent).toContain('Rated 2 of 5 (Bad) for you');
    expect(line.querySelector('q')!.textContent).toBe('Took two days');
    expect(line.classList.contains('low')).toBe(true);
  });

  it('keeps an empty live region while there is no rating', () => {
    const root = document.createElement('div');
    render(<RatingLine inbox={inbox} c={conv()} />, root);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('');
  });
});
