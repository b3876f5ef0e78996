import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chip, Uploads } from '../../shared/uploads';
import { api, errorText } from './api';
import { AttachButton, Chips } from './Attach';
import { clearDraft, loadDraft, saveDraft } from './drafts';
import type { Inbox } from './inbox';
import { botOwned } from './store';
import { applyTrigger, mentionIds, suggestAgents, triggerAt, type Trigger } from './mentions';
import type { Canned, Conversation } from './types';

type Option = { id: string; label: string; detail: string; insert: string; agentId?: string };

/** `files`: the conversation's uploads (Attach.tsx's useUploads), shared with the pane files are dropped on. */
export function Composer({ inbox, c, files }: { inbox: Inbox; c: Conversation; files: { uploads: Uploads; chips: Chip[] } }) {
  const { uploads, chips } = files;
  // null while a file uploads or failed: a reply goes with all its files or waits.
  const ready = chips.length ? uploads.ready() : [];
  // Drafts are per agent and conversation: a shared browser never shows one agent's draft to another.
  const draftKey = inbox.me.id + '.' + c.id;
  const initial = loadDraft(draftKey);
  const [text, setText] = useState(initial.text);
  const [note, setNote] = useState(initial.note);
  const [trigger, setTrigger] = useState<Trigger | null>(null);
  const [options, setOptions] = useState<Option[]>([]);
  const [active, setActive] = useState(0);
  const [suggestError, setSuggestError] = useState('');
  const picked = useRef<Record<string, string>>({});
  const ref = useRef<HTMLTextAreaElement>(null);
  const typingAt = useRef(0);
  const cannedSeq = useRef(0);
  const blurTimer = useRef<any>(0);
  const tookOver = useRef(false);
  const bot = botOwned(c);

  useEffect(() => saveDraft(draftKey, { text, note }), [text, note]);
  useEffect(() => () => inbox.sendTyping(c.id, false), []);
  // Given back to the bot: the next reply started takes over again.
  useEffect(() => {
    if (bot) tookOver.current = false;
  }, [bot]);

  // Suggestions for the trigger being typed: canned responses ("/") or teammates ("@").
  useEffect(() => {
    setActive(0);
    setSuggestError('');
    if (!trigger) return setOptions([]);
    if (trigger.kind == '@') {
      const agents = suggestAgents(Object.values(inbox.state.agents), trigger.query);
      setOptions(agents.map((a) => ({ id: a.id, label: a.name, detail: a.email, insert: '@' + a.name + ' ', agentId: a.id })));
      return;
    }
    const seq = ++cannedSeq.current;
    const timer = setTimeout(() => {
      api.canned(trigger.query).then(
        (r) => seq == cannedSeq.current && setOptions(r.canned_responses.slice(0, 8).map(cannedOption)),
        (e) => {
          if (seq != cannedSeq.current) return;
          setOptions([]);
          setSuggestError('Canned responses: ' + errorText(e));
        },
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [trigger?.kind, trigger?.query]);

  function update(value: string, caret: number) {
    clearTimeout(blurTimer.current);
    setText(value);
    setTrigger(triggerAt(value, caret, note));
    // A visible reply takes the thread from its flow anyway (docs/bots.md): take it as the agent
    // starts, once, so the bot stops asking meanwhile. Notes leave the bot running.
    if (!note && value.trim() && bot && !tookOver.current) {
      tookOver.current = true;
      inbox.owners.takeOver(c.id, true);
    }
    if (!note && value) {
      const now = Date.now();
      if (now - typingAt.current > 3000) {
        typingAt.current = now;
        inbox.sendTyping(c.id, true);
      }
    }
  }

  function choose(o: Option) {
    if (!trigger) return;
    const r = applyTrigger(text, trigger, o.insert);
    if (o.agentId) picked.current[o.agentId] = o.label;
    setText(r.text);
    setTrigger(null);
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(r.caret, r.caret);
    });
  }

  function send() {
    const body = text.trim();
    if (!ready || (!body && !ready.length)) return;
    const mentions = note ? mentionIds(body, picked.current) : [];
    inbox.sender.send(c.id, body, note, mentions, ready);
    uploads.clear();
    if (!note) {
      typingAt.current = 0;
      inbox.sendTyping(c.id, false);
    }
    setText('');
    setTrigger(null);
    picked.current = {};
    clearDraft(draftKey);
    saveDraft(draftKey, { text: '', note });
  }

  function onKeyDown(e: KeyboardEvent) {
    const open = trigger && options.length > 0;
    if (open && (e.key == 'ArrowDown' || e.key == 'ArrowUp')) {
      e.preventDefault();
      setActive((i) => (i + (e.key == 'ArrowDown' ? 1 : options.length - 1)) % options.length);
      return;
    }
    if (open && (e.key == 'Enter' || e.key == 'Tab') && !e.shiftKey) {
      e.preventDefault();
      choose(options[active]);
      return;
    }
    if (e.key == 'Escape') {
      if (trigger) {
        e.preventDefault();
        setTrigger(null);
      } else (e.currentTarget as HTMLElement).blur();
      return;
    }
    if (e.key == 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  }

  const listOpen = !!trigger && (options.length > 0 || !!suggestError);
  return (
    <form
      class={'composer' + (note ? ' note' : '')}
      data-testid="composer"
      onSubmit={(e) => {
        e.preventDefault();
        send();
      }}
    >
      <div class="mode" role="radiogroup" aria-label="Message type">
        <button type="button" role="radio" aria-checked={!note} data-testid="mode-reply" onClick={() => (setNote(false), setTrigger(null))}>
          Reply
        </button>
        <button type="button" role="radio" aria-checked={note} data-testid="note-toggle" onClick={() => (setNote(true), setTrigger(null))}>
          Private note
        </button>
      </div>
      {listOpen && (
        <ul class="suggestions" role="listbox" id="composer-suggestions" aria-label={trigger!.kind == '/' ? 'Canned responses' : 'Teammates'} data-testid={trigger!.kind == '/' ? 'canned-suggestions' : 'mention-suggestions'}>
          {suggestError && <li class="error">{suggestError}</li>}
          {options.map((o, i) => (
            <li
              key={o.id}
              id={'suggestion-' + i}
              role="option"
              aria-selected={i == active}
              class={i == active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(o);
              }}
            >
              <strong>{o.label}</strong> <span class="muted">{o.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <Chips uploads={uploads} chips={chips} />
      <label for="composer-input" class="sr-only">
        {note ? 'Private note (only your team sees it)' : 'Reply to the visitor'}
      </label>
      <textarea
        id="composer-input"
        data-testid="composer-input"
        ref={ref}
        rows={3}
        maxLength={10000}
        value={text}
        placeholder={
          note
            ? 'Private note: only your team sees it. Type @ to mention.'
            : bot
              ? 'Typing a reply takes over from the bot… Enter sends, / for canned responses'
              : 'Reply… Enter sends, Shift+Enter for a new line, / for canned responses'
        }
        aria-controls={listOpen ? 'composer-suggestions' : undefined}
        aria-activedescendant={listOpen && options.length ? 'suggestion-' + active : undefined}
        aria-autocomplete="list"
        onInput={(e) => update(e.currentTarget.value, e.currentTarget.selectionStart ?? e.currentTarget.value.length)}
        onPaste={(e) => {
          const pasted = e.clipboardData?.files;
          if (!pasted?.length) return;
          e.preventDefault();
          uploads.add(pasted);
        }}
        onKeyDown={onKeyDown}
        onFocus={() => clearTimeout(blurTimer.current)}
        onBlur={() => (blurTimer.current = setTimeout(() => setTrigger(null), 150))}
      />
      <div class="composer-actions">
        <AttachButton uploads={uploads} />
        <button type="submit" class="primary" data-testid="send" disabled={!ready || (!text.trim() && !ready.length)}>
          {note ? 'Add note' : 'Send'}
        </button>
      </div>
    </form>
  );
}

function cannedOption(r: Canned): Option {
  return { id: r.id, label: '/' + r.shortcut, detail: r.title || r.text.slice(0, 60), insert: r.text };
}
