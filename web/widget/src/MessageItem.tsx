import { linkify, safeHref } from '../../shared/linkify';
import type { Text } from '../../shared/strings';
import type { Message } from './messages';

type Props = { message: Message; text: Text; showName: boolean; seen: boolean; onRetry: () => void };

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

export function MessageItem({ message: m, text, showName, seen, onRetry }: Props) {
  const mine = m.sender.type == 'contact';
  const buttons = (m.content?.buttons || []).filter((b) => b && typeof b.label == 'string' && safeHref(b.url));
  return (
    <li class={`msg ${mine ? 'mine' : 'theirs'} ${m.state}`}>
      {showName && <span class="from">{m.sender.name || text.team}</span>}
      <p class="bubble">
        <RichText value={m.text} text={text} />
      </p>
      {buttons.length > 0 && (
        <div class="links">
          {buttons.map((b, i) => (
            <a key={i} class="link-button" href={safeHref(b.url)!} target="_blank" rel="noopener noreferrer">
              {b.label}
              <span class="sr-only"> {text.newTab}</span>
            </a>
          ))}
        </div>
      )}
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
