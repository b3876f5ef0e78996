import { useRef, useState } from 'preact/hooks';
import { ACCEPT } from '../../shared/attachments';
import { inputAttributes, validateInput, type InputSpec, type InputType } from '../../shared/rich';
import type { Text } from '../../shared/strings';
import type { Chip } from '../../shared/uploads';
import type { Chat } from './chat';
import { ClipIcon, SendIcon } from './Icons';
import { attachLoaded } from './lazy';

/** The message a visitor reads when their answer is not of the type the bot asked for. */
export function answerError(type: InputType, text: Text): string {
  return { email: text.answerEmail, phone: text.answerPhone, number: text.answerNumber, date: text.answerDate, text: '' }[type];
}

/** `uploads`: the chips of chat.uploads (from the chat's state). */
type Props = { chat: Chat; text: Text; input?: InputSpec; uploads?: Chip[] };

/**
 * The message box: Enter sends, Shift+Enter starts a new line; typing is reported (throttled). When
 * the newest message (a bot's or an agent's) asks for an email, a phone number, a number or a date,
 * the box becomes a one-line field of that type (the matching keyboard on phones) and an answer that
 * is not valid stays in the box, with an error that is announced.
 *
 * Files (the paperclip, a paste, a drop on the thread) wait as chips above the box; the message goes
 * with them once all are uploaded, and may then have no text.
 */
export function Composer({ chat, text, input, uploads = [] }: Props) {
  const [value, setValue] = useState('');
  const [error, setError] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  // null while a file uploads or failed: nothing goes until every file is there.
  const files = uploads.length ? chat.uploads!.ready() : [];
  const typed = input && input.type != 'text' ? input.type : undefined;

  const grow = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = Math.min(el.scrollHeight + 2, 120) + 'px';
    el.style.overflowY = el.scrollHeight > 120 ? 'auto' : 'hidden';
  };
  const send = () => {
    if (!files || (!value.trim() && !files.length)) return;
    const checked = value.trim() ? validateInput(typed, value) : '';
    if (checked == null) {
      setError(answerError(typed!, text));
      field.current?.focus();
      return;
    }
    if (files.length) {
      chat.outbox.send(checked, undefined, files);
      chat.uploads!.clear();
    } else chat.outbox.send(checked);
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
  // Chips exist once the code for files has loaded (lazy.ts).
  const Chips = uploads.length ? attachLoaded()?.Chips : undefined;

  return (
    <>
      {Chips && <Chips chat={chat} chips={uploads} retry={text.retry} />}
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
              onPaste={(e) => {
                const pasted = e.clipboardData?.files;
                if (!pasted?.length) return;
                e.preventDefault();
                chat.attach(pasted);
              }}
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
        {/* After the box: the panel's first focus goes to the box, not to this input. */}
        <button type="button" class="icon attach" aria-label={text.attach} onClick={() => picker.current?.click()}>
          <ClipIcon />
        </button>
        <input
          ref={picker}
          type="file"
          multiple
          accept={ACCEPT}
          class="sr-only attach-input"
          tabIndex={-1}
          aria-hidden="true"
          onChange={(e) => {
            chat.attach(e.currentTarget.files!);
            e.currentTarget.value = '';
          }}
        />
        <button type="submit" class="send" aria-label={text.send} disabled={!files || (!value.trim() && !files.length)}>
          <SendIcon />
        </button>
      </form>
    </>
  );
}
