/**
 * How the Reports screen writes its figures: counts with thousands separators, shares as percentages, durations
 * in words ("1 min 5 s"), money in its currency, and the change from the previous period as an arrow with words.
 * `null` is no data: "—", never 0. Pure: the locale is a parameter (the browser's by default).
 */
import type { Interval, Unit, Value } from './reports';

const numbers = new Map<string, Intl.NumberFormat>();
function nf(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = (locale ?? '') + JSON.stringify(options);
  let f = numbers.get(key);
  if (!f) numbers.set(key, (f = new Intl.NumberFormat(locale, options)));
  return f;
}

export const NO_DATA = '—';

export const formatCount = (n: number, locale?: string) => nf(locale, { maximumFractionDigits: 2 }).format(n);

/** A share from 0 to 1: "42.5%". */
export const formatPercent = (share: number, locale?: string) => nf(locale, { style: 'percent', maximumFractionDigits: 1 }).format(share);

/** Seconds in words, the two largest parts: "45 s", "1 min 5 s", "2 h 3 min", "3 d 4 h". */
export function formatDuration(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && s > 0 ? '−' : '';
  const parts: [number, string][] = [
    [Math.floor(s / 86400), 'd'],
    [Math.floor((s % 86400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return '0 s';
  return sign + parts.slice(first, first + 2).filter(([n]) => n > 0).map(([n, u]) => `${n} ${u}`).join(' ');
}

/** An amount in a currency's units ("€1,234.50"); without a (valid) currency code, a plain number with 2 decimals. */
export function formatMoney(amount: number, currency?: string | null, locale?: string): string {
  if (currency) {
    try {
      return nf(locale, { style: 'currency', currency }).format(amount);
    } catch {
      // not an ISO 4217 code: the number and the code as given
      return `${nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount)} ${currency}`;
    }
  }
  return nf(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(amount);
}

/** A figure of a metric; texts (pages, comments) as they are, null or not a number as "—". */
export function formatValue(v: Value | undefined, unit: Unit, currency?: string | null, locale?: string): string {
  if (typeof v == 'string') return v;
  if (v == null || !Number.isFinite(v)) return NO_DATA;
  if (unit == 'percent') return formatPercent(v, locale);
  if (unit == 'seconds') return formatDuration(v);
  if (unit == 'money') return formatMoney(v, currency, locale);
  return formatCount(v, locale);
}

/** A short axis label: "1.2K", "40%", "5 min", "€2K". */
export function formatTick(v: number, unit: Unit, currency?: string | null, locale?: string): string {
  if (unit == 'percent') return nf(locale, { style: 'percent', maximumFractionDigits: 0 }).format(v);
  if (unit == 'seconds') return formatDuration(v).split(' ').slice(0, 2).join(' ');
  const compact: Intl.NumberFormatOptions = { notation: 'compact', minimumFractionDigits: 0, maximumFractionDigits: 1 };
  if (unit == 'money' && currency) {
    try {
      return nf(locale, { ...compact, style: 'currency', currency }).format(v);
    } catch {}
  }
  return nf(locale, compact).format(v);
}

export type Change = { direction: 'up' | 'down' | 'same'; text: string; good: boolean | null };

/**
 * The change from the previous period, in words beside the arrow so colour is never the only sign: shares change
 * in percentage points, other figures in percent of the previous value. Shorter durations are good news; null
 * when either side has no data.
 */
export function change(current: Value | undefined, previous: Value | undefined, unit: Unit, locale?: string): Change | null {
  if (typeof current != 'number' || typeof previous != 'number' || !Number.isFinite(current) || !Number.isFinite(previous)) return null;
  const diff = current - previous;
  if (Math.abs(diff) < 1e-9) return { direction: 'same', text: '= no change', good: null };
  const direction = diff > 0 ? 'up' : 'down';
  const good = unit == 'seconds' ? diff < 0 : diff > 0;
  const arrow = diff > 0 ? '▲ up' : '▼ down';
  let amount: string;
  if (unit == 'percent') amount = `${nf(locale, { maximumFractionDigits: 1 }).format(Math.abs(diff) * 100)} pts`;
  else if (previous == 0) amount = 'from none';
  else amount = formatPercent(Math.abs(diff / previous), locale);
  return { direction, text: `${arrow} ${amount}`, good };
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function df(locale: string | undefined, options: Intl.DateTimeFormatOptions) {
  const key = (locale ?? '') + JSON.stringify(options);
  let f = dayFormats.get(key);
  if (!f) dayFormats.set(key, (f = new Intl.DateTimeFormat(locale, { ...options, timeZone: 'UTC' })));
  return f;
}

/** A calendar day or hour of the workspace ("2026-11-01", "2026-11-01T13:00") read as written, whatever the browser's zone. */
function utc(start: string): number {
  const [day, time = '00:00'] = start.split('T');
  const [y, m, d] = day.split('-').map(Number);
  const [h, min] = time.split(':').map(Number);
  return Date.UTC(y, m - 1, d, h || 0, min || 0);
}

/** A series row's period: "1 Nov" (day), "1 Nov, 13:00" (hour), "Week of 1 Nov" (week), "Nov 2026" (month). */
export function periodLabel(start: string, interval: Interval, locale?: string): string {
  const ms = utc(start);
  if (interval == 'month') return df(locale, { month: 'short', year: 'numeric' }).format(ms);
  const day = df(locale, { day: 'numeric', month: 'short' }).format(ms);
  if (interval == 'hour') return `${day}, ${df(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(ms)}`;
  return interval == 'week' ? `Week of ${day}` : day;
}

/** A short axis label of a period: the hour alone for hours ("13:00"), else as periodLabel without "Week of". */
export function periodTick(start: string, interval: Interval, locale?: string): string {
  if (interval == 'hour') return df(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(utc(start));
  return periodLabel(start, interval == 'week' ? 'day' : interval, locale);
}

/** A range of days in words: "1 Nov 2026 – 30 Nov 2026". */
export function rangeLabel(from: string, to: string, locale?: string): string {
  const f = df(locale, { day: 'numeric', month: 'short', year: 'numeric' });
  return from == to ? f.format(utc(from)) : `${f.format(utc(from))} – ${f.format(utc(to))}`;
}
