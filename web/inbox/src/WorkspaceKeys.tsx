/** The workspace's two keys on its settings page: the public widget key (rotated with a grace period) and the identity secret. */
import { useState } from 'preact/hooks';
import { adminApi, type RotatedWidgetKey } from './adminApi';
import { errorText } from './api';
import { formatFull } from './format';
import { OnceSecret, Status } from './Settings';
import { snippet } from './WorkspaceSettings';

/** How long sites still using the old key keep working: long enough to redeploy the snippet. */
const GRACE_CHOICES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '24 hours' },
  { hours: 168, label: '7 days' },
] as const;

export function WidgetKeyRotation({ onRotated }: { onRotated: (widgetKey: string) => void }) {
  const [grace, setGrace] = useState(24);
  const [rotated, setRotated] = useState<RotatedWidgetKey | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function rotate() {
    const choice = GRACE_CHOICES.find((c) => c.hours == grace)!.label;
    if (!confirm(`Rotate the widget key? Pages with the current snippet keep working for ${choice}; put the new snippet on your site before then.`)) return;
    setBusy(true);
    setError('');
    try {
      const r = await adminApi.rotateWidgetKey(grace);
      setRotated(r);
      onRotated(r.widget_key);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="widget-key-title" data-testid="widget-key">
      <h2 id="widget-key-title">Widget key</h2>
      <p class="muted">
        The key in the snippet is public. Rotate it when someone copies your widget onto their own site: the old key keeps working for the
        time you choose, so you can update your pages first.
      </p>
      <div class="row wrap">
        <label for="widget-key-grace">Old key keeps working for</label>
        <select id="widget-key-grace" data-testid="widget-key-grace" value={grace} onChange={(e) => setGrace(Number(e.currentTarget.value))}>
          {GRACE_CHOICES.map((c) => (
            <option key={c.hours} value={c.hours}>
              {c.label}
            </option>
          ))}
        </select>
        <button type="button" data-testid="widget-key-rotate" disabled={busy} onClick={rotate}>
          Rotate widget key
        </button>
      </div>
      <Status text={error} error />
      {rotated && (
        <div data-testid="widget-key-rotated">
          <p role="status">
            New key <code data-testid="widget-key-new">{rotated.widget_key}</code>. The old key <code>{rotated.previous_widget_key}</code> works until{' '}
            <strong data-testid="widget-key-old-until">{formatFull(rotated.previous_key_valid_until)}</strong>.
          </p>
          <OnceSecret label="The new snippet for your pages" value={snippet(location.origin, rotated.widget_key)} testid="widget-key-new-snippet" multiline />
        </div>
      )}
    </section>
  );
}

export function IdentitySecret() {
  const [secret, setSecret] = useState<string | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const [busy, setBusy] = useState(false);
  async function load(rotate: boolean) {
    if (rotate && !confirm('Rotate the identity secret? Signatures made with the current one stop working at once: update your server with the new secret right away.'))
      return;
    setBusy(true);
    try {
      const r = rotate ? await adminApi.rotateIdentitySecret() : await adminApi.identitySecret();
      setSecret(r.identity_secret);
      setMsg(rotate ? ['Rotated. Put the new secret on your server now.', false] : ['', false]);
    } catch (e) {
      setMsg([errorText(e), true]);
    } finally {
      setBusy(false);
    }
  }
  return (
    <section aria-labelledby="identity-secret-title" data-testid="identity-secret-section">
      <h2 id="identity-secret-title">Identity secret</h2>
      <p class="muted">
        Your server signs a signed-in customer’s user id with this secret, so the widget can trust who they are (see docs/customer.md). Keep it on
        your server, never in your pages.
      </p>
      {secret ? (
        <OnceSecret label="Identity secret" value={secret} testid="identity-secret" />
      ) : (
        <button type="button" data-testid="identity-secret-reveal" disabled={busy} onClick={() => load(false)}>
          Reveal secret
        </button>
      )}{' '}
      {secret && (
        <button type="button" onClick={() => setSecret(null)}>
          Hide
        </button>
      )}{' '}
      <button type="button" data-testid="identity-secret-rotate" disabled={busy} onClick={() => load(true)}>
        Rotate secret
      </button>
      <Status text={msg[0]} error={msg[1]} />
    </section>
  );
}
