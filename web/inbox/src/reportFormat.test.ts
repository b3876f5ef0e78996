import { describe, expect, it } from 'vitest';
import { change, formatCount, formatDuration, formatMoney, formatPercent, formatTick, formatValue, periodLabel, periodTick, rangeLabel } from './reportFormat';

const en = 'en-GB';

describe('figures', () => {
  it('counts have thousands separators, shares are percentages', () => {
    expect(formatCount(1234567, en)).toBe('1,234,567');
    expect(formatCount(4.256, en)).toBe('4.26');
    expect(formatCount(1234, 'de-DE')).toBe('1.234');
    expect(formatPercent(0.4251, en)).toBe('42.5%');
    expect(formatPercent(1, en)).toBe('100%');
  });

  it('durations in words, the two largest parts', () => {
    expect(formatDuration(0)).toBe('0 s');
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(65)).toBe('1 min 5 s');
    expect(formatDuration(120)).toBe('2 min');
    expect(formatDuration(2 * 3600 + 3 * 60 + 59)).toBe('2 h 3 min');
    expect(formatDuration(3600)).toBe('1 h');
    expect(formatDuration(3 * 86400 + 4 * 3600 + 5)).toBe('3 d 4 h');
    expect(formatDuration(-90)).toBe('−1 min 30 s');
    expect(formatDuration(59.6)).toBe('1 min');
  });

  it('money in its currency', () => {
    expect(formatMoney(1234.5, 'EUR', en)).toBe('€1,234.50');
    expect(formatMoney(1234.5, 'USD', 'en-US')).toBe('$1,234.50');
    expect(formatMoney(99, 'JPY', en)).toBe('JP¥99');
    expect(formatMoney(12, 'not a code', en)).toBe('12.00 not a code');
    expect(formatMoney(12, null, en)).toBe('12.00');
  });

  it('no data is "—", never 0; texts stay as they are', () => {
    expect(formatValue(null, 'count', null, en)).toBe('—');
    expect(formatValue(undefined, 'percent', null, en)).toBe('—');
    expect(formatValue(NaN, 'seconds', null, en)).toBe('—');
    expect(formatValue(0, 'count', null, en)).toBe('0');
    expect(formatValue('/pricing', 'count', null, en)).toBe('/pricing');
    expect(formatValue(0.5, 'percent', null, en)).toBe('50%');
    expect(formatValue(65, 'seconds', null, en)).toBe('1 min 5 s');
    expect(formatValue(10, 'money', 'GBP', en)).toBe('£10.00');
  });

  it('axis labels are short', () => {
    expect(formatTick(1200, 'count', null, 'en-US')).toBe('1.2K');
    expect(formatTick(0.4, 'percent', null, en)).toBe('40%');
    expect(formatTick(3900, 'seconds', null, en)).toBe('1 h');
    expect(formatTick(2000, 'money', 'EUR', 'en-US')).toBe('€2K');
  });
});

describe('the change from the previous period', () => {
  it('says up or down in words beside the arrow', () => {
    expect(change(120, 100, 'count', en)).toEqual({ direction: 'up', text: '▲ up 20%', good: true });
    expect(change(75, 100, 'money', en)).toEqual({ direction: 'down', text: '▼ down 25%', good: false });
    expect(change(5, 0, 'count', en)).toEqual({ direction: 'up', text: '▲ up from none', good: true });
    expect(change(7, 7, 'count', en)).toEqual({ direction: 'same', text: '= no change', good: null });
  });

  it('shares change in points; shorter durations are good news', () => {
    expect(change(0.45, 0.4, 'percent', en)!.text).toBe('▲ up 5 pts');
    expect(change(60, 90, 'seconds', en)).toEqual({ direction: 'down', text: '▼ down 33.3%', good: true });
  });

  it('is nothing to compare when a side has no data', () => {
    expect(change(null, 3, 'count')).toBeNull();
    expect(change(3, null, 'count')).toBeNull();
    expect(change(3, undefined, 'count')).toBeNull();
  });
});

describe('periods', () => {
  it('are read as the workspace wrote them, whatever the browser’s zone', () => {
    expect(periodLabel('2026-11-01', 'day', en)).toBe('1 Nov');
    expect(periodLabel('2026-11-01T13:00', 'hour', en)).toBe('1 Nov, 13:00');
    expect(periodLabel('2026-11-02', 'week', en)).toBe('Week of 2 Nov');
    expect(periodLabel('2026-11-01', 'month', en)).toBe('Nov 2026');
    expect(periodTick('2026-11-01T13:00', 'hour', en)).toBe('13:00');
    expect(periodTick('2026-11-02', 'week', en)).toBe('2 Nov');
    expect(rangeLabel('2026-11-01', '2026-11-30', en)).toBe('1 Nov 2026 – 30 Nov 2026');
    expect(rangeLabel('2026-11-01', '2026-11-01', en)).toBe('1 Nov 2026');
  });
});
