/**
 * Sending from the inbox (docs/inbox.md): every reply and note goes to the outbox first, then the
 * socket, or REST when the socket is down or an earlier try got no ack; acks and refusals settle it.
 */

import type { Attachment } from '../../shared/attachments';
import { api, errorText } from './api';
import { newClientMsgId, type Outbox, type Pending } from './outbox';
import type { Agent, Message, ServerFrame } from './types';

const RETRY_AFTER_MS = 8_000;

/** What the sender needs of the inbox. */
export type SenderHost = {
  outbox: Outbox;
  /** Sends on the authenticated socket; false when there is none. */
  sendFrame(frame: object): boolean;
  addMessage(m: Message): void;
  hasMessage(conversationId: string, messageId: string): boolean;
  me(): Pick<Agent, 'id' | 'name'>;
  emit(): void;
};

export class Sender {
  constructor(private readonly h: SenderHost) {}

  /** `attachments`: uploaded files (all done); with them `text` may be empty. */
  send(conversationId: string, text: string, note: boolean, mentions: string[] = [], attachments: Attachment[] = []) {
    const now = Date.now();
    const p: Pending = {
      client_msg_id: newClientMsgId(),
      conversation_id: conversationId,
      text,
      private: note,
      mentions: note && mentions.length ? mentions : undefined,
      attachments: attachments.length ? attachments : undefined,
      created_at: now,
      tried_at: now,
    };
    this.h.outbox.add(p);
    this.h.emit();
    this.attempt(p);
  }

  retry(clientMsgId: string) {
    this.h.outbox.update(clientMsgId, { error: undefined, tried_at: Date.now() });
    const p = this.h.outbox.get(clientMsgId);
    if (p) this.attempt(p);
    this.h.emit();
  }

  discard(clientMsgId: string) {
    this.h.outbox.done(clientMsgId);
    this.h.emit();
  }

  /** Socket first; REST when the socket is down or an earlier socket try got no ack. */
  private attempt(p: Pending, viaRest = false) {
    this.h.outbox.update(p.client_msg_id, { tried_at: Date.now() });
    const files = p.attachments?.map((a) => a.id);
    const frame = {
      type: 'send',
      conversation_id: p.conversation_id,
      client_msg_id: p.client_msg_id,
      text: p.text,
      private: p.private,
      ...(p.mentions?.length ? { mentions: p.mentions } : {}),
      ...(files ? { attachments: files } : {}),
    };
    if (!viaRest && this.h.sendFrame(frame)) return;
    const call = p.private
      ? api.sendNote(p.conversation_id, p.client_msg_id, p.text, p.mentions, files)
      : api.sendMessage(p.conversation_id, p.client_msg_id, p.text, files);
    call.then(
      (r) => {
        this.h.outbox.done(p.client_msg_id);
        if (r.message) this.h.addMessage(r.message);
        this.h.emit();
      },
      (e) => {
        const status = (e as { status?: number }).status ?? 0;
        if (status && status < 500 && status != 429 && status != 401) {
          if (this.dropMentions(p.client_msg_id, status)) return;
          this.h.outbox.update(p.client_msg_id, { error: errorText(e) });
        }
        this.h.emit();
      },
    );
  }

  /**
   * A note refused with 400 while it carried mentions (a server without mentions, or a mentioned
   * agent no longer active) is sent again without them: the note itself must not be lost.
   */
  private dropMentions(clientMsgId: string, status: number): boolean {
    const p = this.h.outbox.get(clientMsgId);
    if (status != 400 || !p?.mentions?.length) return false;
    this.h.outbox.update(clientMsgId, { mentions: undefined });
    this.attempt({ ...p, mentions: undefined });
    return true;
  }

  /** Retries what is pending: all of it right after a (re)connect, else what waited too long. */
  flush(all: boolean) {
    const due = this.h.outbox.due(Date.now(), all ? 0 : RETRY_AFTER_MS);
    for (const p of due) this.attempt(p, !all && Date.now() - p.created_at > RETRY_AFTER_MS * 2);
  }

  onAck(f: ServerFrame) {
    const p = this.h.outbox.get(f.client_msg_id);
    if (!p) return;
    this.h.outbox.done(f.client_msg_id);
    if (!this.h.hasMessage(p.conversation_id, f.message_id)) {
      // The ack came before our own message.created: show the message now, the event dedupes.
      const m: Message = {
        id: f.message_id,
        conversation_id: p.conversation_id,
        seq: f.seq,
        sender: { type: 'agent', id: this.h.me().id, name: this.h.me().name },
        text: p.text,
        private: p.private,
        client_msg_id: p.client_msg_id,
        created_at: Date.now(),
        ...(p.mentions || p.attachments ? { content: { mentions: p.mentions, attachments: p.attachments } } : {}),
      };
      this.h.addMessage(f.message ?? m);
    }
    this.h.emit();
  }

  /** An error frame: a refusal of one of our sends (final unless 429/5xx), or a frame the server could not parse. */
  onError(f: ServerFrame) {
    if (!f.client_msg_id && f.status == 400) {
      // A frame the server could not parse carries no client_msg_id; the only sends that can be
      // malformed for a server are notes with `mentions` (a server without them): resend those
      // tried in the last seconds without their mentions.
      for (const p of this.h.outbox.list()) if (p.mentions?.length && Date.now() - p.tried_at < 5_000) this.dropMentions(p.client_msg_id, 400);
      return;
    }
    if (f.client_msg_id && this.h.outbox.get(f.client_msg_id)) {
      // A refusal (400, 403, 404, 409, 413) is final; a 429/5xx is retried later.
      const final = f.status && f.status < 500 && f.status != 429;
      if (final && this.dropMentions(f.client_msg_id, f.status)) return;
      if (final) this.h.outbox.update(f.client_msg_id, { error: f.message || f.code });
      this.h.emit();
    }
  }
}
