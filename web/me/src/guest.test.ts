import { describe, expect, it } from 'vitest';
import { CustomerApi, GuestVisitorApi } from './api';
import { guestItem, loadGuests, saveGuest, type Guest } from './guest';
import { parseRoute } from './route';

function memory() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v), data };
}

const guest = (id: string): Guest => ({
  conversation_id: id,
  token: 'vt_' + id,
  visitor_id: 'v-' + id,
  contact_id: 'k-' + id,
  workspace: { id: 'w1', name: 'Shop', color: '#112233' },
});

describe('a push link', () => {
  it('is its own route, never a sign-in', () => {
    expect(parseRoute('#/push?token=pl_abc&c=0190-aa')).toEqual({ name: 'push', token: 'pl_abc', conversation: '0190-aa' });
    expect(parseRoute('#/push?c=1')).toEqual({ name: 'list' });
  });

  it('is spent through the push-link route and gives a visitor token', async () => {
    const calls: { url: string; body: string }[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      calls.push({ url, body: String(init.body) });
      return new Response(JSON.stringify({ token: 'vt_1', visitor_id: 'v1', contact_id: 'k1', conversation_id: 'c1', workspace: { id: 'w1', name: 'Shop' } }), { status: 200 });
    }) as unknown as typeof fetch;
    const opened = await new CustomerApi('https://p.example/api/v1/', fetcher).openPushLink('pl_x');
    expect(calls[0].url).toBe('https://p.example/api/v1/customer/push-link');
    expect(JSON.parse(calls[0].body)).toEqual({ token: 'pl_x' });
    expect(opened.token).toBe('vt_1');
  });

  it('keeps its conversations in storage, newest first, one per conversation, at most 20', () => {
    const storage = memory();
    saveGuest(guest('a'), storage);
    saveGuest(guest('b'), storage);
    saveGuest({ ...guest('a'), token: 'vt_newer' }, storage);
    expect(loadGuests(storage).map((g) => [g.conversation_id, g.token])).toEqual([['a', 'vt_newer'], ['b', 'vt_b']]);
    for (let i = 0; i < 25; i++) saveGuest(guest('n' + i), storage);
    expect(loadGuests(storage)).toHaveLength(20);
    storage.setItem('parley.me.guests', '{broken');
    expect(loadGuests(storage)).toEqual([]);
  });

  it("chats with the push link's visitor token, with no customer session behind it", async () => {
    const seen: string[] = [];
    const fetcher = (async (url: string, init: RequestInit) => {
      seen.push(init.method + ' ' + url + ' ' + (init.headers as Record<string, string>).Authorization);
      return new Response(JSON.stringify({ conversations: [guestItem(guest('c1')).conversation] }), { status: 200 });
    }) as unknown as typeof fetch;
    const item = guestItem(guest('c1'));
    expect(item.guest).toEqual({ token: 'vt_c1', visitor_id: 'v-c1' });
    const api = new GuestVisitorApi('https://p.example/api/v1/', { ...item.guest!, contact_id: item.contact_id }, fetcher);
    const session = await api.session();
    expect(session.token).toBe('vt_c1');
    expect(session.conversations.map((c) => c.id)).toEqual(['c1']);
    expect(seen).toEqual(['GET https://p.example/api/v1/visitor/conversations Bearer vt_c1']);
  });
});
