import { describe, expect, it, vi } from 'vitest';
import { takeQueue } from './commands';

/** What the inline stub from docs/widget.md does. */
function stub(host: any) {
  host.Parley = host.Parley || function () {
    (host.Parley.q = host.Parley.q || []).push(arguments);
  };
}

describe('command queue', () => {
  it('runs commands queued before load, in order, after start', () => {
    const host: any = {};
    stub(host);
    host.Parley('update', { ref: 'campaign-x' });
    host.Parley('open');
    const queue = takeQueue(host);
    host.Parley('track', 'signup', { plan: 'pro' }); // after the script ran, before the config arrived
    const calls: unknown[][] = [];
    const record = (name: string) => (...args: unknown[]) => calls.push([name, ...args]);
    expect(calls).toEqual([]);
    queue.start({ update: record('update'), open: record('open'), track: record('track') });
    expect(calls).toEqual([
      ['update', { ref: 'campaign-x' }],
      ['open'],
      ['track', 'signup', { plan: 'pro' }],
    ]);
    host.Parley('open');
    expect(calls).toHaveLength(4);
    expect(host.Parley.q).toBeUndefined();
  });

  it('works without the stub (script tag alone)', () => {
    const host: any = {};
    const queue = takeQueue(host);
    host.Parley('hide');
    const hide = vi.fn();
    queue.start({ hide });
    expect(hide).toHaveBeenCalledTimes(1);
  });

  it('warns about unknown commands and goes on with the next ones', () => {
    const host: any = {};
    stub(host);
    host.Parley('fly', 1);
    host.Parley('toString');
    host.Parley();
    host.Parley('open');
    const warn = vi.fn();
    const open = vi.fn();
    takeQueue(host).start({ open }, warn);
    expect(warn.mock.calls.map((c) => c[0])).toEqual([
      'Parley: unknown command "fly"',
      'Parley: unknown command "toString"',
      'Parley: unknown command "undefined"',
    ]);
    expect(open).toHaveBeenCalledTimes(1);
  });

  it('keeps going when a command throws', () => {
    const host: any = {};
    stub(host);
    host.Parley('identify', null);
    host.Parley('open');
    const warn = vi.fn();
    const open = vi.fn();
    takeQueue(host).start({ identify: () => { throw new Error('bad'); }, open }, warn);
    expect(warn).toHaveBeenCalledWith(expect.any(Error));
    expect(open).toHaveBeenCalled();
  });

  it('ignores everything once stopped', () => {
    const host: any = {};
    stub(host);
    host.Parley('open');
    const queue = takeQueue(host);
    queue.stop();
    expect(() => host.Parley('open')).not.toThrow();
  });
});
