/**
 * The Reports screen's wire shapes and queries (GET /api/v1/reports/{name}, docs/inbox.md "Reports"), and the
 * date ranges it offers. No DOM here; Reports.tsx draws it.
 */
import { call } from './api';

export const REPORTS = [
  { name: 'visitors', label: 'Visitors' },
  { name: 'conversations', label: 'Conversations' },
  { name: 'engagement', label: 'Engagement' },
  { name: 'response_times', label: 'Response times' },
  { name: 'bots', label: 'Bots' },
  { name: 'csat', label: 'Satisfaction' },
  { name: 'reach', label: 'Reach' },
  { name: 'conversions', label: 'Conversions' },
] as const;
export type ReportName = (typeof REPORTS)[number]['name'];

export const isReportName = (s: string): s is ReportName => REPORTS.some((r) => r.name == s);

export type Unit = 'count' | 'percent' | 'seconds' | 'money';
export type Interval = 'hour' | 'day' | 'week' | 'month';
export type Dimension = 'page' | 'source' | 'utm_campaign' | 'ref' | 'device' | 'agent' | 'flow';
export type Metric = { key: string; label: string; unit: Unit };
export type Range = { from: string; to: string };
/** A total or a row's value: a number, a text (a page, a currency code, a comment), or null for no data. */
export type Value = number | string | null;
export type Row = Record<string, Value>;

export type Report = {
  report: ReportName;
  range: Range & { time_zone: string };
  interval: Interval;
  filter: { dimension: Dimension; value: string } | null;
  filters: Dimension[];
  metrics: Metric[];
  /** Per metric key; `currency` beside the money figures of conversions. */
  totals: Row;
  previous?: { range: Range & { time_zone?: string }; totals: Row };
  series: (Row & { start: string })[];
  breakdown: { title: string; columns: Metric[]; rows: Row[] } | null;
};

/** Top values of each dimension in a range (GET /api/v1/reports/filters). */
export type Filters = Partial<Record<Dimension, (string | { id: string; name: string })[]>>;

export type Query = {
  report: ReportName;
  range: Range;
  interval: Interval;
  compare: boolean;
  /** "dimension:value", or "" for everything. */
  filter: string;
};

/** The report's path under /api/v1/, in the contract's order; `csv` asks for the download. */
export function reportPath(q: Query, csv = false): string {
  const p = new URLSearchParams({ from: q.range.from, to: q.range.to, interval: q.interval });
  if (q.compare) p.set('compare', 'previous');
  if (q.filter) p.set('filter', q.filter);
  if (csv) p.set('format', 'csv');
  return `reports/${q.report}?${p}`;
}

export const csvHref = (q: Query) => '/api/v1/' + reportPath(q, true);

export const reportsApi = {
  report: (q: Query) => call<Report>('GET', reportPath(q)),
  filters: (r: Range) => call<Filters>('GET', `reports/filters?from=${r.from}&to=${r.to}`),
};

export const DIMENSIONS: { key: Dimension; label: string }[] = [
  { key: 'page', label: 'Page' },
  { key: 'source', label: 'Source' },
  { key: 'utm_campaign', label: 'Campaign' },
  { key: 'ref', label: 'Ref' },
  { key: 'device', label: 'Device' },
  { key: 'agent', label: 'Agent' },
  { key: 'flow', label: 'Flow' },
];

export type FilterGroup = { dimension: Dimension; label: string; options: { value: string; label: string }[] };

/** The filter choices of a report: only its dimensions that have values; the option's value is "dimension:value". */
export function filterGroups(filters: Filters | null, allowed: Dimension[]): FilterGroup[] {
  if (!filters) return [];
  return DIMENSIONS.filter((d) => allowed.includes(d.key))
    .map((d) => ({
      dimension: d.key,
      label: d.label,
      options: (filters[d.key] ?? []).map((v) =>
        typeof v == 'string' ? { value: `${d.key}:${v}`, label: v } : { value: `${d.key}:${v.id}`, label: v.name },
      ),
    }))
    .filter((g) => g.options.length > 0);
}

// Dates are calendar days "YYYY-MM-DD": computed in UTC so no time zone or summer time shifts them.
const parse = (day: string) => {
  const [y, m, d] = day.split('-').map(Number);
  return Date.UTC(y, m - 1, d);
};
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export const addDays = (day: string, n: number) => iso(parse(day) + n * 86400_000);
export const daysBetween = (from: string, to: string) => Math.round((parse(to) - parse(from)) / 86400_000) + 1;

/** Today in the browser's calendar. */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export const PRESETS = [
  { id: '7d', label: 'Last 7 days' },
  { id: '30d', label: 'Last 30 days' },
  { id: '90d', label: 'Last 90 days' },
  { id: '12m', label: 'Last 12 months' },
  { id: 'custom', label: 'Custom dates' },
] as const;
export type Preset = (typeof PRESETS)[number]['id'];

/** The inclusive days of a preset ending today; "12m" starts the day after the same date a year ago
 * (29 February rolls to 1 March). */
export function presetRange(preset: Exclude<Preset, 'custom'>, day: string): Range {
  if (preset == '12m') {
    const [y, m, d] = day.split('-').map(Number);
    return { from: addDays(iso(Date.UTC(y - 1, m - 1, d)), 1), to: day };
  }
  return { from: addDays(day, 1 - Number(preset.slice(0, -1))), to: day };
}

/** The interval that gives a readable number of points for a range. */
export function defaultInterval(r: Range): Interval {
  const days = daysBetween(r.from, r.to);
  if (days <= 2) return 'hour';
  if (days <= 62) return 'day';
  if (days <= 190) return 'week';
  return 'month';
}

/** Why a custom range cannot be asked for, or "" when it can. */
export function rangeProblem(r: Range): string {
  const day = /^\d{4}-\d{2}-\d{2}$/;
  if (!day.test(r.from) || !day.test(r.to)) return 'Choose both dates.';
  if (r.from > r.to) return 'The start date is after the end date.';
  if (daysBetween(r.from, r.to) > 366 * 3) return 'Choose at most three years.';
  return '';
}

/** Nothing recorded in the range: every total of the report's metrics is missing or zero, and no breakdown rows. */
export function isEmpty(r: Report): boolean {
  return r.metrics.every((m) => r.totals[m.key] == null || r.totals[m.key] === 0) && !r.breakdown?.rows.length;
}
