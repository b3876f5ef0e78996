/**
 * Admins' view of notifications (docs/notifications.md): the jobs that failed for good, each retried on
 * demand, and how replies to absent customers reached them over the last 30 days.
 */
import { useState } from 'preact/hooks';
import { adminApi } from './adminApi';
import { errorText } from './api';
import { formatFull, percent } from './format';
import { conversationHref } from './router';
import { Status, useLoad } from './Settings';

const DAY_MS = 86400_000;

export function NotificationSettings() {
  return (
    <>
      <ReplyReach />
      <FailedJobs />
    </>
  );
}

function ReplyReach() {
  // Fixed once per visit: the figures are a period, not a live counter.
  const [range] = useState(() => ({ to: Date.now(), from: Date.now() - 30 * DAY_MS }));
  const [r, error] = useLoad(() => adminApi.replyReach(range.from, range.to));
  return (
    <section aria-labelledby="reach-title" data-testid="reply-reach">
      <h2 id="reach-title">Replies to customers who had left (last 30 days)</h2>
      {error && <Status text={error} error />}
      {r && (
        <>
          <div class="figures">
            <div>
              <strong data-testid="reach-absent">{r.replies_to_absent}</strong>
              <span class="muted">replies sent after the customer left</span>
            </div>
            <div>
              <strong data-testid="reach-notified">{percent(r.replies_to_absent ? r.notified_share : null)}</strong>
              <span class="muted">reached them by push or email ({r.notified})</span>
            </div>
            <div>
              <strong data-testid="reach-answered">{percent(r.replies_to_absent ? r.answered_share : null)}</strong>
              <span class="muted">were answered afterwards ({r.answered})</span>
            </div>
          </div>
          <p class="muted">
            {formatFull(r.from)} – {formatFull(r.to)}
          </p>
        </>
      )}
    </section>
  );
}

function FailedJobs() {
  const [data, error, reload] = useLoad(() => adminApi.failedNotifications(100));
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const [busy, setBusy] = useState<string | null>(null);
  async function retry(id: string) {
    setBusy(id);
    try {
      await adminApi.retryNotification(id);
      setMsg(['Queued again: it is sent within a few seconds.', false]);
      reload();
    } catch (e) {
      setMsg([errorText(e), true]);
    } finally {
      setBusy(null);
    }
  }
  const jobs = data?.jobs ?? [];
  return (
    <section aria-labelledby="failed-title">
      <h2 id="failed-title">Failed notifications</h2>
      <p class="muted">Emails and pushes that failed five times. Fix the cause (the mail server, a bad address), then retry.</p>
      <Status text={msg[0]} error={msg[1]} />
      {error && <Status text={error} error />}
      {data && !jobs.length && <p data-testid="failed-none">None. Every notification went out or is on its way.</p>}
      {jobs.length > 0 && (
        <table class="table" data-testid="failed-jobs">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Conversation</th>
              <th scope="col">Attempts</th>
              <th scope="col">Last error</th>
              <th scope="col">Last try</th>
              <th scope="col">
                <span class="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={j.id} data-job-id={j.id}>
                <td>{j.channel}</td>
                <td>
                  <a href={conversationHref(j.conversation_id)}>Open conversation</a>
                </td>
                <td>{j.attempts}</td>
                <td class="pre">{j.last_error || '—'}</td>
                <td>{formatFull(j.updated_at)}</td>
                <td>
                  <button type="button" data-testid="retry-notification" disabled={busy == j.id} onClick={() => retry(j.id)}>
                    Retry
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
