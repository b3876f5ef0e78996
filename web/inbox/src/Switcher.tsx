/** The top bar's workspace switcher and, for those allowed, "Add a workspace". */
import { useState } from 'preact/hooks';
import { api, errorText } from './api';
import { AddWorkspaceDialog } from './AddWorkspace';
import { canAddWorkspace, showSwitcher, switcherOptions } from './switcher';
import type { Me } from './types';

export function WorkspaceSwitcher({ session, onSwitched, onError }: { session: Me; onSwitched: (me: Me) => void; onError: (text: string) => void }) {
  const [busy, setBusy] = useState(false);
  const [adding, setAdding] = useState(false);
  const multiple = showSwitcher(session);
  const add = canAddWorkspace(session);
  if (!multiple && !add) return null;

  async function switchTo(id: string) {
    if (id == session.workspace_id) return;
    setBusy(true);
    try {
      const me = await api.switchWorkspace(id);
      // The open conversation belongs to the workspace left behind.
      location.hash = '#/';
      onSwitched(me);
    } catch (e) {
      setBusy(false);
      onError(errorText(e));
    }
  }

  return (
    <div class="workspace-switcher row">
      {multiple && (
        <>
          <label for="workspace-switcher" class="sr-only">
            Workspace
          </label>
          <select
            id="workspace-switcher"
            data-testid="workspace-switcher"
            value={session.workspace_id}
            disabled={busy}
            onChange={(e) => switchTo(e.currentTarget.value)}
          >
            {switcherOptions(session).map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </>
      )}
      {add && (
        <button type="button" data-testid="add-workspace" onClick={() => setAdding(true)}>
          Add workspace
        </button>
      )}
      {adding && (
        <AddWorkspaceDialog
          onClose={() => setAdding(false)}
          onCreated={async (id) => {
            setAdding(false);
            await switchTo(id);
          }}
        />
      )}
    </div>
  );
}
