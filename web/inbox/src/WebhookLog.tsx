/** A webhook's delivery log: each delivery with its state and attempts, expandable to the request and every attempt; replay one or a range. */
import { useState } from 'preact/hooks';
import { errorText } from './api';
import { formatFull } from './format';
import { Status, useLoad } from './Settings';
import { attemptOutcome, deliveryState, localToIso, prettyBody, webhookApi, type Delivery, type DeliveryDetail } from './webhooks';

export function WebhookLog({ webhookId }: { webhookId: string }) {
  const [status, setStatus] = useState('');
  const [deliveries, error, reload] = useLoad(() => webhookApi.deliveries(webhookId, status), [webhookId, status]);
  return (
    <section class="webhook-log" aria-label="Deliveries" data-testid="webhook-log">
      <div class="row wrap">
        <label for={'webhook-status-' + webhookId}>Show</label>
        <select id={'webhook-status-' + webhookId} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">All deliveries</option>
          <option value="pending">Pending</option>
          <option value="delivered">Delivered</option>
          <option value="failed">Failed</option>
        </select>
        <button type="button" data-testid="webhook-log-refresh" onClick={reload}>
          Refresh
        </button>
      </div>
      {error && <Status text={error} error />}
      {deliveries && deliveries.length == 0 && <p class="muted">No deliveries yet.</p>}
      <ul class="deliveries">
        {(deliveries ?? []).map((d) => (
          <DeliveryItem key={d.id} webhookId={webhookId} delivery={d} onReplayed={reload} />
        ))}
      </ul>
      <ReplayRange webhookId={webhookId} onReplayed={reload} />
    </section>
  );
}

function DeliveryItem({ webhookId, delivery: d, onReplayed }: { webhookId: string; delivery: Delivery; onReplayed: () => void }) {
  const [detail, setDetail] = useState<DeliveryDetail | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  async function toggle(e: Event) {
    if ((e.currentTarget as HTMLDetailsElement).open && !detail) {
      try {
        setDetail(await webhookApi.delivery(webhookId, d.id));
      } catch (err) {
        setMsg([errorText(err), true]);
      }
    }
  }
  async function replay() {
    try {
      await webhookApi.replay(webhookId, d.id);
      setMsg(['Replay queued.', false]);
      setDetail(null);
      onReplayed();
    } catch (err) {
      setMsg([errorText(err), true]);
    }
  }
  return (
    <li class="delivery" data-testid="webhook-delivery" data-status={d.status}>
      <details onToggle={toggle}>
        <summary>
          <strong>{d.event}</strong> · {formatFull(d.created_at)} · <span data-testid="delivery-state">{deliveryState(d, formatFull)}</span> ·{' '}
          <span data-testid="delivery-attempts">
            {d.attempts} {d.attempts == 1 ? 'attempt' : 'attempts'}
          </span>
          {d.last_attempt && <> · last: {attemptOutcome(d.last_attempt)}</>}
        </summary>
        {detail && (
          <div class="delivery-detail">
            <p class="muted">
              webhook-id <code>{d.id}</code>
            </p>
            <h4>Request body</h4>
            <pre data-testid="delivery-body">{prettyBody(detail.request.body)}</pre>
            <h4>Attempts</h4>
            <ol data-testid="delivery-attempt-list">
              {detail.attempts.map((a) => (
                <li key={a.attempt} data-testid="delivery-attempt">
                  {formatFull(a.started_at)} · {a.duration_ms} ms · {attemptOutcome(a)} {a.trigger == 'replay' && '(replay)'}
                  {a.response && <pre class="muted">{a.response}</pre>}
                </li>
              ))}
            </ol>
          </div>
        )}
        <button type="button" data-testid="delivery-replay" onClick={replay}>
          Replay
        </button>
        <Status text={msg[0]} error={msg[1]} />
      </details>
    </li>
  );
}

function ReplayRange({ webhookId, onReplayed }: { webhookId: string; onReplayed: () => void }) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  async function submit(e: Event) {
    e.preventDefault();
    const f = localToIso(from);
    const t = localToIso(to);
    if (!f || !t) return setMsg(['Choose both times.', true]);
    try {
      const r = await webhookApi.replayRange(webhookId, f, t);
      setMsg([`${r.replayed} of ${r.matched} deliveries queued for replay.`, false]);
      onReplayed();
    } catch (err) {
      setMsg([errorText(err), true]);
    }
  }
  return (
    <form class="row wrap" onSubmit={submit} aria-label="Replay a time range">
      <label for={'replay-from-' + webhookId}>Replay from</label>
      <input id={'replay-from-' + webhookId} type="datetime-local" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      <label for={'replay-to-' + webhookId}>to</label>
      <input id={'replay-to-' + webhookId} type="datetime-local" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      <button type="submit">Replay range</button>
      <Status text={msg[0]} error={msg[1]} />
    </form>
  );
}
