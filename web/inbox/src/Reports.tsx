/**
 * The Reports screen (owners and admins; docs/inbox.md "Reports"): a report picker, a date range, the previous
 * period, a filter and the CSV download above one report's figures, chart and tables. Loaded on demand (Shell.tsx
 * imports it dynamically), with its own CSS. The query and the formatting are in reports.ts and reportFormat.ts.
 */
import { useEffect, useState } from 'preact/hooks';
import { errorText } from './api';
import { ReportView } from './ReportView';
import {
  csvHref,
  defaultInterval,
  filterGroups,
  type Filters,
  type Interval,
  isReportName,
  PRESETS,
  type Preset,
  presetRange,
  type Query,
  rangeProblem,
  type Range,
  type Report,
  REPORTS,
  reportPath,
  reportsApi,
  today,
} from './reports';
import './reports.css';

const INTERVALS: { id: Interval | ''; label: string }[] = [
  { id: '', label: 'Automatic' },
  { id: 'hour', label: 'Hour' },
  { id: 'day', label: 'Day' },
  { id: 'week', label: 'Week' },
  { id: 'month', label: 'Month' },
];

/** The latest answer for a query; an older answer arriving late is dropped. The last answer stays while the next loads. */
function useReport(q: Query | null) {
  const [state, setState] = useState<{ data: Report | null; error: string; loading: boolean }>({ data: null, error: '', loading: false });
  const key = q ? reportPath(q) : '';
  useEffect(() => {
    if (!q) return;
    let current = true;
    setState((s) => ({ ...s, error: '', loading: true }));
    reportsApi.report(q).then(
      (data) => current && setState({ data, error: '', loading: false }),
      (e) => current && setState((s) => ({ ...s, error: errorText(e), loading: false })),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return state;
}

function useFilters(range: Range | null) {
  const [filters, setFilters] = useState<Filters | null>(null);
  useEffect(() => {
    if (!range) return;
    let current = true;
    // Without the list the report still works, just unfiltered.
    reportsApi.filters(range).then((f) => current && setFilters(f), () => current && setFilters(null));
    return () => {
      current = false;
    };
  }, [range?.from, range?.to]);
  return filters;
}

export function Reports({ report: wanted }: { report: string }) {
  const report = isReportName(wanted) ? wanted : REPORTS[0].name;
  const label = REPORTS.find((r) => r.name == report)!.label;
  const [preset, setPreset] = useState<Preset>('30d');
  const [custom, setCustom] = useState<Range>(() => presetRange('30d', today()));
  const [interval, setInterval] = useState<Interval | ''>('');
  const [compare, setCompare] = useState(false);
  // Per report: another report may not offer the same filter, and starts with its first metric in the chart.
  const [filter, setFilter] = useState({ report, value: '' });
  const [metric, setMetric] = useState({ report, key: '' });
  const range = preset == 'custom' ? custom : presetRange(preset, today());
  const problem = preset == 'custom' ? rangeProblem(custom) : '';
  const query: Query | null = problem
    ? null
    : { report, range, interval: interval || defaultInterval(range), compare, filter: filter.report == report ? filter.value : '' };
  const { data: loaded, error, loading } = useReport(query);
  const data = loaded?.report == report ? loaded : null;
  const filters = useFilters(problem ? null : range);
  const groups = filterGroups(filters, data?.filters ?? []);
  // A filter chosen before the range changed stays shown (and removable) even when the new top values lack it.
  const chosen = query?.filter ?? '';
  const unlisted = chosen && !groups.some((g) => g.options.some((o) => o.value == chosen)) ? chosen : '';
  const state = error ? 'error' : loading || !data ? 'loading' : 'ready';

  return (
    <div class="reports" data-testid="reports-page">
      <nav class="reports-nav" aria-label="Reports">
        <a href="#/">← Inbox</a>
        <ul>
          {REPORTS.map((r) => (
            <li key={r.name}>
              <a href={'#/reports/' + r.name} aria-current={r.name == report ? 'page' : undefined} data-testid={'report-tab-' + r.name}>
                {r.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main-content" tabIndex={-1} class="reports-body">
        <h1>{label}</h1>
        <form class="report-controls" aria-label="Report options" onSubmit={(e) => e.preventDefault()}>
          <div class="field">
            <label for="report-range">Period</label>
            <select id="report-range" data-testid="report-range" value={preset} onChange={(e) => setPreset(e.currentTarget.value as Preset)}>
              {PRESETS.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label}
                </option>
              ))}
            </select>
          </div>
          {preset == 'custom' && (
            <>
              <div class="field">
                <label for="report-from">From</label>
                <input id="report-from" data-testid="report-from" type="date" value={custom.from} max={custom.to} onChange={(e) => setCustom({ ...custom, from: e.currentTarget.value })} />
              </div>
              <div class="field">
                <label for="report-to">To</label>
                <input id="report-to" data-testid="report-to" type="date" value={custom.to} min={custom.from} onChange={(e) => setCustom({ ...custom, to: e.currentTarget.value })} />
              </div>
            </>
          )}
          <div class="field">
            <label for="report-interval">By</label>
            <select id="report-interval" data-testid="report-interval" value={interval} onChange={(e) => setInterval(e.currentTarget.value as Interval | '')}>
              {INTERVALS.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.id ? i.label : `${i.label} (${defaultInterval(range)})`}
                </option>
              ))}
            </select>
          </div>
          <div class="field">
            <label for="report-filter">Filter</label>
            <select
              id="report-filter"
              data-testid="report-filter"
              value={chosen}
              disabled={!groups.length && !unlisted}
              onChange={(e) => setFilter({ report, value: e.currentTarget.value })}
            >
              <option value="">Everything</option>
              {unlisted && <option value={unlisted}>{unlisted.replace(':', ': ')}</option>}
              {groups.map((g) => (
                <optgroup key={g.dimension} label={g.label}>
                  {g.options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
          <label class="check">
            <input type="checkbox" data-testid="report-compare" checked={compare} onChange={(e) => setCompare(e.currentTarget.checked)} />
            Compare with the previous period
          </label>
          {query && (
            <a class="button" href={csvHref(query)} download={`${report}-${range.from}-${range.to}.csv`} data-testid="report-csv">
              Download CSV
            </a>
          )}
        </form>
        {problem && (
          <p class="error" role="alert" data-testid="report-range-problem">
            {problem}
          </p>
        )}
        <section
          class="report"
          aria-labelledby="report-title"
          aria-busy={state == 'loading' ? 'true' : 'false'}
          data-testid="report"
          data-report={report}
          data-state={state}
          data-from={data?.range.from}
          data-to={data?.range.to}
          data-interval={data?.interval}
          data-compare={data?.previous ? 'true' : 'false'}
        >
          <h2 id="report-title" class="sr-only">
            {label} figures
          </h2>
          {error && (
            <p class="error" role="alert" data-testid="report-error">
              {error}
            </p>
          )}
          {!data && !error && !problem && <p class="muted">Loading…</p>}
          {data && (
            <ReportView
              data={data}
              chartKey={metric.report == report && data.metrics.some((m) => m.key == metric.key) ? metric.key : data.metrics[0]?.key}
              onChartKey={(key) => setMetric({ report, key })}
            />
          )}
        </section>
      </main>
    </div>
  );
}
export default Reports;
