/**
 * The knowledge base settings page (docs/kb.md): the articles with a search, and an editor with a markdown textarea
 * beside the server's rendering of it (POST /kb/preview, debounced), a language and a publish switch.
 * Its code and CSS load when the page is first opened.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, errorText } from './api';
import { type Article, type ArticleForm, checkArticle, debounce, emptyForm, kbApi, languageName, MAX_TITLE, toForm } from './kb';
import { Status, useLoad } from './Settings';
import './kb.css';

export function Kb() {
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const search = useMemo(() => debounce((q: string) => setQuery(q), 250), []);
  useEffect(() => () => search.cancel(), []);
  const [data, error, reload] = useLoad(() => kbApi.list(query), [query]);
  const [editing, setEditing] = useState<ArticleForm | null>(null);
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  const languages = data?.languages?.length ? data.languages : ['en'];

  async function remove(a: Article) {
    if (!confirm(`Delete the article “${a.title}”? This cannot be undone.`)) return;
    try {
      await kbApi.remove(a.id);
      setMsg([`“${a.title}” deleted.`, false]);
      reload();
    } catch (e) {
      setMsg([errorText(e), true]);
    }
  }

  if (editing)
    return (
      <ArticleEditor
        initial={editing}
        languages={languages}
        onDone={(saved) => {
          setEditing(null);
          if (saved) setMsg([`“${saved.title}” saved${saved.published ? ' and published' : ' as a draft'}.`, false]);
          reload();
        }}
      />
    );
  return (
    <div class="kb">
      <p class="muted">Articles your visitors can read, and the answer bot suggests (a flow’s “Answer from the knowledge base” step).</p>
      <Status text={msg[0]} error={msg[1]} />
      {error && <Status text={error} error />}
      <div class="row wrap kb-toolbar">
        <button type="button" class="primary" data-testid="kb-new" onClick={() => (setMsg(['', false]), setEditing(emptyForm(languages.includes('en') ? 'en' : languages[0])))}>
          New article
        </button>
        <label for="kb-search">Search articles</label>
        <input
          id="kb-search"
          type="search"
          data-testid="kb-search"
          value={typed}
          maxLength={500}
          onInput={(e) => {
            setTyped(e.currentTarget.value);
            search(e.currentTarget.value);
          }}
        />
      </div>
      {data && !data.articles.length && <p class="muted">{query.trim() ? 'No article matches.' : 'No articles yet.'}</p>}
      <ul class="plain-list kb-list">
        {data?.articles.map((a) => (
          <li key={a.id} class="kb-item" data-testid="kb-article" data-article-id={a.id}>
            <div>
              <strong>{a.title}</strong>{' '}
              <span class={'kb-badge' + (a.published ? ' kb-published' : '')}>{a.published ? 'Published' : 'Draft'}</span>{' '}
              <span class="muted small">{languageName(a.language)}</span>
            </div>
            <div class="row">
              {a.published && (
                <a href={a.url} target="_blank" rel="noopener noreferrer">
                  View<span class="sr-only"> “{a.title}” (opens in a new tab)</span>
                </a>
              )}
              <button type="button" data-testid="kb-edit" onClick={() => kbApi.get(a.id).then((full) => (setMsg(['', false]), setEditing(toForm(full))), (e) => setMsg([errorText(e), true]))}>
                Edit<span class="sr-only"> “{a.title}”</span>
              </button>
              <button type="button" data-testid="kb-delete" onClick={() => remove(a)}>
                Delete<span class="sr-only"> “{a.title}”</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The server's message names the field it refuses ("Field 'title' must be …"): show it there. */
const fieldOf = (message: string) => /'(title|body|language|published)'/.exec(message)?.[1] ?? '';

function ArticleEditor({ initial, languages, onDone }: { initial: ArticleForm; languages: string[]; onDone: (saved: Article | null) => void }) {
  const [form, setForm] = useState(initial);
  const [problems, setProblems] = useState<{ field: string; message: string }[]>([]);
  const [html, setHtml] = useState('');
  const [previewError, setPreviewError] = useState('');
  const [saving, setSaving] = useState(false);
  const preview = useMemo(
    () =>
      debounce((body: string) => {
        kbApi.preview(body).then(
          (r) => (setHtml(r.html), setPreviewError('')),
          (e) => setPreviewError(errorText(e)),
        );
      }, 300),
    [],
  );
  useEffect(() => preview(form.body), [form.body]);
  useEffect(() => () => preview.cancel(), []);
  const at = (field: string) => problems.filter((p) => p.field == field);
  const set = (patch: Partial<ArticleForm>) => setForm({ ...form, ...patch });

  async function save(e: Event) {
    e.preventDefault();
    const local = checkArticle(form);
    setProblems(local);
    if (local.length) {
      document.getElementById('kb-' + local[0].field)?.focus();
      return;
    }
    setSaving(true);
    try {
      onDone(form.id ? await kbApi.update(form.id, form) : await kbApi.create(form));
    } catch (err) {
      const message = err instanceof ApiError && err.message ? err.message : errorText(err);
      setProblems([{ field: fieldOf(message), message }]);
      setSaving(false);
    }
  }
  const describe = (field: string) => (at(field).length ? { 'aria-invalid': true as const, 'aria-describedby': `kb-${field}-problems` } : {});
  const problemList = (field: string) =>
    at(field).length ? (
      <ul class="field-problems" id={`kb-${field}-problems`}>
        {at(field).map((p, i) => (
          <li key={i} class="error">
            {p.message}
          </li>
        ))}
      </ul>
    ) : null;
  return (
    <form class="kb-editor" data-testid="kb-form" onSubmit={save} noValidate>
      <h2>{form.id ? 'Edit article' : 'New article'}</h2>
      {at('').length > 0 && <Status text={at('')[0].message} error />}
      <div class="kb-fields">
        <div class="kb-field kb-grow">
          <label for="kb-title">Title</label>
          <input id="kb-title" data-testid="kb-title" maxLength={MAX_TITLE + 50} value={form.title} {...describe('title')} onInput={(e) => set({ title: e.currentTarget.value })} />
          {problemList('title')}
        </div>
        <div class="kb-field">
          <label for="kb-language">Language</label>
          <select id="kb-language" data-testid="kb-language" value={form.language} {...describe('language')} onChange={(e) => set({ language: e.currentTarget.value })}>
            {languages.map((l) => (
              <option key={l} value={l}>
                {languageName(l)}
              </option>
            ))}
          </select>
          {problemList('language')}
        </div>
        <label class="kb-publish">
          <input type="checkbox" data-testid="kb-published" checked={form.published} onChange={(e) => set({ published: e.currentTarget.checked })} /> Published (visitors and the answer bot see it)
        </label>
      </div>
      <div class="kb-panes">
        <div class="kb-field kb-pane">
          <label for="kb-body">Article (markdown)</label>
          <textarea id="kb-body" data-testid="kb-body" rows={18} value={form.body} {...describe('body')} onInput={(e) => set({ body: e.currentTarget.value })} />
          {problemList('body')}
        </div>
        <section class="kb-pane" aria-labelledby="kb-preview-heading">
          <h3 id="kb-preview-heading">Preview</h3>
          {previewError && <Status text={previewError} error />}
          {/* The server's rendering, through the same allow-list as the public page (docs/kb.md): no script survives it. */}
          <div class="kb-preview" data-testid="kb-preview" dangerouslySetInnerHTML={{ __html: html }} />
        </section>
      </div>
      <div class="row">
        <button class="primary" type="submit" data-testid="kb-save" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
