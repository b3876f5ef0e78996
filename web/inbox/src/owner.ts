/**
 * The thread owner seen from the inbox (docs/bots.md): the routes that take a thread from a flow or
 * give it back, the flows' names, and the sentences shown for each change. Texts are pure, for tests.
 */

import { call, errorText } from './api';
import * as S from './store';
import type { Conversation, Flow, Handover } from './types';

const enc = encodeURIComponent;

export const ownerApi = {
  /** Agents may read it; a server before bots answers 404. */
  flows: () => call<{ flows: Flow[] }>('GET', 'flows'),
  /** Take the thread for the humans, or give it back to the flow it had (409 when none ran). */
  setOwner: (id: string, owner: 'humans' | 'flow') =>
    call<Conversation | { conversation: Conversation }>('POST', `conversations/${enc(id)}/owner`, { owner }),
};

/** The conversation view in an answer, whether bare or wrapped. */
export function viewIn(answer: unknown): Conversation | null {
  const a = answer as any;
  const view = a?.conversation ?? a;
  return view && typeof view.id == 'string' && typeof view.status == 'string' ? (view as Conversation) : null;
}

/** "Stylist bot", or "The bot" when the flow's name is unknown. */
export const botName = (flowName?: string | null) => (flowName ? flowName + ' bot' : 'The bot');

/** The list badge: "Stylist (bot)", or "Bot". */
export const botTag = (flowName?: string | null) => (flowName ? flowName + ' (bot)' : 'Bot');

/** One sentence for a handover seen as an event (an agent's own take over has its own, see `ownText`). */
export function handoverText(h: Pick<Handover, 'reason'>, flowName?: string | null): string {
  const bot = botName(flowName);
  switch (h.reason) {
    case 'handoff':
      return `${bot} handed this over to the team.`;
    case 'flow_ended':
      return `${bot} finished and handed this over to the team.`;
    case 'visitor_asked':
      return `The visitor asked for a person; ${lower(bot)} stopped.`;
    case 'agent_took':
      return `A teammate took over from ${lower(bot)}.`;
    case 'agent_replied':
      return `A teammate's reply took over from ${lower(bot)}.`;
    case 'timeout':
      return `The visitor stopped answering ${lower(bot)}; handed over to the team.`;
    case 'given_back':
      return `Given back to ${lower(bot)}: it asks its question again.`;
    case 'not_understood':
      return `${bot} could not understand the visitor's answers; handed over to the team.`;
    case 'kb_no_match':
      return `${bot} found no article for the visitor's question; handed over to the team.`;
    case 'kb_not_helpful':
      return `The articles ${lower(bot)} suggested did not help; handed over to the team.`;
    case 'resolved':
      return `${bot} resolved this conversation.`;
    default:
      return 'The team owns this now.';
  }
}

/** What this agent's own change did: an explicit take over, one made by starting a reply, or giving back. */
export function ownText(action: 'took' | 'typed' | 'gave', flowName?: string | null): string {
  const bot = lower(botName(flowName));
  if (action == 'gave') return `You gave this back to ${bot}: it asks its question again.`;
  if (action == 'typed') return `You took over from ${bot} as you started a reply: it stopped asking.`;
  return `You took over from ${bot}: it stopped asking.`;
}

const lower = (s: string) => (s.startsWith('The ') ? 'the ' + s.slice(4) : s);

/** The last change of a thread's owner shown in its header, or why the change failed. */
export type OwnerNotice = { text: string; error?: boolean };

/** What the owner desk needs of the inbox. */
export type OwnerHost = {
  state(): S.State;
  set(state: S.State): void;
  emit(): void;
  /** Rings for a handover when reasonFor says so. */
  notify(c: Conversation | undefined, h: Handover): void;
};

/** An event echoing this agent's own owner change within this time keeps the agent's own sentence. */
const OWN_CHANGE_MS = 15_000;

/** Flow names, the header's owner sentence per conversation, and the take over / give back actions. */
export class Owners {
  /** Names of the workspace's flows by id (empty on a server without bots). */
  names: Record<string, string> = {};
  notice: Record<string, OwnerNotice> = {};
  /** Conversations with an owner change of this agent's in flight. */
  readonly busy = new Set<string>();
  private ownChangeAt: Record<string, number> = {};

  constructor(
    private readonly h: OwnerHost,
    private readonly api = ownerApi,
  ) {}

  /** Once, at start: optional (an older server answers 404, and then no conversation has a flow). */
  async loadNames() {
    try {
      const { flows } = await this.api.flows();
      for (const f of flows ?? []) if (f?.id && typeof f.name == 'string') this.names[f.id] = f.name;
      this.h.emit();
    } catch {}
  }

  name(flowId: string | null | undefined): string | undefined {
    return flowId ? this.names[flowId] : undefined;
  }

  /** After the store applied a `conversation.handed_over`: the header's sentence, and maybe a ring. */
  onHandover(before: S.State, h: Handover) {
    const id = h.conversation.id;
    const flowId = h.from?.type == 'flow' ? h.from.id : h.to?.type == 'flow' ? h.to.id : S.flowOf(this.h.state(), id);
    const own = (h.reason == 'agent_took' || h.reason == 'given_back') && Date.now() - (this.ownChangeAt[id] ?? 0) < OWN_CHANGE_MS;
    if (!own) this.notice[id] = { text: handoverText(h, this.name(flowId)) };
    this.h.emit();
    // A replay of a handover already applied (the thread was the humans' already) does not ring again.
    if (h.to?.type == 'humans' && before.conversations[id]?.owner?.type == 'humans') return;
    this.h.notify(this.h.state().conversations[id], h);
  }

  /**
   * Takes the thread from its flow for the humans. `typed`: the agent started a visible reply, which
   * would take it anyway; taking it now stops the bot from asking meanwhile.
   */
  async takeOver(id: string, typed = false) {
    const error = await this.change(id, 'humans', ownText(typed ? 'typed' : 'took', this.name(S.flowOf(this.h.state(), id))));
    // Started typing as the flow handed off by itself: nothing to take, nothing to say.
    if (error && typed && !S.flowOwned(this.h.state().conversations[id])) delete this.notice[id];
    else if (error) this.notice[id] = { text: `Could not take over: ${error}${typed ? ' Sending your reply takes over too.' : ''}`, error: true };
    this.h.emit();
  }

  /** Gives the thread back to the flow it had; the server says why not (409) when it cannot. */
  async giveBack(id: string) {
    const error = await this.change(id, 'flow', ownText('gave', this.name(S.flowOf(this.h.state(), id))));
    if (error) this.notice[id] = { text: `Could not give it back: ${error}`, error: true };
    this.h.emit();
  }

  private async change(id: string, owner: 'humans' | 'flow', done: string): Promise<string> {
    if (this.busy.has(id)) return '';
    this.busy.add(id);
    this.ownChangeAt[id] = Date.now();
    delete this.notice[id];
    this.h.emit();
    try {
      const view = viewIn(await this.api.setOwner(id, owner));
      if (view) this.h.set(S.upsertConversation(this.h.state(), view));
      this.notice[id] = { text: done };
      return '';
    } catch (e) {
      delete this.ownChangeAt[id];
      return errorText(e);
    } finally {
      this.busy.delete(id);
    }
  }
}
