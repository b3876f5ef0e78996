// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { clearActivity, pageView, sendActivity, startActivity, track } from './activity';

const wrap = (events: object[]) => JSON.stringify({ key: 'wk', token: 'vt_x', events });

beforeEach(() => {
  clearActivity();
  startActivity(() => {});
});

describe('page activity', () => {
  it('records page views with UTM parameters and the ref', () => {
    history.replaceState(null, '', '/scarves?utm_source=news&utm_campaign=spring&x=1');
    document.title = 'Scarves';
    pageView('campaign-x');
    const beacon = vi.fn(() => true);
    sendActivity(wrap, beacon);
    const [event] = JSON.parse(beacon.mock.calls[0][0 as never]).events;
    expect(event).toMatchObject({ type: 'page_view', title: 'Scarves', ref: 'campaign-x', utm: { source: 'news', campaign: 'spring' } });
    expect(event.url).toContain('/scarves?utm_source=news');
    expect(event.at).toEqual(expect.any(Number));
  });

  it('sends at most 20 events and 16 KB per beacon, and drops a lone oversized event', () => {
    for (let i = 0; i < 45; i++) track('e' + i, { i });
    track('huge', { blob: 'x'.repeat(20000) });
    for (let i = 0; i < 5; i++) track('big', { blob: 'y'.repeat(5000) });
    const bodies: string[] = [];
    sendActivity(wrap, (body) => bodies.push(body) > 0);
    const batches = bodies.map((b) => JSON.parse(b).events);
    expect(batches.map((b) => b.length)).toEqual([20, 20, 5, 3, 2]);
    expect(bodies.every((b) => b.length <= 16000)).toBe(true);
    expect(batches.flat().some((e) => e.name == 'huge')).toBe(false);
  });

  it('keeps the events when the browser refuses the beacon', () => {
    track('a');
    sendActivity(wrap, () => false);
    const beacon = vi.fn(() => true);
    sendActivity(wrap, beacon);
    expect(beacon).toHaveBeenCalledTimes(1);
  });
});
