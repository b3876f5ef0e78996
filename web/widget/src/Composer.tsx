import { useRef, useState } from 'preact/hooks';
import { inputAttributes, validateInput, type InputSpec, type InputType } from '../../shared/rich';
import type { Text } from '../../shared/strings';
import type { Chat } from './chat';
import { SendIcon } from './Icons';

/** The message a visitor reads when their answer is not of the type the bot asked for. */
export function answerError(type: InputType, text: Text): string {
  return { email: text.answerEmail, phone: text.answerPhone, number: text.answerNumber, date: text.answerDate, text: '' }[type];
}

type Props = { chat: Pick<Chat, 'outbox'>; text: Text; input?: InputSpec };

/**
 * The message box: Enter sends, Shift+Enter starts a new line; typing is reported (throttled). When
 * the newest message (a bot's or an agent's) asks for an email, a phone number, a number or a date,
 * the box becomes a one-line field of that type (the matching keyboard on phones) and an answer that
 * is not valid stays in the box, with an error that is announced.
 */
export function Composer({ chat, text, input }: Props) {
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const typed = input && input.type != 'text' ? input.type : undefined;

  const grow = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = Math.min(el.scrollHeight + 2, 120) + 'px';
    el.style.overflowY = el.scrollHeight > 120 ? 'auto' : 'hidden';
  };
  const send = () => {
    if (!value.trim()) return;
    const checked = validateInput(typed, value);
    if (checked == null) {
      setError(answerError(typed!, text));
      field.current?.focus();
      return;
    }
    chat.outbox.send(checked);
    setValue('');
    setError('');
    // Sending disables the (focused) Send button; keep focus in the box so Escape and typing still work.
    (field.current || box.current)?.focus();
    requestAnimationFrame(grow);
  };
  const onInput = (e: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) => {
    setValue(e.currentTarget.value);
    setError('');
    grow();
    if (e.currentTarget.value) chat.outbox.typing();
  };
  const placeholder = input?.placeholder || text.placeholder;

  return (
    <form
      class="composer"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div class="box">
        {typed ? (
          <input
            ref={field}
            {...inputAttributes(typed)}
            class="answer"
            maxLength={254}
            aria-label={text.message}
            placeholder={placeholder}
            value={value}
            aria-invalid={error ? 'true' : undefined}
            aria-describedby="parley-answer-error"
            onInput={onInput}
            onBlur={() => chat.outbox.stopTyping()}
          />
        ) : (
          <textarea
            ref={box}
            rows={1}
            maxLength={10000}
            aria-label={text.message}
            placeholder={placeholder}
            value={value}
            onInput={onInput}
            onKeyDown={(e) => {
              if (e.key == 'Enter' && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                send();
              }
            }}
            onBlur={() => chat.outbox.stopTyping()}
          />
        )}
        {/* Always in the page, so that the error is announced when it appears. */}
        <p id="parley-answer-error" class="answer-error" aria-live="assertive">
          {error}
        </p>
      </div>
      <button type="submit" class="send" aria-label={text.send} disabled={!value.trim()}>
        <SendIcon />
      </button>
    </form>
  );
}
