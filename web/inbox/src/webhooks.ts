/** Outgoing webhooks (docs/webhooks.md): the admin API calls and the pure logic of the screens. */
import { call } from './api';

export type Webhook = {
  id: string;
  url: string;
  description?: string;
  events: string[];
  enabled: boolean;
  status: 'active' | 'failing';
  failing_since?: number;
  app_id?: string;
  previous_secret_until?: number;
  created_at: number;
  updated_at: number;
  /** Only in the answers to create and rotate: shown once. */
  secret?: string;
};

export type Attempt = {
  attempt: number;
  started_at: number;
  duration_ms: number;
  status_code?: number;
  error?: string;
  response?: string;
  trigger: 'retry' | 'replay';
};

export type Delivery = {
  id: string;
  event: string;
  conversation_id?: string;
  status: 'pending' | 'delivered' | 'failed';
  replay_pending: boolean;
  attempts: number;
  next_attempt_at?: number;
  created_at: number;
  delivered_at?: number;
  last_attempt?: Attempt;
};

export type DeliveryDetail = Delivery & { request: { headers: Record<string, string>; body: string }; attempts: Attempt[] };

const base = (id: string) => 'webhooks/' + encodeURIComponent(id);

export const webhookApi = {
  events: () => call<{ events: string[] }>('GET', 'webhooks/events').then((r) => r.events),
  list: () => call<{ webhooks: Webhook[] }>('GET', 'webhooks').then((r) => r.webhooks),
  create: (url: string, events: string[], description: string) =>
    call<Webhook>('POST', 'webhooks', description.trim() ? { url, events, description: description.trim() } : { url, events }),
  update: (id: string, change: Partial<Pick<Webhook, 'url' | 'events' | 'description' | 'enabled'>>) => call<Webhook>('PATCH', base(id), change),
  remove: (id: string) => call<void>('DELETE', base(id)),
  rotate: (id: string, overlapSeconds: number) => call<Webhook>('POST', base(id) + '/secret', { overlap_seconds: overlapSeconds }),
  test: (id: string) => call<{ delivery_id: string }>('POST', base(id) + '/test', {}),
  deliveries: (id: string, status: string, before?: number) => {
    const q = new URLSearchParams({ limit: '50' });
    if (status) q.set('status', status);
    if (before) q.set('before', String(before));
    return call<{ deliveries: Delivery[] }>('GET', base(id) + '/deliveries?' + q).then((r) => r.deliveries);
  },
  delivery: (id: string, deliveryId: string) => call<DeliveryDetail>('GET', base(id) + '/deliveries/' + encodeURIComponent(deliveryId)),
  replay: (id: string, deliveryId: string) => call<{ replayed: number }>('POST', base(id) + '/deliveries/' + encodeURIComponent(deliveryId) + '/replay', {}),
  replayRange: (id: string, from: string, to: string) => call<{ replayed: number; matched: number }>('POST', base(id) + '/replay', { from, to }),
};

/** A short problem with the create form before asking the server (which checks everything again), or ''. */
export function formProblem(url: string, events: string[]): string {
  const u = url.trim();
  if (!u) return 'Enter the URL that receives the events.';
  if (!/^https?:\/\//i.test(u)) return 'The URL must start with https://';
  if (events.length == 0) return 'Choose at least one event.';
  return '';
}

/** The status line of a webhook: disabled, failing (since when) or active. */
export function webhookState(w: Pick<Webhook, 'enabled' | 'status' | 'failing_since'>, format: (ms: number) => string): { label: string; tone: 'ok' | 'bad' | 'off' } {
  if (!w.enabled) return { label: 'Disabled', tone: 'off' };
  if (w.status == 'failing') return { label: w.failing_since ? `Failing since ${format(w.failing_since)}` : 'Failing', tone: 'bad' };
  return { label: 'Active', tone: 'ok' };
}

/** What an attempt got: the status code, or the error when no answer came. */
export function attemptOutcome(a: Attempt | undefined): string {
  if (!a) return 'Not tried yet';
  if (a.status_code != null && a.error) return `HTTP ${a.status_code}: ${a.error}`;
  if (a.status_code != null) return `HTTP ${a.status_code}`;
  return a.error || 'No answer';
}

/** The delivery's state in words: delivered, failed, waiting for a retry (when), or queued for a replay. */
export function deliveryState(d: Delivery, format: (ms: number) => string): string {
  if (d.replay_pending) return 'Replay queued';
  if (d.status == 'delivered') return 'Delivered';
  if (d.status == 'failed') return 'Failed';
  return d.attempts > 0 && d.next_attempt_at ? `Retrying at ${format(d.next_attempt_at)}` : 'Pending';
}

/** A datetime-local value (local time, no zone) as an ISO instant; '' when it is no time. */
export function localToIso(value: string): string {
  if (!value) return '';
  const t = new Date(value).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : '';
}

/** The body as indented JSON when it parses, else as it is. */
export function prettyBody(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}
