/** Admins' team screen: agents with roles and deactivation, invitations by link. */
import { useState } from 'preact/hooks';
import { api, errorText } from './api';
import { formatFull } from './format';
import type { Inbox } from './inbox';
import type { Agent, Invitation, Role } from './types';
import { OnceSecret, Status, useLoad } from './Settings';

const ROLES: Role[] = ['agent', 'admin', 'owner'];

export function TeamSettings({ inbox }: { inbox: Inbox }) {
  const [agents, agentsError, reloadAgents] = useLoad(() => api.agents());
  const [invites, invitesError, reloadInvites] = useLoad(() => api.invitations());
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [link, setLink] = useState('');
  async function patch(a: Agent, body: { role?: Role; active?: boolean }) {
    try {
      await api.updateAgent(a.id, body);
      setMsg([`${a.name} updated.`, false]);
      reloadAgents();
      inbox.loadAgents();
    } catch (e) {
      setMsg([errorText(e), true]);
      reloadAgents();
    }
  }
  return (
    <>
      <Status text={msg[0]} error={msg[1]} />
      {agentsError && <Status text={agentsError} error />}
      <table class="table" data-testid="team-table">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Presence</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {agents?.agents.map((a) => (
            <tr key={a.id} data-agent-id={a.id}>
              <td>{a.name}</td>
              <td>{a.email}</td>
              <td>
                <select aria-label={`Role of ${a.name}`} value={a.role} disabled={a.id == inbox.me.id} onChange={(e) => patch(a, { role: e.currentTarget.value as Role })}>
                  {ROLES.filter((r) => r != 'owner' || inbox.me.role == 'owner' || a.role == 'owner').map((r) => (
                    <option key={r} value={r}>
                      {r}
                    </option>
                  ))}
                </select>
              </td>
              <td>{inbox.state.agents[a.id]?.presence ?? a.presence ?? '—'}</td>
              <td>
                {a.id == inbox.me.id ? (
                  'You'
                ) : (
                  <button type="button" data-testid={a.active ? 'deactivate' : 'reactivate'} onClick={() => patch(a, { active: !a.active })}>
                    {a.active ? 'Deactivate' : 'Reactivate'}
                  </button>
                )}
                {!a.active && <span class="muted"> (inactive)</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Invite a teammate</h2>
      <form
        class="row wrap"
        data-testid="invite-teammate-form"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const r = await api.invite(email.trim(), role);
            setLink(r.url);
            setEmail('');
            reloadInvites();
          } catch (err) {
            setLink('');
            setMsg([errorText(err), true]);
          }
        }}
      >
        <label for="invite-email">Email</label>
        <input id="invite-email" data-testid="invite-email" type="email" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="invite-role">Role</label>
        <select id="invite-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
          {ROLES.filter((r) => r != 'owner' || inbox.me.role == 'owner').map((r) => (
            <option key={r} value={r}>
              {r}
            </option>
          ))}
        </select>
        <button class="primary" type="submit">
          Invite
        </button>
      </form>
      {link && <OnceSecret label="Invitation link (shown once; it was also emailed)" value={link} testid="invite-link" />}
      <h2>Pending invitations</h2>
      {invitesError && <Status text={invitesError} error />}
      {invites && !invites.invitations.length && <p class="muted">None.</p>}
      <ul class="plain">
        {invites?.invitations.map((i: Invitation) => (
          <li key={i.id}>
            {i.email} · {i.role} · expires {formatFull(i.expires_at)}{' '}
            <button
              type="button"
              onClick={async () => {
                try {
                  await api.revokeInvitation(i.id);
                  reloadInvites();
                } catch (e) {
                  setMsg([errorText(e), true]);
                }
              }}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
