import type { Inbox } from './inbox';
import { botName } from './owner';
import { flowOf, flowOwned } from './store';
import type { Conversation } from './types';

/**
 * Under the conversation header: who runs the thread (docs/bots.md), "Take over" while a flow does,
 * "Give back to bot" once the humans have a thread a flow ran, and the last change of owner.
 */
export function OwnerLine({ inbox, c }: { inbox: Inbox; c: Conversation }) {
  const bot = flowOwned(c);
  const flowId = flowOf(inbox.state, c.id);
  const notice = inbox.owners.notice[c.id];
  if (!bot && flowId === null && !notice) return null;
  const name = botName(inbox.owners.name(flowId));
  const busy = inbox.owners.busy.has(c.id);
  return (
    <div class={'owner-line' + (bot ? ' bot' : '')} data-testid="owner-line" data-owner={bot ? 'flow' : 'humans'}>
      {bot && <span data-testid="owner-text">{name} is handling this.</span>}
      {bot ? (
        <button type="button" data-testid="take-over" disabled={busy} onClick={() => inbox.owners.takeOver(c.id)}>
          Take over
        </button>
      ) : (
        flowId !== null && (
          <button type="button" data-testid="give-back" disabled={busy} onClick={() => inbox.owners.giveBack(c.id)} title={`${name} resumes where it was and asks its question again`}>
            Give back to bot
          </button>
        )
      )}
      <span role="status" class={notice?.error ? 'error' : 'muted'} data-testid={notice ? 'owner-notice' : undefined}>
        {notice?.text ?? ''}
      </span>
    </div>
  );
}
