// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Kb } from './Kb';

/** An in-memory twin of the knowledge base routes (docs/kb.md), enough to drive the page. */
function fakeServer() {
  const articles: any[] = [];
  const calls: { method: string; path: string; body: any }[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = url.replace('/api/v1/', '');
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    if (path.startsWith('kb/articles') && method == 'GET' && !path.startsWith('kb/articles/')) {
      const q = new URLSearchParams(path.split('?')[1] ?? '').get('q')?.toLowerCase() ?? '';
      return json(200, { articles: articles.filter((a) => !q || a.title.toLowerCase().includes(q)), languages: ['en', 'fr'] });
    }
    if (path == 'kb/articles' && method == 'POST') {
      if (!body.title) return json(400, { error: { code: 'bad_request', message: "Field 'title' must be 1-200 characters" } });
      const a = { ...body, id: 'a' + (articles.length + 1), url: 'http://x/kb/w/a', created_at: 1, updated_at: 1 };
      articles.push(a);
      return json(201, a);
    }
    if (path == 'kb/preview') return json(200, { html: body.body.replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>') });
    return json(404, { error: { code: 'not_found', message: 'Not found' } });
  });
  return { articles, calls, fetch };
}

const tick = (ms = 0) => act(() => new Promise((r) => setTimeout(r, ms)));
const type = (el: Element, value: string) =>
  act(() => {
    (el as HTMLInputElement).value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });

describe('the knowledge base page', () => {
  let root: HTMLElement;
  let server: ReturnType<typeof fakeServer>;
  beforeEach(() => {
    server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    root = document.createElement('div');
    document.body.append(root);
  });
  afterEach(() => {
    render(null, root);
    root.remove();
    vi.unstubAllGlobals();
  });

  it('writes an article with a debounced server preview, publishes it and finds it by search', async () => {
    act(() => render(<Kb />, root));
    await tick();
    expect(root.textContent).toContain('No articles yet.');
    act(() => (root.querySelector('[data-testid=kb-new]') as HTMLButtonElement).click());
    type(root.querySelector('[data-testid=kb-body]')!, 'Wash **cold**');
    type(root.querySelector('[data-testid=kb-body]')!, 'Wash **silk** cold');
    await tick(400);
    const previews = server.calls.filter((c) => c.path == 'kb/preview');
    expect(previews.at(-1)!.body).toEqual({ body: 'Wash **silk** cold' });
    expect(previews.filter((c) => c.body.body == 'Wash **cold**')).toHaveLength(0);
    expect(root.querySelector('[data-testid=kb-preview] strong')!.textContent).toBe('silk');

    act(() => (root.querySelector('[data-testid=kb-save]') as HTMLButtonElement).click());
    await tick();
    expect(root.querySelector('#kb-title-problems')!.textContent).toBe('Give the article a title.');
    expect(root.querySelector('#kb-title')!.getAttribute('aria-invalid')).toBe('true');
    expect(server.calls.some((c) => c.method == 'POST' && c.path == 'kb/articles')).toBe(false);

    type(root.querySelector('[data-testid=kb-title]')!, '  Silk care ');
    act(() => {
      const select = root.querySelector('[data-testid=kb-language]') as HTMLSelectElement;
      select.value = 'fr';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => (root.querySelector('[data-testid=kb-published]') as HTMLInputElement).click());
    act(() => (root.querySelector('[data-testid=kb-save]') as HTMLButtonElement).click());
    await tick();
    await tick();
    expect(server.calls.find((c) => c.method == 'POST' && c.path == 'kb/articles')!.body).toEqual({ title: 'Silk care', body: 'Wash **silk** cold', language: 'fr', published: true });
    expect(root.querySelector('[role=status]')!.textContent).toBe('“Silk care” saved and published.');
    expect(root.querySelector('[data-testid=kb-article]')!.textContent).toContain('Published');

    type(root.querySelector('[data-testid=kb-search]')!, 'nothing like it');
    await tick(400);
    expect(server.calls.at(-1)!.path).toBe('kb/articles?q=nothing%20like%20it');
    await tick();
    expect(root.textContent).toContain('No article matches.');
  });
});
