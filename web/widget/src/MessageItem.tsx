import { linkify } from '../../shared/linkify';
import { sanitizeContent, type Card, type RichButton } from '../../shared/rich';
import type { Text } from '../../shared/strings';
import type { Chat } from './chat';
import { useAttach } from './lazy';
import type { Message } from './messages';

/** A tapped quick reply or postback button: sends `label` as the text, with `payload` (docs/bots.md). */
export type Choose = (label: string, payload: string) => void;

type Props = { message: Message; text: Text; showName: boolean; seen: boolean; onRetry: () => void; onChoose: Choose; chat: Chat };

/** Message text is always rendered as text nodes; only http, https and mailto become links. */
export function RichText({ value, text }: { value: string; text: Text }) {
  return (
    <>
      {linkify(value).map((segment, i) =>
        segment.href ? (
          <a key={i} href={segment.href} target="_blank" rel="noopener noreferrer">
            {segment.text}
            <span class="sr-only"> {text.newTab}</span>
          </a>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}

/** Postback buttons are buttons that send; link buttons are links (http/https only, new tab). */
function Buttons({ buttons, text, onChoose }: { buttons: RichButton[]; text: Text; onChoose: Choose }) {
  return (
    <div class="links" role="group" aria-label={text.choices}>
      {buttons.map((b, i) =>
        b.payload ? (
          <button key={i} type="button" class="link-button" onClick={() => onChoose(b.label, b.payload!)}>
            {b.label}
          </button>
        ) : (
          <a key={i} class="link-button" href={b.url} target="_blank" rel="noopener noreferrer">
            {b.label}
            <span class="sr-only"> {text.newTab}</span>
          </a>
        ),
      )}
    </div>
  );
}

/** A carousel: scrolls sideways, and from the keyboard once focused (it is a tab stop). */
function Cards({ cards, text, onChoose }: { cards: Card[]; text: Text; onChoose: Choose }) {
  return (
    <ul class="cards" tabIndex={0} aria-label={text.cards}>
      {cards.map((c, i) => (
        <li key={i} class="card">
          {c.image_url && <img src={c.image_url} alt={c.title} loading="lazy" referrerpolicy="no-referrer" />}
          <p class="card-title">{c.title}</p>
          {c.subtitle && <p class="card-sub">{c.subtitle}</p>}
          {c.buttons && <Buttons buttons={c.buttons} text={text} onChoose={onChoose} />}
        </li>
      ))}
    </ul>
  );
}

/**
 * A message with files: its text and files, shown by the code for files, which loads with the first
 * such message (lazy.ts). Until then it shows nothing, rather than a text the files may replace.
 */
function WithFiles({ message, chat, text }: { message: Message; chat: Chat; text: Text }) {
  const m = useAttach();
  return m ? <m.MessageFiles message={message} chat={chat} text={text} /> : null;
}

export function MessageItem({ message: m, text, showName, seen, onRetry, onChoose, chat }: Props) {
  const mine = m.sender.type == 'contact';
  // What the visitor sent carries only a payload and files: nothing to show but its text and files.
  const rich = mine ? {} : sanitizeContent(m.content);
  return (
    <li class={`msg ${mine ? 'mine' : 'theirs'} ${m.state}${rich.cards ? ' wide' : ''}`}>
      {showName && <span class="from">{m.sender.name || text.team}</span>}
      {m.content?.attachments?.length ? (
        <WithFiles message={m} chat={chat} text={text} />
      ) : (
        <p class="bubble">
          <RichText value={m.text} text={text} />
        </p>
      )}
      {rich.buttons && <Buttons buttons={rich.buttons} text={text} onChoose={onChoose} />}
      {rich.cards && <Cards cards={rich.cards} text={text} onChoose={onChoose} />}
      {mine && m.state == 'pending' && <span class="status">{text.sending}</span>}
      {mine && m.state == 'failed' && (
        <span class="status failed" role="alert">
          {text.failed}{' '}
          <button type="button" class="retry" onClick={onRetry}>
            {text.retry}
          </button>
        </span>
      )}
      {seen && <span class="status">{text.seen}</span>}
    </li>
  );
}
