/**
 * Settings → Apps (owners and admins; docs/apps.md): the workspace's bot apps, a form to register or change
 * one, and its token and webhook secret shown once. Loaded on the page's first visit (not in the inbox's first load).
 */
import { useState } from 'preact/hooks';
import { errorText } from './api';
import { APP_EVENTS, appBody, appsApi, deleteQuestion, emptyAppForm, formOf, formProblem, rotateQuestion, webhookState, type App, type AppForm, type IssuedApp } from './apps';
import { formatFull } from './format';
import { OnceSecret, Status, useLoad } from './Settings';

/** `onChanged`: after an app is registered, renamed or deleted (the inbox's names of apps follow). */
export function AppsSettings({ onChanged }: { onChanged?: () => void }) {
  const [data, error, reload] = useLoad(() => appsApi.list());
  const [editing, setEditing] = useState<App | 'new' | null>(null);
  const [issued, setIssued] = useState<{ app: IssuedApp; fresh: boolean } | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const apps = data?.apps ?? [];

  async function act(what: () => Promise<unknown>, done: string) {
    setMsg(['', false]);
    try {
      await what();
      setMsg([done, false]);
      reload();
      onChanged?.();
    } catch (e) {
      setMsg([errorText(e), true]);
    }
  }

  return (
    <>
      <p class="muted">
        A bot app is a program of yours that takes part in conversations: it gets the events it subscribed to as signed webhooks, answers
        with the Send API, and passes threads to and from the team. The team can always take a thread back.
      </p>
      {issued && <Issued issued={issued.app} fresh={issued.fresh} onDone={() => setIssued(null)} />}
      {!editing && (
        <button type="button" class="primary" data-testid="app-new" onClick={() => (setEditing('new'), setMsg(['', false]))}>
          Register an app
        </button>
      )}
      {editing && (
        <AppEditor
          app={editing == 'new' ? undefined : editing}
          onCancel={() => setEditing(null)}
          onSaved={(saved) => {
            setEditing(null);
            if ('token' in saved) setIssued({ app: saved, fresh: true });
            else setMsg([`Saved “${saved.name}”.`, false]);
            reload();
            onChanged?.();
          }}
        />
      )}
      <Status text={msg[0]} error={msg[1]} />
      {error && <Status text={error} error />}
      {data && !apps.length && <p class="muted">No apps yet.</p>}
      <ul class="plain app-list" data-testid="app-list">
        {apps.map((a) => {
          const hook = webhookState(a.webhook, formatFull);
          return (
            <li key={a.id} class="app-item" data-testid="app-item" data-app-id={a.id}>
              {a.avatar_url ? <img class="app-avatar" src={a.avatar_url} alt="" width={32} height={32} /> : <span class="avatar" aria-hidden="true">{a.name.slice(0, 1).toUpperCase()}</span>}
              <div class="app-body">
                <p>
                  <strong data-testid="app-name">{a.name}</strong>{' '}
                  {a.primary_receiver && (
                    <span class="bot-tag" data-testid="app-primary" title="Owns every new conversation no flow takes">
                      Primary receiver
                    </span>
                  )}
                </p>
                <p class="muted">
                  Token <code data-testid="app-token-prefix">{a.token_prefix}…</code>
                  {' · '}Webhook {a.webhook?.url ? <code>{a.webhook.url}</code> : null}{' '}
                  <span class={hook.failing ? 'error' : ''} data-testid="app-webhook-status">
                    {hook.text}
                  </span>
                </p>
                <div class="row wrap">
                  <button type="button" data-testid="app-edit" onClick={() => (setEditing(a), setMsg(['', false]))}>
                    Edit
                  </button>
                  <button
                    type="button"
                    data-testid="app-rotate"
                    onClick={() =>
                      confirm(rotateQuestion(a.name)) &&
                      act(async () => setIssued({ app: await appsApi.rotateToken(a.id), fresh: false }), `New token issued for “${a.name}”.`)
                    }
                  >
                    New token
                  </button>
                  <button type="button" data-testid="app-delete" onClick={() => confirm(deleteQuestion(a.name)) && act(() => appsApi.remove(a.id), `Deleted “${a.name}”.`)}>
                    Delete
                  </button>
                </div>
              </div>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** The secrets of a new app (token and webhook secret) or a new token: shown here only. */
function Issued({ issued, fresh, onDone }: { issued: IssuedApp; fresh: boolean; onDone: () => void }) {
  return (
    <section class="issued" data-testid="app-issued" aria-labelledby="app-issued-title">
      <h2 id="app-issued-title">{fresh ? `“${issued.name}” is registered` : `New token for “${issued.name}”`}</h2>
      <p class="error" role="alert">
        Copy {issued.webhook_secret ? 'these now: you will not see them' : 'it now: you will not see it'} again.
      </p>
      <OnceSecret label="App token (Authorization: Bearer …)" value={issued.token} testid="app-token" />
      {issued.webhook_secret && <OnceSecret label="Webhook secret (to verify the signatures)" value={issued.webhook_secret} testid="app-webhook-secret" />}
      <button type="button" data-testid="app-issued-done" onClick={onDone}>
        I have copied {issued.webhook_secret ? 'them' : 'it'}
      </button>
    </section>
  );
}

function AppEditor({ app, onCancel, onSaved }: { app?: App; onCancel: () => void; onSaved: (saved: App | IssuedApp) => void }) {
  const [f, setF] = useState<AppForm>(() => (app ? formOf(app) : emptyAppForm()));
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const id = (field: string) => 'app-' + field;
  async function save(e: Event) {
    e.preventDefault();
    const problem = formProblem(f);
    if (problem) return setError(problem);
    setBusy(true);
    setError('');
    try {
      onSaved(app ? await appsApi.update(app.id, appBody(f, app)) : await appsApi.create(appBody(f) as any));
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form class="stack" onSubmit={save} data-testid="app-form" aria-labelledby="app-form-title" noValidate>
      <h2 id="app-form-title">{app ? `Edit “${app.name}”` : 'Register an app'}</h2>
      <label for={id('name')}>Name</label>
      <input id={id('name')} data-testid="app-form-name" maxLength={80} value={f.name} onInput={(e) => setF({ ...f, name: e.currentTarget.value })} />
      <label for={id('avatar')}>Avatar URL (https, optional)</label>
      <input id={id('avatar')} data-testid="app-form-avatar" type="url" value={f.avatar_url} onInput={(e) => setF({ ...f, avatar_url: e.currentTarget.value })} />
      <label for={id('url')}>Webhook URL (where the app gets its events)</label>
      <input id={id('url')} data-testid="app-form-url" type="url" value={f.webhook_url} onInput={(e) => setF({ ...f, webhook_url: e.currentTarget.value })} />
      <fieldset>
        <legend>Events the app gets</legend>
        {APP_EVENTS.map((ev) => (
          <label class="check" key={ev.name}>
            <input
              type="checkbox"
              data-testid={'app-event-' + ev.name}
              checked={f.events.includes(ev.name)}
              onChange={(e) => setF({ ...f, events: e.currentTarget.checked ? [...f.events, ev.name] : f.events.filter((n) => n != ev.name) })}
            />
            {ev.label} <code>{ev.name}</code>
          </label>
        ))}
      </fieldset>
      <label class="check">
        <input type="checkbox" data-testid="app-form-primary" checked={f.primary_receiver} onChange={(e) => setF({ ...f, primary_receiver: e.currentTarget.checked })} />
        Primary receiver: owns every new conversation no flow takes, and may take any thread back (one app per workspace)
      </label>
      {error && (
        <p class="error" role="alert" data-testid="app-form-error">
          {error}
        </p>
      )}
      <div class="row">
        <button class="primary" type="submit" data-testid="app-form-save" disabled={busy}>
          {app ? 'Save' : 'Register'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
