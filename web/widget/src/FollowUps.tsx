import { useEffect, useState } from 'preact/hooks';
import { format } from '../../shared/i18n';
import type { Text } from '../../shared/strings';
import { ASK_AFTER, emailAskDelay, firstUnanswered, messageKey, validEmail, type FollowUp } from './followup';
import type { Message } from './messages';

/** `askAfter`: the workspace's `email_ask_delay_seconds`, in milliseconds. */
type Props = { follow: FollowUp; messages: Message[]; teamOnline: boolean; text: Text; askAfter?: number; now?: () => number };

/**
 * Under an open conversation: "Turn on notifications" and, when nobody has answered in time, the ask for a
 * way to reach the visitor: an email, and in the same place the notifications button where the browser has them.
 */
export function FollowUps({ follow, messages, teamOnline, text, askAfter = ASK_AFTER, now = Date.now }: Props) {
  return (
    <div class="follow">
      <EmailAsk follow={follow} messages={messages} teamOnline={teamOnline} text={text} askAfter={askAfter} now={now} />
    </div>
  );
}

function PushControl({ follow, text }: { follow: FollowUp; text: Text }) {
  const [state, setState] = useState<'idle' | 'on' | 'blocked'>(follow.pushOn() ? 'on' : 'idle');
  if (!follow.pushSupported()) return null;
  return (
    <div class="push-state">
      {state != 'on' && (
        <button
          type="button"
          class="retry"
          onClick={() => follow.openPush().then((r) => r != 'closed' && setState(r == 'on' ? 'on' : 'blocked'))}
        >
          {text.pushTurnOn}
        </button>
      )}
      <div role="status" class="follow-note">
        {state == 'on' ? text.pushOn : state == 'blocked' ? text.pushPopup : ''}
      </div>
    </div>
  );
}

function EmailAsk({ follow, messages, teamOnline, text, askAfter, now }: Required<Props>) {
  const [due, setDue] = useState(false);
  const [closed, setClosed] = useState(follow.emailDone());
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const [saved, setSaved] = useState('');
  const [busy, setBusy] = useState(false);
  const delay = closed ? null : emailAskDelay(messages, teamOnline, now(), askAfter, follow.leftOn());
  const waiting = closed ? null : firstUnanswered(messages);

  useEffect(() => {
    if (delay == null) return;
    const timer = setTimeout(() => setDue(true), delay);
    return () => clearTimeout(timer);
  }, [delay == null, teamOnline, messages.length]);

  // Leaving the page with a question unanswered: ask now (shown if the page comes back from the
  // back-forward cache) and at once on the site's next page, where the frame loads again.
  useEffect(() => {
    if (!waiting) return;
    const onLeave = () => {
      follow.left(messageKey(waiting));
      setDue(true);
    };
    addEventListener('pagehide', onLeave);
    return () => removeEventListener('pagehide', onLeave);
  }, [waiting && messageKey(waiting)]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const email = value.trim();
    if (!validEmail(email)) return setError(text.emailInvalid);
    setError('');
    setBusy(true);
    try {
      await follow.saveEmail(email);
      setSaved(format(text.emailSaved, { email }));
      setClosed(true);
    } catch {
      setError(text.emailFailed);
    }
    setBusy(false);
  };

  // The confirmation region exists before it is filled, so screen readers announce it (role=status: polite).
  // A div: p[role=status] is the panel's offline banner.
  const asking = due && !closed;
  return (
    <>
      {!asking && <PushControl follow={follow} text={text} />}
      <div role="status" class="follow-note">
        {saved}
      </div>
      {asking && (
        <form class="ask" onSubmit={submit} noValidate aria-labelledby="parley-ask">
          <p id="parley-ask" class="ask-title">{text.emailAsk}</p>
          <label for="parley-email" class="sr-only">{text.emailLabel}</label>
          <div class="ask-row">
            <input
              id="parley-email"
              type="email"
              autocomplete="email"
              placeholder={text.emailLabel}
              maxLength={254}
              value={value}
              aria-invalid={error ? 'true' : undefined}
              aria-describedby={error ? 'parley-email-error' : undefined}
              onInput={(e) => setValue(e.currentTarget.value)}
            />
            <button type="submit" class="primary" disabled={busy}>
              {text.emailSave}
            </button>
          </div>
          {error && (
            <p id="parley-email-error" class="ask-error">
              {error}
            </p>
          )}
          <PushControl follow={follow} text={text} />
          <button
            type="button"
            class="retry"
            onClick={() => {
              follow.dismissEmail();
              setClosed(true);
            }}
          >
            {text.notNow}
          </button>
        </form>
      )}
    </>
  );
}
