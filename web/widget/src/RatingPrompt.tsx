import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { format } from '../../shared/i18n';
import type { Text } from '../../shared/strings';
import type { Rating } from './api';
import type { Chat } from './chat';

/** Faces for scores 1..5; each button also carries its label ("Good (4 of 5)") for screen readers. */
const FACES = ['😞', '🙁', '😐', '🙂', '😄'];
/** The server's limit for a comment (characters). */
export const MAX_COMMENT = 1000;

export const scoreLabel = (text: Text, score: number) => text[`rate${score}` as 'rate1'];

type Props = { chat: Chat; id: string; rating: Rating | null | undefined; text: Text };

/**
 * The end of a resolved conversation (CSAT): five faces, one tap saves the score; then an optional comment
 * with Send, then thanks. Another tap changes the score (the comment stays). What was saved is announced.
 */
export function RatingPrompt({ chat, id, rating, text }: Props) {
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [note, setNote] = useState('');
  const box = useRef<HTMLLIElement>(null);
  useEffect(() => chat.loadRating(id), [chat, id]);
  // The comment field opens under the faces: keep it in view at the end of the thread.
  useLayoutEffect(() => box.current?.scrollIntoView?.({ block: 'nearest' }), [editing]);
  if (rating === undefined) return null;

  const save = async (score: number, comment?: string | null) => {
    setBusy(true);
    setError('');
    try {
      const saved = await chat.rate(id, score, comment);
      setNote(format(text.rateSaved, { label: scoreLabel(text, saved.score) }));
      return saved;
    } catch {
      setError(text.rateFailed);
      return null;
    } finally {
      setBusy(false);
    }
  };
  const tap = async (score: number) => {
    const saved = await save(score, editing ? draft.trim() || rating?.comment : rating?.comment);
    if (saved && !saved.comment && !rating) {
      setDraft('');
      setEditing(true);
    }
  };
  const send = async (e: Event) => {
    e.preventDefault();
    if (rating && (await save(rating.score, draft.trim()))) {
      setEditing(false);
      setNote(text.rateThanks);
    }
  };

  const title = 'parley-rate-' + id;
  const field = 'parley-rate-comment-' + id;
  return (
    <li class="rate" ref={box}>
      <p id={title} class="ask-title">
        {text.rateAsk}
      </p>
      <div class="faces" role="group" aria-labelledby={title}>
        {FACES.map((face, i) => (
          <button
            key={i}
            type="button"
            class="face"
            aria-pressed={rating?.score == i + 1}
            aria-label={format(text.rateScore, { label: scoreLabel(text, i + 1), score: i + 1 })}
            disabled={busy}
            onClick={() => tap(i + 1)}
          >
            <span aria-hidden="true">{face}</span>
          </button>
        ))}
      </div>
      {rating && editing && (
        <form onSubmit={send} noValidate>
          <label for={field} class="ask-title">
            {text.rateMore}
          </label>
          <div class="ask-row">
            <textarea id={field} rows={2} maxLength={MAX_COMMENT} value={draft} onInput={(e) => setDraft(e.currentTarget.value)} />
            <button type="submit" class="primary" disabled={busy}>
              {text.send}
            </button>
          </div>
        </form>
      )}
      {rating && !editing && (
        <>
          <p class="follow-note">{text.rateThanks}</p>
          {rating.comment && <p class="rate-comment">{rating.comment}</p>}
          <button
            type="button"
            class="retry"
            onClick={() => {
              setDraft(rating.comment || '');
              setEditing(true);
            }}
          >
            {rating.comment ? text.rateEditComment : text.rateAddComment}
          </button>
        </>
      )}
      <div role="status" class="follow-note">
        {note}
      </div>
      {error && (
        <p class="ask-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
