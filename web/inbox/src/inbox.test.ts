// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Inbox } from './inbox';
import type { Agent, Conversation, ServerFrame } from './types';

class FakeWs {
  static last: FakeWs;
  sent: any[] = [];
  onopen: any;
  onmessage: any;
  onclose: any;
  constructor(readonly url: string) {
    FakeWs.last = this;
  }
  send(s: string) {
    this.sent.push(JSON.parse(s));
  }
  close() {}
  frame(f: ServerFrame) {
    this.onmessage({ data: JSON.stringify(f) });
  }
}

const me: Agent = { id: 'me', email: 'me@x.example', name: 'Me', role: 'agent', active: true };
const conv: Conversation = { id: 'c1', status: 'open', visitor_id: 'v', contact: { id: 'k' }, last_seq: 1, agent_read_seq: 1, visitor_read_seq: 0, created_at: 1, last_activity_at: 1 };
const rest: { method: string; url: string; body: any }[] = [];

beforeEach(() => {
  localStorage.clear();
  rest.length = 0;
  vi.stubGlobal('WebSocket', FakeWs);
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    rest.push({ method: init.method!, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    const json = url.includes('/conversations?') ? { conversations: [conv] } : url.includes('/messages?') ? { messages: [], has_more: false } : url.endsWith('/agents') ? { agents: [me] } : {};
    return new Response(JSON.stringify(json), { status: 200, headers: { 'Content-Type': 'application/json' } });
  });
});
afterEach(() => vi.unstubAllGlobals());

async function ready() {
  const inbox = new Inbox(me, () => {}, () => {});
  inbox.start();
  FakeWs.last.onopen();
  FakeWs.last.frame({ type: 'ready', agent_id: 'me', workspace_id: 'w', cursor: 10 });
  await vi.waitFor(() => expect(inbox.state.conversations.c1).toBeTruthy());
  return inbox;
}

describe('Inbox sending', () => {
  it('sends over the socket, shows pending until the ack, and dedupes the echoed message.created', async () => {
    const inbox = await ready();
    inbox.sender.send('c1', 'hello', false);
    const frame = FakeWs.last.sent.find((f) => f.type == 'send');
    expect(frame).toMatchObject({ conversation_id: 'c1', text: 'hello', private: false });
    expect(inbox.outbox.list('c1')).toHaveLength(1);
    const message = { id: 'm2', conversation_id: 'c1', seq: 2, sender: { type: 'agent', id: 'me', name: 'Me' }, text: 'hello', private: false, client_msg_id: frame.client_msg_id, created_at: 5 };
    FakeWs.last.frame({ type: 'event', event: 'message.created', conversation_id: 'c1', cursor: 11, data: message });
    FakeWs.last.frame({ type: 'ack', client_msg_id: frame.client_msg_id, message_id: 'm2', conversation_id: 'c1', seq: 2 });
    expect(inbox.outbox.list('c1')).toHaveLength(0);
    expect(inbox.state.threads.c1.messages.map((m) => m.id)).toEqual(['m2']);
    inbox.stop();
  });

  it('retries pending sends with the same client_msg_id after a reconnect', async () => {
    const inbox = await ready();
    inbox.sender.send('c1', 'hello', false);
    const first = FakeWs.last.sent.find((f) => f.type == 'send').client_msg_id;
    const old = FakeWs.last;
    old.onclose({ code: 1006 });
    await vi.waitFor(() => expect(FakeWs.last).not.toBe(old), { timeout: 3000 });
    FakeWs.last.onopen();
    FakeWs.last.frame({ type: 'ready', cursor: 12 });
    expect(FakeWs.last.sent[1]).toEqual({ type: 'resume', cursor: 10 });
    expect(FakeWs.last.sent.find((f) => f.type == 'send')?.client_msg_id).toBe(first);
    inbox.stop();
  });

  it('falls back to REST when the socket is down', async () => {
    const inbox = new Inbox(me, () => {}, () => {});
    inbox.sender.send('c1', 'hi', true, ['a2']);
    await vi.waitFor(() => expect(rest.some((r) => r.url.endsWith('/conversations/c1/notes'))).toBe(true));
    const call = rest.find((r) => r.url.endsWith('/notes'))!;
    expect(call.body).toMatchObject({ text: 'hi', mentions: ['a2'] });
    expect(call.body.client_msg_id).toBe(inbox.outbox.list()[0]?.client_msg_id ?? call.body.client_msg_id);
  });

  it('resends a note without mentions when the server refuses the frame', async () => {
    const inbox = await ready();
    inbox.sender.send('c1', 'note', true, ['a2']);
    const sends = () => FakeWs.last.sent.filter((f) => f.type == 'send');
    expect(sends()[0].mentions).toEqual(['a2']);
    FakeWs.last.frame({ type: 'error', code: 'invalid_request', status: 400, message: 'Unknown field mentions' });
    expect(sends()).toHaveLength(2);
    expect(sends()[1].mentions).toBeUndefined();
    expect(sends()[1].client_msg_id).toBe(sends()[0].client_msg_id);
    inbox.stop();
  });

  it('marks the open conversation read over the socket when a visitor message arrives', async () => {
    const inbox = await ready();
    await inbox.open('c1');
    FakeWs.last.frame({ type: 'event', event: 'message.created', conversation_id: 'c1', cursor: 11, data: { id: 'm2', conversation_id: 'c1', seq: 2, sender: { type: 'contact', id: 'k' }, text: 'yo', private: false, client_msg_id: 'v1', created_at: 5 } });
    expect(FakeWs.last.sent).toContainEqual({ type: 'read', conversation_id: 'c1', seq: 2 });
    expect(inbox.state.conversations.c1.unread_count).toBe(0);
    expect(inbox.announcement).toContain('yo');
    inbox.stop();
  });
});

describe('Inbox paging', () => {
  const msg = (seq: number) => ({ id: 'm' + seq, conversation_id: 'c1', seq, sender: { type: 'contact', id: 'k' }, text: 't' + seq, private: false, client_msg_id: 'x' + seq, created_at: seq });
  function server(honourBefore: boolean) {
    vi.stubGlobal('fetch', async (url: string) => {
      const u = new URL(url, 'http://x');
      let json: any = {};
      if (u.pathname.endsWith('/conversations/c1')) json = { conversation: { ...conv, last_seq: 130 }, messages: [], has_more: true };
      else if (u.pathname.endsWith('/messages')) {
        const limit = +(u.searchParams.get('limit') ?? 50);
        const before = u.searchParams.get('before');
        const after = +(u.searchParams.get('after') ?? 0);
        const all = Array.from({ length: 130 }, (_, i) => msg(i + 1));
        const page = before && honourBefore ? all.filter((m) => m.seq < +before).slice(-limit) : all.filter((m) => m.seq > after).slice(0, limit);
        json = { messages: page, has_more: before && honourBefore ? page[0]?.seq > 1 : page.at(-1)!.seq < 130 };
      }
      return new Response(JSON.stringify(json), { status: 200 });
    });
  }

  it('loads the newest page with before=last_seq+1, then older pages', async () => {
    server(true);
    const inbox = new Inbox(me, () => {}, () => {});
    await inbox.open('c1');
    expect(inbox.state.threads.c1.messages.map((m) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 81 + i));
    expect(inbox.state.threads.c1.hasMore).toBe(true);
    await inbox.loadOlder('c1');
    expect(inbox.state.threads.c1.messages[0].seq).toBe(31);
    await inbox.loadOlder('c1');
    expect(inbox.state.threads.c1.messages.length).toBe(130);
    expect(inbox.state.threads.c1.hasMore).toBe(false);
  });

  it('pages forward when the server ignores before', async () => {
    server(false);
    const inbox = new Inbox(me, () => {}, () => {});
    await inbox.open('c1');
    expect(inbox.state.threads.c1.messages.length).toBe(130);
    expect(inbox.state.threads.c1.hasMore).toBe(false);
  });
});

describe('Inbox and bots', () => {
  const flow = { type: 'flow', id: 'f1', version: 2 };
  const bot: Conversation = { ...conv, id: 'b1', owner: flow as any, last_activity_at: 5 };
  const human: Conversation = { ...conv, owner: { type: 'humans' } };
  function server(flows: 'ok' | 404) {
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      rest.push({ method: init.method!, url, body: init.body ? JSON.parse(String(init.body)) : undefined });
      const u = new URL(url, 'http://x');
      if (u.pathname.endsWith('/flows')) {
        return flows == 404
          ? new Response(JSON.stringify({ error: { code: 'not_found', message: 'Not found' } }), { status: 404 })
          : new Response(JSON.stringify({ flows: [{ id: 'f1', name: 'Stylist', position: 0, enabled: true, draft: {}, updated_at: 1 }] }), { status: 200 });
      }
      if (u.pathname.endsWith('/b1/owner')) return new Response(JSON.stringify({ conversation: { ...bot, owner: { type: 'humans' } } }), { status: 200 });
      const json = u.pathname.endsWith('/conversations') ? { conversations: [human, bot] } : u.pathname.endsWith('/messages') ? { messages: [], has_more: false } : u.pathname.endsWith('/agents') ? { agents: [me] } : {};
      return new Response(JSON.stringify(json), { status: 200 });
    });
  }

  it('reads the Bots view from the whole list, and leaves bot threads out of the others', async () => {
    server('ok');
    const inbox = await ready();
    await vi.waitFor(() => expect(inbox.owners.names).toEqual({ f1: 'Stylist' }));
    expect(inbox.list().map((c) => c.id)).toEqual(['c1']);
    inbox.setQuery({ tab: 'bots' });
    await vi.waitFor(() => expect(inbox.list().map((c) => c.id)).toEqual(['b1']));
    const lists = rest.filter((r) => r.url.includes('/conversations?')).map((r) => r.url);
    expect(lists.at(-1)).toBe('/api/v1/conversations?status=open&limit=100');
    expect(localStorage.getItem('parley.inbox.tab')).toBe('bots');
    inbox.stop();
  });

  it('tolerates a server without flows, takes over with POST .../owner and moves the thread to the humans', async () => {
    server(404);
    const inbox = await ready();
    await vi.waitFor(() => expect(rest.some((r) => r.url == '/api/v1/flows')).toBe(true));
    expect(inbox.owners.names).toEqual({});
    await inbox.owners.takeOver('b1');
    expect(rest.find((r) => r.url.endsWith('/owner'))).toEqual({ method: 'POST', url: '/api/v1/conversations/b1/owner', body: { owner: 'humans' } });
    expect(inbox.state.conversations.b1.owner).toEqual({ type: 'humans' });
    expect(inbox.list().map((c) => c.id)).toEqual(['b1', 'c1']);
    expect(inbox.owners.notice.b1.text).toBe('You took over from the bot: it stopped asking.');
    inbox.stop();
  });

  it('applies a conversation.handed_over frame and says why', async () => {
    server('ok');
    const inbox = await ready();
    await vi.waitFor(() => expect(inbox.owners.names.f1).toBe('Stylist'));
    FakeWs.last.frame({ type: 'event', event: 'conversation.handed_over', conversation_id: 'b1', cursor: 11, data: { conversation: { ...bot, owner: { type: 'humans' }, last_activity_at: 9 }, from: flow, to: { type: 'humans' }, reason: 'timeout' } });
    expect(inbox.state.conversations.b1.owner).toEqual({ type: 'humans' });
    expect(inbox.owners.notice.b1.text).toBe('The visitor stopped answering Stylist bot; handed over to the team.');
    inbox.stop();
  });
});

describe('Inbox and live visitors', () => {
  const visitor = (id: string, at: number) => ({ id, visitor_id: null, current_page: { url: 'https://shop.example/' + id, title: id, at }, pages: [], visit_started_at: at, last_seen_at: at, source: { referrer: null, utm: null, ref: null }, device: 'desktop', browser: 'Chrome', os: 'Linux', country: null, chatting: false, conversation_id: null, returning: false });

  it('reads the list when ready, follows visitor.* events, and reads it again after a reconnect (they are not replayed)', async () => {
    let answer = [visitor('a', 1), visitor('b', 2)];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      rest.push({ method: init.method!, url, body: undefined });
      const json = url.endsWith('/visitors/live') ? { visitors: answer } : url.includes('/conversations?') ? { conversations: [conv] } : {};
      return new Response(JSON.stringify(json), { status: 200 });
    });
    const inbox = await ready();
    await vi.waitFor(() => expect(inbox.live.visitors.map((v) => v.id)).toEqual(['b', 'a']));
    FakeWs.last.frame({ type: 'event', event: 'visitor.updated', data: visitor('a', 3) });
    expect(inbox.live.visitors.map((v) => v.id)).toEqual(['a', 'b']);
    expect(inbox.state.conversations.c1).toBeTruthy();

    // While the socket is down, b leaves and c arrives: only the fresh list says so.
    answer = [visitor('c', 4), visitor('a', 3)];
    const old = FakeWs.last;
    old.onclose({ code: 1006 });
    await vi.waitFor(() => expect(FakeWs.last).not.toBe(old), { timeout: 3000 });
    FakeWs.last.onopen();
    FakeWs.last.frame({ type: 'ready', cursor: 10 });
    await vi.waitFor(() => expect(inbox.live.visitors.map((v) => v.id)).toEqual(['c', 'a']));
    expect(rest.filter((r) => r.url == '/api/v1/visitors/live')).toHaveLength(2);
    inbox.stop();
  });
});
