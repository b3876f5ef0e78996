import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from './api';
import { OnceSecret } from './Settings';
import { IdentitySecret, WidgetKeyRotation } from './WorkspaceKeys';
import type { Language, Workspace } from './types';

export const LANGUAGES = [
  ['en', 'English'],
  ['fr', 'French'],
  ['de', 'German'],
] as const;
const TEXT_FIELDS = ['launcher_label', 'greeting', 'expected_reply_time'] as const;
type LanguageTexts = Record<(typeof TEXT_FIELDS)[number], string>;

export type Form = {
  name: string;
  origins: string;
  color: string;
  position: 'left' | 'right';
  launcher_label: string;
  greeting: string;
  expected_reply_time: string;
  /** Seconds, as typed. */
  email_ask_delay: string;
  /** Seconds before the greeting shows beside the launcher, as typed; empty: not set. */
  greeting_delay: string;
  /** Days of visitor activity to keep, as typed; empty: the server's default. */
  activity_retention: string;
  /** Days to keep files sent in conversations, as typed; empty: kept until the contact is deleted. */
  file_retention: string;
  texts: Record<Language, LanguageTexts>;
};

export function toForm(w: Workspace): Form {
  const texts = {} as Record<Language, LanguageTexts>;
  for (const [lang] of LANGUAGES) {
    const own = w.settings.texts?.[lang] || {};
    texts[lang] = { launcher_label: own.launcher_label ?? '', greeting: own.greeting ?? '', expected_reply_time: own.expected_reply_time ?? '' };
  }
  return {
    name: w.name,
    origins: w.allowed_origins.join('\n'),
    color: w.settings.color,
    position: w.settings.position,
    launcher_label: w.settings.launcher_label ?? '',
    greeting: w.settings.greeting ?? '',
    expected_reply_time: w.settings.expected_reply_time ?? '',
    email_ask_delay: String(w.settings.email_ask_delay_seconds ?? 30),
    greeting_delay: w.settings.greeting_delay_seconds == null ? '' : String(w.settings.greeting_delay_seconds),
    activity_retention: w.settings.activity_retention_days == null ? '' : String(w.settings.activity_retention_days),
    file_retention: w.settings.file_retention_days == null ? '' : String(w.settings.file_retention_days),
    texts,
  };
}

/** The PATCH body: every language's overrides (an empty text means "use the default"); the server validates. */
export function toChange(form: Form): Record<string, unknown> {
  const texts: Record<string, Record<string, string>> = {};
  for (const [lang] of LANGUAGES) {
    const own: Record<string, string> = {};
    for (const field of TEXT_FIELDS) if (form.texts[lang][field].trim()) own[field] = form.texts[lang][field];
    if (Object.keys(own).length) texts[lang] = own;
  }
  return {
    name: form.name.trim(),
    allowed_origins: form.origins
      .split('\n')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter(Boolean),
    color: form.color.toLowerCase(),
    position: form.position,
    launcher_label: form.launcher_label,
    greeting: form.greeting,
    expected_reply_time: form.expected_reply_time,
    texts,
    email_ask_delay_seconds: seconds(form.email_ask_delay),
    greeting_delay_seconds: seconds(form.greeting_delay),
    // Empty goes back to the server's default (null), unlike the delays above.
    activity_retention_days: seconds(form.activity_retention) ?? null,
    file_retention_days: seconds(form.file_retention) ?? null,
  };
}

/** Empty: unchanged. Not a whole number: sent as typed, so the server's 400 names the field. */
function seconds(typed: string): number | string | undefined {
  const t = typed.trim();
  return t == '' ? undefined : /^\d+$/.test(t) ? Number(t) : t;
}

/** The widget snippet (README, docs/widget.md), pointing at this Parley. */
export function snippet(origin: string, widgetKey: string): string {
  return (
    '<script>window.Parley=window.Parley||function(){(Parley.q=Parley.q||[]).push(arguments)};</script>\n' +
    `<script src="${origin}/widget.js" data-workspace="${widgetKey}" async></script>`
  );
}

/** Black or white text, whichever reads better on the colour (WCAG relative luminance). */
function textOn(hex: string): string {
  const m = /^#([0-9a-f]{6})$/i.exec(hex);
  if (!m) return '#fff';
  const [r, g, b] = [0, 2, 4].map((i) => {
    const c = parseInt(m[1].slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  const l = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return l > 0.179 ? '#111' : '#fff';
}

export function WorkspaceSettings() {
  const [ws, setWs] = useState<Workspace | null>(null);
  const [form, setForm] = useState<Form | null>(null);
  const [error, setError] = useState('');
  const [msg, setMsg] = useState<[string, boolean]>(['', false]);
  useEffect(() => {
    api.workspace().then(
      (w) => (setWs(w), setForm(toForm(w))),
      (e) => setError(errorText(e)),
    );
  }, []);
  if (error) return <p class="error">{error}</p>;
  if (!ws || !form) return <p aria-busy="true">Loading…</p>;
  const set = (patch: Partial<Form>) => setForm({ ...form, ...patch });
  const validColor = /^#[0-9a-fA-F]{6}$/.test(form.color);
  async function save(e: Event) {
    e.preventDefault();
    setMsg(['', false]);
    try {
      const w = await api.updateWorkspace(toChange(form!));
      setWs(w);
      setForm(toForm(w));
      setMsg(['Saved.', false]);
    } catch (err) {
      setMsg([errorText(err), true]);
    }
  }
  const fg = textOn(validColor ? form.color : '#4f46e5');
  const bg = validColor ? form.color : '#4f46e5';
  return (
    <div class="workspace-settings">
      <form class="stack" onSubmit={save} data-testid="workspace-form">
        <label for="ws-name">Workspace name</label>
        <input id="ws-name" required maxLength={100} value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
        <label for="ws-origins">Allowed origins (one per line, like https://shop.example.com)</label>
        <textarea id="ws-origins" rows={4} value={form.origins} onInput={(e) => set({ origins: e.currentTarget.value })} />
        <label for="ws-color">Colour</label>
        <div class="row">
          <input id="ws-color-picker" type="color" aria-label="Colour picker" value={validColor ? form.color.toLowerCase() : '#4f46e5'} onInput={(e) => set({ color: e.currentTarget.value })} />
          <input id="ws-color" pattern="#[0-9a-fA-F]{6}" value={form.color} onInput={(e) => set({ color: e.currentTarget.value })} aria-invalid={!validColor} />
        </div>
        <fieldset>
          <legend>Position</legend>
          {(['right', 'left'] as const).map((p) => (
            <label class="check" key={p}>
              <input type="radio" name="ws-position" value={p} checked={form.position == p} onChange={() => set({ position: p })} />
              {p == 'right' ? 'Bottom right' : 'Bottom left'}
            </label>
          ))}
        </fieldset>
        <label for="ws-launcher">Launcher label</label>
        <input id="ws-launcher" maxLength={40} value={form.launcher_label} onInput={(e) => set({ launcher_label: e.currentTarget.value })} />
        <label for="ws-greeting">Greeting</label>
        <textarea id="ws-greeting" rows={2} maxLength={500} value={form.greeting} onInput={(e) => set({ greeting: e.currentTarget.value })} />
        <label for="ws-reply">Expected reply time</label>
        <input id="ws-reply" maxLength={40} value={form.expected_reply_time} onInput={(e) => set({ expected_reply_time: e.currentTarget.value })} />
        {LANGUAGES.map(([lang, language]) => (
          <details key={lang} class="texts" open={TEXT_FIELDS.some((f) => form.texts[lang][f])}>
            <summary>{language} texts</summary>
            <p class="hint">For visitors whose widget is in {language}. Leave a text empty to show the one above.</p>
            {TEXT_FIELDS.map((field) => (
              <div key={field} class="stack">
                <label for={`ws-${lang}-${field}`}>
                  {field == 'launcher_label' ? 'Launcher label' : field == 'greeting' ? 'Greeting' : 'Expected reply time'} ({language})
                </label>
                <input
                  id={`ws-${lang}-${field}`}
                  maxLength={field == 'greeting' ? 500 : 40}
                  placeholder={form[field]}
                  value={form.texts[lang][field]}
                  onInput={(e) => set({ texts: { ...form.texts, [lang]: { ...form.texts[lang], [field]: e.currentTarget.value } } })}
                />
              </div>
            ))}
          </details>
        ))}
        <label for="ws-email-ask">Ask for the visitor’s email after (seconds without an agent’s answer; 0: at once)</label>
        <input
          id="ws-email-ask"
          type="number"
          min={0}
          max={3600}
          inputMode="numeric"
          value={form.email_ask_delay}
          onInput={(e) => set({ email_ask_delay: e.currentTarget.value })}
        />
        <label for="ws-greeting-delay">Show the greeting beside the launcher after (seconds on the page, 0–600)</label>
        <input
          id="ws-greeting-delay"
          type="number"
          min={0}
          max={600}
          inputMode="numeric"
          value={form.greeting_delay}
          onInput={(e) => set({ greeting_delay: e.currentTarget.value })}
        />
        <label for="ws-activity-retention">Keep visitor activity for (days, 1–3650; empty: the server’s default)</label>
        <input
          id="ws-activity-retention"
          data-testid="activity-retention"
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          aria-describedby="ws-activity-retention-hint"
          value={form.activity_retention}
          onInput={(e) => set({ activity_retention: e.currentTarget.value })}
        />
        <p class="hint" id="ws-activity-retention-hint">
          Pages visitors viewed and events the site sent are deleted after this; reports keep their totals.
        </p>
        <label for="ws-file-retention">Keep files sent in conversations for (days, 1–3650; empty: until the contact is deleted)</label>
        <input
          id="ws-file-retention"
          data-testid="file-retention"
          type="number"
          min={1}
          max={3650}
          inputMode="numeric"
          aria-describedby="ws-file-retention-hint"
          value={form.file_retention}
          onInput={(e) => set({ file_retention: e.currentTarget.value })}
        />
        <p class="hint" id="ws-file-retention-hint">Older photos and documents are deleted; their messages say the file was removed.</p>
        {msg[0] && (
          <p class={msg[1] ? 'error' : 'ok'} role={msg[1] ? 'alert' : 'status'}>
            {msg[0]}
          </p>
        )}
        <button class="primary" type="submit" data-testid="workspace-save">
          Save
        </button>
      </form>
      <section class="preview-wrap" aria-label="Widget preview">
        <h2>Preview</h2>
        <div class={'preview ' + form.position} data-testid="widget-preview">
          <div class="preview-panel">
            <div class="preview-header" style={{ background: bg, color: fg }}>
              <strong>{form.name || 'Your workspace'}</strong>
              <span>{form.expected_reply_time || 'We reply as soon as we can'}</span>
            </div>
            <div class="preview-body">
              <div class="preview-bubble">{form.greeting || 'Hi! How can we help?'}</div>
            </div>
          </div>
          <div class="preview-launcher" style={{ background: bg, color: fg }}>
            <svg aria-hidden="true" width="18" height="18" viewBox="0 0 24 24" fill="currentColor">
              <path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z" />
            </svg>{' '}
            {form.launcher_label}
          </div>
        </div>
        <OnceSecret label="Paste this into your site’s pages" value={snippet(location.origin, ws.widget_key)} testid="widget-snippet" multiline />
        <p>
          <a href="/app/try" target="_blank" rel="noopener" data-testid="workspace-try">
            Test your widget (opens a new tab)
          </a>
        </p>
      </section>
      <div class="workspace-keys">
        <WidgetKeyRotation onRotated={(widget_key) => setWs({ ...ws, widget_key })} />
        <IdentitySecret />
      </div>
    </div>
  );
}
