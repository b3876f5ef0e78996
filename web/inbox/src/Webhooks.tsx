/** Settings → Webhooks (admins): the workspace's webhooks, each with its secret shown once, rotation, on/off and its delivery log. */
import { useState } from 'preact/hooks';
import { errorText } from './api';
import { formatFull } from './format';
import { OnceSecret, Status, useLoad } from './Settings';
import { WebhookLog } from './WebhookLog';
import './webhooks.css';
import { formProblem, webhookApi, webhookState, type Webhook } from './webhooks';

export function Webhooks() {
  const [hooks, error, reload] = useLoad(webhookApi.list);
  const [events] = useLoad(webhookApi.events);
  const [secret, setSecret] = useState<{ id: string; value: string; label: string } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <div data-testid="webhooks">
      <p class="muted">
        Parley sends the events you choose to your URL as signed JSON (Standard Webhooks), retries for about a day when it fails, and keeps a
        log you can replay from. See docs/webhooks.md to verify the signatures.
      </p>
      <CreateWebhook
        events={events ?? []}
        onCreated={(w) => {
          setSecret({ id: w.id, value: w.secret!, label: 'Signing secret (shown once: copy it now)' });
          reload();
        }}
      />
      {secret && <OnceSecret label={secret.label} value={secret.value} testid="webhook-secret" />}
      {error && <Status text={error} error />}
      {hooks && hooks.length == 0 && <p class="muted">No webhooks yet.</p>}
      <ul class="webhook-list" aria-label="Webhooks">
        {(hooks ?? []).map((w) => (
          <WebhookItem
            key={w.id}
            webhook={w}
            open={open == w.id}
            onToggleLog={() => setOpen(open == w.id ? null : w.id)}
            onChanged={reload}
            onSecret={(value) => setSecret({ id: w.id, value, label: 'New signing secret (shown once: copy it now)' })}
          />
        ))}
      </ul>
    </div>
  );
}

function CreateWebhook({ events, onCreated }: { events: string[]; onCreated: (w: Webhook) => void }) {
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [chosen, setChosen] = useState<string[]>(['message.created']);
  const [msg, setMsg] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const problem = formProblem(url, chosen);
    if (problem) return setMsg(problem);
    setBusy(true);
    setMsg('');
    try {
      onCreated(await webhookApi.create(url.trim(), chosen, description));
      setUrl('');
      setDescription('');
    } catch (err) {
      setMsg(errorText(err));
    } finally {
      setBusy(false);
    }
  }
  const toggle = (name: string, on: boolean) => setChosen(on ? [...chosen, name] : chosen.filter((n) => n != name));
  return (
    <form class="webhook-form" onSubmit={submit} aria-labelledby="webhook-new-title" data-testid="webhook-form">
      <h2 id="webhook-new-title">New webhook</h2>
      <label for="webhook-url">Endpoint URL</label>
      <input id="webhook-url" data-testid="webhook-url" type="url" placeholder="https://example.com/parley" value={url} onInput={(e) => setUrl(e.currentTarget.value)} />
      <label for="webhook-description">Description (optional)</label>
      <input id="webhook-description" maxLength={200} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      <fieldset>
        <legend>Events</legend>
        <div class="webhook-events">
          {events.map((name) => (
            <label key={name} class="check">
              <input type="checkbox" data-testid={'webhook-event-' + name} checked={chosen.includes(name)} onChange={(e) => toggle(name, e.currentTarget.checked)} />{' '}
              {name}
            </label>
          ))}
        </div>
      </fieldset>
      <button type="submit" data-testid="webhook-create" disabled={busy}>
        Add webhook
      </button>
      <Status text={msg} error />
    </form>
  );
}

function WebhookItem({ webhook: w, open, onToggleLog, onChanged, onSecret }: {
  webhook: Webhook;
  open: boolean;
  onToggleLog: () => void;
  onChanged: () => void;
  onSecret: (secret: string) => void;
}) {
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const [busy, setBusy] = useState(false);
  const state = webhookState(w, formatFull);
  async function act(work: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await work();
      setMsg([done, false]);
      onChanged();
    } catch (e) {
      setMsg([errorText(e), true]);
    } finally {
      setBusy(false);
    }
  }
  async function rotate() {
    if (!confirm('Rotate the signing secret? For 24 hours requests carry signatures with both the old and the new secret.')) return;
    await act(async () => onSecret((await webhookApi.rotate(w.id, 86400)).secret!), 'Rotated: update your endpoint within 24 hours.');
  }
  const titleId = 'webhook-title-' + w.id;
  return (
    <li class="webhook" data-testid="webhook-item" aria-labelledby={titleId}>
      <div class="row wrap">
        <h3 id={titleId} class="webhook-url">
          {w.url}
        </h3>
        <span class={'webhook-state ' + state.tone} data-testid="webhook-state">
          {state.label}
        </span>
      </div>
      {w.description && <p class="muted">{w.description}</p>}
      <p class="muted">Events: {w.events.join(', ')}</p>
      {w.previous_secret_until && <p class="muted">The previous secret also signs until {formatFull(w.previous_secret_until)}.</p>}
      <div class="row wrap">
        <button type="button" aria-expanded={open} data-testid="webhook-log-toggle" onClick={onToggleLog}>
          {open ? 'Hide deliveries' : 'Deliveries'}
        </button>
        <button type="button" disabled={busy} onClick={() => act(() => webhookApi.test(w.id), 'Test event queued.')}>
          Send test event
        </button>
        <button type="button" disabled={busy} data-testid="webhook-toggle" onClick={() => act(() => webhookApi.update(w.id, { enabled: !w.enabled }), w.enabled ? 'Disabled.' : 'Enabled.')}>
          {w.enabled ? 'Disable' : 'Enable'}
        </button>
        <button type="button" disabled={busy} data-testid="webhook-rotate" onClick={rotate}>
          Rotate secret
        </button>
        <button
          type="button"
          class="danger"
          disabled={busy}
          data-testid="webhook-delete"
          onClick={() => confirm(`Delete the webhook to ${w.url} and its delivery log?`) && act(() => webhookApi.remove(w.id), 'Deleted.')}
        >
          Delete
        </button>
      </div>
      <Status text={msg[0]} error={msg[1]} />
      {open && <WebhookLog webhookId={w.id} />}
    </li>
  );
}
