/**
 * The geometry of the Reports screen's chart (ReportChart.tsx draws it as SVG): a linear y scale with round
 * ticks, x labels that fit the width, a line path that breaks where there is no data, bars, and the text summary
 * screen readers get instead of the picture. Pure: sizes in pixels in, coordinates out.
 */
import type { Unit } from './reports';

export type Kind = 'line' | 'bar';
type Anchor = 'start' | 'middle' | 'end';

/** Bars while each period has room for one, and for counts and money; shares and durations as a line. */
export const chartKind = (unit: Unit, points: number): Kind => ((unit == 'count' || unit == 'money') && points <= 31 ? 'bar' : 'line');

const DURATION_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/** A round step that splits `span` into about `count` parts: 1, 2 or 5 × 10ⁿ, or a clock-friendly step for durations. */
export function niceStep(span: number, count: number, unit: Unit = 'count'): number {
  const raw = span / Math.max(1, count);
  if (!(raw > 0)) return 1;
  if (unit == 'seconds' && raw >= 1 && raw <= 86400) return DURATION_STEPS.find((s) => s >= raw)!;
  if (unit == 'seconds' && raw > 86400) return 86400 * niceStep(raw / 86400, 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * power;
}

/** Ticks from a round number at or under `min` to one at or over `max`; the domain always holds 0. */
export function niceTicks(min: number, max: number, count = 4, unit: Unit = 'count'): number[] {
  let lo = Math.min(0, min);
  let hi = Math.max(0, max);
  if (hi - lo < 1e-9) [lo, hi] = [0, unit == 'seconds' ? 60 : 1]; // nothing to show (or next to nothing): an axis all the same
  const step = niceStep(hi - lo, count, unit);
  lo = Math.floor(lo / step) * step;
  hi = Math.ceil(hi / step - 1e-9) * step;
  const ticks: number[] = [];
  // Rounded to the step's precision, so 0.1 + 0.2 shows as 0.3.
  const digits = Math.max(0, -Math.floor(Math.log10(step)) + 1);
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  return ticks;
}

/** A linear map from [d0, d1] to [r0, r1]; an empty domain maps everything to r0. */
export const scale = (d0: number, d1: number, r0: number, r1: number) => (v: number) => (d1 == d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0));

/** Up to `max` indexes of n, evenly spaced, always the first and, when there is room, the last. */
export function tickIndexes(n: number, max: number): number[] {
  if (n <= 0) return [];
  if (n <= max) return [...Array(n).keys()];
  if (max <= 1) return [0];
  const every = Math.ceil((n - 1) / (max - 1));
  const out: number[] = [];
  for (let i = 0; i < n; i += every) out.push(i);
  // The last period replaces the last label before it, so it never crowds it.
  out[out.length - 1] = n - 1;
  return out;
}

export type Geometry = {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  yTicks: { value: number; y: number; label: string }[];
  xTicks: { i: number; x: number; label: string; anchor: Anchor }[];
  /** One per value, at the middle of its period; y null where there is no data. */
  points: { i: number; x: number; y: number | null }[];
  /** "M x y L x y …", a new "M" after each gap. */
  line: string;
  bars: { i: number; x: number; y: number; width: number; height: number }[];
  /** The y of zero, where bars start. */
  baseline: number;
};

const CHAR = 7; // about the width of a character of the 12 px axis labels

export function geometry(
  values: (number | null)[],
  opts: { width: number; height: number; unit: Unit; yLabel: (v: number) => string; xLabel: (i: number) => string },
): Geometry {
  const { width, height } = opts;
  const present = values.filter((v): v is number => v != null && Number.isFinite(v));
  const ticks = niceTicks(present.length ? Math.min(...present) : 0, present.length ? Math.max(...present) : 0, height < 200 ? 3 : 4, opts.unit);
  const labels = ticks.map(opts.yLabel);
  const plot = { left: 10 + CHAR * Math.max(...labels.map((l) => l.length)), top: 10, right: width - 10, bottom: height - 26 };
  const y = scale(ticks[0], ticks[ticks.length - 1], plot.bottom, plot.top);
  const band = (plot.right - plot.left) / Math.max(1, values.length);
  const xAt = (i: number) => plot.left + band * (i + 0.5);
  const widest = Math.max(1, ...values.map((_, i) => opts.xLabel(i).length));
  const xTicks = tickIndexes(values.length, Math.max(1, Math.floor((plot.right - plot.left) / (widest * CHAR + 12)))).map((i) => {
    const label = opts.xLabel(i);
    const half = (label.length * CHAR) / 2;
    // A label that would stick out of the picture ends (or starts) at its tick instead.
    const anchor: Anchor = xAt(i) + half > width ? 'end' : xAt(i) - half < 0 ? 'start' : 'middle';
    return { i, x: xAt(i), label, anchor };
  });
  const points = values.map((v, i) => ({ i, x: xAt(i), y: v == null || !Number.isFinite(v) ? null : y(v) }));
  let line = '';
  let gap = true;
  for (const p of points) {
    if (p.y == null) gap = true;
    else {
      line += `${line ? ' ' : ''}${gap ? 'M' : 'L'}${round(p.x)} ${round(p.y)}`;
      gap = false;
    }
  }
  const baseline = y(Math.max(ticks[0], Math.min(0, ticks[ticks.length - 1])));
  const barWidth = Math.max(1, band * 0.7);
  const bars = points
    .filter((p) => p.y != null)
    .map((p) => ({ i: p.i, x: round(p.x - barWidth / 2), y: round(Math.min(p.y!, baseline)), width: round(barWidth), height: round(Math.abs(baseline - p.y!)) }));
  return { width, height, plot, yTicks: ticks.map((value, k) => ({ value, y: round(y(value)), label: labels[k] })), xTicks, points, line, bars, baseline: round(baseline) };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * What the chart shows, in a sentence: "Visitors per day, 1 Nov 2026 – 7 Nov 2026: lowest 3 (4 Nov), highest 52
 * (6 Nov), 1 period without data. Every value is in the table below."
 */
export function chartSummary(title: string, values: (number | null)[], label: (i: number) => string, format: (v: number) => string): string {
  const known = values.map((v, i) => ({ v, i })).filter((p): p is { v: number; i: number } => p.v != null && Number.isFinite(p.v));
  if (!known.length) return `${title}: no data.`;
  const low = known.reduce((a, b) => (b.v < a.v ? b : a));
  const high = known.reduce((a, b) => (b.v > a.v ? b : a));
  const missing = values.length - known.length;
  const parts = [
    known.length == 1 ? `${format(low.v)} (${label(low.i)})` : `lowest ${format(low.v)} (${label(low.i)}), highest ${format(high.v)} (${label(high.i)})`,
    ...(missing ? [`${missing} ${missing == 1 ? 'period' : 'periods'} without data`] : []),
  ];
  return `${title}: ${parts.join(', ')}. Every value is in the table below.`;
}
