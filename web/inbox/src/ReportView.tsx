/** One report's answer on the Reports screen: the headline figures, the chart of one metric, the series and the breakdown tables. */
import type { ComponentChildren } from 'preact';
import { ReportChart } from './ReportChart';
import { change, formatValue, periodLabel, rangeLabel } from './reportFormat';
import { DIMENSIONS, isEmpty, type Metric, type Report, type Row, type Value } from './reports';

/** The currency of a money figure: the row's own (revenue per currency), else the report's. */
const currencyOf = (data: Report, row?: Row) => {
  const c = row?.currency ?? data.totals.currency;
  return typeof c == 'string' ? c : null;
};

type Props = { data: Report; chartKey: string | undefined; onChartKey: (key: string) => void };

export function ReportView({ data, chartKey, onChartKey }: Props) {
  const chartMetric = data.metrics.find((m) => m.key == chartKey) ?? data.metrics[0];
  const filter = data.filter && DIMENSIONS.find((d) => d.key == data.filter!.dimension);
  return (
    <>
      <p class="muted report-range" data-testid="report-range-text">
        {rangeLabel(data.range.from, data.range.to)} ({data.range.time_zone})
        {data.previous && <> · compared with {rangeLabel(data.previous.range.from, data.previous.range.to)}</>}
        {filter && (
          <>
            {' '}
            · {filter.label}: {data.filter!.value}
          </>
        )}
      </p>
      {isEmpty(data) && (
        <p class="report-empty" role="status" data-testid="report-empty">
          Nothing was recorded in this period{data.filter ? ' with this filter' : ''}.
        </p>
      )}
      <ul class="report-figures" data-testid="report-figures">
        {data.metrics.map((m) => (
          <Figure key={m.key} metric={m} value={data.totals[m.key]} previous={data.previous ? data.previous.totals[m.key] : undefined} currency={currencyOf(data)} />
        ))}
      </ul>
      {data.series.length > 0 && chartMetric ? (
        <>
          <div class="report-chart-head">
            <h3 id="report-chart-title">{chartMetric.label} over time</h3>
            {data.metrics.length > 1 && (
              <div class="field">
                <label for="report-chart-metric">Chart</label>
                <select id="report-chart-metric" data-testid="report-chart-metric" value={chartMetric.key} onChange={(e) => onChartKey(e.currentTarget.value)}>
                  {data.metrics.map((m) => (
                    <option key={m.key} value={m.key}>
                      {m.label}
                    </option>
                  ))}
                </select>
              </div>
            )}
          </div>
          <ReportChart data={data} metric={chartMetric} currency={currencyOf(data)} />
          <SeriesTable data={data} />
        </>
      ) : (
        <p class="muted" data-testid="report-no-series">
          No periods to show.
        </p>
      )}
      {data.breakdown && <Breakdown data={data} />}
    </>
  );
}

function Figure({ metric, value, previous, currency }: { metric: Metric; value: Value | undefined; previous: Value | undefined; currency: string | null }) {
  const delta = previous === undefined ? null : change(value, previous, metric.unit);
  return (
    <li class="report-figure" data-testid="report-figure" data-metric={metric.key} data-value={value == null ? '' : String(value)}>
      <span class="figure-label">{metric.label}</span>
      <strong class="figure-value" data-testid="figure-value">
        {formatValue(value, metric.unit, currency)}
      </strong>
      {previous !== undefined && (
        <span class="figure-previous" data-testid="figure-previous" data-value={previous == null ? '' : String(previous)}>
          Previous period: {formatValue(previous, metric.unit, currency)}
        </span>
      )}
      {delta && (
        <span class={'figure-change ' + (delta.good == null ? 'same' : delta.good ? 'good' : 'bad')} data-testid="figure-change" data-direction={delta.direction}>
          {delta.text}
        </span>
      )}
    </li>
  );
}

/** A wide table scrolls sideways on a phone, and the keyboard can scroll it too. */
function Scroll({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}

function SeriesTable({ data }: { data: Report }) {
  const caption = `${data.metrics.map((m) => m.label).join(', ')} by ${data.interval}`;
  return (
    <Scroll label={caption}>
      <table class="table report-table" data-testid="report-series">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            {data.metrics.map((m) => (
              <th scope="col" key={m.key} class="num">
                {m.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.series.map((row) => (
            <tr key={row.start} data-start={row.start}>
              <th scope="row">{periodLabel(row.start, data.interval)}</th>
              {data.metrics.map((m) => (
                <td key={m.key} class="num">
                  {formatValue(row[m.key], m.unit, currencyOf(data, row))}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </Scroll>
  );
}

function Breakdown({ data }: { data: Report }) {
  const b = data.breakdown!;
  return (
    <>
      <h3>{b.title}</h3>
      {b.rows.length == 0 ? (
        <p class="muted" data-testid="report-breakdown-empty">
          Nothing in this period.
        </p>
      ) : (
        <Scroll label={b.title}>
          <table class="table report-table" data-testid="report-breakdown">
            <thead>
              <tr>
                {b.columns.map((c) => (
                  <th scope="col" key={c.key} class={typeof b.rows[0][c.key] == 'number' ? 'num' : undefined}>
                    {c.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {b.rows.map((row, i) => (
                <tr key={i}>
                  {b.columns.map((c) => (
                    <td key={c.key} class={typeof row[c.key] == 'number' ? 'num' : 'text'}>
                      {formatValue(row[c.key], c.unit, currencyOf(data, row))}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </Scroll>
      )}
    </>
  );
}
