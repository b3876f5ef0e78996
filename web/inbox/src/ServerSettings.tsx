/** Server administrators: every workspace on this Parley, and turning one off (its widget and team stop) or on again. */
import { useState } from 'preact/hooks';
import { adminApi, type ServerWorkspace } from './adminApi';
import { errorText } from './api';
import { formatFull } from './format';
import { Status, useLoad } from './Settings';
import type { Me } from './types';

export function ServerSettings({ session }: { session: Me }) {
  const [data, error, reload] = useLoad(() => adminApi.serverWorkspaces());
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  async function toggle(w: ServerWorkspace) {
    const disable = !w.disabled_at;
    if (disable && !confirm(`Disable “${w.name}”? Its widget stops answering, and its team is signed out and cannot sign in to it.`)) return;
    try {
      await adminApi.setWorkspaceDisabled(w.id, disable);
      setMsg([`${w.name} ${disable ? 'disabled' : 'enabled'}.`, false]);
      reload();
    } catch (e) {
      setMsg([errorText(e), true]);
    }
  }
  return (
    <>
      <p class="muted">Every workspace on this server. Add one with “Add workspace” in the top bar.</p>
      <Status text={msg[0]} error={msg[1]} />
      {error && <Status text={error} error />}
      <table class="table" data-testid="server-workspaces">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Widget key</th>
            <th scope="col">Agents</th>
            <th scope="col">Created</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {data?.workspaces.map((w) => (
            <tr key={w.id} data-workspace-id={w.id} data-disabled={!!w.disabled_at}>
              <td>
                {w.name}
                {w.id == session.workspace_id && <span class="muted"> (this one)</span>}
              </td>
              <td>
                <code>{w.widget_key}</code>
              </td>
              <td>{w.agents}</td>
              <td>{formatFull(w.created_at)}</td>
              <td>
                {w.disabled_at ? <span>Disabled {formatFull(w.disabled_at)} </span> : <span>Active </span>}
                {/* The server refuses to disable the workspace one is signed in to: switch first. */}
                {w.id != session.workspace_id && (
                  <button
                    type="button"
                    data-testid={w.disabled_at ? 'enable-workspace' : 'disable-workspace'}
                    aria-label={`${w.disabled_at ? 'Enable' : 'Disable'} ${w.name}`}
                    onClick={() => toggle(w)}
                  >
                    {w.disabled_at ? 'Enable' : 'Disable'}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
