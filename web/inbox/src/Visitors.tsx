import { useEffect, useRef, useState } from 'preact/hooks';
import { ago, formatFull, shortUrl } from './format';
import type { Inbox } from './inbox';
import { attemptId, type LiveVisitor } from './live';
import { countText, countryName, deviceText, isoDuration, sourceParts, timeOnSite, visitorLabel } from './liveText';
import { newClientMsgId } from './outbox';
import { conversationHref, go, VISITORS_HREF, type Route } from './router';
import { UrlText } from './Text';
import './visitors.css';

/** The current time, every `ms` while mounted: the time on site ticks. */
function useNow(ms: number): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** The top bar's views: the conversations, and the visitors on the site with their count (null: not known). */
export function ViewsNav({ route, visitors }: { route: Route['name']; visitors: number | null }) {
  return (
    <nav class="views" aria-label="Views">
      <a href="#/" aria-current={route == 'inbox' ? 'page' : undefined} data-testid="nav-conversations">
        Conversations
      </a>
      <a href={VISITORS_HREF} aria-current={route == 'visitors' ? 'page' : undefined} data-testid="nav-visitors">
        Visitors
        {visitors != null && (
          <span class="badge" data-testid="visitors-count" data-count={visitors}>
            <span aria-hidden="true">{visitors}</span>
            <span class="sr-only">, {countText(visitors)}</span>
          </span>
        )}
      </a>
    </nav>
  );
}

/** Visitors on the site now (docs/inbox.md, "Visitors"): follows `visitor.updated` / `visitor.left` live. */
export function VisitorsScreen({ inbox }: { inbox: Inbox }) {
  const live = inbox.live;
  const now = useNow(1000);
  // The visitor being written to stays on screen (marked as gone) if they leave meanwhile.
  const [composing, setComposing] = useState<LiveVisitor | null>(null);
  const rows = live.visitors.map((v) => ({ v, left: false }));
  if (composing && !live.find(composing.id)) rows.push({ v: composing, left: true });
  useEffect(() => {
    if (!live.loaded) live.load();
  }, [live]);
  const n = live.visitors.length;
  return (
    <main id="main-content" tabIndex={-1} class="visitors" data-testid="visitors">
      <div class="visitors-head">
        <h1>Visitors on the site</h1>
        <p class="muted" data-testid="visitors-summary">
          {live.loaded ? (n == 1 ? '1 visitor now' : `${n} visitors now`) : 'Loading…'} · updated live
        </p>
      </div>
      {live.error && (
        <p class="error" role="alert" data-testid="visitors-error">
          {live.error}{' '}
          <button type="button" onClick={() => live.load()}>
            Retry
          </button>
        </p>
      )}
      {live.loaded && !n && !composing && (
        <p class="muted visitors-empty" data-testid="visitors-empty">
          Nobody is on the site right now. Visitors appear here as soon as they open a page with the widget.
        </p>
      )}
      <ul class="visitor-list" aria-label="Visitors on the site" data-testid="visitor-list" aria-busy={!live.loaded}>
        {rows.map(({ v, left }) => (
          <VisitorRow
            key={v.id}
            v={v}
            left={left}
            now={now}
            composing={composing?.id == v.id}
            onCompose={(open) => setComposing(open ? v : null)}
            send={(text, id) => live.message(v.id, text, id)}
          />
        ))}
      </ul>
    </main>
  );
}

type RowProps = {
  v: LiveVisitor;
  left: boolean;
  now: number;
  composing: boolean;
  onCompose: (open: boolean) => void;
  send: ProactiveProps['send'];
};

function VisitorRow({ v, left, now, composing, onCompose, send }: RowProps) {
  const nameId = 'visitor-name-' + v.id;
  const composerId = 'proactive-' + v.id;
  const country = countryName(v.country);
  const page = v.current_page;
  return (
    <li class={'visitor' + (left ? ' left' : '')} data-testid="visitor" data-visitor-id={v.id} data-chatting={String(v.chatting)}>
      <div class="visitor-top">
        <h2 id={nameId} class="visitor-name">
          {visitorLabel(v)}
        </h2>
        <span class={'visit-kind ' + (v.returning ? 'returning' : 'new')} data-testid="visitor-returning">
          {v.returning ? 'Returning' : 'New'}
        </span>
        {left ? (
          <span class="muted" data-testid="visitor-left">
            Left the site
          </span>
        ) : v.chatting ? (
          v.conversation_id ? (
            <a class="chatting" href={conversationHref(v.conversation_id)} data-testid="visitor-chatting">
              Chatting<span class="sr-only">: open the conversation</span>
            </a>
          ) : (
            <span class="chatting" data-testid="visitor-chatting">
              Chatting
            </span>
          )
        ) : (
          <button type="button" class="visitor-action" data-testid="visitor-message" aria-expanded={composing} aria-controls={composing ? composerId : undefined} onClick={() => onCompose(!composing)}>
            Message<span class="sr-only"> {visitorLabel(v)}</span>
          </button>
        )}
      </div>
      <dl class="visitor-facts">
        <div class="fact page">
          <dt>Current page</dt>
          <dd data-testid="visitor-page" data-url={page.url}>
            <UrlText url={page.url} label={page.title || shortUrl(page.url, 50)} />
            {page.title && <span class="visitor-url muted small">{shortUrl(page.url, 50)}</span>}
          </dd>
        </div>
        <div class="fact">
          <dt>Pages this visit</dt>
          <dd data-testid="visitor-pages">
            <Trail pages={v.pages} now={now} />
          </dd>
        </div>
        <div class="fact">
          <dt>Time on site</dt>
          <dd>
            <time data-testid="visitor-time" dateTime={isoDuration(v.visit_started_at, now)} title={'Since ' + formatFull(v.visit_started_at)}>
              {timeOnSite(v.visit_started_at, now)}
            </time>
          </dd>
        </div>
        <div class="fact">
          <dt>Source</dt>
          <dd data-testid="visitor-source" title={v.source?.referrer ?? undefined}>
            {sourceParts(v.source).join(' · ')}
          </dd>
        </div>
        <div class="fact">
          <dt>Device</dt>
          <dd data-testid="visitor-device">{deviceText(v)}</dd>
        </div>
        {country && (
          <div class="fact">
            <dt>Country</dt>
            <dd data-testid="visitor-country">{country}</dd>
          </div>
        )}
      </dl>
      {composing && !v.chatting && <ProactiveComposer id={composerId} label={visitorLabel(v)} left={left} send={send} onClose={() => onCompose(false)} />}
    </li>
  );
}

/** This visit's pages, newest first, folded away behind their count. */
function Trail({ pages, now }: { pages: LiveVisitor['pages']; now: number }) {
  const n = pages?.length ?? 0;
  if (n < 2) return <>{n || 1}</>;
  return (
    <details class="trail">
      <summary>{n} pages</summary>
      <ol>
        {pages.map((p, i) => (
          <li key={i}>
            <UrlText url={p.url} label={p.title || shortUrl(p.url, 40)} />{' '}
            <time class="muted small" dateTime={new Date(p.at).toISOString()} title={formatFull(p.at)}>
              {ago(p.at, now)}
            </time>
          </li>
        ))}
      </ol>
    </details>
  );
}

type ProactiveProps = {
  id: string;
  label: string;
  left: boolean;
  send: (text: string, clientMsgId: string) => Promise<{ conversation: { id: string } } | { error: string; left: boolean }>;
  onClose: () => void;
};

/** A first message to a visitor who is not chatting; on success the new conversation opens. */
export function ProactiveComposer({ id, label, left, send, onClose }: ProactiveProps) {
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  // The same client_msg_id while the text is unchanged: a retry after a lost answer starts one conversation.
  const attempt = useRef<{ text: string; id: string } | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  useEffect(() => input.current?.focus(), []);

  async function submit(e?: Event) {
    e?.preventDefault();
    const t = text.trim();
    if (!t || busy || left) return;
    attempt.current = attemptId(attempt.current, t, newClientMsgId);
    setBusy(true);
    setError('');
    const r = await send(t, attempt.current.id);
    setBusy(false);
    if ('conversation' in r) go(conversationHref(r.conversation.id));
    else setError(r.error);
  }

  return (
    <form class="proactive" id={id} data-testid="proactive-form" onSubmit={submit} onKeyDown={(e) => e.key == 'Escape' && onClose()}>
      <label for={id + '-input'}>Message to {label}</label>
      <textarea
        id={id + '-input'}
        ref={input}
        data-testid="proactive-input"
        rows={2}
        maxLength={5000}
        value={text}
        disabled={left}
        aria-describedby={id + '-hint'}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key == 'Enter' && !e.shiftKey && !e.isComposing) submit(e);
        }}
      />
      <p id={id + '-hint'} class="muted small">
        {left ? 'This visitor has left the site: the message cannot be sent.' : 'Starts a conversation; the widget shows it to the visitor at once. Enter sends.'}
      </p>
      {error && (
        <p class="error" role="alert" data-testid="proactive-error">
          {error}
        </p>
      )}
      <div class="row">
        <button type="submit" class="primary" data-testid="proactive-send" disabled={busy || left || !text.trim()}>
          {busy ? 'Sending…' : error ? 'Retry' : 'Send'}
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </form>
  );
}
