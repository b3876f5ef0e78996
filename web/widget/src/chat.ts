/**
 * The frame's state and everything that changes it: the session, the socket, events, reading and
 * typing. Sending lives in outbox.ts. Components only read `state` and call methods.
 */

import { format } from '../../shared/i18n';
import type { Chip, Uploads } from '../../shared/uploads';
import type { Text } from '../../shared/strings';
import type { Conversation, Rating, VisitorApi } from './api';
import type { Bridge } from './bridge';
import type { FileUrls } from './files';
import { loadAttach } from './lazy';
import { DRAFT, lastSeq, messagesReducer, unreadCount, type MessageAction, type Threads, type WireMessage } from './messages';
import { Outbox, type RateLimit } from './outbox';
import { backoffDelay, VisitorSocket, type ServerFrame, type SocketOptions, type Status } from './realtime';

export type ChatState = {
  status: Status;
  started: boolean;
  conversations: Conversation[];
  threads: Threads;
  /** null: the home screen; DRAFT: a conversation being started; otherwise a conversation id. */
  view: string | null;
  loading: Record<string, 'loading' | 'failed' | undefined>;
  typing: Record<string, string | undefined>;
  agentRead: Record<string, number>;
  visitorRead: Record<string, number>;
  announcement: string;
  /** A message held back by the server's rate limit (a 429): the notice above the message box. */
  rateLimit: RateLimit | null;
  /** The loader shows the panel. */
  open: boolean;
  /** The visitor's rating per resolved conversation: null when none; absent until read (loadRating). */
  ratings: Record<string, Rating | null>;
  /** Files being attached to the visitor's next message (the chips above the message box). */
  uploads: Chip[];
};

export type ChatDeps = {
  api: VisitorApi;
  bridge: Bridge;
  text: Text;
  wsUrl: string;
  socket?: (options: SocketOptions) => VisitorSocket;
  beep?: () => void;
  now?: () => number;
  isHidden?: () => boolean;
};

const DAY = 86_400_000;

export class Chat {
  state: ChatState = {
    status: 'connecting',
    started: false,
    conversations: [],
    threads: {},
    view: null,
    loading: {},
    typing: {},
    agentRead: {},
    visitorRead: {},
    announcement: '',
    rateLimit: null,
    open: false,
    ratings: {},
    uploads: [],
  };
  readonly socket: VisitorSocket;
  readonly outbox: Outbox;
  /** The files being attached (attach.tsx), made with the first one. */
  uploads?: Uploads;
  /** The conversations' files as object URLs, fetched once each (attach.tsx), made when the first shows. */
  files?: FileUrls;
  private listeners = new Set<() => void>();
  private loaded = new Set<string>();
  /**
   * Per conversation, the newest seq received from the server's stream (REST load, live event, replay).
   * Resume cursors come from here, never from our own acks: a message sent over REST while the socket
   * was down may carry a seq above replies we have not received yet.
   */
  private received: Record<string, number> = {};
  private replaying = false;
  private ratingLoads = new Set<string>();
  private typingTimers: Record<string, any> = {};
  private reported = '';
  private sessionAttempt = 0;
  /** Started quietly (a page flow's background frame, nothing ongoing): the socket waits for wake(). */
  private idle = false;
  readonly now: () => number;
  private readonly hidden: () => boolean;

  constructor(readonly deps: ChatDeps) {
    this.now = deps.now || Date.now;
    this.hidden = deps.isHidden || (() => document.hidden);
    this.socket = (deps.socket || ((o) => new VisitorSocket(o)))({
      url: deps.wsUrl,
      token: () => deps.api.token,
      cursors: () => this.cursors(),
      onFrame: (f) => this.onFrame(f),
      onStatus: (status) => this.set({ status }),
      onUnauthorized: () => this.start(deps.api.token),
    });
    this.outbox = new Outbox(this);
  }

  /** Files picked, pasted or dropped join the next message; the code for files loads with the first (lazy.ts). */
  attach(files: ArrayLike<File>) {
    const list = Array.from(files);
    if (list.length) loadAttach().then((m) => m.uploadsOf(this).add(list), () => {});
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<ChatState>) {
    this.state = { ...this.state, ...patch };
    this.listeners.forEach((l) => l());
    this.report();
  }

  dispatch(action: MessageAction) {
    this.set({ threads: messagesReducer(this.state.threads, action) });
  }

  /**
   * Starts (or resumes) the session with the loader's token, then connects. `quiet`: the frame was
   * loaded in the background for page flows; without an ongoing conversation the socket waits for wake().
   */
  async start(token?: string, quiet = false) {
    const { api, bridge } = this.deps;
    try {
      const session = await api.session(token);
      if (session.token !== token) bridge.post({ type: 'session', token: session.token });
      this.sessionAttempt = 0;
      session.conversations.forEach((c) => this.upsertConversation(c));
      this.set({ started: true });
      const ids = new Set(session.conversations.filter((c) => c.last_seq > c.visitor_read_seq).slice(0, 5).map((c) => c.id));
      // A conversation opened before the session existed (the /me app opens one at once) loads now, read or not.
      const view = this.state.view;
      if (view && view != DRAFT && !this.loaded.has(view)) ids.add(view);
      await Promise.all([...ids].map((id) => this.load(id)));
      if (quiet && !this.state.open && !this.ongoing()) this.idle = true;
      else this.socket.connect();
    } catch (e: any) {
      this.set({ status: 'offline' });
      // Too many sessions (429): not before the server's Retry-After.
      const wait = Math.max(backoffDelay(this.sessionAttempt++), (e?.retryAfter ?? 0) * 1000);
      setTimeout(() => this.start(token, quiet), wait);
    }
  }

  /** The visitor needs the live chat now (opened it, or a flow starts): connects a quiet start. */
  wake() {
    if (!this.idle) return;
    this.idle = false;
    this.socket.connect();
  }

  /** Shows `teaser` (a flow's first message) as the bubble's label until the chat is opened. */
  tease(teaser: string) {
    const unread = this.unread();
    const label = teaser.length > 80 ? teaser.slice(0, 79) + '…' : teaser;
    this.deps.bridge.post({ type: 'state', unread, unreadText: format(this.deps.text.unread, { count: unread }), active: this.ongoing(), teaser: label });
  }

  /** Loads (or reloads, after resync_required) a whole conversation over REST. */
  async load(id: string) {
    this.setLoading(id, 'loading');
    try {
      const messages = await this.deps.api.messages(id);
      this.loaded.add(id);
      this.noteReceived(messages);
      this.dispatch({ type: 'received', messages });
      this.setLoading(id, undefined);
      this.markRead(id);
    } catch {
      this.setLoading(id, 'failed');
    }
  }

  show(view: string | null) {
    this.outbox.stopTyping();
    this.set({ view });
    // Without a session there is no token yet: start() loads the conversation on screen.
    if (view && view != DRAFT && !this.loaded.has(view)) this.state.started ? this.load(view) : this.setLoading(view, 'loading');
    if (view) this.markRead(view);
  }

  setPanelOpen(open: boolean) {
    this.set({ open });
    if (open) this.wake();
    // Opening on the home screen while a reply waits unread (an agent's answer, a proactive message) goes to
    // that conversation, the newest one: what the bubble's badge promised.
    if (open && this.state.view == null) {
      const { threads, visitorRead } = this.state;
      const waiting = this.state.conversations
        .filter((c) => threads[c.id] && unreadCount(threads[c.id], visitorRead[c.id] ?? 0) > 0)
        .sort((a, b) => b.last_activity_at - a.last_activity_at)[0];
      if (waiting) this.show(waiting.id);
    }
    if (!open) this.outbox.stopTyping();
    if (open && this.state.view) this.markRead(this.state.view);
  }

  /** Sends a read watermark for the conversation on screen, when the visitor can see it. */
  markRead(id: string) {
    const seq = lastSeq(this.state.threads[id]);
    if (!this.state.open || this.state.view != id || this.hidden() || seq == null) return;
    if (seq <= (this.state.visitorRead[id] ?? 0)) return;
    this.set({ visitorRead: { ...this.state.visitorRead, [id]: seq } });
    if (!this.socket.send({ type: 'read', conversation_id: id, seq })) this.deps.api.read(id, seq).catch(() => {});
  }

  unread(): number {
    const { threads, visitorRead } = this.state;
    return Object.keys(threads).reduce((n, id) => n + (id == DRAFT ? 0 : unreadCount(threads[id], visitorRead[id] ?? 0)), 0);
  }

  upsertConversation(c: Conversation) {
    const others = this.state.conversations.filter((x) => x.id != c.id);
    const conversations = [c, ...others].sort((a, b) => b.last_activity_at - a.last_activity_at);
    const visitorRead = { ...this.state.visitorRead, [c.id]: Math.max(this.state.visitorRead[c.id] ?? 0, c.visitor_read_seq) };
    const agentRead = { ...this.state.agentRead, [c.id]: Math.max(this.state.agentRead[c.id] ?? 0, c.agent_read_seq) };
    this.set({ conversations, visitorRead, agentRead });
  }

  /** Reads the visitor's rating of a resolved conversation once; a failed read counts as none. */
  loadRating(id: string) {
    if (id in this.state.ratings || this.ratingLoads.has(id)) return;
    this.ratingLoads.add(id);
    this.deps.api.rating(id).then(
      (r) => !(id in this.state.ratings) && this.setRating(id, r),
      () => this.setRating(id, null),
    );
  }

  /** Saves a rating (replacing an earlier one, comment included); rejects with the ApiError. */
  async rate(id: string, score: number, comment?: string | null): Promise<Rating> {
    const rating = await this.deps.api.rate(id, score, comment);
    this.setRating(id, rating);
    return rating;
  }

  private setRating(id: string, rating: Rating | null) {
    this.set({ ratings: { ...this.state.ratings, [id]: rating } });
  }

  /** Resume cursors: the newest seq received from the server for every conversation loaded here. */
  private cursors(): Record<string, number> {
    const cursors: Record<string, number> = {};
    for (const id of this.loaded) {
      const seq = this.received[id];
      if (seq != null) cursors[id] = seq;
    }
    return cursors;
  }

  private noteReceived(messages: WireMessage[]) {
    for (const m of messages) {
      if (m.seq > (this.received[m.conversation_id] ?? 0)) this.received[m.conversation_id] = m.seq;
    }
  }

  private setLoading(id: string, value: 'loading' | 'failed' | undefined) {
    this.set({ loading: { ...this.state.loading, [id]: value } });
  }

  private onFrame(f: ServerFrame) {
    switch (f.type) {
      case 'ready':
        this.replaying = true;
        if (f.conversations?.some((c: { id: string }) => !this.state.conversations.some((x) => x.id == c.id))) {
          this.deps.api.conversations().then((list) => list.forEach((c) => this.upsertConversation(c)), () => {});
        }
        this.outbox.resend();
        break;
      case 'resumed':
        this.replaying = false;
        break;
      case 'event':
        this.onEvent(f.event, f.data);
        break;
      case 'typing':
        if (f.sender?.type != 'contact') this.setTyping(f.conversation_id, f.typing ? f.sender?.name || this.deps.text.team : undefined);
        break;
      case 'ack':
        this.outbox.acked(f.conversation_id, f.client_msg_id, f.message_id, f.seq);
        break;
      case 'error':
        if (f.client_msg_id) this.outbox.refused(f.client_msg_id, f.status, f.retry_after);
        break;
      case 'resync_required':
        if (f.conversation_id) this.load(f.conversation_id);
        break;
    }
  }

  private onEvent(name: string, data: any) {
    if (name == 'message.created') return this.onMessage(data as WireMessage);
    // A handover (docs/bots.md) changes the thread's owner: "Talk to a person" follows it.
    if (name == 'conversation.created' || name == 'conversation.status_changed' || name == 'conversation.handed_over') {
      return this.upsertConversation(data.conversation);
    }
    // Rated in another tab, or at /me: the same rating everywhere.
    if (name == 'conversation.rated' && data.rating) return this.setRating(data.conversation_id, data.rating);
    if (name == 'conversation.read') {
      const key = data.reader?.type == 'agent' ? 'agentRead' : 'visitorRead';
      const current = this.state[key][data.conversation_id] ?? 0;
      if (data.seq > current) this.set({ [key]: { ...this.state[key], [data.conversation_id]: data.seq } });
    }
  }

  private onMessage(m: WireMessage) {
    const id = m.conversation_id;
    this.noteReceived([m]);
    this.dispatch({ type: 'received', messages: [m] });
    const conversation = this.state.conversations.find((c) => c.id == id);
    if (conversation && m.seq > conversation.last_seq) {
      this.upsertConversation({ ...conversation, last_seq: m.seq, last_message_preview: m.text, last_activity_at: m.created_at });
    }
    if (m.sender.type == 'contact') return;
    this.setTyping(id, undefined);
    const { text, bridge } = this.deps;
    const name = m.sender.name || text.team;
    this.set({ announcement: format(text.says, { name, text: m.text }) });
    this.markRead(id);
    if (this.replaying) return;
    const visible = this.state.open && this.state.view == id && !this.hidden();
    if (!visible) this.deps.beep?.();
    if (this.hidden()) bridge.post({ type: 'notify', title: `(${this.unread() || 1}) ${text.newMessage}` });
    bridge.post({
      type: 'message',
      message: { id: m.id, conversation_id: id, text: m.text, sender: { type: m.sender.type, name: m.sender.name }, created_at: m.created_at },
    });
  }

  private setTyping(id: string, name: string | undefined) {
    clearTimeout(this.typingTimers[id]);
    // typing:false may be lost (ephemeral, at most once): forget an indicator after 8 s
    if (name) this.typingTimers[id] = setTimeout(() => this.setTyping(id, undefined), 8000);
    if (this.state.typing[id] != name) this.set({ typing: { ...this.state.typing, [id]: name } });
  }

  /** Unread replies, or an unresolved conversation active in the last 24 hours (the loader's `ongoing` flag). */
  private ongoing(): boolean {
    const now = this.now();
    return this.unread() > 0 || this.state.conversations.some((c) => c.status != 'resolved' && now - c.last_activity_at < DAY);
  }

  /** Tells the loader the unread count (bubble badge) and whether a conversation is ongoing. */
  private report() {
    const unread = this.unread();
    const active = this.ongoing();
    const key = unread + ':' + active;
    if (key == this.reported || !this.state.started) return;
    this.reported = key;
    this.deps.bridge.post({ type: 'state', unread, unreadText: format(this.deps.text.unread, { count: unread }), active });
  }
}
