/**
 * The thread owner seen from the inbox (docs/bots.md, docs/apps.md): the routes that take a thread from a
 * flow or an app or give it to one, the names of flows and apps, and the sentences shown for each change.
 * Texts are pure, for tests.
 */

import { call, errorText } from './api';
import { appsApi } from './apps';
import * as S from './store';
import type { Conversation, Flow, Handover, Owner, ThreadRequest } from './types';

const enc = encodeURIComponent;

export const ownerApi = {
  /** Agents may read it; a server before bots answers 404. */
  flows: () => call<{ flows: Flow[] }>('GET', 'flows'),
  /** Agents may read it; a server before apps answers 404. */
  apps: () => call<{ apps: { id: string; name: string }[] }>('GET', 'apps'),
  /** Take the thread for the humans, or give it back to the flow it had (409 when none ran). */
  setOwner: (id: string, owner: 'humans' | 'flow') =>
    call<Conversation | { conversation: Conversation }>('POST', `conversations/${enc(id)}/owner`, { owner }),
  /** The handover protocol's take (docs/apps.md): for the team, from whoever owns the thread. */
  take: appsApi.take,
  passToApp: appsApi.passToApp,
};

/** The conversation view in an answer, whether bare or wrapped. */
export function viewIn(answer: unknown): Conversation | null {
  const a = answer as any;
  const view = a?.conversation ?? a;
  return view && typeof view.id == 'string' && typeof view.status == 'string' ? (view as Conversation) : null;
}

/** "Stylist bot", or "The bot" when the flow's name is unknown. */
export const botName = (flowName?: string | null) => (flowName ? flowName + ' bot' : 'The bot');

/** An app by its name ("Order bot"), or "The app" when its name is unknown (an app deleted since). */
export const appLabel = (appName?: string | null) => appName || 'The app';

/** The list badge: "Stylist (bot)", or "Bot". */
export const botTag = (flowName?: string | null) => (flowName ? flowName + ' (bot)' : 'Bot');

/** The list badge of an app's thread: "Order bot (app)", or "App". */
export const appTag = (appName?: string | null) => (appName ? appName + ' (app)' : 'App');

/**
 * One sentence for a handover seen as an event (an agent's own take over has its own, see `ownText`).
 * `apps`: the workspace's app names by id, for handovers from or to an app.
 */
export function handoverText(h: Pick<Handover, 'reason'> & Partial<Pick<Handover, 'from' | 'to'>>, flowName?: string | null, apps: Record<string, string> = {}): string {
  const fromApp = h.from?.type == 'app' ? appLabel(apps[h.from.id]) : null;
  const toApp = h.to?.type == 'app' ? appLabel(apps[h.to.id]) : null;
  const bot = fromApp ?? botName(flowName);
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
    case 'passed':
      return toApp ? `${fromApp ?? 'An app'} passed this to ${lower(toApp)}.` : `${bot} handed this over to the team.`;
    case 'agent_passed':
      return `A teammate gave this to ${lower(toApp ?? 'The app')}.`;
    case 'taken':
      return `${toApp ?? 'An app'} took this conversation.`;
    case 'app_removed':
      return h.from?.type == 'app' && apps[h.from.id] ? `${apps[h.from.id]} was removed; the team owns this now.` : 'The app handling this was removed; the team owns this now.';
    default:
      return 'The team owns this now.';
  }
}

/**
 * What this agent's own change did: an explicit take over, one made by starting a reply, giving back
 * to the flow, or giving the thread to an app. `app`: the app's name when an app had (or gets) the thread.
 */
export function ownText(action: 'took' | 'typed' | 'gave' | 'passed', flowName?: string | null, app?: string): string {
  if (app !== undefined || action == 'passed') {
    const name = lower(appLabel(app));
    if (action == 'passed') return `You gave this to ${name}.`;
    return action == 'typed' ? `You took over from ${name} as you started a reply.` : `You took over from ${name}.`;
  }
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

/** Flow and app names, the header's owner sentence per conversation, apps' requests, and the owner changes. */
export class Owners {
  /** Names of the workspace's flows by id (empty on a server without bots). */
  names: Record<string, string> = {};
  /** Names of the workspace's apps by id (empty on a server without apps). */
  apps: Record<string, string> = {};
  notice: Record<string, OwnerNotice> = {};
  /** Per conversation, the last app that asked for the thread (`conversation.thread_requested`) while it did not own it. */
  requests: Record<string, ThreadRequest> = {};
  /** Conversations with an owner change of this agent's in flight. */
  readonly busy = new Set<string>();
  private ownChangeAt: Record<string, number> = {};
  /** App ids seen without a name: looked up once each (an app registered after the inbox loaded). */
  private asked = new Set<string>();

  constructor(
    private readonly h: OwnerHost,
    private readonly api = ownerApi,
  ) {}

  /** Once, at start: optional (an older server answers 404, and then no conversation has a flow or an app). */
  async loadNames() {
    await Promise.all([this.loadFlows(), this.loadApps()]);
  }

  private async loadFlows() {
    try {
      const { flows } = await this.api.flows();
      for (const f of flows ?? []) if (f?.id && typeof f.name == 'string') this.names[f.id] = f.name;
      this.h.emit();
    } catch {}
  }

  async loadApps() {
    try {
      const { apps } = await this.api.apps();
      const names: Record<string, string> = {};
      for (const a of apps ?? []) if (a?.id && typeof a.name == 'string') names[a.id] = a.name;
      this.apps = names;
      this.h.emit();
    } catch {}
  }

  name(flowId: string | null | undefined): string | undefined {
    return flowId ? this.names[flowId] : undefined;
  }

  /** The app's name; an unknown id is looked up once (its name then comes with the next render). */
  appName(appId: string): string | undefined {
    if (!this.apps[appId] && !this.asked.has(appId)) {
      this.asked.add(appId);
      void this.loadApps();
    }
    return this.apps[appId];
  }

  /** The apps an agent may give a thread to, by name. */
  appList(): { id: string; name: string }[] {
    return Object.entries(this.apps)
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Who runs the thread, in a sentence's subject: "Order bot", "Stylist bot"; null for the humans. */
  ownerName(owner: Owner | undefined): string | null {
    if (owner?.type == 'app') return appLabel(this.appName(owner.id));
    if (owner?.type == 'flow') return botName(this.name(owner.id));
    return null;
  }

  /** The list's badge of a bot's thread, or null for the humans. */
  tag(owner: Owner | undefined): string | null {
    if (owner?.type == 'app') return appTag(this.appName(owner.id));
    if (owner?.type == 'flow') return botTag(this.name(owner.id));
    return null;
  }

  /** An owner event applied by the store: the sentence, a ring, or an app's request. False for other events. */
  onEvent(before: S.State, event: string | undefined, data: any): boolean {
    if (!data?.conversation?.id) return false;
    if (event == 'conversation.handed_over') this.onHandover(before, data as Handover);
    else if (event == 'conversation.thread_requested') this.onRequest(data as ThreadRequest);
    else return false;
    return true;
  }

  /** An app asks for the thread: shown in the conversation with a button to give it, until the owner changes. */
  onRequest(r: ThreadRequest) {
    if (r.requested_by?.type != 'app') return;
    this.requests[r.conversation.id] = r;
    this.h.emit();
  }

  /** The app asking for this thread, unless it owns it already. */
  request(id: string): ThreadRequest | undefined {
    const r = this.requests[id];
    const owner = this.h.state().conversations[id]?.owner;
    return r && !(owner?.type == 'app' && r.requested_by.type == 'app' && owner.id == r.requested_by.id) ? r : undefined;
  }

  /** After the store applied a `conversation.handed_over`: the header's sentence, and maybe a ring. */
  onHandover(before: S.State, h: Handover) {
    const id = h.conversation.id;
    delete this.requests[id];
    const flowId = h.from?.type == 'flow' ? h.from.id : h.to?.type == 'flow' ? h.to.id : S.flowOf(this.h.state(), id);
    for (const o of [h.from, h.to]) if (o?.type == 'app') this.appName(o.id);
    const mine = h.reason == 'agent_took' || h.reason == 'given_back' || h.reason == 'agent_passed';
    const own = mine && Date.now() - (this.ownChangeAt[id] ?? 0) < OWN_CHANGE_MS;
    if (!own) this.notice[id] = { text: handoverText(h, this.name(flowId), this.apps) };
    this.h.emit();
    // A replay of a handover already applied (the thread was the humans' already) does not ring again.
    if (h.to?.type == 'humans' && before.conversations[id]?.owner?.type == 'humans') return;
    this.h.notify(this.h.state().conversations[id], h);
  }

  /**
   * Takes the thread from its flow or app for the humans. `typed`: the agent started a visible reply,
   * which would take it anyway; taking it now stops the bot meanwhile.
   */
  async takeOver(id: string, typed = false) {
    const owner = this.h.state().conversations[id]?.owner;
    const action = typed ? 'typed' : 'took';
    const error =
      owner?.type == 'app'
        ? await this.change(id, () => this.api.take(id), ownText(action, null, this.appName(owner.id)))
        : await this.change(id, () => this.api.setOwner(id, 'humans'), ownText(action, this.name(S.flowOf(this.h.state(), id))));
    // Started typing as the bot handed off by itself: nothing to take, nothing to say.
    if (error && typed && !S.botOwned(this.h.state().conversations[id])) delete this.notice[id];
    else if (error) this.notice[id] = { text: `Could not take over: ${error}${typed ? ' Sending your reply takes over too.' : ''}`, error: true };
    this.h.emit();
  }

  /** Gives the thread back to the flow it had; the server says why not (409) when it cannot. */
  async giveBack(id: string) {
    const error = await this.change(id, () => this.api.setOwner(id, 'flow'), ownText('gave', this.name(S.flowOf(this.h.state(), id))));
    if (error) this.notice[id] = { text: `Could not give it back: ${error}`, error: true };
    this.h.emit();
  }

  /** Gives the thread to an app (an agent's pass, docs/apps.md): from the owner line's menu, or an app's request. */
  async giveToApp(id: string, appId: string) {
    const name = this.appName(appId);
    const error = await this.change(id, () => this.api.passToApp(id, appId), ownText('passed', null, name));
    if (error) this.notice[id] = { text: `Could not give it to ${lower(appLabel(name))}: ${error}`, error: true };
    else delete this.requests[id];
    this.h.emit();
  }

  private async change(id: string, call: () => Promise<unknown>, done: string): Promise<string> {
    if (this.busy.has(id)) return '';
    this.busy.add(id);
    this.ownChangeAt[id] = Date.now();
    delete this.notice[id];
    this.h.emit();
    try {
      const view = viewIn(await call());
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
