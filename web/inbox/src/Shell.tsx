import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api } from './api';
import { ConversationView } from './Conversation';
import { Inbox } from './inbox';
import { ConversationList } from './List';
import { askPermission, permission, unlockSound } from './notify';
import { conversationHref, go, type Route } from './router';
import { SearchBox } from './Search';
import { Lazy, Settings } from './Settings';
import { SHORTCUTS, shortcutFor, step } from './shortcuts';
import { WorkspaceSwitcher } from './Switcher';
import type { Me, NewWorkspace } from './types';
import { VisitorsScreen, ViewsNav } from './Visitors';
import { Welcome } from './Welcome';

export function useInbox(inbox: Inbox) {
  const [, force] = useState(0);
  useEffect(() => inbox.subscribe(() => force((n) => n + 1)), [inbox]);
}

type ShellProps = {
  session: Me;
  route: Route;
  /** Just set up: the welcome panel with the widget snippet, until closed. */
  welcome?: NewWorkspace | null;
  onWelcomeClosed?: () => void;
  /** Another workspace opened: the root mounts a fresh Shell for its agent. */
  onSessionChanged: (me: Me) => void;
  onSignedOut: () => void;
};

export function Shell({ session, route, welcome, onWelcomeClosed, onSessionChanged, onSignedOut }: ShellProps) {
  const me = session.agent;
  const inbox = useMemo(() => new Inbox(me, onSignedOut, (id) => go(conversationHref(id))), [me.id]);
  useInbox(inbox);
  const [help, setHelp] = useState(false);
  const [perm, setPerm] = useState(permission());
  const [actionError, setActionError] = useState('');
  const searchRef = useRef<HTMLInputElement>(null);
  const openId = route.name == 'inbox' ? route.conversationId : null;

  useEffect(() => {
    inbox.start();
    unlockSound();
    return () => inbox.stop();
  }, [inbox]);

  useEffect(() => {
    if (route.name == 'inbox' && inbox.openId != openId) inbox.open(openId);
  }, [openId, route.name]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const action = shortcutFor(e);
      if (!action) return;
      if (action == 'escape') {
        if (help) setHelp(false);
        return;
      }
      if (help && action != 'help') return;
      // Conversation shortcuts act on what is on screen: not from the settings pages.
      if (route.name != 'inbox' && action != 'help' && action != 'search') return;
      const ids = inbox.list().map((c) => c.id);
      const current = inbox.openId;
      switch (action) {
        case 'next':
        case 'previous': {
          const id = step(ids, current, action == 'next' ? 1 : -1);
          if (id) go(conversationHref(id));
          break;
        }
        case 'assign-me':
          if (current) inbox.assign(current, inbox.me.id).then(setActionError);
          break;
        case 'resolve':
          if (current) inbox.setStatus(current, 'resolved').then(setActionError);
          break;
        case 'compose':
          document.getElementById('composer-input')?.focus();
          break;
        case 'search':
          searchRef.current?.focus();
          break;
        case 'help':
          setHelp((h) => !h);
          break;
      }
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [inbox, help, route.name]);

  async function signOut() {
    inbox.stop();
    try {
      await api.logout();
    } catch {}
    onSignedOut();
  }

  const presence = inbox.me.presence == 'away' ? 'away' : 'online';
  // Threads a bot is on do not call for attention in the title either.
  const unread = inbox.query.tab == 'bots' ? 0 : inbox.list().filter((c) => (c.unread_count ?? 0) > 0).length;
  useEffect(() => {
    document.title = (unread ? `(${unread}) ` : '') + 'Parley inbox';
  }, [unread]);
  return (
    <div class={'shell' + (openId ? ' has-open' : '')}>
      <a class="skip" href="#main-content" onClick={(e) => (e.preventDefault(), document.getElementById('main-content')?.focus())}>
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="#/" aria-label="Parley inbox home">
          Parley
        </a>
        <ViewsNav route={route.name} visitors={inbox.live.loaded ? inbox.live.visitors.length : null} />
        <SearchBox inputRef={searchRef} />
        <div class="topbar-actions">
          <WorkspaceSwitcher session={session} onSwitched={onSessionChanged} onError={setActionError} />
          <button
            type="button"
            class={'presence-toggle ' + presence}
            data-testid="presence-toggle"
            aria-pressed={presence == 'online'}
            onClick={() => inbox.setPresence(presence == 'online' ? 'away' : 'online').then(setActionError)}
            title="Switch between online and away"
          >
            <span class="dot" aria-hidden="true" />
            {presence == 'online' ? 'Online' : 'Away'}
          </button>
          {perm == 'default' && (
            <button type="button" data-testid="enable-notifications" onClick={async () => setPerm((await askPermission()) as NotificationPermission)}>
              Enable notifications
            </button>
          )}
          <button type="button" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setHelp(true)}>
            ?
          </button>
          {inbox.isAdmin && (
            <a class="button" href="#/reports" data-testid="reports-link" aria-current={route.name == 'reports' ? 'page' : undefined}>
              Reports
            </a>
          )}
          <a class="button" href="#/settings/me" data-testid="settings-link">
            Settings
          </a>
          <button type="button" data-testid="sign-out" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      {inbox.socketStatus == 'reconnecting' && (
        <div class="banner" role="status" data-testid="connection-banner">
          Reconnecting…
        </div>
      )}
      {actionError && (
        <div class="banner error" role="alert">
          {actionError}{' '}
          <button type="button" onClick={() => setActionError('')}>
            Dismiss
          </button>
        </div>
      )}
      {welcome && route.name == 'inbox' && <Welcome workspace={welcome} onClose={() => onWelcomeClosed?.()} />}
      {route.name == 'settings' ? (
        <Settings inbox={inbox} session={session} page={route.page} />
      ) : route.name == 'visitors' ? (
        <VisitorsScreen inbox={inbox} />
      ) : route.name == 'reports' ? (
        <ReportsScreen isAdmin={inbox.isAdmin} report={route.report} />
      ) : (
        <div class="panes">
          <ConversationList inbox={inbox} openId={openId} />
          <main id="main-content" tabIndex={-1} class="conversation-pane">
            {openId ? (
              <ConversationView key={openId} inbox={inbox} id={openId} />
            ) : (
              <div class="empty">
                <p>Select a conversation.</p>
                <p class="muted">
                  Press <kbd>?</kbd> for keyboard shortcuts.
                </p>
              </div>
            )}
          </main>
        </div>
      )}
      {help && <HelpDialog onClose={() => setHelp(false)} />}
    </div>
  );
}

/** Reports are for owners and admins (the API answers agents 403): their code loads on the first visit. */
function ReportsScreen({ isAdmin, report }: { isAdmin: boolean; report: string }) {
  if (!isAdmin)
    return (
      <main id="main-content" tabIndex={-1} class="empty" data-testid="reports-forbidden">
        <p>Reports are for the workspace’s owners and admins.</p>
        <a href="#/">Back to the inbox</a>
      </main>
    );
  return <Lazy what="Reports" load={() => import('./Reports').then((m) => m.Reports)} props={{ report }} />;
}

function HelpDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.querySelector('button')?.focus();
    return () => before?.focus?.();
  }, []);
  return (
    <div class="overlay" onClick={(e) => e.target == e.currentTarget && onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" ref={ref} data-testid="help-dialog">
        <h2 id="help-title">Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.action}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.label}</td>
              </tr>
            ))}
            <tr>
              <td>
                <kbd>Enter</kbd> / <kbd>Shift+Enter</kbd>
              </td>
              <td>Send / new line (in the reply box)</td>
            </tr>
            <tr>
              <td>
                <kbd>/</kbd> at the start of a reply
              </td>
              <td>Canned responses</td>
            </tr>
            <tr>
              <td>
                <kbd>@</kbd> in a private note
              </td>
              <td>Mention a teammate</td>
            </tr>
          </tbody>
        </table>
        <p class="muted">Shortcuts are off while you type in a field, except Esc.</p>
        <button type="button" class="primary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
