// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../shared/attachments';
import { ApiError, type VisitorApi } from './api';
import type { Bridge } from './bridge';
import { Chat } from './chat';
import { DRAFT, type WireMessage } from './messages';
import { loadAttach } from './lazy';
import type { SocketOptions, VisitorSocket } from './realtime';

const C = 'c1';
const cat: Attachment = { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 800, height: 600 };
const terms: Attachment = { id: 'f2', name: 'terms.pdf', content_type: 'application/pdf', size: 90_000, kind: 'file' };

/** A Chat on a socket the test controls and a REST API that answers as `rest` says (down: no answer). */
function setup() {
  let options!: SocketOptions;
  const frames: any[] = [];
  const socket = {
    online: false,
    connect() {},
    send(frame: any) {
      if (!this.online) return false;
      frames.push(frame);
      return true;
    },
  };
  const sends: { clientMsgId: string; text: string; attachments?: string[] }[] = [];
  const calls: string[] = [];
  let rest: 'down' | 'up' | number = 'down';
  const answer = <T>(value: () => T): Promise<T> =>
    rest == 'down' ? Promise.reject(new ApiError(0)) : typeof rest == 'number' ? Promise.reject(new ApiError(rest)) : Promise.resolve(value());
  const wire = (seq: number, clientMsgId: string, text: string, conversation: string, attachments?: string[]): WireMessage => ({
    id: 'm' + seq, conversation_id: conversation, seq, sender: { type: 'contact' }, text: text || 'cat.jpg, terms.pdf', client_msg_id: clientMsgId, created_at: seq,
    content: { attachments: [cat, terms].filter((a) => attachments?.includes(a.id)) },
  });
  const api = {
    base: '/api/v1/',
    token: 'vt_x',
    messages: async () => [],
    conversations: () => answer(() => []),
    startEmpty: () => {
      calls.push('startEmpty');
      return answer(() => ({ conversation: { id: 'c2', status: 'open', last_seq: 0, visitor_read_seq: 0, agent_read_seq: 0, created_at: 1, last_activity_at: 1 } }));
    },
    start: (clientMsgId: string, text: string, _payload?: string, attachments?: string[]) => {
      calls.push('start ' + clientMsgId);
      sends.push({ clientMsgId, text, attachments });
      return answer(() => ({
        conversation: { id: 'c2', status: 'open', last_seq: 1, visitor_read_seq: 0, agent_read_seq: 0, created_at: 1, last_activity_at: 1 },
        message: wire(1, clientMsgId, text, 'c2', attachments),
      }));
    },
    send: (conversation: string, clientMsgId: string, text: string, _payload?: string, attachments?: string[]) => {
      calls.push('send ' + clientMsgId);
      sends.push({ clientMsgId, text, attachments });
      return answer(() => ({ message_id: 'm5', seq: 5, client_msg_id: clientMsgId, message: wire(5, clientMsgId, text, conversation, attachments) }));
    },
    read: async () => undefined,
  } as unknown as VisitorApi;
  const chat = new Chat({
    api, bridge: { post() {} } as unknown as Bridge, text: { team: 'Team', says: '{name}: {text}' } as any, wsUrl: 'ws://x',
    socket: (o) => { options = o; return socket as unknown as VisitorSocket; }, isHidden: () => false,
  });
  const mine = () => Object.values(chat.state.threads).flat().filter((m) => m.sender.type == 'contact');
  const reconnect = () => { socket.online = true; options.onFrame({ type: 'ready', conversations: [] }); };
  return { chat, socket, frames, sends, calls, mine, reconnect, frame: (f: any) => options.onFrame(f), setRest: (r: typeof rest) => (rest = r) };
}

const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('a message with files', () => {
  it('shows at once with its files, goes with their ids and an empty text, and a resend after a reconnect reuses its client_msg_id and ids', async () => {
    const t = setup();
    t.chat.show(C);
    t.chat.outbox.send('', undefined, [cat, terms]);
    await settle();
    expect(t.mine()).toMatchObject([{ state: 'pending', text: '', content: { attachments: [cat, terms] } }]);
    expect(t.sends).toEqual([{ clientMsgId: t.mine()[0].clientMsgId, text: '', attachments: ['f1', 'f2'] }]);

    t.reconnect();
    expect(t.frames).toEqual([{ type: 'send', conversation_id: C, client_msg_id: t.sends[0].clientMsgId, text: '', attachments: ['f1', 'f2'] }]);
    t.frame({ type: 'ack', client_msg_id: t.sends[0].clientMsgId, conversation_id: C, message_id: 'm7', seq: 7 });
    expect(t.mine()).toMatchObject([{ id: 'm7', state: 'sent' }]);
  });

  it('refused, it shows "Not sent"; Retry sends the same client_msg_id and the same files, and stays one message', async () => {
    const t = setup();
    t.chat.show(C);
    t.setRest(400);
    t.chat.outbox.send('my cat', undefined, [cat]);
    await settle();
    expect(t.mine()[0].state).toBe('failed');

    t.setRest('up');
    t.chat.outbox.retry(t.mine()[0].clientMsgId!);
    await settle();
    expect(t.sends).toHaveLength(2);
    expect(t.sends[1]).toEqual(t.sends[0]);
    expect(t.sends[1]).toEqual({ clientMsgId: t.sends[0].clientMsgId, text: 'my cat', attachments: ['f1'] });
    // The answer's message and the local one are the same message.
    expect(t.mine()).toHaveLength(1);
    expect(t.mine()[0]).toMatchObject({ id: 'm5', state: 'sent', text: 'my cat' });
  });

  it('as the first message, starts the conversation with its files in one request', async () => {
    const t = setup();
    t.setRest('up');
    t.chat.show(DRAFT);
    t.chat.outbox.send('', undefined, [terms]);
    await settle();
    const id = t.sends[0]?.clientMsgId;
    expect(t.calls).toEqual(['start ' + id]);
    expect(t.sends[0].attachments).toEqual(['f2']);
    expect(t.chat.state.view).toBe('c2');
    expect(t.mine()).toMatchObject([{ state: 'sent', clientMsgId: id }]);
  });

  it('nothing goes without text or files', async () => {
    const t = setup();
    t.chat.show(C);
    t.chat.outbox.send('  ', undefined, []);
    await settle();
    expect(t.mine()).toEqual([]);
    expect(t.calls).toEqual([]);
  });
});

describe('files picked, pasted or dropped', () => {
  it("become chips in the chat's state and upload with the visitor's token; the chips survive a change of screen", async () => {
    const sent: { url: string; headers: Record<string, string>; body: unknown }[] = [];
    let finish!: (status: number, body: unknown) => void;
    vi.stubGlobal(
      'XMLHttpRequest',
      class {
        upload = {};
        headers: Record<string, string> = {};
        url = '';
        status = 0;
        responseText = '';
        onload?: () => void;
        open(_method: string, url: string) {
          this.url = url;
        }
        setRequestHeader(name: string, value: string) {
          this.headers[name] = value;
        }
        send(body: unknown) {
          sent.push({ url: this.url, headers: this.headers, body });
          finish = (status, answer) => {
            this.status = status;
            this.responseText = JSON.stringify(answer);
            this.onload!();
          };
        }
      },
    );
    try {
      await loadAttach();
      const t = setup();
      t.chat.show(C);
      const photo = new File(['jpeg'], 'my cat.jpg', { type: 'image/jpeg' });
      t.chat.attach([photo]);
      await settle();
      expect(t.chat.state.uploads).toMatchObject([{ state: 'uploading', file: photo }]);
      expect(sent).toEqual([{ url: '/api/v1/visitor/files?name=my%20cat.jpg', headers: { Authorization: 'Bearer vt_x', 'Content-Type': 'application/octet-stream' }, body: photo }]);
      t.chat.show(null);
      finish(201, cat);
      await settle();
      expect(t.chat.state.uploads).toMatchObject([{ state: 'done', attachment: cat }]);
      expect(t.chat.uploads!.ready()).toEqual([cat]);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
