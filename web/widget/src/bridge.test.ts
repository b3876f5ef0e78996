import { describe, expect, it, vi } from 'vitest';
import { parentBridge } from './bridge';

function fakeWindow() {
  const listeners: ((e: any) => void)[] = [];
  return {
    postMessage: vi.fn(),
    addEventListener: (_: string, l: (e: any) => void) => listeners.push(l),
    removeEventListener: vi.fn(),
    dispatch: (e: object) => listeners.forEach((l) => l(e)),
  };
}

describe('parent bridge', () => {
  it('posts only to the host origin, never "*"', () => {
    const parent = fakeWindow();
    const self = fakeWindow();
    parentBridge('https://shop.example', parent as any, self as any).post({ type: 'session', token: 'vt_x' });
    expect(parent.postMessage).toHaveBeenCalledWith({ type: 'session', token: 'vt_x' }, 'https://shop.example');
  });

  it('accepts messages only from the parent window at the host origin', () => {
    const parent = fakeWindow();
    const other = fakeWindow();
    const self = fakeWindow();
    const handler = vi.fn();
    parentBridge('https://shop.example', parent as any, self as any).listen(handler);
    const init = { type: 'init', token: 'vt_x', config: {}, open: true };
    self.dispatch({ origin: 'https://evil.example', source: parent, data: init });
    self.dispatch({ origin: 'https://shop.example', source: other, data: init });
    self.dispatch({ origin: 'https://shop.example', source: parent, data: 'init' });
    expect(handler).not.toHaveBeenCalled();
    self.dispatch({ origin: 'https://shop.example', source: parent, data: init });
    expect(handler).toHaveBeenCalledWith(init);
  });
});
