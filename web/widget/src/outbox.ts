/**
 * Sending: a message shows at once (pending), goes over the socket when it is up (REST otherwise),
 * and is confirmed by its ack. No ack within 15 s, or an error, marks it failed; Retry sends it
 * again with the same client_msg_id, which the server answers with the original ack, never a
 * duplicate. Pending messages are sent again after a reconnect for the same reason.
 */

import type { Chat } from './chat';
import { DRAFT, type Message, type WireMessage } from './messages';
import type { Conversation } from './api';

export const ACK_TIMEOUT_MS = 15_000;
const TYPING_EVERY_MS = 2_000;

const newId = () =>
  typeof crypto != 'undefined' && crypto.randomUUID
    ? crypto.randomUUID()
    : Date.now().toString(36) + Math.random().toString(36).slice(2);

export class Outbox {
  private timers = new Map<string, any>();
  private creating = false;
  private typingSentAt = 0;
  private typingIn: string | null = null;

  constructor(private readonly chat: Chat) {}

  send(text: string) {
    const view = this.chat.state.view;
    text = text.trim();
    if (!text || view == null) return;
    const clientMsgId = newId();
    this.stopTyping();
    this.chat.dispatch({ type: 'queued', conversationId: view, clientMsgId, text, at: this.chat.now() });
    if (view == DRAFT) {
      if (!this.creating) this.create(clientMsgId, text, false);
    } else this.deliver(view, clientMsgId, text);
  }

  retry(clientMsgId: string) {
    const found = this.find(clientMsgId);
    if (!found || found.message.state != 'failed') return;
    this.chat.dispatch({ type: 'retrying', clientMsgId });
    if (found.conversationId == DRAFT) this.create(clientMsgId, found.message.text, true);
    else this.deliver(found.conversationId, clientMsgId, found.message.text);
  }

  acked(conversationId: string, clientMsgId: string, messageId: string, seq: number) {
    clearTimeout(this.timers.get(clientMsgId));
    this.timers.delete(clientMsgId);
    this.chat.dispatch({ type: 'acked', conversationId, clientMsgId, messageId, seq });
  }

  failed(clientMsgId: string) {
    clearTimeout(this.timers.get(clientMsgId));
    this.timers.delete(clientMsgId);
    this.chat.dispatch({ type: 'failed', clientMsgId });
  }

  /** After a reconnect: what was sent on the old socket and never acked goes again (idempotent). */
  resend() {
    for (const [id, list] of Object.entries(this.chat.state.threads)) {
      if (id == DRAFT) continue;
      for (const m of list) if (m.state == 'pending' && m.clientMsgId) this.deliver(id, m.clientMsgId, m.text);
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

  private deliver(conversationId: string, clientMsgId: string, text: string) {
    clearTimeout(this.timers.get(clientMsgId));
    if (this.chat.socket.send({ type: 'send', conversation_id: conversationId, client_msg_id: clientMsgId, text })) {
      this.timers.set(clientMsgId, setTimeout(() => this.failed(clientMsgId), ACK_TIMEOUT_MS));
      return;
    }
    this.chat.deps.api.send(conversationId, clientMsgId, text).then(
      (ack) => {
        this.chat.dispatch({ type: 'received', messages: [ack.message] });
        this.acked(conversationId, clientMsgId, ack.message_id, ack.seq);
      },
      () => this.failed(clientMsgId),
    );
  }

  /**
   * The first message starts the conversation. Starting is not idempotent on the server, so a
   * retry after a lost answer first looks for a conversation that already holds this message.
   */
  private async create(clientMsgId: string, text: string, retry: boolean) {
    const { api } = this.chat.deps;
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
      const started = await api.start(clientMsgId, text);
      this.adopt(started.conversation, [started.message]);
    } catch {
      this.failed(clientMsgId);
      for (const m of this.chat.state.threads[DRAFT] || []) if (m.state == 'pending' && m.clientMsgId) this.failed(m.clientMsgId);
    } finally {
      this.creating = false;
    }
  }

  private adopt(conversation: Conversation, messages: WireMessage[]) {
    const { chat } = this;
    chat.upsertConversation(conversation);
    chat.dispatch({ type: 'received', messages });
    const later = (chat.state.threads[DRAFT] || []).filter((m) => !messages.some((w) => w.client_msg_id == m.clientMsgId));
    chat.dispatch({ type: 'moved', from: DRAFT, to: conversation.id });
    if (chat.state.view == DRAFT) chat.show(conversation.id);
    // Messages written while the conversation was being created follow it.
    for (const m of later) if (m.state == 'pending' && m.clientMsgId) this.deliver(conversation.id, m.clientMsgId, m.text);
  }

  private find(clientMsgId: string): { conversationId: string; message: Message } | undefined {
    for (const [conversationId, list] of Object.entries(this.chat.state.threads)) {
      const message = list.find((m) => m.clientMsgId == clientMsgId && m.sender.type == 'contact');
      if (message) return { conversationId, message };
    }
  }
}
