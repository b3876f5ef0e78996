// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api';
import { appsApi, type App } from './apps';
import { AppsSettings } from './Apps';

const app: App = {
  id: 'a1',
  name: 'Order bot',
  token_prefix: 'pa_abcdefg',
  primary_receiver: true,
  webhook: { url: 'https://bot.example/hook', events: ['message.created'], status: 'failing', failing_since: 1_700_000_000_000 },
  created_at: 1,
  updated_at: 1,
};

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const flush = () => act(async () => void (await new Promise((r) => setTimeout(r, 0))));
const $ = (root: Element, id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement;

function type(input: HTMLElement, value: string) {
  (input as HTMLInputElement).value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function mount(onChanged = vi.fn()) {
  const root = document.createElement('div');
  document.body.append(root);
  act(() => render(<AppsSettings onChanged={onChanged} />, root));
  await flush();
  return root;
}

describe('Settings → Apps', () => {
  it('lists apps with their primary badge, token prefix and a failing webhook', async () => {
    vi.spyOn(appsApi, 'list').mockResolvedValue({ apps: [app] });
    const root = await mount();
    expect($(root, 'app-name').textContent).toBe('Order bot');
    expect($(root, 'app-primary').textContent).toBe('Primary receiver');
    expect($(root, 'app-token-prefix').textContent).toBe('pa_abcdefg…');
    expect($(root, 'app-webhook-status').textContent).toMatch(/^Failing since/);
    expect($(root, 'app-webhook-status').className).toBe('error');
  });

  it("shows the server's reason beside the form, and the secrets once after a create", async () => {
    vi.spyOn(appsApi, 'list').mockResolvedValue({ apps: [] });
    const create = vi
      .spyOn(appsApi, 'create')
      .mockRejectedValueOnce(new ApiError(400, 'bad_request', 'The webhook URL resolves to a private address'))
      .mockResolvedValueOnce({ ...app, token: 'pa_secret', webhook_secret: 'whsec_secret' });
    const changed = vi.fn();
    const root = await mount(changed);
    act(() => $(root, 'app-new').click());
    act(() => $(root, 'app-form-save').click());
    expect($(root, 'app-form-error').textContent).toBe('Give the app a name.');
    expect(create).not.toHaveBeenCalled();
    act(() => type($(root, 'app-form-name'), 'Order bot'));
    act(() => type($(root, 'app-form-url'), 'https://10.0.0.1/hook'));
    act(() => $(root, 'app-form-save').click());
    await flush();
    expect($(root, 'app-form-error').textContent).toBe('The webhook URL resolves to a private address');
    act(() => $(root, 'app-form-save').click());
    await flush();
    expect(create).toHaveBeenLastCalledWith(expect.objectContaining({ name: 'Order bot', webhook_url: 'https://10.0.0.1/hook', primary_receiver: false }));
    expect(($(root, 'app-token') as HTMLInputElement).value).toBe('pa_secret');
    expect(($(root, 'app-webhook-secret') as HTMLInputElement).value).toBe('whsec_secret');
    expect($(root, 'app-issued').textContent).toContain('you will not see them again');
    expect(changed).toHaveBeenCalled();
    act(() => $(root, 'app-issued-done').click());
    expect($(root, 'app-token')).toBeNull();
  });

  it('edits only what changed, issues a new token after a confirm, and deletes after one', async () => {
    vi.spyOn(appsApi, 'list').mockResolvedValue({ apps: [app] });
    const update = vi.spyOn(appsApi, 'update').mockResolvedValue({ ...app, name: 'Orders' });
    const rotate = vi.spyOn(appsApi, 'rotateToken').mockResolvedValue({ ...app, token: 'pa_new' });
    const remove = vi.spyOn(appsApi, 'remove').mockResolvedValue(undefined);
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValue(true);
    vi.stubGlobal('confirm', confirm);
    const root = await mount();
    act(() => $(root, 'app-edit').click());
    act(() => type($(root, 'app-form-name'), 'Orders'));
    act(() => $(root, 'app-form-save').click());
    await flush();
    expect(update).toHaveBeenCalledWith('a1', { name: 'Orders' });
    act(() => $(root, 'app-rotate').click());
    expect(rotate).not.toHaveBeenCalled();
    act(() => $(root, 'app-rotate').click());
    await flush();
    expect(($(root, 'app-token') as HTMLInputElement).value).toBe('pa_new');
    expect($(root, 'app-webhook-secret')).toBeNull();
    expect($(root, 'app-issued').textContent).toContain('you will not see it again');
    act(() => $(root, 'app-delete').click());
    await flush();
    expect(confirm.mock.calls.at(-1)![0]).toContain('goes to the team');
    expect(remove).toHaveBeenCalledWith('a1');
  });
});
