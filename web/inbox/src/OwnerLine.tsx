import type { Inbox } from './inbox';
import { appLabel, botName } from './owner';
import { botOwned, flowOf } from './store';
import type { Conversation } from './types';

/** How much of an app's request metadata the line shows (it may hold up to 1,000 characters). */
const METADATA_SHOWN = 160;

/**
 * Under the conversation header: who runs the thread (docs/bots.md, docs/apps.md), "Take over" while a flow
 * or an app does, "Give back to bot" once the humans have a thread a flow ran, a menu to give the team's
 * thread to an app, an app's request for the thread with a button to give it, and the last change of owner.
 */
export function OwnerLine({ inbox, c }: { inbox: Inbox; c: Conversation }) {
  const owners = inbox.owners;
  const bot = botOwned(c);
  const flowId = flowOf(inbox.state, c.id);
  const notice = owners.notice[c.id];
  const request = owners.request(c.id);
  const apps = bot ? [] : owners.appList();
  if (!bot && flowId === null && !notice && !request && !apps.length) return null;
  const kind = c.owner?.type == 'app' ? 'app' : bot ? 'flow' : 'humans';
  const name = c.owner?.type == 'app' ? appLabel(owners.appName(c.owner.id)) : botName(owners.name(flowId));
  const busy = owners.busy.has(c.id);
  const asker = request?.requested_by.type == 'app' ? request.requested_by.id : null;
  const askerName = asker ? appLabel(owners.appName(asker)) : '';
  return (
    <div class={'owner-line' + (bot ? ' bot' : '')} data-testid="owner-line" data-owner={kind}>
      <span data-testid="owner-text">{bot ? `${name} is handling this.` : 'The team is handling this.'}</span>
      {bot && (
        <button type="button" data-testid="take-over" disabled={busy} onClick={() => owners.takeOver(c.id)}>
          Take over
        </button>
      )}
      {!bot && flowId !== null && (
        <button type="button" data-testid="give-back" disabled={busy} onClick={() => owners.giveBack(c.id)} title={`${name} resumes where it was and asks its question again`}>
          Give back to bot
        </button>
      )}
      {apps.length > 0 && (
        <details class="owner-menu" data-testid="give-to-app-menu">
          <summary>Give to an app</summary>
          <ul class="plain">
            {apps.map((a) => (
              <li key={a.id}>
                <button type="button" data-testid="give-to-app" data-app-id={a.id} disabled={busy} onClick={() => owners.giveToApp(c.id, a.id)}>
                  {a.name}
                </button>
              </li>
            ))}
          </ul>
        </details>
      )}
      {asker && (
        <span class="owner-request" data-testid="thread-request" data-app-id={asker}>
          {askerName} asks for this conversation
          {request?.metadata ? <q class="muted">{clip(request.metadata)}</q> : null}{' '}
          <button type="button" data-testid="give-to-requester" disabled={busy} onClick={() => owners.giveToApp(c.id, asker)}>
            Give to {askerName}
          </button>
        </span>
      )}
      <span role="status" class={notice?.error ? 'error' : 'muted'} data-testid={notice ? 'owner-notice' : undefined}>
        {notice?.text ?? ''}
      </span>
    </div>
  );
}

const clip = (s: string) => (s.length > METADATA_SHOWN ? s.slice(0, METADATA_SHOWN - 1) + '…' : s);
