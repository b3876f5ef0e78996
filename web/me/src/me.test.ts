import { describe, expect, it } from 'vitest';
import { ApiError, CustomerApi, MeVisitorApi, type Item } from './api';
import { looksLikeEmail, mergeConversation, sortItems, unread } from './list';
import { conversationHash, parseRoute } from './route';

const item = (id: string, at: number, extra: Partial<Item['conversation']> = {}): Item => ({
  conversation: { id, status: 'open', last_seq: 2, visitor_read_seq: 2, agent_read_seq: 0, created_at: 0, last_activity_at: at, ...extra },
  workspace: { id: 'w-' + id, name: 'Shop ' + id, color: '#112233' },
  contact_id: 'k-' + id,
});

type Call = { url: string; init: RequestInit };
function fakeFetch(answers: Record<string, [number, unknown]>) {
  const calls: Call[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const key = init.method + ' ' + url.replace('https://p.example/api/v1/', '');
    const [status, body] = answers[key] || [404, { error: { code: 'not_found' } }];
    return new Response(status == 204 ? null : JSON.stringify(body), { status });
  }) as unknown as typeof fetch;
  return { fetcher, calls };
}

describe('routes', () => {
  it('reads a sign-in link with its conversation', () => {
    expect(parseRoute('#/signin?token=ml_abc-_9&c=0190-aa')).toEqual({ name: 'signin', token: 'ml_abc-_9', conversation: '0190-aa' });
    expect(parseRoute('#/signin?token=ml_x')).toEqual({ name: 'signin', token: 'ml_x', conversation: undefined });
  });
  it('opens conversations by id and falls back to the list', () => {
    expect(parseRoute(conversationHash('0190-aa'))).toEqual({ name: 'conversation', id: '0190-aa' });
    expect(parseRoute('#/signin?c=1')).toEqual({ name: 'list' });
    expect(parseRoute('#/c/<script>')).toEqual({ name: 'list' });
    expect(parseRoute('')).toEqual({ name: 'list' });
  });
});

describe('the list', () => {
  it('shows the newest activity first and follows changes from a chat', () => {
    const items = sortItems([item('a', 1), item('b', 3), item('c', 2)]);
    expect(items.map((i) => i.conversation.id)).toEqual(['b', 'c', 'a']);
    const moved = mergeConversation(items, { ...items[2].conversation, last_activity_at: 9, last_message_preview: 'new' }, 0);
    expect(moved.map((i) => i.conversation.id)).toEqual(['a', 'b', 'c']);
    expect(moved[0].conversation.last_message_preview).toBe('new');
    expect(moved[0].workspace.name).toBe('Shop a');
  });
  it('marks replies not read yet, as the server or the open chat counts them', () => {
    expect(unread({ ...item('a', 1, { last_seq: 3, visitor_read_seq: 2 }), unread_count: 1 })).toBe(true);
    // The customer's own newest message moves last_seq past the read watermark: not unread.
    expect(unread({ ...item('a', 1, { last_seq: 3, visitor_read_seq: 2 }), unread_count: 0 })).toBe(false);
    expect(unread(item('a', 1))).toBe(false);
    const read = mergeConversation([{ ...item('a', 1), unread_count: 2 }], item('a', 1).conversation, 0);
    expect(unread(read[0])).toBe(false);
  });
  it('checks emails before asking', () => {
    expect(looksLikeEmail(' ann@example.com ')).toBe(true);
    expect(looksLikeEmail('ann@example')).toBe(false);
    expect(looksLikeEmail('a b@example.com')).toBe(false);
  });
});

describe('the customer API', () => {
  it('signs in with a token and reports errors by code', async () => {
    const { fetcher, calls } = fakeFetch({
      'POST customer/session': [400, { error: { code: 'invalid_token' } }],
      'POST customer/magic-link': [202, {}],
      'POST customer/logout': [204, null],
    });
    const api = new CustomerApi('https://p.example/api/v1/', fetcher);
    await expect(api.signIn('ml_x')).rejects.toMatchObject({ status: 400, code: 'invalid_token' });
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ token: 'ml_x' });
    expect(calls[0].init.credentials).toBe('same-origin');
    await api.requestLink('ann@example.com');
    await api.logout();
    expect(calls.map((c) => c.init.method + ' ' + c.url)).toEqual([
      'POST https://p.example/api/v1/customer/session',
      'POST https://p.example/api/v1/customer/magic-link',
      'POST https://p.example/api/v1/customer/logout',
    ]);
  });
  it('gives status 0 when the network fails', async () => {
    const api = new CustomerApi('https://p.example/api/v1/', (async () => {
      throw new TypeError('offline');
    }) as unknown as typeof fetch);
    const error = await api.me().catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(0);
  });
});

describe('a chat as the customer', () => {
  it("mints a visitor of the customer's contact, then uses the visitor API with that token", async () => {
    const { fetcher, calls } = fakeFetch({
      'POST customer/workspaces/w1/visitor-session': [201, { token: 'vt_new', visitor_id: 'v9', contact_id: 'k1' }],
      'GET visitor/conversations': [200, { conversations: [item('c1', 5).conversation] }],
    });
    const customer = new CustomerApi('https://p.example/api/v1/', fetcher);
    const visitor = new MeVisitorApi('https://p.example/api/v1/', customer, 'w1', 'k1', fetcher);
    const session = await visitor.session();
    expect(session.token).toBe('vt_new');
    expect(session.conversations.map((c) => c.id)).toEqual(['c1']);
    expect(visitor.token).toBe('vt_new');
    expect(JSON.parse(String(calls[0].init.body))).toEqual({ contact_id: 'k1' });
    expect((calls[1].init.headers as Record<string, string>).Authorization).toBe('Bearer vt_new');
  });
});
