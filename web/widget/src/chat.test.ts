import { describe, expect, it } from 'vitest';
import type { VisitorApi } from './api';
import type { Bridge } from './bridge';
import { Chat } from './chat';
import { lastSeq, type WireMessage } from './messages';
import type { SocketOptions, VisitorSocket } from './realtime';

const C = 'c1';
const agent = { type: 'agent', id: 'a1', name: 'Donni' };
const contact = { type: 'contact', id: 'k1' };
const wire = (seq: number, sender: any = agent, extra: Partial<WireMessage> = {}): WireMessage =>
  ({ id: 'm' + seq, conversation_id: C, seq, sender, text: 'text ' + seq, created_at: seq, ...extra }) as WireMessage;

/** A Chat whose socket is down (every send falls back to REST) and whose API answers from memory. */
function setup() {
  let options!: SocketOptions;
  const socket = { connect() {}, send: () => false } as unknown as VisitorSocket;
  const api = {
    token: 'vt_x',
    messages: async () => [wire(1, contact), wire(2)],
    send: async (_id: string, clientMsgId: string, text: string) => ({
      message_id: 'm5', seq: 5, client_msg_id: clientMsgId,
      message: wire(5, contact, { id: 'm5', client_msg_id: clientMsgId, text }),
    }),
    read: async () => undefined,
  } as unknown as VisitorApi;
  const bridge = { post() {} } as unknown as Bridge;
  const chat = new Chat({
    api, bridge, text: { team: 'Team', says: '{name}: {text}', newMessage: 'New message' } as any, wsUrl: 'ws://x',
    socket: (o) => { options = o; return socket; }, isHidden: () => false,
  });
  return { chat, cursors: () => options.cursors(), frame: (f: any) => options.onFrame(f) };
}

describe('resume cursors', () => {
  it('come from what the server sent, not from our own acks over REST', async () => {
    const { chat, cursors, frame } = setup();
    await chat.load(C);
    expect(cursors()).toEqual({ [C]: 2 });

    // Offline: the agent's replies 3 and 4 are missed; our own message goes over REST and comes back as seq 5.
    chat.show(C);
    chat.outbox.send('while offline');
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    expect(lastSeq(chat.state.threads[C])).toBe(5);
    expect(cursors()).toEqual({ [C]: 2 });

    // Replayed and live messages move the cursor.
    frame({ type: 'event', event: 'message.created', conversation_id: C, data: wire(3) });
    frame({ type: 'event', event: 'message.created', conversation_id: C, data: wire(4) });
    expect(cursors()).toEqual({ [C]: 4 });
  });
});

describe('a conversation opened before the session exists (the /me app opens one at once)', () => {
  it('loads once the session has a token, even when it is fully read', async () => {
    let open!: () => void;
    const session = new Promise<void>((r) => (open = r));
    const tokens: string[] = [];
    const api: any = {
      token: '',
      async session(this: any) {
        await session;
        this.token = 'vt_me';
        return { token: 'vt_me', visitor_id: 'v', contact_id: 'k', conversations: [{ id: C, status: 'open', last_seq: 2, visitor_read_seq: 2, agent_read_seq: 1, created_at: 1, last_activity_at: 2 }] };
      },
      async messages(this: any) {
        tokens.push(this.token);
        if (!this.token) throw new Error('401');
        return [wire(1, contact), wire(2)];
      },
      read: async () => undefined,
    };
    const socket = { connect() {}, send: () => false } as unknown as VisitorSocket;
    const chat = new Chat({ api: api as VisitorApi, bridge: { post() {} } as unknown as Bridge, text: { unread: '{count}' } as any, wsUrl: 'ws://x', socket: () => socket, isHidden: () => false });
    const starting = chat.start();
    chat.setPanelOpen(true);
    chat.show(C);
    expect(chat.state.loading[C]).toBe('loading');
    open();
    await starting;
    expect(tokens).toEqual(['vt_me']);
    expect(chat.state.loading[C]).toBeUndefined();
    expect(chat.state.threads[C].map((m) => m.text)).toEqual(['text 1', 'text 2']);
  });
});

describe('the thread owner', () => {
  it('follows conversation.handed_over like a status change', () => {
    const { chat, frame } = setup();
    const view = { id: C, status: 'open', last_seq: 2, visitor_read_seq: 2, agent_read_seq: 1, created_at: 1, last_activity_at: 2 };
    chat.upsertConversation({ ...view, owner: { type: 'flow' } } as any);
    frame({ type: 'event', event: 'conversation.handed_over', conversation_id: C, data: { conversation: { ...view, owner: { type: 'humans' } } } });
    expect(chat.state.conversations).toHaveLength(1);
    expect(chat.state.conversations[0].owner).toEqual({ type: 'humans' });
  });
});

describe('opening the chat', () => {
  const view = (id: string, at: number) =>
    ({ id, status: 'open', last_seq: 2, visitor_read_seq: 0, agent_read_seq: 0, created_at: 1, last_activity_at: at }) as any;

  it('goes to the newest conversation with an unread reply (a proactive message), else stays home', async () => {
    const { chat } = setup();
    chat.upsertConversation(view(C, 5));
    chat.upsertConversation(view('c0', 3));
    chat.setPanelOpen(true);
    expect(chat.state.view).toBeNull(); // nothing loaded: nothing known to be unread
    chat.setPanelOpen(false);
    await chat.load(C);
    chat.setPanelOpen(true);
    expect(chat.state.view).toBe(C);
    expect(chat.unread()).toBe(0); // shown, so read

    chat.show(null);
    chat.setPanelOpen(false);
    chat.setPanelOpen(true);
    expect(chat.state.view).toBeNull(); // read now: the home screen again
  });
});
