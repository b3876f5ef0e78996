import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chartKind, chartSummary, geometry, niceStep, niceTicks, scale, tickIndexes } from './chart';

describe('ticks', () => {
  it('are round numbers covering the values, from zero', () => {
    expect(niceTicks(0, 52)).toEqual([0, 20, 40, 60]);
    expect(niceTicks(3, 9)).toEqual([0, 5, 10]);
    expect(niceTicks(0, 0.37, 4, 'percent')).toEqual([0, 0.1, 0.2, 0.3, 0.4]);
    expect(niceTicks(-4, 6)).toEqual([-5, 0, 5, 10]);
    expect(niceTicks(0, 1234567)).toEqual([0, 500000, 1000000, 1500000]);
  });

  it('give an empty chart an axis: 0 to 1, or 0 to 1 min for durations', () => {
    expect(niceTicks(0, 0)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0, 0, 4, 'seconds')).toEqual([0, 15, 30, 45, 60]);
  });

  it('step durations by the clock', () => {
    expect(niceStep(400, 4, 'seconds')).toBe(120);
    expect(niceStep(3 * 3600, 4, 'seconds')).toBe(3600);
    expect(niceStep(10 * 86400, 4, 'seconds')).toBe(5 * 86400);
    expect(niceTicks(0, 200, 4, 'seconds')).toEqual([0, 60, 120, 180, 240]);
  });

  it('always hold every value, start at or under the lowest and end at or over the highest', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (vs) => {
        const t = niceTicks(Math.min(...vs), Math.max(...vs));
        const slack = (Math.max(...vs) - Math.min(...vs) + 1) * 1e-6; // a value a hair over a round top tick may sit on it
        expect(t[0]).toBeLessThanOrEqual(Math.min(0, ...vs) + slack);
        expect(t[t.length - 1]).toBeGreaterThanOrEqual(Math.max(0, ...vs) - slack);
        expect(t.length).toBeLessThanOrEqual(12);
        expect(t).toContain(0);
      }),
    );
  });

  it('x labels: at most the room, first and last included', () => {
    expect(tickIndexes(5, 10)).toEqual([0, 1, 2, 3, 4]);
    expect(tickIndexes(30, 6)).toEqual([0, 6, 12, 18, 29]);
    expect(tickIndexes(30, 15)).toEqual([0, 3, 6, 9, 12, 15, 18, 21, 24, 29]);
    expect(tickIndexes(31, 4)).toEqual([0, 10, 20, 30]);
    expect(tickIndexes(0, 4)).toEqual([]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 20 }), (n, max) => {
        const t = tickIndexes(n, max);
        expect(t[0]).toBe(0);
        expect(t.length).toBeLessThanOrEqual(Math.max(max, 1));
        if (n > 1 && max > 1) expect(t[t.length - 1]).toBe(n - 1);
        // never closer than the regular spacing
        for (let k = 1; k < t.length; k++) expect(t[k] - t[k - 1]).toBeGreaterThanOrEqual(t[1] - t[0]);
        expect(new Set(t).size).toBe(t.length);
        expect(t.every((i) => i >= 0 && i < n)).toBe(true);
      }),
    );
  });
});

describe('geometry', () => {
  const opts = { width: 400, height: 200, unit: 'count' as const, yLabel: String, xLabel: (i: number) => 'd' + i };

  it('maps values into the plot, zero on the bottom', () => {
    const g = geometry([0, 10, 20], opts);
    expect(g.yTicks.map((t) => t.value)).toEqual([0, 5, 10, 15, 20]);
    expect(g.yTicks[0].y).toBe(g.plot.bottom);
    expect(g.yTicks[4].y).toBe(g.plot.top);
    expect(g.points.map((p) => p.y)).toEqual([g.plot.bottom, (g.plot.bottom + g.plot.top) / 2, g.plot.top]);
    expect(g.points[0].x).toBeGreaterThan(g.plot.left);
    expect(g.points[2].x).toBeLessThan(g.plot.right);
  });

  it('breaks the line where there is no data and draws no bar there', () => {
    const g = geometry([1, 2, null, 4, 5], opts);
    expect(g.line.match(/M/g)).toHaveLength(2);
    expect(g.line.match(/L/g)).toHaveLength(2);
    expect(g.bars.map((b) => b.i)).toEqual([0, 1, 3, 4]);
    expect(g.points[2].y).toBeNull();
  });

  it('bars stand on zero, negative ones hang from it', () => {
    const g = geometry([5, -5], opts);
    expect(g.bars[0].y + g.bars[0].height).toBeCloseTo(g.baseline, 0);
    expect(g.bars[1].y).toBeCloseTo(g.baseline, 0);
    expect(g.bars[1].height).toBeCloseTo(g.bars[0].height, 0);
  });

  it('leaves room for the longest y label and fits the x labels in the width', () => {
    const wide = geometry([1_000_000], { ...opts, yLabel: (v) => v.toLocaleString('en') });
    expect(wide.plot.left).toBeGreaterThan(geometry([1], opts).plot.left);
    const g = geometry(Array(90).fill(1), { ...opts, xLabel: () => '12 Nov' });
    expect(g.xTicks.length).toBeLessThan(10);
    expect(g.xTicks[0].i).toBe(0);
    expect(g.xTicks[g.xTicks.length - 1].i).toBe(89);
    expect(g.xTicks[g.xTicks.length - 1].anchor).toBe('end');
    expect(g.xTicks[1].anchor).toBe('middle');
    expect(geometry([1], { ...opts, width: 60, yLabel: () => '', xLabel: () => 'A long label' }).xTicks[0].anchor).not.toBe('middle');
  });

  it('chooses bars for a month of counts and a line for shares or long series', () => {
    expect(chartKind('count', 30)).toBe('bar');
    expect(chartKind('money', 12)).toBe('bar');
    expect(chartKind('count', 90)).toBe('line');
    expect(chartKind('percent', 7)).toBe('line');
    expect(scale(0, 10, 100, 0)(5)).toBe(50);
    expect(scale(3, 3, 7, 0)(3)).toBe(7);
  });
});

describe('the summary read instead of the picture', () => {
  const label = (i: number) => `${i + 1} Nov`;
  it('names the lowest, the highest and the gaps', () => {
    expect(chartSummary('Visitors per day, 1 – 4 Nov', [3, null, 52, 7], label, String)).toBe(
      'Visitors per day, 1 – 4 Nov: lowest 3 (1 Nov), highest 52 (3 Nov), 1 period without data. Every value is in the table below.',
    );
    expect(chartSummary('Ratings', [null, 4], label, String)).toBe('Ratings: 4 (2 Nov), 1 period without data. Every value is in the table below.');
    expect(chartSummary('Ratings', [null, null], label, String)).toBe('Ratings: no data.');
  });
});
