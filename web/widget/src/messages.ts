/**
 * The message-list reducer: every thread the visitor sees, keyed by conversation id. It never
 * duplicates (a message is matched by its id, or by its client_msg_id for the same sender type)
 * and orders confirmed messages by seq, with the visitor's unconfirmed ones after them.
 */

export type Sender = { type: 'contact' | 'agent' | 'bot' | 'system'; id?: string; name?: string | null };

/** Rich content (docs/bots.md); untrusted: read it through shared/rich.ts's sanitizeContent. */
export type { QuickReply, RichButton, Card } from '../../shared/rich';
import type { Attachment } from '../../shared/attachments';
import type { RichContent } from '../../shared/rich';

/** Rich content and, beside it, the files a message carries (untrusted too: read through shared/messageFiles.ts's attachmentsOf). */
export type Content = RichContent & { attachments?: Attachment[] };

/** A message on the wire (REST, events, replays). */
export type WireMessage = {
  id: string;
  conversation_id: string;
  seq: number;
  sender: Sender;
  text: string;
  content?: Content | null;
  client_msg_id?: string | null;
  created_at: number;
};

export type MessageState = 'pending' | 'sent' | 'failed';

export type Message = {
  id?: string;
  clientMsgId?: string;
  seq?: number;
  sender: Sender;
  text: string;
  content?: Content | null;
  createdAt: number;
  state: MessageState;
};

export type Threads = Record<string, Message[]>;

/** The thread of a conversation that does not exist yet (its first message is being sent). */
export const DRAFT = '';

export type MessageAction =
  | { type: 'received'; messages: WireMessage[] }
  | { type: 'queued'; conversationId: string; clientMsgId: string; text: string; payload?: string; attachments?: Attachment[]; at: number }
  | { type: 'acked'; conversationId: string; clientMsgId: string; messageId: string; seq: number }
  | { type: 'failed'; clientMsgId: string }
  | { type: 'retrying'; clientMsgId: string }
  | { type: 'moved'; from: string; to: string };

export function fromWire(m: WireMessage): Message {
  return {
    id: m.id,
    clientMsgId: m.client_msg_id || undefined,
    seq: m.seq,
    sender: m.sender,
    text: m.text,
    content: m.content,
    createdAt: m.created_at,
    state: 'sent',
  };
}

const same = (a: Message, b: Message) =>
  (!!a.id && a.id === b.id) || (!!a.clientMsgId && a.clientMsgId === b.clientMsgId && a.sender.type === b.sender.type);

function order(list: Message[]): Message[] {
  const confirmed = list.filter((m) => m.seq != null).sort((a, b) => a.seq! - b.seq!);
  return confirmed.concat(list.filter((m) => m.seq == null));
}

function upsert(list: Message[], incoming: Message): Message[] {
  const i = list.findIndex((m) => same(m, incoming));
  if (i < 0) return [...list, incoming];
  const next = list.slice();
  // A confirmed copy wins over a local one; the earlier local createdAt keeps its place in time.
  next[i] = { ...list[i], ...incoming, state: incoming.state == 'sent' || list[i].state == 'sent' ? 'sent' : incoming.state };
  return next;
}

function update(threads: Threads, clientMsgId: string, change: (m: Message) => Message | null): Threads {
  for (const id of Object.keys(threads)) {
    const i = threads[id].findIndex((m) => m.clientMsgId === clientMsgId && m.sender.type == 'contact');
    if (i >= 0) {
      const changed = change(threads[id][i]);
      if (!changed) return threads;
      const list = threads[id].slice();
      list[i] = changed;
      return { ...threads, [id]: list };
    }
  }
  return threads;
}

export function messagesReducer(threads: Threads, action: MessageAction): Threads {
  switch (action.type) {
    case 'received': {
      const next = { ...threads };
      for (const wire of action.messages) {
        const id = wire.conversation_id;
        next[id] = upsert(next[id] || [], fromWire(wire));
      }
      for (const wire of action.messages) next[wire.conversation_id] = order(next[wire.conversation_id]);
      return next;
    }
    case 'queued': {
      const message: Message = {
        clientMsgId: action.clientMsgId,
        sender: { type: 'contact' },
        text: action.text,
        // A tapped quick reply or button: stored by the server as content {payload} (docs/bots.md); the
        // files it carries, as content {attachments}.
        ...((action.payload || action.attachments?.length) && { content: { payload: action.payload, attachments: action.attachments } }),
        createdAt: action.at,
        state: 'pending',
      };
      return { ...threads, [action.conversationId]: order(upsert(threads[action.conversationId] || [], message)) };
    }
    case 'acked': {
      const list = threads[action.conversationId] || [];
      const i = list.findIndex((m) => m.clientMsgId === action.clientMsgId && m.sender.type == 'contact');
      if (i < 0) return threads;
      const acked = { ...list[i], id: action.messageId, seq: action.seq, state: 'sent' as const };
      // The event may have arrived first as a separate entry: keep one.
      const rest = list.filter((m, j) => j != i && !same(m, acked));
      return { ...threads, [action.conversationId]: order([...rest, acked]) };
    }
    case 'failed':
      return update(threads, action.clientMsgId, (m) => (m.state == 'pending' ? { ...m, state: 'failed' } : null));
    case 'retrying':
      return update(threads, action.clientMsgId, (m) => (m.state == 'failed' ? { ...m, state: 'pending' } : null));
    case 'moved': {
      const moving = threads[action.from] || [];
      let list = threads[action.to] || [];
      for (const m of moving) list = upsert(list, m);
      const next = { ...threads, [action.to]: order(list) };
      delete next[action.from];
      return next;
    }
  }
}

/** The newest seq the visitor has confirmed in a thread: the resume cursor. */
export function lastSeq(list: Message[] | undefined): number | undefined {
  let max: number | undefined;
  for (const m of list || []) if (m.seq != null && (max == null || m.seq > max)) max = m.seq;
  return max;
}

/** Messages from the team (agents, bots, system) after the visitor's read watermark. */
export function unreadCount(list: Message[] | undefined, readSeq: number): number {
  return (list || []).filter((m) => m.sender.type != 'contact' && m.seq != null && m.seq > readSeq).length;
}
