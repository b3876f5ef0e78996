import { afterEach, describe, expect, it, vi } from 'vitest';
import { byteLength, checkArticle, debounce, emptyForm, languageName, toForm, toRequest } from './kb';

describe('knowledge base helpers', () => {
  afterEach(() => vi.useRealTimers());

  it('checks the title and the body size by field', () => {
    expect(checkArticle({ ...emptyForm(), title: '   ' })).toEqual([{ field: 'title', message: 'Give the article a title.' }]);
    expect(checkArticle({ ...emptyForm(), title: 'x'.repeat(201) })[0].field).toBe('title');
    expect(checkArticle({ ...emptyForm(), title: 'ok', body: 'é'.repeat(51 * 1024) })).toEqual([{ field: 'body', message: 'The article is over 100 KB.' }]);
    expect(checkArticle({ ...emptyForm(), title: 'ok', body: 'a'.repeat(100 * 1024) })).toEqual([]);
  });

  it('counts bytes, not characters', () => {
    expect(byteLength('é')).toBe(2);
    expect(byteLength('🧣')).toBe(4);
  });

  it('sends the title trimmed and keeps the rest', () => {
    expect(toRequest({ title: '  Returns ', body: ' *x* ', language: 'fr', published: true })).toEqual({ title: 'Returns', body: ' *x* ', language: 'fr', published: true });
    const a = { id: 'a1', title: 'T', body: 'B', language: 'de', published: false, url: 'u', created_at: 1, updated_at: 2 };
    expect(toForm(a)).toEqual({ id: 'a1', title: 'T', body: 'B', language: 'de', published: false });
  });

  it('names languages, or falls back to the code', () => {
    expect(languageName('fr', 'en')).toBe('French');
    expect(languageName('xx', 'en')).toBe('xx');
    expect(languageName('not a code!', 'en')).toBe('not a code!');
  });

  it('debounces: only the last call runs, after the pause, and cancel drops it', () => {
    vi.useFakeTimers();
    const seen: string[] = [];
    const run = debounce((s: string) => seen.push(s), 300);
    run('a');
    run('ab');
    vi.advanceTimersByTime(299);
    expect(seen).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(seen).toEqual(['ab']);
    run('abc');
    run.cancel();
    vi.advanceTimersByTime(1000);
    expect(seen).toEqual(['ab']);
  });
});
