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
                  <td>{duration(v.median_ms_to_handoff)}</td>
                </tr>
              ))}
              {stats && !stats.length && (
                <tr>
                  <td colSpan={8} class="muted">
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
