/**
 * A report metric over time as a hand-written SVG line or bar chart (geometry in chart.ts). The picture is
 * `role="img"` with a summary as its name; every value is in the series table beside it.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { chartKind, chartSummary, geometry } from './chart';
import { formatTick, formatValue, periodLabel, periodTick, rangeLabel } from './reportFormat';
import type { Metric, Report } from './reports';

/** The element's width in pixels, followed on resize (640 until measured: tests and the first paint). */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const measure = () => ref.current?.clientWidth && setWidth(ref.current.clientWidth);
    measure();
    addEventListener('resize', measure);
    return () => removeEventListener('resize', measure);
  }, []);
  return [ref, width] as const;
}

export function ReportChart({ data, metric, currency }: { data: Report; metric: Metric; currency: string | null }) {
  const [ref, width] = useWidth();
  const values = data.series.map((row) => {
    const v = row[metric.key];
    return typeof v == 'number' ? v : null;
  });
  const label = (i: number) => periodLabel(data.series[i].start, data.interval);
  const g = geometry(values, {
    width,
    height: width < 480 ? 180 : 240,
    unit: metric.unit,
    yLabel: (v) => formatTick(v, metric.unit, currency),
    xLabel: (i) => periodTick(data.series[i].start, data.interval),
  });
  const kind = chartKind(metric.unit, values.length);
  const title = `${metric.label} by ${data.interval}, ${rangeLabel(data.range.from, data.range.to)}`;
  const summary = chartSummary(title, values, label, (v) => formatValue(v, metric.unit, currency));
  return (
    <div class="report-chart" ref={ref}>
      <svg
        role="img"
        aria-label={summary}
        data-testid="report-chart"
        data-kind={kind}
        data-metric={metric.key}
        width={g.width}
        height={g.height}
        viewBox={`0 0 ${g.width} ${g.height}`}
      >
        {g.yTicks.map((t) => (
          <g key={t.value} class="y-tick">
            <line x1={g.plot.left} x2={g.plot.right} y1={t.y} y2={t.y} />
            <text x={g.plot.left - 6} y={t.y} text-anchor="end" dominant-baseline="middle">
              {t.label}
            </text>
          </g>
        ))}
        <line class="axis" x1={g.plot.left} x2={g.plot.right} y1={g.baseline} y2={g.baseline} />
        <line class="axis" x1={g.plot.left} x2={g.plot.left} y1={g.plot.top} y2={g.plot.bottom} />
        {g.xTicks.map((t) => (
          <g key={t.i} class="x-tick">
            <line x1={t.x} x2={t.x} y1={g.plot.bottom} y2={g.plot.bottom + 4} />
            <text x={t.x} y={g.plot.bottom + 17} text-anchor={t.anchor}>
              {t.label}
            </text>
          </g>
        ))}
        {kind == 'bar' ? (
          g.bars.map((b) => <rect key={b.i} class="bar" x={b.x} y={b.y} width={b.width} height={b.height} />)
        ) : (
          <>
            <path class="line" d={g.line} />
            {values.length <= 62 && g.points.map((p) => p.y != null && <circle key={p.i} class="dot" cx={p.x} cy={p.y} r={3} />)}
          </>
        )}
      </svg>
    </div>
  );
}
