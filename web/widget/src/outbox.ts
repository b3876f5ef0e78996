/**
 * Sending: a message shows at once (pending), goes over the socket when it is up (REST otherwise),
 * and is confirmed by its ack. Every attempt uses the same client_msg_id, which the server answers
 * with the original ack, never a duplicate, so a message is sent again whenever in doubt:
 *
 * - the connection is down (REST gets no answer or a 5xx) or no ack comes within 15 s: the
 *   message stays pending ("Sending…") and goes again on every reconnect (and at once on a live
 *   socket after an ack timeout);
 * - REST answers 429 (too many new conversations or messages): the message stays pending, a notice
 *   says why and when, and it goes again by itself once Retry-After has passed (a live socket may
 *   never reconnect, so waiting for a reconnect is not enough);
 * - the server refuses it (any other 4xx, an error frame): "Not sent. Retry" at once;
 * - still not acked RETRY_FOR_MS after the visitor pressed Send: "Not sent. Retry". Retry starts
 *   a new period with the same client_msg_id.
 */

import type { Attachment } from '../../shared/attachments';
import type { Chat } from './chat';
import { DRAFT, type Message, type WireMessage } from './messages';
import type { Conversation } from './api';

export const ACK_TIMEOUT_MS = 15_000;
/** How long a message is retried by itself before the visitor sees that it failed (docs/widget.md). */
export const RETRY_FOR_MS = 5 * 60_000;
const TYPING_EVERY_MS = 2_000;
/**
 * A 429 without Retry-After: wait this long. The per-IP limit on new conversations refills one
 * every 30 s, so sooner would most likely be refused again.
 */
export const RATE_LIMIT_WAIT_S = 30;

/** What the rate-limit notice shows: which message waits, for what, and for how long if the server said. */
export type RateLimit = { clientMsgId: string; kind: 'start' | 'send'; seconds?: number };

/**
 * What a pending message carries besides its text, sent again with every attempt: the payload of a
 * tapped quick reply or button, and the ids of its files (uploaded before it was queued).
 */
const payloadOf = (m: Message) => m.content?.payload;
const fileIds = (m: Message) => m.content?.attachments?.map((a) => a.id);

const newId = () =>
  typeof crypto != 'undefined' && crypto.randomUUID
    ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2);

/** No answer, a server error or a rate limit: worth sending again later. Other refusals are final. */
const transient = (status: number | undefined) => !status || status == 429 || status >= 500;

export class Outbox {
  private timers = new Map<string, any>();
  /** Per message, the timer that ends its retry period. */
  private giveUp = new Map<string, any>();
  /** Per message, the timer that sends it again once a rate limit's Retry-After has passed. */
  private waits = new Map<string, any>();
  private creating = false;
  private typingSentAt = 0;
  private typingIn: string | null = null;

  constructor(private readonly chat: Chat) {}

  /**
   * `payload`: the visitor tapped a quick reply or a postback button (`text` is its label).
   * `attachments`: uploaded files; with them the text may be empty.
   */
  send(text: string, payload?: string, attachments?: Attachment[]) {
    const view = this.chat.state.view;
    text = text.trim();
    if ((!text && !attachments?.length) || view == null) return;
    const clientMsgId = newId();
    this.stopTyping();
    this.chat.dispatch({ type: 'queued', conversationId: view, clientMsgId, text, payload, attachments, at: this.chat.now() });
    this.startPeriod(clientMsgId);
    const m = this.find(clientMsgId)!.message;
    if (view == DRAFT) {
      // While a start waits out a rate limit, a new one would only be refused again: this one follows it.
      if (!this.creating && !this.draftWaits()) this.create(m, false);
    } else this.deliver(view, m);
  }

  retry(clientMsgId: string) {
    const found = this.find(clientMsgId);
    if (!found || found.message.state != 'failed') return;
    this.chat.dispatch({ type: 'retrying', clientMsgId });
    this.startPeriod(clientMsgId);
    if (found.conversationId == DRAFT) {
      if (!this.creating) this.create(found.message, true);
    } else this.deliver(found.conversationId, found.message);
  }

  acked(conversationId: string, clientMsgId: string, messageId: string, seq: number) {
    this.clear(clientMsgId);
    this.chat.dispatch({ type: 'acked', conversationId, clientMsgId, messageId, seq });
  }

  /** The visitor sees "Not sent. Retry". */
  failed(clientMsgId: string) {
    this.clear(clientMsgId);
    this.chat.dispatch({ type: 'failed', clientMsgId });
  }

  /** The server answered this message with an error frame (a 429 names its wait: `retry_after`). */
  refused(clientMsgId: string, status?: number, retryAfter?: number) {
    if (status == 429) this.limited(clientMsgId, 'send', retryAfter);
    else if (transient(status)) this.later(clientMsgId);
    else this.failed(clientMsgId);
  }

  /**
   * After a (re)connect: every message still pending goes again (idempotent), and a conversation
   * whose first message never got through is started again (looking first for one that holds it).
   */
  resend() {
    for (const [id, list] of Object.entries(this.chat.state.threads)) {
      const pending = list.filter((m) => m.state == 'pending' && m.clientMsgId && m.sender.type == 'contact');
      // A message waiting out a rate limit goes when its wait is over, not sooner.
      const ready = pending.filter((m) => !this.waits.has(m.clientMsgId!));
      if (id != DRAFT) ready.forEach((m) => this.deliver(id, m));
      else if (pending.length && !this.creating && !this.draftWaits()) this.create(pending[0], true);
    }
  }

  /** The visitor is typing: at most one frame every 2 s. */
  typing() {
    const view = this.chat.state.view;
    const now = this.chat.now();
    if (!view || view == DRAFT || now - this.typingSentAt < TYPING_EVERY_MS) return;
    if (this.chat.socket.send({ type: 'typing', conversation_id: view, typing: true })) {
      this.typingSentAt = now;
      this.typingIn = view;
    }
  }

  /** On send, blur or leaving the conversation. */
  stopTyping() {
    if (!this.typingIn) return;
    this.chat.socket.send({ type: 'typing', conversation_id: this.typingIn, typing: false });
    this.typingIn = null;
    this.typingSentAt = 0;
  }

  private startPeriod(clientMsgId: string) {
    clearTimeout(this.giveUp.get(clientMsgId));
    this.giveUp.set(clientMsgId, setTimeout(() => this.failed(clientMsgId), RETRY_FOR_MS));
  }

  private clear(clientMsgId: string) {
    clearTimeout(this.timers.get(clientMsgId));
    clearTimeout(this.giveUp.get(clientMsgId));
    this.timers.delete(clientMsgId);
    this.giveUp.delete(clientMsgId);
    this.unlimit(clientMsgId);
  }

  /**
   * A 429: the message stays pending, the notice says why, and it goes again after Retry-After
   * (or RATE_LIMIT_WAIT_S), unless the retry period ends first and it shows "Not sent. Retry".
   */
  private limited(clientMsgId: string, kind: RateLimit['kind'], seconds?: number) {
    clearTimeout(this.timers.get(clientMsgId));
    clearTimeout(this.waits.get(clientMsgId));
    this.chat.set({ rateLimit: { clientMsgId, kind, seconds } });
    const again = () => {
      this.waits.delete(clientMsgId);
      const found = this.find(clientMsgId);
      if (!found || found.message.state != 'pending') return this.unlimit(clientMsgId);
      if (found.conversationId != DRAFT) this.deliver(found.conversationId, found.message);
      else if (!this.creating) this.create(found.message, true);
    };
    this.waits.set(clientMsgId, setTimeout(again, (seconds ?? RATE_LIMIT_WAIT_S) * 1000));
  }

  /** The notice goes once its message is through, failed, or held up by something other than a rate limit. */
  private unlimit(clientMsgId: string) {
    clearTimeout(this.waits.get(clientMsgId));
    this.waits.delete(clientMsgId);
    if (this.chat.state.rateLimit?.clientMsgId == clientMsgId) this.chat.set({ rateLimit: null });
  }

  /** Not through yet: stays pending. A live socket gets it again now; otherwise the next reconnect sends it. */
  private later(clientMsgId: string) {
    clearTimeout(this.timers.get(clientMsgId));
    this.timers.delete(clientMsgId);
    const found = this.find(clientMsgId);
    if (found && found.conversationId != DRAFT && found.message.state == 'pending' && this.chat.socket.online) {
      this.deliver(found.conversationId, found.message);
    }
  }

  private deliver(conversationId: string, m: Message) {
    const clientMsgId = m.clientMsgId!;
    const { text } = m;
    const payload = payloadOf(m);
    const attachments = fileIds(m);
    clearTimeout(this.timers.get(clientMsgId));
    // `payload` and `attachments` undefined are left out of the frame and the body (JSON.stringify drops them).
    if (this.chat.socket.send({ type: 'send', conversation_id: conversationId, client_msg_id: clientMsgId, text, payload, attachments })) {
      this.timers.set(clientMsgId, setTimeout(() => this.later(clientMsgId), ACK_TIMEOUT_MS));
      return;
    }
    this.chat.deps.api.send(conversationId, clientMsgId, text, payload, attachments).then(
      (ack) => {
        this.chat.dispatch({ type: 'received', messages: [ack.message] });
        this.acked(conversationId, clientMsgId, ack.message_id, ack.seq);
      },
      (e) => {
        if (e?.status == 429) return this.limited(clientMsgId, 'send', e.retryAfter);
        if (!transient(e?.status)) return this.failed(clientMsgId);
        this.timers.delete(clientMsgId);
        this.unlimit(clientMsgId);
      },
    );
  }

  /**
   * The first message starts the conversation. Starting is not idempotent on the server, so a
   * retry after a lost answer first looks for a conversation that already holds this message. A
   * first message with files starts it the same way, its files named by id (docs/files.md).
   */
  private async create(m: Message, retry: boolean) {
    const { api } = this.chat.deps;
    const clientMsgId = m.clientMsgId!;
    const known = new Set(this.chat.state.conversations.map((c) => c.id));
    this.creating = true;
    try {
      if (retry) {
        for (const c of await api.conversations()) {
          if (known.has(c.id)) continue;
          const messages = await api.messages(c.id);
          if (messages.some((m) => m.client_msg_id == clientMsgId)) return this.adopt(c, messages);
        }
      }
      const started = await api.start(clientMsgId, m.text, payloadOf(m), fileIds(m));
      this.adopt(started.conversation, [started.message]);
    } catch (e: any) {
      // A rate limit: it waits for Retry-After. No answer: the next reconnect (resend) starts it again.
      // A refusal fails it and what follows it.
      if (e?.status == 429) this.limited(clientMsgId, 'start', e.retryAfter);
      else if (transient(e?.status)) this.unlimit(clientMsgId);
      else {
        for (const m of this.chat.state.threads[DRAFT] || []) if (m.state == 'pending' && m.clientMsgId) this.failed(m.clientMsgId);
      }
    } finally {
      this.creating = false;
    }
  }

  private adopt(conversation: Conversation, messages: WireMessage[]) {
    const { chat } = this;
    chat.upsertConversation(conversation);
    for (const m of messages) if (m.client_msg_id && m.sender.type == 'contact') this.clear(m.client_msg_id);
    chat.dispatch({ type: 'received', messages });
    const later = (chat.state.threads[DRAFT] || []).filter((m) => !messages.some((w) => w.client_msg_id == m.clientMsgId));
    chat.dispatch({ type: 'moved', from: DRAFT, to: conversation.id });
    if (chat.state.view == DRAFT) chat.show(conversation.id);
    // Messages written while the conversation was being created follow it.
    for (const m of later) if (m.state == 'pending' && m.clientMsgId) this.deliver(conversation.id, m);
  }

  /** Whether starting the conversation waits out a rate limit. */
  private draftWaits() {
    return (this.chat.state.threads[DRAFT] || []).some((m) => this.waits.has(m.clientMsgId!));
  }

  private find(clientMsgId: string): { conversationId: string; message: Message } | undefined {
    for (const [conversationId, list] of Object.entries(this.chat.state.threads)) {
      const message = list.find((m) => m.clientMsgId == clientMsgId && m.sender.type == 'contact');
      if (message) return { conversationId, message };
    }
  }
}
