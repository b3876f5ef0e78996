// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Attachment } from '../../shared/attachments';
import { Outbox } from './outbox';
import { Sender } from './sending';
import type { Message } from './types';

const cat: Attachment = { id: 'f1', name: 'cat.jpg', content_type: 'image/jpeg', size: 2048, kind: 'image', width: 800, height: 600, has_thumbnail: true };
const rest: { url: string; body: any }[] = [];
let status = 200;

beforeEach(() => {
  rest.length = 0;
  status = 200;
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    const body = JSON.parse(String(init.body));
    rest.push({ url, body });
    const json = status == 200 ? { message_id: 'm9', seq: 9 } : { error: { code: 'invalid_request', message: 'Unknown file f1' } };
    return new Response(JSON.stringify(json), { status, headers: { 'Content-Type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

/** A sender over a socket that is up or down, with an outbox kept in `store` (as localStorage would). */
function setup(online: boolean, store = new Map<string, string>()) {
  const frames: any[] = [];
  const added: Message[] = [];
  const kv = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
  const outbox = new Outbox(kv, 'me');
  const sender = new Sender({
    outbox,
    sendFrame: (f) => online && frames.push(f) > 0,
    addMessage: (m) => added.push(m),
    hasMessage: () => false,
    me: () => ({ id: 'me', name: 'Me' }),
    emit() {},
  });
  return { sender, outbox, frames, added, store };
}

describe('sending a reply or a note with files', () => {
  it('puts the file ids in the socket frame; the ack shows the message with its files before the event comes', () => {
    const t = setup(true);
    t.sender.send('c1', '', false, [], [cat]);
    expect(t.frames).toEqual([{ type: 'send', conversation_id: 'c1', client_msg_id: t.frames[0].client_msg_id, text: '', private: false, attachments: ['f1'] }]);
    t.sender.onAck({ type: 'ack', client_msg_id: t.frames[0].client_msg_id, message_id: 'm2', seq: 2 });
    expect(t.added).toHaveLength(1);
    expect(t.added[0]).toMatchObject({ id: 'm2', text: '', content: { attachments: [cat] } });
    expect(t.outbox.list()).toEqual([]);
  });

  it('over REST (socket down): a note goes to /notes with its files and mentions', async () => {
    const t = setup(false);
    t.sender.send('c1', 'see @Ben', true, ['a2'], [cat]);
    await vi.waitFor(() => expect(rest).toHaveLength(1));
    expect(rest[0].url).toBe('/api/v1/conversations/c1/notes');
    expect(rest[0].body).toEqual({ client_msg_id: expect.any(String), text: 'see @Ben', mentions: ['a2'], attachments: ['f1'] });
  });

  it('refused, Retry sends the same client_msg_id and the same files; a reload keeps them too', async () => {
    const t = setup(false);
    status = 422;
    t.sender.send('c1', '', false, [], [cat]);
    await vi.waitFor(() => expect(t.outbox.list()[0].error).toBe('Unknown file f1'));
    const reloaded = setup(false, t.store);
    expect(reloaded.outbox.list()).toMatchObject([{ text: '', attachments: [cat], error: 'Unknown file f1' }]);

    status = 200;
    t.sender.retry(t.outbox.list()[0].client_msg_id);
    await vi.waitFor(() => expect(rest).toHaveLength(2));
    expect(rest.map((r) => r.url)).toEqual(['/api/v1/conversations/c1/messages', '/api/v1/conversations/c1/messages']);
    expect(rest[1].body).toEqual(rest[0].body);
    expect(rest[1].body).toMatchObject({ text: '', attachments: ['f1'] });
    await vi.waitFor(() => expect(t.outbox.list()).toEqual([]));
  });
});
