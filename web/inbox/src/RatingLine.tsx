import type { Inbox } from './inbox';
import type { Conversation } from './types';

const LABELS = ['Very bad', 'Bad', 'Okay', 'Good', 'Very good'];

/**
 * The contact's rating of the conversation (CSAT): score, label, comment and whom it counts for. Live on
 * `conversation.rated`; a polite status, so an agent on the conversation hears a new rating.
 */
export function RatingLine({ inbox, c }: { inbox: Inbox; c: Conversation }) {
  const r = c.rating;
  if (!r) return <div role="status" class="sr-only" />;
  const agent = r.agent_id ? inbox.state.agents[r.agent_id] : undefined;
  const low = r.score <= 2;
  return (
    <div role="status" class={'rating-line' + (low ? ' low' : '')} data-testid="rating" data-score={r.score}>
      <span class="stars" aria-hidden="true">
        {'★'.repeat(r.score) + '☆'.repeat(5 - r.score)}
      </span>
      <span>
        Rated {r.score} of 5 ({LABELS[r.score - 1]}){agent ? ` for ${agent.id == inbox.me.id ? 'you' : agent.name}` : ''}
      </span>
      {r.comment && <q class="rating-comment">{r.comment}</q>}
    </div>
  );
}
