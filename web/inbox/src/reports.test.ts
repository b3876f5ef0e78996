import { describe, expect, it } from 'vitest';
import { parseHash } from './router';
import { addDays, csvHref, daysBetween, defaultInterval, filterGroups, isEmpty, isReportName, presetRange, rangeProblem, reportPath, today, type Query } from './reports';

const q: Query = { report: 'visitors', range: { from: '2026-11-01', to: '2026-11-30' }, interval: 'day', compare: false, filter: '' };

describe('the report query', () => {
  it('has the range and the interval, and the comparison and the filter when chosen', () => {
    expect(reportPath(q)).toBe('reports/visitors?from=2026-11-01&to=2026-11-30&interval=day');
    expect(reportPath({ ...q, report: 'csat', compare: true, filter: 'page:/pricing?a=1&b' })).toBe(
      'reports/csat?from=2026-11-01&to=2026-11-30&interval=day&compare=previous&filter=page%3A%2Fpricing%3Fa%3D1%26b',
    );
  });

  it('downloads the same query as CSV', () => {
    expect(csvHref({ ...q, compare: true })).toBe('/api/v1/reports/visitors?from=2026-11-01&to=2026-11-30&interval=day&compare=previous&format=csv');
  });
});

describe('date ranges', () => {
  it('presets end today and count today in', () => {
    expect(presetRange('7d', '2026-11-30')).toEqual({ from: '2026-11-24', to: '2026-11-30' });
    expect(presetRange('30d', '2026-03-01')).toEqual({ from: '2026-01-31', to: '2026-03-01' });
    expect(presetRange('90d', '2026-11-30')).toEqual({ from: '2026-09-02', to: '2026-11-30' });
    expect(presetRange('12m', '2026-11-30')).toEqual({ from: '2025-12-01', to: '2026-11-30' });
    expect(presetRange('12m', '2028-02-29')).toEqual({ from: '2027-03-02', to: '2028-02-29' });
    expect(daysBetween(presetRange('7d', '2026-03-29').from, '2026-03-29')).toBe(7);
  });

  it('count calendar days, across summer time and leap days', () => {
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(365);
    expect(today(new Date(2026, 10, 5, 23, 59))).toBe('2026-11-05');
  });

  it('pick an interval with a readable number of points', () => {
    expect(defaultInterval({ from: '2026-11-30', to: '2026-11-30' })).toBe('hour');
    expect(defaultInterval(presetRange('7d', '2026-11-30'))).toBe('day');
    expect(defaultInterval(presetRange('30d', '2026-11-30'))).toBe('day');
    expect(defaultInterval(presetRange('90d', '2026-11-30'))).toBe('week');
    expect(defaultInterval(presetRange('12m', '2026-11-30'))).toBe('month');
  });

  it('a custom range needs both days in order', () => {
    expect(rangeProblem({ from: '', to: '2026-11-30' })).toBe('Choose both dates.');
    expect(rangeProblem({ from: '2026-12-01', to: '2026-11-30' })).toBe('The start date is after the end date.');
    expect(rangeProblem({ from: '2020-01-01', to: '2026-11-30' })).toBe('Choose at most three years.');
    expect(rangeProblem({ from: '2026-11-30', to: '2026-11-30' })).toBe('');
  });
});

describe('filters', () => {
  const filters = {
    page: ['/', '/pricing'],
    device: ['desktop', 'mobile'],
    agent: [{ id: 'a1', name: 'Ana' }],
    flow: [],
  };
  it('offers only the report’s dimensions that have values, agents and flows by name', () => {
    expect(filterGroups(filters, ['page', 'agent', 'flow'])).toEqual([
      { dimension: 'page', label: 'Page', options: [{ value: 'page:/', label: '/' }, { value: 'page:/pricing', label: '/pricing' }] },
      { dimension: 'agent', label: 'Agent', options: [{ value: 'agent:a1', label: 'Ana' }] },
    ]);
    expect(filterGroups(null, ['page'])).toEqual([]);
    expect(filterGroups(filters, [])).toEqual([]);
  });
});

describe('an empty report', () => {
  const report = (totals: Record<string, number | null>, rows: object[] = []) =>
    ({ metrics: [{ key: 'ratings', label: 'Ratings', unit: 'count' }, { key: 'average', label: 'Average', unit: 'count' }], totals, breakdown: { title: 'Comments', columns: [], rows } }) as any;
  it('has only zeros and missing figures, and no breakdown rows', () => {
    expect(isEmpty(report({ ratings: 0, average: null }))).toBe(true);
    expect(isEmpty(report({ ratings: 0, average: null }, [{ comment: 'Nice' }]))).toBe(false);
    expect(isEmpty(report({ ratings: 2, average: 4.5 }))).toBe(false);
  });
});

describe('the route', () => {
  it('names the report; an unknown or missing one is left for the screen to replace with the first', () => {
    expect(parseHash('#/reports/csat')).toEqual({ name: 'reports', report: 'csat' });
    expect(parseHash('#/reports')).toEqual({ name: 'reports', report: '' });
    expect(isReportName('csat')).toBe(true);
    expect(isReportName('')).toBe(false);
    expect(isReportName('toString')).toBe(false);
  });
});
