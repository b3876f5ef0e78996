import { format } from '../../shared/i18n';
import type { Text } from '../../shared/strings';
import type { Message } from './messages';
import type { RateLimit } from './outbox';

type Props = { limit: RateLimit | null; messages: Message[]; text: Text };

/**
 * Why a message is still "Sending…" when the server rate-limited it (a 429), and when it goes again.
 * The status region is always in the page so screen readers announce the text when it appears. The
 * seconds do not count down: a live region that changes every second would be read out every second.
 */
export function LimitNotice({ limit, messages, text }: Props) {
  const shown = limit && messages.some((m) => m.clientMsgId == limit.clientMsgId && m.state == 'pending') ? limit : null;
  return (
    <div role="status" class="limit-region">
      {shown && (
        <p class="limit">
          {shown.kind == 'start' ? text.limitedStart : text.limitedSend}{' '}
          {shown.seconds == null ? text.sendSoon : format(text.sendIn, { seconds: shown.seconds })}
        </p>
      )}
    </div>
  );
}
