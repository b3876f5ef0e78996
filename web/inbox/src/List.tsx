import { reachText, type Reach } from './reach';
import { useEffect } from 'preact/hooks';
import { ago, contactName, initials, shortUrl } from './format';
import type { Inbox } from './inbox';
import { conversationHref } from './router';
import { unreadTotal, type Tab } from './store';
import type { Status } from './types';

const TABS: { id: Tab; label: string }[] = [
  { id: 'mine', label: 'Mine' },
  { id: 'unassigned', label: 'Unassigned' },
  { id: 'all', label: 'All' },
  { id: 'bots', label: 'Bots' },
];
const STATUSES: Status[] = ['open', 'pending', 'snoozed', 'resolved'];

export function ConversationList({ inbox, openId }: { inbox: Inbox; openId: string | null }) {
  useEffect(() => {
    inbox.loadList();
  }, []);
  const { tab, status } = inbox.query;
  const list = inbox.list();
  return (
    <nav class="list-pane" aria-label="Conversations" data-testid="conversation-list-pane">
      <div class="tabs" role="tablist" aria-label="Which conversations">
        {TABS.map((t) => {
          // A bot is on those: no count calling for attention.
          const n = t.id == 'bots' ? 0 : unreadTotal(inbox.state, t.id, status, inbox.me.id);
          return (
            <button
              key={t.id}
              type="button"
              role="tab"
              aria-selected={tab == t.id}
              data-testid={'tab-' + t.id}
              onClick={() => inbox.setQuery({ tab: t.id })}
            >
              {t.label}
              {n > 0 && (
                <span class="badge" aria-label={`, ${n} unread`}>
                  {n}
                </span>
              )}
            </button>
          );
        })}
      </div>
      <label class="status-filter">
        <span>Status</span>
        <select data-testid="status-filter" value={status} onChange={(e) => inbox.setQuery({ status: e.currentTarget.value as Status })}>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {s[0].toUpperCase() + s.slice(1)}
            </option>
          ))}
        </select>
      </label>
      {inbox.listError && (
        <p class="error" role="alert" data-testid="list-error">
          {inbox.listError}{' '}
          <button type="button" onClick={() => inbox.loadList()}>
            Retry
          </button>
        </p>
      )}
      <ul class="conversations" data-testid="conversation-list" aria-busy={inbox.listLoading}>
        {list.map((c) => {
          const name = contactName(c);
          const unread = c.unread_count ?? 0;
          const assignee = c.assignee_id ? inbox.state.agents[c.assignee_id]?.name : '';
          return (
            <li key={c.id}>
              <a
                href={conversationHref(c.id)}
                class={'conversation-item' + (c.id == openId ? ' active' : '') + (unread ? ' unread' : '')}
                aria-current={c.id == openId ? 'page' : undefined}
                data-testid="conversation-item"
                data-conversation-id={c.id}
                data-unread={unread}
              >
                <span class="avatar" aria-hidden="true">
                  {initials(name)}
                </span>
                <span class="item-body">
                  <span class="item-top">
                    <span class="item-name">{name}</span>
                    {(c.owner?.type == 'flow' || c.owner?.type == 'app') && (
                      <span class="bot-tag" data-testid="bot-tag" data-flow-id={c.owner.type == 'flow' ? c.owner.id : undefined} data-app-id={c.owner.type == 'app' ? c.owner.id : undefined}>
                        {inbox.owners.tag(c.owner)}
                      </span>
                    )}
                    <time dateTime={new Date(c.last_activity_at).toISOString()}>{ago(c.last_activity_at)}</time>
                  </span>
                  <span class="item-preview">{c.last_message_preview || 'No messages yet'}</span>
                  <ReachTag r={inbox.reach.all[c.id]} />
                  {(c.current_page || assignee) && (
                    <span class="item-meta">
                      {c.current_page && <span title={c.current_page.url}>On {c.current_page.title || shortUrl(c.current_page.url, 40)}</span>}
                      {assignee && (
                        <span>
                          {c.current_page ? ' · ' : ''}
                          <span class="sr-only">Assigned to </span>
                          {assignee}
                        </span>
                      )}
                    </span>
                  )}
                </span>
                {unread > 0 && (
                  <span class="badge" data-testid="unread-count">
                    <span class="sr-only">Unread: </span>
                    {unread}
                  </span>
                )}
              </a>
            </li>
          );
        })}
      </ul>
      {inbox.nextBefore && (
        <button type="button" class="load-more" data-testid="list-load-more" onClick={() => inbox.loadMore()}>
          Load more conversations
        </button>
      )}
      {!list.length && !inbox.listLoading && !inbox.listError && <p class="muted empty-list">{tab == 'bots' ? `No ${status} conversations with a bot.` : `No ${status} conversations here.`}</p>}
      <TeamPresence inbox={inbox} />
    </nav>
  );
}

/** Teammates and their presence (presence frames keep it live). */
function TeamPresence({ inbox }: { inbox: Inbox }) {
  const agents = Object.values(inbox.state.agents)
    .filter((a) => a.active !== false && a.id != inbox.me.id)
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!agents.length) return null;
  const online = agents.filter((a) => a.presence == 'online').length;
  return (
    <details class="team-presence" data-testid="team-presence">
      <summary>
        Team: {online} of {agents.length} online
      </summary>
      <ul>
        {agents.map((a) => (
          <li key={a.id} data-agent-id={a.id} data-presence={a.presence ?? 'unknown'}>
            <span class={'dot ' + (a.presence ?? 'offline')} aria-hidden="true" />
            {a.name} <span class="muted">{a.presence ?? 'offline'}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}

/** The list's short word for how a reply reaches the customer; the whole sentence is its title and for screen readers. */
function ReachTag({ r }: { r?: Reach }) {
  if (!r) return null;
  const t = reachText(r);
  return (
    <span class={'reach-tag ' + t.kind} data-testid="reach-tag" data-reach={r.next} title={t.long}>
      <span class="dot" aria-hidden="true" /> {t.short}
      <span class="sr-only">: {t.long}</span>
    </span>
  );
}
