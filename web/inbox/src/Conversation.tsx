import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { attachmentsOf, captionOf } from '../../shared/messageFiles';
import { dropFiles, MessageFiles, useUploads } from './Attach';
import { Composer } from './Composer';
import { ContactPanel } from './ContactPanel';
import { contactName, dayKey, formatDay, formatFull, formatTime, initials, senderName } from './format';
import type { Inbox } from './inbox';
import { richOf } from './content';
import { OwnerLine } from './OwnerLine';
import { RatingLine } from './RatingLine';
import { RichContent } from './RichContent';
import { snoozePresets, fromLocalInput, toLocalInput } from './snooze';
import { Text } from './Text';
import { reachText } from './reach';
import { replyReach } from './store';
import type { Conversation, Message } from './types';

const REACH_TEXT = { answered: ' · Answered', seen: ' · Seen', emailed: ' · Emailed', pushed: ' · Pushed', sent: ' · ✓' } as const;

export function ConversationView({ inbox, id }: { inbox: Inbox; id: string }) {
  const c = inbox.state.conversations[id];
  const thread = inbox.state.threads[id];
  const [panel, setPanel] = useState(() => innerWidth > 1100);
  const [error, setError] = useState('');
  const error404 = inbox.threadError[id];
  const files = useUploads(id);
  if (!c) {
    return (
      <div class="empty" data-testid="conversation-loading">
        {error404 ? <p class="error" role="alert">{error404}</p> : <p aria-busy="true">Loading conversation…</p>}
      </div>
    );
  }
  const name = contactName(c);
  return (
    <div class={'conversation' + (panel ? ' with-panel' : '')} data-testid="conversation" data-conversation-id={id} data-status={c.status}>
      <div class="conversation-main" {...dropFiles(files.uploads)}>
        <header class="conversation-header">
          <a class="back" href="#/" aria-label="Back to the list">
            ←
          </a>
          <h1 class="conversation-title">{name}</h1>
          <span class={'status-pill ' + c.status} data-testid="conversation-status">
            {c.status}
            {c.status == 'snoozed' && c.snoozed_until ? ` until ${formatFull(c.snoozed_until)}` : ''}
          </span>
          <Actions inbox={inbox} c={c} onError={setError} />
          <button type="button" class="panel-toggle" aria-expanded={panel} aria-controls="contact-panel" data-testid="contact-panel-toggle" onClick={() => setPanel(!panel)}>
            {panel ? 'Hide details' : 'Details'}
          </button>
        </header>
        <OwnerLine inbox={inbox} c={c} />
        <ReachLine inbox={inbox} id={id} />
        <RatingLine inbox={inbox} c={c} />
        {error && (
          <p class="error inline" role="alert">
            {error}{' '}
            <button type="button" onClick={() => setError('')}>
              Dismiss
            </button>
          </p>
        )}
        <Messages inbox={inbox} c={c} messages={thread?.messages ?? []} hasMore={!!thread?.hasMore} contact={name} />
        <Composer key={id} inbox={inbox} c={c} files={files} />
      </div>
      {panel && <ContactPanel inbox={inbox} c={c} onClose={() => setPanel(false)} />}
    </div>
  );
}

function Actions({ inbox, c, onError }: { inbox: Inbox; c: Conversation; onError: (e: string) => void }) {
  const [snooze, setSnooze] = useState(false);
  const agents = Object.values(inbox.state.agents).filter((a) => a.active !== false || a.id == c.assignee_id);
  const run = (p: Promise<string>) => p.then(onError);
  return (
    <div class="actions">
      <label class="sr-only" for="assignee-select">
        Assignee
      </label>
      <select
        id="assignee-select"
        data-testid="assignee-select"
        value={c.assignee_id ?? ''}
        onChange={(e) => run(inbox.assign(c.id, e.currentTarget.value || null))}
      >
        <option value="">Unassigned</option>
        {c.assignee_id && !inbox.state.agents[c.assignee_id] && <option value={c.assignee_id}>Someone else</option>}
        {agents.map((a) => (
          <option key={a.id} value={a.id}>
            {a.id == inbox.me.id ? `${a.name} (me)` : a.name + (a.presence && a.presence != 'online' ? ` (${a.presence})` : '')}
          </option>
        ))}
      </select>
      {c.assignee_id != inbox.me.id && (
        <button type="button" data-testid="assign-me" onClick={() => run(inbox.assign(c.id, inbox.me.id))}>
          Assign to me
        </button>
      )}
      {c.assignee_id && (
        <button type="button" data-testid="unassign" onClick={() => run(inbox.assign(c.id, null))}>
          Unassign
        </button>
      )}
      {c.status == 'resolved' || c.status == 'snoozed' ? (
        <button type="button" data-testid="reopen" onClick={() => run(inbox.setStatus(c.id, 'open'))}>
          Reopen
        </button>
      ) : (
        <button type="button" class="primary" data-testid="resolve" onClick={() => run(inbox.setStatus(c.id, 'resolved'))}>
          Resolve
        </button>
      )}
      {c.status != 'resolved' && (
        <div class="menu-wrap" onFocusOut={(e) => snooze && e.relatedTarget && !e.currentTarget.contains(e.relatedTarget as Node) && setSnooze(false)}>
          <button type="button" data-testid="snooze" aria-expanded={snooze} aria-haspopup="dialog" onClick={() => setSnooze(!snooze)}>
            Snooze
          </button>
          {snooze && <SnoozeMenu onClose={() => setSnooze(false)} onPick={(until) => (setSnooze(false), run(inbox.setStatus(c.id, 'snoozed', until)))} />}
        </div>
      )}
    </div>
  );
}

function SnoozeMenu({ onPick, onClose }: { onPick: (until: number) => void; onClose: () => void }) {
  const presets = snoozePresets();
  const [custom, setCustom] = useState(toLocalInput(Date.now() + 2 * 3600_000));
  const [error, setError] = useState('');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.querySelector('button')?.focus();
  }, []);
  return (
    <div
      class="menu"
      role="dialog"
      aria-label="Snooze until"
      ref={ref}
      data-testid="snooze-menu"
      onKeyDown={(e) => {
        if (e.key == 'Escape') {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      {presets.map((p) => (
        <button type="button" key={p.id} data-testid={'snooze-' + p.id} onClick={() => onPick(p.until)} title={formatFull(p.until)}>
          {p.label}
        </button>
      ))}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const t = fromLocalInput(custom);
          if (t) onPick(t);
          else setError('Choose a time in the future.');
        }}
      >
        <label for="snooze-custom">Until</label>
        <input id="snooze-custom" data-testid="snooze-custom" type="datetime-local" value={custom} onInput={(e) => setCustom(e.currentTarget.value)} />
        {error && <p class="error">{error}</p>}
        <button type="submit">Snooze</button>
      </form>
    </div>
  );
}

function Messages({ inbox, c, messages, hasMore, contact }: { inbox: Inbox; c: Conversation; messages: Message[]; hasMore: boolean; contact: string }) {
  const lastContactSeq = messages.reduce((max, m) => (m.sender.type == 'contact' && m.seq > max ? m.seq : max), 0);
  const ref = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const [loadingOlder, setLoadingOlder] = useState(false);
  const pending = inbox.outbox.list(c.id).filter((p) => !messages.some((m) => m.client_msg_id == p.client_msg_id && m.sender.id == inbox.me.id));
  const typing = inbox.typingIn(c.id);
  const last = messages[messages.length - 1]?.id;
  useLayoutEffect(() => {
    const el = ref.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [last, pending.length, !!typing, c.id]);
  const error = inbox.threadError[c.id];
  let prevDay = '';
  return (
    <div
      class="messages"
      ref={ref}
      data-testid="messages"
      tabIndex={0}
      aria-label="Messages"
      onScroll={(e) => {
        const el = e.currentTarget;
        stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      {hasMore && (
        <button
          type="button"
          class="load-older"
          data-testid="load-older"
          disabled={loadingOlder}
          onClick={async () => {
            setLoadingOlder(true);
            stick.current = false;
            const el = ref.current;
            const fromBottom = el ? el.scrollHeight - el.scrollTop : 0;
            await inbox.loadOlder(c.id);
            setLoadingOlder(false);
            // Keep the messages that were on screen where they were.
            requestAnimationFrame(() => el && (el.scrollTop = el.scrollHeight - fromBottom));
          }}
        >
          {loadingOlder ? 'Loading…' : 'Load older messages'}
        </button>
      )}
      {error && (
        <p class="error" role="alert">
          {error}{' '}
          <button type="button" onClick={() => inbox.refreshThread(c.id)}>
            Retry
          </button>
        </p>
      )}
      <ol class="message-list">
        {messages.map((m) => {
          const day = dayKey(m.created_at);
          const sep = day != prevDay;
          prevDay = day;
          return [
            sep && (
              <li key={'d' + day} class="day-separator">
                <span>{formatDay(m.created_at)}</span>
              </li>
            ),
            <MessageItem key={m.id} m={m} c={c} contact={contact} meId={inbox.me.id} lastContactSeq={lastContactSeq} flowNames={inbox.owners.names} />,
          ];
        })}
        {pending.map((p) => (
          <li key={p.client_msg_id} class={'message mine pending' + (p.private ? ' note' : '') + (p.error ? ' failed' : '')} data-testid="message-pending" data-private={String(p.private)} data-client-msg-id={p.client_msg_id}>
            <div class="bubble">
              {p.private && <div class="note-label">Private note</div>}
              {p.text && (
                <div class="text">
                  <Text text={p.text} />
                </div>
              )}
              {p.attachments && <MessageFiles list={p.attachments} />}
              <div class="meta">
                {p.error ? (
                  <span class="error">
                    Not sent: {p.error}{' '}
                    <button type="button" onClick={() => inbox.sender.retry(p.client_msg_id)}>
                      Retry
                    </button>{' '}
                    <button type="button" onClick={() => inbox.sender.discard(p.client_msg_id)}>
                      Discard
                    </button>
                  </span>
                ) : (
                  <span data-testid="delivery-state">Sending…</span>
                )}
              </div>
            </div>
          </li>
        ))}
      </ol>
      {typing && (
        <p class="typing" data-testid={typing.agent ? 'teammate-typing' : 'typing-indicator'}>
          {typing.agent ? `${typing.name || 'A teammate'} is writing a reply…` : `${contact} is typing…`}
        </p>
      )}
      <div class="sr-only" aria-live="polite" aria-atomic="true" data-testid="live-region">
        {inbox.announcement}
      </div>
    </div>
  );
}

type ItemProps = { m: Message; c: Conversation; contact: string; meId: string; lastContactSeq: number; flowNames: Record<string, string> };

function MessageItem({ m, c, contact, meId, lastContactSeq, flowNames }: ItemProps) {
  if (m.sender.type == 'system') {
    return (
      <li class="message system" data-testid="message" data-seq={m.seq} data-private={String(m.private)} data-sender-type="system">
        <span>
          {m.text} · <time dateTime={new Date(m.created_at).toISOString()}>{formatTime(m.created_at)}</time>
        </span>
      </li>
    );
  }
  const name = senderName(m, contact);
  const fromContact = m.sender.type == 'contact';
  const mine = m.sender.type == 'agent' && m.sender.id == meId;
  const reach = replyReach(c, m.seq, lastContactSeq);
  const rich = richOf(m);
  const files = attachmentsOf(m.content);
  // A flow's summary note: its table of answers says what its text says; files, what a text naming them says.
  const text = rich?.summary?.answers.length ? '' : captionOf(m.text, files);
  return (
    <li
      class={'message ' + (fromContact ? 'theirs' : 'ours') + (mine ? ' mine' : '') + (m.private ? ' note' : '')}
      data-testid="message"
      data-seq={m.seq}
      data-message-id={m.id}
      data-private={String(m.private)}
      data-sender-type={m.sender.type}
    >
      <span class="avatar" aria-hidden="true">
        {initials(name)}
      </span>
      <div class="bubble">
        <div class="sender">
          {name}
          {m.private && (
            <span class="note-label" data-testid="private-label">
              {' '}
              · Private note
            </span>
          )}
        </div>
        {text && (
          <div class="text">
            <Text text={text} />
          </div>
        )}
        {files.length > 0 && <MessageFiles list={files} />}
        {rich && <RichContent rich={rich} flowName={rich.summary ? flowNames[rich.summary.flowId] : undefined} />}
        <div class="meta">
          <time dateTime={new Date(m.created_at).toISOString()} title={formatFull(m.created_at)}>
            {formatTime(m.created_at)}
          </time>
          {!fromContact && !m.private && (
            <span class="delivery" data-testid="delivery-state" data-state={reach}>
              {REACH_TEXT[reach]}
              {reach == 'sent' && <span class="sr-only"> sent</span>}
            </span>
          )}
        </div>
      </div>
    </li>
  );
}

/** Before Send: whether the visitor is here, and how a reply reaches them if not (docs/inbox.md). */
function ReachLine({ inbox, id }: { inbox: Inbox; id: string }) {
  const r = inbox.reach.all[id];
  if (!r) return null;
  const t = reachText(r);
  return (
    <p class={'reach-line ' + t.kind} data-testid="reach" data-reach={r.next} role="status">
      <span class="dot" aria-hidden="true" /> {t.long}
    </p>
  );
}
