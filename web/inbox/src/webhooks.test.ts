import { describe, expect, it } from 'vitest';
import { attemptOutcome, deliveryState, formProblem, localToIso, prettyBody, webhookState, type Delivery } from './webhooks';

const fmt = (ms: number) => 'T' + ms;

describe('webhooks', () => {
  it('checks the create form before asking the server', () => {
    expect(formProblem('', ['message.created'])).toMatch(/URL/);
    expect(formProblem('ftp://x.example', ['message.created'])).toMatch(/https/);
    expect(formProblem('https://x.example/hook', [])).toMatch(/event/);
    expect(formProblem(' https://x.example/hook ', ['message.created'])).toBe('');
  });

  it('says whether a webhook is active, failing since when, or disabled', () => {
    expect(webhookState({ enabled: true, status: 'active' }, fmt)).toEqual({ label: 'Active', tone: 'ok' });
    expect(webhookState({ enabled: true, status: 'failing', failing_since: 5 }, fmt)).toEqual({ label: 'Failing since T5', tone: 'bad' });
    expect(webhookState({ enabled: false, status: 'failing', failing_since: 5 }, fmt).label).toBe('Disabled');
  });

  it('describes attempts and deliveries', () => {
    expect(attemptOutcome(undefined)).toBe('Not tried yet');
    expect(attemptOutcome({ attempt: 1, started_at: 0, duration_ms: 3, status_code: 500, trigger: 'retry' })).toBe('HTTP 500');
    expect(attemptOutcome({ attempt: 1, started_at: 0, duration_ms: 3, error: 'timeout', trigger: 'retry' })).toBe('timeout');
    expect(attemptOutcome({ attempt: 1, started_at: 0, duration_ms: 3, status_code: 200, error: 'response over 64 KB, cut', trigger: 'retry' })).toBe(
      'HTTP 200: response over 64 KB, cut',
    );
    const d: Delivery = { id: 'msg_1', event: 'message.created', status: 'pending', replay_pending: false, attempts: 1, next_attempt_at: 9, created_at: 1 };
    expect(deliveryState(d, fmt)).toBe('Retrying at T9');
    expect(deliveryState({ ...d, attempts: 0 }, fmt)).toBe('Pending');
    expect(deliveryState({ ...d, status: 'delivered' }, fmt)).toBe('Delivered');
    expect(deliveryState({ ...d, status: 'failed' }, fmt)).toBe('Failed');
    expect(deliveryState({ ...d, status: 'delivered', replay_pending: true }, fmt)).toBe('Replay queued');
  });

  it('turns local times into instants and pretty-prints bodies', () => {
    expect(localToIso('')).toBe('');
    expect(localToIso('nonsense')).toBe('');
    expect(localToIso('2026-01-31T12:00')).toBe(new Date('2026-01-31T12:00').toISOString());
    expect(prettyBody('{"type":"x"}')).toBe('{\n  "type": "x"\n}');
    expect(prettyBody('not json')).toBe('not json');
  });
});
