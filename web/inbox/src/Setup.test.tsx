// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Setup } from './Setup';

function mount(tokenRequired: boolean) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<Setup tokenRequired={tokenRequired} onDone={() => {}} />, root));
  return root;
}

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('the setup screen', () => {
  it('has the setup token field only when the server requires one', () => {
    expect(mount(false).querySelector('[data-testid=setup-token]')).toBeNull();
    const root = mount(true);
    expect(root.querySelector('[data-testid=setup-token]')).not.toBeNull();
    expect(root.textContent).toContain('Printed in the server’s log');
    for (const id of ['name', 'email', 'password', 'password2', 'business', 'site', 'submit'])
      expect(root.querySelector(`[data-testid=setup-${id}]`), id).not.toBeNull();
  });

  it('sends nothing while a field is wrong, and marks it', () => {
    const fetch = vi.spyOn(globalThis, 'fetch');
    const root = mount(false);
    act(() => (root.querySelector('[data-testid=setup-submit]') as HTMLButtonElement).click());
    expect(fetch).not.toHaveBeenCalled();
    const site = root.querySelector('[data-testid=setup-site]')!;
    expect(site.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(site.getAttribute('aria-describedby')!.split(' ').pop()!)?.textContent).toContain('https://');
  });
});
