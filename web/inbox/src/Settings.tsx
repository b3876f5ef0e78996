import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, call, errorText } from './api';
import { formatFull } from './format';
import type { Inbox } from './inbox';
import { askPermission, DEFAULT_SETTINGS, permission } from './notify';
import { NotificationSettings } from './NotificationSettings';
import type { SettingsPage } from './router';
import { settingsPages } from './settingsPages';
import { ServerSettings } from './ServerSettings';
import { WorkspaceSettings } from './WorkspaceSettings';
import { TeamSettings } from './TeamSettings';
import type { ApiKey, Canned, Me, Notifications } from './types';
import { useInbox } from './Shell';

export function Settings({ inbox, session, page }: { inbox: Inbox; session: Me; page: SettingsPage }) {
  const allowed = settingsPages(inbox.isAdmin, session.server_admin);
  const current = allowed.find((p) => p.id == page) ?? allowed[0];
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label="Settings">
        <a href="#/">← Inbox</a>
        <ul>
          {allowed.map((p) => (
            <li key={p.id}>
              <a href={'#/settings/' + p.id} aria-current={p.id == current.id ? 'page' : undefined} data-testid={'settings-nav-' + p.id}>
                {p.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main-content" tabIndex={-1} class="settings-body" data-testid={'settings-' + current.id}>
        <h1>{current.label}</h1>
        {current.id == 'me' && <MeSettings inbox={inbox} />}
        {current.id == 'workspace' && <WorkspaceSettings />}
        {current.id == 'team' && <TeamSettings inbox={inbox} />}
        {current.id == 'canned' && <CannedSettings />}
        {current.id == 'api-keys' && <ApiKeySettings />}
        {current.id == 'notifications' && <NotificationSettings />}
        {current.id == 'bots' && <BotsSettings />}
        {current.id == 'apps' && <Lazy what="The apps" load={() => import('./Apps').then((m) => m.AppsSettings)} props={{ onChanged: () => inbox.owners.loadApps() }} />}
        {current.id == 'kb' && <Lazy what="The knowledge base" load={() => import('./Kb').then((m) => m.Kb)} props={{}} />}
        {current.id == 'webhooks' && <Lazy what="Webhooks" load={() => import('./Webhooks').then((m) => m.Webhooks)} props={{}} />}
        {current.id == 'server' && <ServerSettings session={session} />}
      </main>
    </div>
  );
}

/** The flow editor is for admins only: its code and CSS load when the page is first opened (not in the inbox's first load). */
function BotsSettings() {
  return <Lazy what="The editor" load={() => import('./FlowEditor').then((m) => m.FlowEditor)} props={{}} />;
}

/** A screen whose code loads on demand (a chunk apart from the inbox's first load): "Loading…", then it, or why not. */
export function Lazy<P extends object>({ what, load, props }: { what: string; load: () => Promise<ComponentType<P>>; props: P }) {
  const [Screen, setScreen] = useState<ComponentType<P> | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    load().then(
      (c) => setScreen(() => c),
      (e) => setError(errorText(e)),
    );
  }, []);
  if (error) return <Status text={`${what} could not be loaded: ${error}`} error />;
  return Screen ? <Screen {...props} /> : <p aria-busy="true">Loading…</p>;
}

export function useLoad<T>(load: () => Promise<T>, deps: unknown[] = []): [T | null, string, () => void] {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState('');
  const [n, setN] = useState(0);
  useEffect(() => {
    load().then(
      (d) => (setData(d), setError('')),
      (e) => setError(errorText(e)),
    );
  }, [...deps, n]);
  return [data, error, () => setN((x) => x + 1)];
}

export function Status({ text, error }: { text: string; error?: boolean }) {
  if (!text) return null;
  return (
    <p class={error ? 'error' : 'ok'} role={error ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

function MeSettings({ inbox }: { inbox: Inbox }) {
  useInbox(inbox);
  const [name, setName] = useState(inbox.me.name);
  const [n, setN] = useState<Notifications>({ ...DEFAULT_SETTINGS, ...inbox.me.notifications });
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const [perm, setPerm] = useState(permission());
  const [pw, setPw] = useState({ current: '', next: '' });
  const [pwMsg, setPwMsg] = useState<[string, boolean]>(['', false]);
  const labels: Record<keyof Notifications, string> = {
    new_conversation: 'A new conversation starts',
    assigned_message: 'A visitor writes in a conversation assigned to me',
    mention: 'A teammate mentions me in a private note',
    sound: 'Play a sound with notifications',
  };
  return (
    <>
      <form
        class="stack"
        data-testid="me-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const { agent } = await api.updateMe({ name: name.trim(), notifications: n });
            inbox.updateMe(agent);
            setMsg(['Saved.', false]);
          } catch (err) {
            setMsg([errorText(err), true]);
          }
        }}
      >
        <p class="muted">
          Signed in as {inbox.me.email} ({inbox.me.role})
        </p>
        <label for="me-name">Name</label>
        <input id="me-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <fieldset>
          <legend>Notify me when the inbox tab is in the background and…</legend>
          {(Object.keys(labels) as (keyof Notifications)[]).map((k) => (
            <label class="check" key={k}>
              <input type="checkbox" data-testid={'notify-' + k} checked={n[k]} onChange={(e) => setN({ ...n, [k]: e.currentTarget.checked })} />
              {labels[k]}
            </label>
          ))}
        </fieldset>
        <p>
          Browser notifications:{' '}
          <strong>{perm == 'granted' ? 'allowed' : perm == 'denied' ? 'blocked (change it in the browser’s site settings)' : perm == 'unsupported' ? 'not supported by this browser' : 'not asked yet'}</strong>{' '}
          {perm == 'default' && (
            <button type="button" data-testid="ask-permission" onClick={async () => setPerm((await askPermission()) as NotificationPermission)}>
              Allow notifications
            </button>
          )}
        </p>
        <Status text={msg[0]} error={msg[1]} />
        <button class="primary" type="submit">
          Save
        </button>
      </form>
      <h2>Change password</h2>
      <form
        class="stack"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await call('POST', 'auth/password', { current_password: pw.current, new_password: pw.next });
            setPw({ current: '', next: '' });
            setPwMsg(['Password changed.', false]);
          } catch (err) {
            setPwMsg([errorText(err), true]);
          }
        }}
      >
        <label for="pw-current">Current password</label>
        <input id="pw-current" type="password" autocomplete="current-password" required value={pw.current} onInput={(e) => setPw({ ...pw, current: e.currentTarget.value })} />
        <label for="pw-next">New password (at least 10 characters)</label>
        <input id="pw-next" type="password" autocomplete="new-password" minLength={10} maxLength={200} required value={pw.next} onInput={(e) => setPw({ ...pw, next: e.currentTarget.value })} />
        <Status text={pwMsg[0]} error={pwMsg[1]} />
        <button type="submit">Change password</button>
      </form>
    </>
  );
}


export function OnceSecret({ label, value, testid, multiline }: { label: string; value: string; testid: string; multiline?: boolean }) {
  const [copied, setCopied] = useState(false);
  return (
    <div class="secret" role="status">
      <label for={testid}>{label}</label>
      <div class="row">
        {multiline ? (
          <textarea id={testid} data-testid={testid} readOnly rows={4} value={value} onFocus={(e) => e.currentTarget.select()} />
        ) : (
          <input id={testid} data-testid={testid} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        )}
        <button
          type="button"
          onClick={() => navigator.clipboard?.writeText(value).then(() => setCopied(true), () => setCopied(false))}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </div>
  );
}

function CannedSettings() {
  const [data, error, reload] = useLoad(() => api.canned());
  const [editing, setEditing] = useState<Partial<Canned> | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  async function save(e: Event) {
    e.preventDefault();
    if (!editing) return;
    const title = (editing.title ?? '').trim();
    const body = { shortcut: (editing.shortcut ?? '').trim(), text: editing.text ?? '', ...(title ? { title } : {}) };
    try {
      if (editing.id) await api.updateCanned(editing.id, body);
      else await api.createCanned(body);
      setEditing(null);
      setMsg(['Saved.', false]);
      reload();
    } catch (err) {
      setMsg([(err as any).status == 409 ? 'That shortcut exists already.' : errorText(err), true]);
    }
  }
  return (
    <>
      <p class="muted">Type “/” at the start of a reply to insert one.</p>
      <Status text={msg[0]} error={msg[1]} />
      {error && <Status text={error} error />}
      {!editing && (
        <button type="button" class="primary" data-testid="canned-new" onClick={() => setEditing({ shortcut: '', title: '', text: '' })}>
          New canned response
        </button>
      )}
      {editing && (
        <form class="stack" onSubmit={save} data-testid="canned-form">
          <label for="canned-shortcut">Shortcut (a-z, 0-9, _ and -)</label>
          <input id="canned-shortcut" required pattern="[a-z0-9_\-]{1,32}" maxLength={32} value={editing.shortcut} onInput={(e) => setEditing({ ...editing, shortcut: e.currentTarget.value })} />
          <label for="canned-title">Title</label>
          <input id="canned-title" maxLength={200} value={editing.title ?? ''} onInput={(e) => setEditing({ ...editing, title: e.currentTarget.value })} />
          <label for="canned-text">Text</label>
          <textarea id="canned-text" required rows={5} maxLength={5000} value={editing.text} onInput={(e) => setEditing({ ...editing, text: e.currentTarget.value })} />
          <div class="row">
            <button class="primary" type="submit">
              Save
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
      <ul class="plain canned-list">
        {data?.canned_responses.map((r) => (
          <li key={r.id}>
            <strong>/{r.shortcut}</strong> {r.title && <span>— {r.title}</span>}
            <p class="muted pre">{r.text}</p>
            <button type="button" onClick={() => setEditing(r)}>
              Edit
            </button>{' '}
            <button
              type="button"
              onClick={async () => {
                if (!confirm(`Delete /${r.shortcut}?`)) return;
                try {
                  await api.deleteCanned(r.id);
                  reload();
                } catch (e) {
                  setMsg([errorText(e), true]);
                }
              }}
            >
              Delete
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}

function ApiKeySettings() {
  const [data, error, reload] = useLoad(() => api.apiKeys());
  const [name, setName] = useState('');
  const [issued, setIssued] = useState<ApiKey | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  return (
    <>
      <p class="muted">API keys let integrations and bots use the REST API and /ws/agent for this workspace.</p>
      <form
        class="row wrap"
        data-testid="api-key-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            setIssued(await api.createApiKey(name.trim()));
            setName('');
            reload();
          } catch (err) {
            setMsg([errorText(err), true]);
          }
        }}
      >
        <label for="api-key-name">Name</label>
        <input id="api-key-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        <button class="primary" type="submit">
          Create key
        </button>
      </form>
      {issued?.key && <OnceSecret label={`Key “${issued.name}” (shown once: copy it now)`} value={issued.key} testid="api-key-secret" />}
      <Status text={msg[0]} error={msg[1]} />
      {error && <Status text={error} error />}
      <table class="table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key starts with</th>
            <th scope="col">Created</th>
            <th scope="col">
              <span class="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {data?.api_keys.map((k) => (
            <tr key={k.id}>
              <td>{k.name}</td>
              <td>
                <code>{k.prefix}…</code>
              </td>
              <td>{formatFull(k.created_at)}</td>
              <td>
                <button
                  type="button"
                  onClick={async () => {
                    if (!confirm(`Revoke the key “${k.name}”? Integrations using it stop working.`)) return;
                    try {
                      await api.revokeApiKey(k.id);
                      reload();
                    } catch (e) {
                      setMsg([errorText(e), true]);
                    }
                  }}
                >
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
