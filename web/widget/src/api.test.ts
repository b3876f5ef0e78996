import { describe, expect, it } from 'vitest';
import { ApiError, browserTimeZone, VisitorApi } from './api';

function recording() {
  const bodies: unknown[] = [];
  const fetcher = (async (_url: string, init: RequestInit) => {
    bodies.push(JSON.parse(String(init.body)));
    return new Response(JSON.stringify({ token: 'vt_1', visitor_id: 'v', contact_id: 'c', conversations: [] }));
  }) as unknown as typeof fetch;
  return { bodies, fetcher };
}

describe('the session tells the server the widget language and the time zone (the notification email uses them)', () => {
  it('sends locale and time_zone with the workspace key and token', async () => {
    const { bodies, fetcher } = recording();
    const api = new VisitorApi('https://p.example/api/v1/', 'wk_1', fetcher, { locale: 'fr', timeZone: 'Europe/Paris' });
    await api.session('vt_old');
    expect(bodies[0]).toEqual({ workspace_key: 'wk_1', token: 'vt_old', locale: 'fr', time_zone: 'Europe/Paris' });
    expect(api.token).toBe('vt_1');
  });

  it("sends the loader's analytics id, so the browser's earlier page activity becomes the visitor's", async () => {
    const { bodies, fetcher } = recording();
    const api = new VisitorApi('https://p.example/api/v1/', 'wk_1', fetcher);
    api.anon = 'abcdefghijklmnopqrstuv';
    await api.session();
    expect(bodies[0]).toEqual({ workspace_key: 'wk_1', anon: 'abcdefghijklmnopqrstuv' });
  });

  it('sends neither when it was given none', async () => {
    const { bodies, fetcher } = recording();
    await new VisitorApi('https://p.example/api/v1/', 'wk_1', fetcher).session();
    expect(bodies[0]).toEqual({ workspace_key: 'wk_1' });
  });

  it('reads the browser time zone, and sends none when the browser cannot tell', () => {
    const real = Intl.DateTimeFormat;
    try {
      (Intl as any).DateTimeFormat = () => ({ resolvedOptions: () => ({ timeZone: 'Europe/Oslo' }) });
      expect(browserTimeZone()).toBe('Europe/Oslo');
      (Intl as any).DateTimeFormat = () => {
        throw new RangeError('no Intl data');
      };
      expect(browserTimeZone()).toBeUndefined();
    } finally {
      (Intl as any).DateTimeFormat = real;
    }
  });
});

describe('a rate-limited answer (429)', () => {
  const limited = (headers: Record<string, string>) =>
    (async () =>
      new Response(JSON.stringify({ error: { code: 'rate_limited', message: 'Too many' } }), { status: 429, headers })) as unknown as typeof fetch;

  it('carries Retry-After in seconds', async () => {
    const error = await new VisitorApi('https://p.example/api/v1/', 'wk_1', limited({ 'Retry-After': '25' })).start('m1', 'hi').catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfter: 25 });
  });

  it('has no retryAfter when the header is missing or not seconds', async () => {
    for (const headers of [{}, { 'Retry-After': 'Wed, 21 Oct 2026 07:28:00 GMT' }] as Record<string, string>[]) {
      const error = await new VisitorApi('https://p.example/api/v1/', 'wk_1', limited(headers)).start('m1', 'hi').catch((e) => e);
      expect(error).toMatchObject({ status: 429, retryAfter: undefined });
    }
  });
});
