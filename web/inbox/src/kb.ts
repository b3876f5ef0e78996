/**
 * The knowledge base (docs/kb.md): wire shapes, REST calls and the editor's pure helpers. Kb.tsx draws it.
 */
import { call } from './api';

export type Article = {
  id: string;
  title: string;
  body: string;
  html?: string;
  language: string;
  published: boolean;
  url: string;
  created_at: number;
  updated_at: number;
};
export type ArticleForm = { id?: string; title: string; body: string; language: string; published: boolean };
export type SearchResult = { id: string; title: string; excerpt: string; score: number; language: string; url: string };

export const MAX_TITLE = 200;
export const MAX_BODY_BYTES = 100 * 1024;

const enc = encodeURIComponent;

export const kbApi = {
  list: (q = '') =>
    call<{ articles: Article[]; languages: string[] }>('GET', 'kb/articles' + (q.trim() ? '?q=' + enc(q.trim()) : '')),
  get: (id: string) => call<Article>('GET', `kb/articles/${enc(id)}`),
  create: (form: ArticleForm) => call<Article>('POST', 'kb/articles', toRequest(form)),
  update: (id: string, form: ArticleForm) => call<Article>('PATCH', `kb/articles/${enc(id)}`, toRequest(form)),
  remove: (id: string) => call<unknown>('DELETE', `kb/articles/${enc(id)}`),
  preview: (body: string) => call<{ html: string }>('POST', 'kb/preview', { body }),
  search: (q: string) => call<{ results: SearchResult[] }>('GET', 'kb/search?q=' + enc(q)),
};

export const emptyForm = (language = 'en'): ArticleForm => ({ title: '', body: '', language, published: false });

export const toForm = (a: Article): ArticleForm => ({ id: a.id, title: a.title, body: a.body, language: a.language, published: a.published });

/** What the server is sent: the title trimmed, the rest as typed. */
export function toRequest(form: ArticleForm) {
  return { title: form.title.trim(), body: form.body, language: form.language, published: form.published };
}

/** The body's size in UTF-8 bytes (the server's limit is in bytes). */
export const byteLength = (s: string) => new TextEncoder().encode(s).length;

/** What the browser can tell before the server does, by field. */
export function checkArticle(form: ArticleForm): { field: 'title' | 'body'; message: string }[] {
  const out: { field: 'title' | 'body'; message: string }[] = [];
  const title = form.title.trim();
  if (!title) out.push({ field: 'title', message: 'Give the article a title.' });
  else if (title.length > MAX_TITLE) out.push({ field: 'title', message: `At most ${MAX_TITLE} characters.` });
  if (byteLength(form.body) > MAX_BODY_BYTES) out.push({ field: 'body', message: 'The article is over 100 KB.' });
  return out;
}

/** A language's name in the agent's language ("French"), or the code when the browser has no name for it. */
export function languageName(code: string, locale?: string): string {
  try {
    const names = new Intl.DisplayNames(locale ? [locale] : undefined, { type: 'language' });
    const name = names.of(code);
    return name && name != code ? name : code;
  } catch {
    return code;
  }
}

/** Calls `fn` once `ms` passed without another call; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = (...args: A) => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      fn(...args);
    }, ms);
  };
  run.cancel = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  return run;
}
