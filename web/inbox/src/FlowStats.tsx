/** Figures of a flow's published versions (GET /api/v1/flows/{id}/stats): how its runs ended, and where visitors dropped. */
import { duration, flowsApi } from './flows';
import { Status, useLoad } from './Settings';

export function FlowStats({ flowId, published }: { flowId: string; published?: number | null }) {
  const [stats, error, reload] = useLoad(() => (published ? flowsApi.stats(flowId) : Promise.resolve([])), [flowId, published]);
  return (
    <section aria-labelledby="fe-stats-heading" class="fe-stats">
      <h2 id="fe-stats-heading">Figures</h2>
      {!published ? (
        <p class="muted">Publish the flow to see how its conversations go.</p>
      ) : (
        <>
          {error && <Status text={error} error />}
          <table class="table" data-testid="flow-stats">
            <caption class="sr-only">Runs of each published version</caption>
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">Started</th>
                <th scope="col">Resolved</th>
                <th scope="col">Handed off</th>
                <th scope="col">Dropped</th>
                <th scope="col">Running</th>
                <th scope="col">Dropped at</th>
                <th scope="col">Knowledge base</th>
                <th scope="col">Median time to hand-off</th>
              </tr>
            </thead>
            <tbody>
              {(stats ?? []).map((v) => (
                <tr key={v.version} data-version={v.version}>
                  <th scope="row">{v.version}</th>
                  <td>{v.started}</td>
                  <td>{v.resolved}</td>
                  <td>{v.handed_off}</td>
                  <td>{v.dropped}</td>
                  <td>{v.running}</td>
                  <td>
                    {Object.entries(v.dropped_at ?? {}).length
                      ? Object.entries(v.dropped_at ?? {})
                          .sort((a, b) => b[1] - a[1])
                          .map(([step, n]) => `${step}: ${n}`)
                          .join(', ')
                      : '—'}
                  </td>
                  <td data-testid="flow-stats-kb">{kbFigures(v.by_reason)}</td>
                  <td>{duration(v.median_ms_to_handoff)}</td>
                </tr>
              ))}
              {stats && !stats.length && (
                <tr>
                  <td colSpan={9} class="muted">
                    No runs yet.
                  </td>
                </tr>
              )}
            </tbody>
          </table>
          <button type="button" onClick={reload}>
            Refresh figures
          </button>
        </>
      )}
    </section>
  );
}

/** An answer step's runs (docs/kb.md): answered (resolved), not helpful and no match (handed off); "—" for none. */
export function kbFigures(byReason: Record<string, number> | undefined): string {
  const r = byReason ?? {};
  const answered = r.kb_answered ?? 0;
  const notHelpful = r.kb_not_helpful ?? 0;
  const noMatch = r.kb_no_match ?? 0;
  if (!answered && !notHelpful && !noMatch) return '—';
  return `${answered} answered, ${notHelpful + noMatch} handed off (${notHelpful} not helpful, ${noMatch} no match)`;
}
