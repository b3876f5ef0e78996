/** "Add a workspace": another business with the caller as owner (POST /api/v1/workspaces). */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { siteOrigin } from './setup';

export function AddWorkspaceForm({ onCreated, onCancel }: { onCreated: (id: string) => void; onCancel?: () => void }) {
  const [name, setName] = useState('');
  const [site, setSite] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  async function submit(e: Event) {
    e.preventDefault();
    const origin = siteOrigin(site);
    if (!name.trim()) return setError('Enter the business’s name.');
    if (!origin) return setError('Enter the site’s address with https://, like https://shop.example.');
    setError('');
    setBusy(true);
    try {
      const { workspace } = await api.createWorkspace(name.trim(), origin);
      onCreated(workspace.id);
    } catch (err) {
      setBusy(false);
      setError(errorText(err));
    }
  }
  return (
    <form class="stack" onSubmit={submit} noValidate data-testid="add-workspace-form">
      <label for="new-ws-name">Business name</label>
      <input id="new-ws-name" data-testid="new-workspace-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
      <label for="new-ws-site">Site address (like https://shop.example)</label>
      <input id="new-ws-site" data-testid="new-workspace-site" type="url" required value={site} onInput={(e) => setSite(e.currentTarget.value)} />
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <button class="primary" type="submit" data-testid="new-workspace-submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create and open it'}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

export function AddWorkspaceDialog({ onCreated, onClose }: { onCreated: (id: string) => void; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.querySelector('input')?.focus();
    const onKey = (e: KeyboardEvent) => e.key == 'Escape' && onClose();
    document.addEventListener('keydown', onKey);
    return () => (document.removeEventListener('keydown', onKey), before?.focus?.());
  }, []);
  return (
    <div class="overlay" onClick={(e) => e.target == e.currentTarget && onClose()}>
      <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="add-ws-title" ref={ref} data-testid="add-workspace-dialog">
        <h2 id="add-ws-title">Add a workspace</h2>
        <p class="muted">A workspace is one business: its own widget, team and conversations. You become its owner.</p>
        <AddWorkspaceForm onCreated={onCreated} onCancel={onClose} />
      </div>
    </div>
  );
}
