// @vitest-environment happy-dom
import axe from 'axe-core';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Reports } from './Reports';
import { addDays, today, type Report } from './reports';

/** A twin of GET /api/v1/reports/{name} and /reports/filters (docs/inbox.md "Reports"): answers from the query. */
function fakeServer() {
  const calls: URL[] = [];
  const held: (() => void)[] = [];
  let answer: (url: URL) => { status: number; body: unknown } = (url) => ({ status: 200, body: report(url) });
  let hold = false;
  let filters: object = { page: ['/', '/pricing'], device: ['mobile'], agent: [{ id: 'a1', name: 'Ana' }], flow: [{ id: 'f1', name: 'Stylist' }] };
  const fetch = vi.fn(async (path: string) => {
    const url = new URL(path, 'http://parley.test');
    calls.push(url);
    const respond = () => {
      if (url.pathname == '/api/v1/reports/filters') return { status: 200, body: filters };
      return answer(url);
    };
    const r = hold && url.pathname != '/api/v1/reports/filters' ? await new Promise<ReturnType<typeof respond>>((ok) => held.push(() => ok(respond()))) : respond();
    return new Response(JSON.stringify(r.body), { status: r.status, headers: { 'Content-Type': 'application/json' } });
  });
  return {
    calls,
    fetch,
    reportCalls: () => calls.filter((u) => u.pathname != '/api/v1/reports/filters'),
    answer: (fn: typeof answer) => (answer = fn),
    hold: (on: boolean) => (hold = on),
    answerFilters: (f: object) => (filters = f),
    release: (i: number) => held[i](),
  };
}

/** A visitors report for the asked range: 1,234 visitors, 2 days, a breakdown of pages. */
function report(url: URL): Report {
  const p = url.searchParams;
  const name = url.pathname.split('/').pop() as Report['report'];
  const from = p.get('from')!;
  return {
    report: name,
    range: { from, to: p.get('to')!, time_zone: 'Europe/Paris' },
    interval: (p.get('interval') as Report['interval']) ?? 'day',
    filter: p.get('filter') ? { dimension: p.get('filter')!.split(':')[0] as any, value: p.get('filter')!.split(':').slice(1).join(':') } : null,
    filters: name == 'visitors' ? ['page', 'device'] : ['agent'],
    metrics: [
      { key: 'visitors', label: 'Visitors', unit: 'count' },
      { key: 'engagement_rate', label: 'Engagement rate', unit: 'percent' },
      { key: 'first_response_median', label: 'First response', unit: 'seconds' },
      { key: 'revenue', label: 'Revenue', unit: 'money' },
    ],
    totals: { visitors: 1234, engagement_rate: 0.425, first_response_median: null, revenue: 1500.5, currency: 'EUR' },
    ...(p.get('compare') == 'previous' ? { previous: { range: { from: addDays(from, -30), to: addDays(from, -1) }, totals: { visitors: 1028, engagement_rate: 0.4, first_response_median: 90, revenue: null } } } : {}),
    series: [
      { start: from, visitors: 1200, engagement_rate: 0.4, first_response_median: null, revenue: 1000 },
      { start: addDays(from, 1), visitors: 34, engagement_rate: null, first_response_median: 65, revenue: 500.5 },
    ],
    breakdown: { title: 'Top pages', columns: [{ key: 'page', label: 'Page', unit: 'count' }, { key: 'visitors', label: 'Visitors', unit: 'count' }], rows: [{ page: '/pricing', visitors: 1001 }] },
  };
}

let root: HTMLElement;
let server: ReturnType<typeof fakeServer>;
const settle = async () => {
  for (let i = 0; i < 6; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
};
const $ = <T extends Element = HTMLElement>(css: string) => {
  const el = root.querySelector<T>(css);
  if (!el) throw new Error('missing ' + css);
  return el;
};
const $$ = (css: string) => [...root.querySelectorAll<HTMLElement>(css)];
const text = (css: string) => $(css).textContent?.trim();
const figure = (key: string) => $(`[data-testid=report-figure][data-metric=${key}]`);
async function pick(css: string, value: string) {
  const el = $<HTMLSelectElement>(css);
  el.value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}
async function show(name: string) {
  act(() => render(<Reports report={name} />, root));
  await settle();
}

beforeEach(async () => {
  server = fakeServer();
  vi.stubGlobal('fetch', server.fetch);
  root = document.createElement('div');
  document.body.append(root);
  await show('visitors');
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('the Reports screen', () => {
  it('asks for the last 30 days by day and shows the figures, the chart and the tables', async () => {
    const asked = server.reportCalls()[0];
    expect(asked.pathname).toBe('/api/v1/reports/visitors');
    expect(Object.fromEntries(asked.searchParams)).toEqual({ from: addDays(today(), -29), to: today(), interval: 'day' });
    expect($('[data-testid=report]').dataset.state).toBe('ready');
    expect(figure('visitors').querySelector('[data-testid=figure-value]')!.textContent).toBe((1234).toLocaleString());
    expect(figure('visitors').dataset.value).toBe('1234');
    expect(figure('engagement_rate').textContent).toContain('42.5%');
    expect(figure('first_response_median').querySelector('[data-testid=figure-value]')!.textContent).toBe('—');
    expect(figure('revenue').textContent).toContain('1,500.50');
    expect($$('[data-testid=figure-previous]')).toHaveLength(0);

    const chart = $('svg[role=img][data-testid=report-chart]');
    expect(chart.dataset.metric).toBe('visitors');
    expect(chart.getAttribute('aria-label')).toMatch(/^Visitors by day, .*: lowest 34 \(.*\), highest 1,200 \(.*\)\. Every value is in the table below\.$/);
    expect(chart.querySelectorAll('rect.bar')).toHaveLength(2);
    const rows = $$('[data-testid=report-series] tbody tr');
    expect(rows.map((r) => r.dataset.start)).toEqual([addDays(today(), -29), addDays(today(), -28)]);
    expect([...rows[1].querySelectorAll('td')].map((td) => td.textContent)).toEqual(['34', '—', '1 min 5 s', '€500.50']);
    expect(text('[data-testid=report-breakdown] tbody tr')).toBe('/pricing' + (1001).toLocaleString());
  });

  it('compares with the previous period: its value and the change in words', async () => {
    $<HTMLInputElement>('[data-testid=report-compare]').click();
    await settle();
    expect(server.reportCalls().at(-1)!.searchParams.get('compare')).toBe('previous');
    expect($('[data-testid=report]').dataset.compare).toBe('true');
    expect(figure('visitors').querySelector('[data-testid=figure-previous]')!.textContent).toBe(`Previous period: ${(1028).toLocaleString()}`);
    expect(figure('visitors').querySelector('[data-testid=figure-change]')!.textContent).toBe('▲ up 20%');
    expect(figure('engagement_rate').querySelector('[data-testid=figure-change]')!.textContent).toBe('▲ up 2.5 pts');
    expect(figure('first_response_median').querySelector('[data-testid=figure-previous]')!.textContent).toBe('Previous period: 1 min 30 s');
    expect(figure('first_response_median').querySelector('[data-testid=figure-change]')).toBeNull();
    expect(figure('revenue').querySelector('[data-testid=figure-previous]')!.textContent).toBe('Previous period: —');
  });

  it('changes the range, the interval and the chart’s metric; the CSV link follows the query', async () => {
    await pick('[data-testid=report-range]', '12m');
    let asked = server.reportCalls().at(-1)!.searchParams;
    expect(asked.get('interval')).toBe('month');
    expect(asked.get('to')).toBe(today());
    expect($('[data-testid=report]').dataset.from).toBe(asked.get('from'));
    await pick('[data-testid=report-interval]', 'week');
    asked = server.reportCalls().at(-1)!.searchParams;
    expect(asked.get('interval')).toBe('week');
    expect($<HTMLAnchorElement>('[data-testid=report-csv]').getAttribute('href')).toBe(
      `/api/v1/reports/visitors?from=${asked.get('from')}&to=${today()}&interval=week&format=csv`,
    );
    await pick('[data-testid=report-chart-metric]', 'engagement_rate');
    expect($('[data-testid=report-chart]').dataset.kind).toBe('line');
    expect($('[data-testid=report-chart]').getAttribute('aria-label')).toContain('1 period without data');

    await pick('[data-testid=report-range]', 'custom');
    const from = $<HTMLInputElement>('[data-testid=report-from]');
    from.value = addDays(today(), 1);
    from.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(text('[data-testid=report-range-problem]')).toBe('The start date is after the end date.');
    expect(root.querySelector('[data-testid=report-csv]')).toBeNull();
  });

  it('filters by the report’s own dimensions only, and starts another report unfiltered', async () => {
    const groups = $$('[data-testid=report-filter] optgroup').map((g) => g.getAttribute('label'));
    expect(groups).toEqual(['Page', 'Device']);
    await pick('[data-testid=report-filter]', 'page:/pricing');
    expect(server.reportCalls().at(-1)!.searchParams.get('filter')).toBe('page:/pricing');
    expect(text('[data-testid=report-range-text]')).toContain('Page: /pricing');
    server.answerFilters({ device: ['mobile'], agent: [{ id: 'a1', name: 'Ana' }] });
    await pick('[data-testid=report-range]', '7d');
    expect(server.reportCalls().at(-1)!.searchParams.get('filter')).toBe('page:/pricing');
    expect($<HTMLSelectElement>('[data-testid=report-filter]').value).toBe('page:/pricing');
    await pick('[data-testid=report-filter]', '');
    expect(server.reportCalls().at(-1)!.searchParams.has('filter')).toBe(false);
    await show('conversations');
    const asked = server.reportCalls().at(-1)!;
    expect(asked.pathname).toBe('/api/v1/reports/conversations');
    expect(asked.searchParams.has('filter')).toBe(false);
    expect($$('[data-testid=report-filter] optgroup').map((g) => g.getAttribute('label'))).toEqual(['Agent']);
    expect(text('[data-testid=report-tab-conversations]')).toBe('Conversations');
    expect($('[data-testid=report-tab-conversations]').getAttribute('aria-current')).toBe('page');
  });

  it('shows the server’s message when the report fails, and keeps no stale answer of a slower request', async () => {
    server.answer(() => ({ status: 400, body: { error: { code: 'bad_request', message: 'from must be before to.' } } }));
    await pick('[data-testid=report-range]', '7d');
    expect(text('[data-testid=report-error]')).toBe('from must be before to.');
    expect($('[data-testid=report]').dataset.state).toBe('error');

    server.answer((url) => ({ status: 200, body: report(url) }));
    server.hold(true);
    await pick('[data-testid=report-range]', '90d');
    await pick('[data-testid=report-range]', '30d');
    server.release(1);
    await settle();
    server.release(0);
    await settle();
    expect($('[data-testid=report]').dataset.from).toBe(addDays(today(), -29));
    expect($('[data-testid=report]').dataset.state).toBe('ready');
  });

  it('says so when nothing was recorded, with "—" rather than zeros for missing figures', async () => {
    server.answer((url) => {
      const r = report(url);
      return { status: 200, body: { ...r, totals: { visitors: 0, engagement_rate: null, first_response_median: null, revenue: null }, breakdown: { ...r.breakdown!, rows: [] } } };
    });
    await pick('[data-testid=report-range]', '7d');
    expect(text('[data-testid=report-empty]')).toBe('Nothing was recorded in this period.');
    expect(figure('engagement_rate').querySelector('[data-testid=figure-value]')!.textContent).toBe('—');
    expect(figure('visitors').querySelector('[data-testid=figure-value]')!.textContent).toBe('0');
    expect(root.querySelector('[data-testid=report-breakdown-empty]')).not.toBeNull();
  });

  it('has no serious accessibility violations, compared and filtered (axe, no layout)', async () => {
    $<HTMLInputElement>('[data-testid=report-compare]').click();
    await settle();
    await pick('[data-testid=report-filter]', 'device:mobile');
    const results = await axe.run(root, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  }, 20_000); // axe takes seconds on a busy machine
});
