import { useRef, useState } from 'preact/hooks';
import type { Text } from '../../shared/strings';
import type { Chat } from './chat';
import { SendIcon } from './Icons';

/** The message box: Enter sends, Shift+Enter starts a new line; typing is reported (throttled). */
export function Composer({ chat, text }: { chat: Chat; text: Text }) {
  const [value, setValue] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);

  const grow = () => {
    const el = box.current;
    if (!el) return;
    el.style.height = 'auto';
    el.style.height = Math.min(el.scrollHeight + 2, 120) + 'px';
    el.style.overflowY = el.scrollHeight > 120 ? 'auto' : 'hidden';
  };
  const send = () => {
    if (!value.trim()) return;
    chat.outbox.send(value);
    setValue('');
    // Sending disables the (focused) Send button; keep focus in the box so Escape and typing still work.
    box.current?.focus();
    requestAnimationFrame(grow);
  };

  return (
    <form
      class="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <textarea
        ref={box}
        rows={1}
        maxLength={10000}
        aria-label={text.message}
        placeholder={text.placeholder}
        value={value}
        onInput={(e) => {
          setValue(e.currentTarget.value);
          grow();
          if (e.currentTarget.value) chat.outbox.typing();
        }}
        onKeyDown={(e) => {
          if (e.key == 'Enter' && !e.shiftKey && !e.isComposing) {
            e.preventDefault();
            send();
          }
        }}
        onBlur={() => chat.outbox.stopTyping()}
      />
      <button type="submit" class="send" aria-label={text.send} disabled={!value.trim()}>
        <SendIcon />
      </button>
    </form>
  );
}
