/**
 * The inbox controller: owns the state (store.ts), the socket (socket.ts) and the outbox, and
 * turns REST answers and socket frames into state. Components read `inbox.state` and call methods;
 * `subscribe` re-renders them.
 */

import { ReachBook, type VisitorPresenceFrame } from './reach';
import { api, errorText, liveApi, type ListQuery } from './api';
import { LiveVisitors } from './live';
import { chime, DEFAULT_SETTINGS, notificationText, notify, reasonFor } from './notify';
import { Outbox } from './outbox';
import { Sender } from './sending';
import { AgentSocket, type SocketStatus } from './socket';
import * as S from './store';
import { contactName } from './format';
import { handoverText, Owners } from './owner';
import type { Agent, Conversation, Handover, Message, ServerFrame, Status } from './types';

export type Typing = { name: string; until: number; agent: boolean };

const TYPING_MS = 6_000;

export class Inbox {
  state: S.State = S.emptyState();
  me: Agent;
  query: ListQuery = { tab: 'all', status: 'open' };
  openId: string | null = null;
  socketStatus: SocketStatus = 'connecting';
  listLoading = false;
  listError = '';
  /** Where the next page of the current list starts, when there is one. */
  nextBefore: string | null = null;
  threadError: Record<string, string> = {};
  typing: Record<string, Typing> = {};
  /** How a reply would reach each conversation's customer (reach.ts). */
  readonly reach = new ReachBook(api.reach, () => this.emit());
  /** Visitors on the site now, fetched on every (re)connect and kept live by `visitor.*` events (live.ts). */
  readonly live = new LiveVisitors(liveApi, () => this.emit());
  /** Accessible announcement of the last new message in the open conversation. */
  announcement = '';
  /** Who owns each thread: flow names, the header's sentence, take over and give back (owner.ts). */
  readonly owners = new Owners({
    state: () => this.state,
    set: (s) => this.set(s),
    emit: () => this.emit(),
    notify: (c, h) => this.maybeNotify('handover', c, undefined, h),
  });
  readonly outbox: Outbox;
  private socket: AgentSocket;
  /** Sends, retries and discards replies and notes (sending.ts). */
  readonly sender: Sender;
  private listeners = new Set<() => void>();
  private retryTimer: any;
  private readSent: Record<string, number> = {};
  private fetching = new Set<string>();

  constructor(
    me: Agent,
    private readonly onSignedOut: () => void,
    private readonly openConversation: (id: string) => void,
  ) {
    this.me = me;
    this.outbox = new Outbox(undefined, me.id);
    this.query.tab = (localStorage.getItem('parley.inbox.tab') as S.Tab) || 'all';
    const proto = location.protocol == 'https:' ? 'wss:' : 'ws:';
    this.socket = new AgentSocket({
      url: `${proto}//${location.host}/ws/agent`,
      onFrame: (f) => this.onFrame(f),
      onStatus: (s) => {
        this.socketStatus = s;
        this.emit();
      },
      onReady: (reload) => this.onReady(reload),
      onUnauthorized: () => this.onSignedOut(),
    });
    this.sender = new Sender({
      outbox: this.outbox,
      sendFrame: (frame) => this.socket.send(frame),
      addMessage: (m) => this.set(S.addMessage(this.state, m)),
      hasMessage: (conversationId, id) => !!this.state.threads[conversationId]?.messages.some((m) => m.id == id),
      me: () => this.me,
      emit: () => this.emit(),
    });
  }

  start() {
    this.socket.connect();
    this.loadAgents();
    this.owners.loadNames();
    this.retryTimer = setInterval(() => this.sender.flush(false), 3_000);
    addEventListener('online', this.onOnline);
    document.addEventListener('visibilitychange', this.onVisible);
  }

  stop() {
    this.socket.close();
    clearInterval(this.retryTimer);
    removeEventListener('online', this.onOnline);
    document.removeEventListener('visibilitychange', this.onVisible);
  }

  private onOnline = () => this.socket.retryNow();
  private onVisible = () => {
    if (!document.hidden && this.openId) this.markRead(this.openId);
  };

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private emitQueued = false;
  emit() {
    if (this.emitQueued) return;
    this.emitQueued = true;
    queueMicrotask(() => {
      this.emitQueued = false;
      this.listeners.forEach((fn) => fn());
    });
  }

  private set(next: S.State) {
    if (next !== this.state) {
      this.state = next;
      this.emit();
    }
  }

  /** After this agent deleted a contact: its conversations leave the list at once (the event follows). */
  contactDeleted = (conversationIds: string[]) => this.set(S.removeConversations(this.state, conversationIds));

  get isAdmin() {
    return this.me.role == 'owner' || this.me.role == 'admin';
  }

  get settings() {
    return { ...DEFAULT_SETTINGS, ...this.me.notifications };
  }

  list(): Conversation[] {
    return S.listView(this.state, this.query.tab, this.query.status, this.me.id);
  }

  // ---- loading -------------------------------------------------------------------------------

  async loadAgents() {
    try {
      const { agents } = await api.agents();
      this.set(S.setAgents(this.state, agents));
    } catch {}
  }

  async loadList() {
    const q = { ...this.query };
    this.listLoading = true;
    this.listError = '';
    this.emit();
    try {
      const page = await api.conversations(q, 100);
      this.set(S.replaceList(this.state, q.tab, q.status, this.me.id, page.conversations, !page.next_before));
      this.nextBefore = page.next_before ?? null;
      this.reach.load(page.conversations.filter((c) => c.status != 'resolved').map((c) => c.id));
      // The open conversation left this list: keep it shown with its fresh state.
      if (this.openId && !this.state.conversations[this.openId]) this.fetchConversation(this.openId);
    } catch (e) {
      this.listError = errorText(e);
    } finally {
      this.listLoading = false;
      this.emit();
    }
  }

  /** Older conversations of the current list (`next_before` of the last page). */
  async loadMore() {
    if (!this.nextBefore) return;
    const q = { ...this.query };
    try {
      const page = await api.conversations(q, 100, this.nextBefore);
      this.set(S.setConversations(this.state, page.conversations));
      this.nextBefore = page.next_before ?? null;
    } catch (e) {
      this.listError = errorText(e);
    }
    this.emit();
  }

  setQuery(q: Partial<ListQuery>) {
    this.nextBefore = null;
    this.query = { ...this.query, ...q };
    if (q.tab) localStorage.setItem('parley.inbox.tab', q.tab);
    this.emit();
    this.loadList();
  }

  /** Opens a conversation: cached state shows at once, then the newest page refreshes it. */
  async open(id: string | null) {
    this.openId = id;
    this.announcement = '';
    this.emit();
    if (id) await this.refreshThread(id);
  }

  async refreshThread(id: string) {
    delete this.threadError[id];
    try {
      let c = this.state.conversations[id];
      if (!c) {
        const r = await api.conversation(id);
        this.set(S.upsertConversation(this.state, r.conversation));
        c = this.state.conversations[id];
      }
      const page = await this.newestPage(id, c.last_seq);
      this.set(S.addPage(this.state, id, page.messages, page.has_more));
      this.markRead(id);
      // How replies reached the customer; optional (an older server has no such route).
      api.notified(id).then((n) => this.set(S.applyNotified(this.state, id, n)), () => {});
      api.rating(id).then((r) => this.set(S.applyRating(this.state, id, r.rating ?? null)), () => {});
      this.reach.load([id]);
    } catch (e) {
      this.threadError[id] = errorText(e);
      this.emit();
    }
  }

  /**
   * The newest page (`?before=last_seq+1`). A server without `before` answers the oldest page with
   * has_more (older pages can't start at seq 1): then the rest is read forward with `after`.
   */
  private async newestPage(id: string, lastSeq: number) {
    const page = await api.messages(id, lastSeq + 1);
    if (!page.has_more || page.messages[0]?.seq != 1) return page;
    const all = [...page.messages];
    for (let i = 0, more = true; more && i < 20; i++) {
      const next = await api.messagesAfter(id, all[all.length - 1].seq);
      all.push(...next.messages);
      more = next.has_more && next.messages.length > 0;
    }
    return { messages: all, has_more: false };
  }

  async loadOlder(id: string) {
    const t = this.state.threads[id];
    const first = t?.messages[0]?.seq;
    if (!first) return;
    try {
      const page = await api.messages(id, first);
      const honoured = page.messages.every((m) => m.seq < first);
      this.set(S.addPage(this.state, id, page.messages, honoured && page.has_more, true));
    } catch (e) {
      this.threadError[id] = errorText(e);
      this.emit();
    }
  }

  /** Moves the agents' read watermark when the conversation is open and the tab visible. */
  markRead(id: string) {
    const c = this.state.conversations[id];
    if (!c || document.hidden || id != this.openId) return;
    if (c.last_seq <= c.agent_read_seq || (this.readSent[id] ?? 0) >= c.last_seq) return;
    this.readSent[id] = c.last_seq;
    if (!this.socket.send({ type: 'read', conversation_id: id, seq: c.last_seq })) {
      api.markRead(id, c.last_seq).catch(() => delete this.readSent[id]);
    }
    // Optimistic: the conversation.read event confirms it.
    this.set(S.applyRead(this.state, id, 'agent', c.last_seq));
  }

  // ---- socket ---------------------------------------------------------------------------------

  private onReady(reload: boolean) {
    this.live.load(); // its events are not replayed: read the list again after every gap
    if (reload) {
      this.loadList();
      if (this.openId) this.refreshThread(this.openId);
      this.loadAgents();
    }
    this.sender.flush(true);
  }

  private onFrame(f: ServerFrame) {
    switch (f.type) {
      case 'event':
        return void (this.live.onFrame(f) || this.onEvent(f));
      case 'ack':
        return this.sender.onAck(f);
      case 'typing':
        if (f.sender?.type != 'contact' && f.sender?.type != 'agent') return;
        if (f.sender.type == 'agent' && f.sender.id == this.me.id) return;
        if (f.typing) this.typing[f.conversation_id] = { name: f.sender?.name || '', until: Date.now() + TYPING_MS, agent: f.sender.type == 'agent' };
        else delete this.typing[f.conversation_id];
        this.emit();
        setTimeout(() => this.emit(), TYPING_MS + 100);
        return;
      case 'visitor_presence':
        return this.reach.presence(f as VisitorPresenceFrame);
      case 'presence':
        if (f.agent_id == this.me.id) this.me = { ...this.me, presence: f.presence };
        return this.set(S.setPresence(this.state, f.agent_id, f.presence));
      case 'error':
        return this.sender.onError(f);
    }
  }

  private onEvent(f: ServerFrame) {
    const before = this.state;
    this.set(S.applyEvent(this.state, f));
    const data = f.data ?? {};
    if (f.event == 'message.created') {
      const m = (data.message ?? data) as Message;
      if (m.client_msg_id && m.sender.type == 'agent' && m.sender.id == this.me.id) this.outbox.done(m.client_msg_id);
      if (m.sender.type == 'contact') delete this.typing[m.conversation_id];
      if (!this.state.conversations[m.conversation_id]) this.fetchConversation(m.conversation_id);
      if (m.conversation_id == this.openId && !before.threads[m.conversation_id]?.messages.some((x) => x.id == m.id)) {
        this.announcement = `New ${m.private ? 'note' : 'message'} from ${m.sender.type == 'contact' ? contactName(this.state.conversations[m.conversation_id]) : m.sender.name || m.sender.type}: ${m.text.slice(0, 140)}`;
        this.markRead(m.conversation_id);
      }
      this.maybeNotify('message', this.state.conversations[m.conversation_id], m);
    } else if (f.event == 'conversation.created' && data.conversation && !before.conversations[data.conversation.id]) {
      this.maybeNotify('conversation', data.conversation, undefined);
    } else if (this.owners.onEvent(before, f.event, data)) {
      // a handover or an app's request for the thread (owner.ts)
    } else if (f.event == 'contact.updated' && data.contact?.id) {
      this.reach.contactChanged(data.contact.id);
    } else if (f.event == 'contact.deleted' && this.openId && data.conversation_ids?.includes(this.openId)) {
      location.hash = '#/'; // the open conversation was deleted (docs/privacy.md)
    } else if (f.event == 'agent.updated' && data.agent?.id == this.me.id) {
      this.me = { ...this.me, ...data.agent };
      this.emit();
    }
  }

  private async fetchConversation(id: string) {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    try {
      const r = await api.conversation(id);
      this.set(S.upsertConversation(this.state, r.conversation));
    } catch {
    } finally {
      this.fetching.delete(id);
    }
  }

  private maybeNotify(kind: 'message' | 'conversation' | 'handover', c: Conversation | undefined, m: Message | undefined, h?: Handover) {
    if (!document.hidden) return;
    if (m && Date.now() - m.created_at > 120_000) return; // an old event replayed after a reconnect
    const reason = reasonFor(kind, this.me.id, c, m, this.settings, h);
    if (!reason || !c) return;
    const flowName = this.owners.name(h?.from?.type == 'flow' ? h.from.id : null);
    const { title, body } = notificationText(reason, c, m, h && { handover: h, text: handoverText(h, flowName, this.owners.apps) });
    notify(title, body, c.id, () => this.openConversation(c.id));
    if (this.settings.sound) chime();
  }

  // ---- sending: `inbox.sender` (sending.ts) sends, retries and discards ------------------------

  sendTyping(conversationId: string, typing: boolean) {
    this.socket.send({ type: 'typing', conversation_id: conversationId, typing });
  }

  // ---- actions --------------------------------------------------------------------------------

  assign(id: string, assigneeId: string | null): Promise<string> {
    return this.change(() => api.assign(id, assigneeId));
  }

  setStatus(id: string, status: Status, until?: number): Promise<string> {
    return this.change(() => api.setStatus(id, status, until));
  }

  /** Runs a change and takes the conversation view it answers, if any; the error's text, or '' on success. */
  private async change(call: () => Promise<unknown>): Promise<string> {
    try {
      const c = await call();
      const view = (c as any)?.conversation ?? c;
      if (view?.id) this.set(S.upsertConversation(this.state, view));
      return '';
    } catch (e) {
      return errorText(e);
    }
  }

  setPresence(presence: 'online' | 'away'): Promise<string> {
    return this.change(async () => {
      const { agent } = await api.updateMe({ presence });
      this.set(S.setPresence(this.state, this.me.id, agent.presence ?? presence));
      this.updateMe(agent);
    });
  }

  updateMe(agent: Agent) {
    this.me = { ...this.me, ...agent };
    this.emit();
  }

  typingIn(id: string): Typing | null {
    const t = this.typing[id];
    return t && t.until > Date.now() ? t : null;
  }
}
