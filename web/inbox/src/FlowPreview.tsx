/**
 * The preview chat: runs the draft as it is in the page through POST /api/v1/flows/simulate. Every answer re-runs
 * the simulation from the start with all answers so far (the server keeps no state). Everything is text.
 */
import { useRef, useState } from 'preact/hooks';
import { errorText } from './api';
import { type Answer, type Content, type Definition, flowsApi, OUTCOMES, type RichButton, type Simulation, type SimulateContext } from './flows';
import { safeUrl } from '../../shared/rich';

const INPUT_MODES: Record<string, string> = { email: 'email', phone: 'tel', number: 'decimal', text: 'text', date: 'text' };

export function FlowPreview({ definition }: { definition: () => Definition }) {
  const [answers, setAnswers] = useState<Answer[]>([]);
  const [result, setResult] = useState<Simulation | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [text, setText] = useState('');
  const [ctx, setCtx] = useState({ page_url: '', ref: '', language: '' });
  const box = useRef<HTMLInputElement>(null);

  async function run(next: Answer[]) {
    setBusy(true);
    setError('');
    const context: SimulateContext = {};
    for (const k of ['page_url', 'ref', 'language'] as const) if (ctx[k].trim()) context[k] = ctx[k].trim();
    try {
      setResult(await flowsApi.simulate(definition(), next, context));
      setAnswers(next);
      return true;
    } catch (e) {
      setError(errorText(e));
      return false;
    } finally {
      setBusy(false);
    }
  }
  async function answer(a: Answer) {
    if (await run([...answers, a])) setText('');
    box.current?.focus();
  }

  const transcript = result?.transcript ?? [];
  const last = transcript[transcript.length - 1];
  const waiting = result?.outcome == 'waiting';
  const newest: Content | null = waiting && last?.from == 'bot' && last.content ? last.content : null;
  const input = newest?.input;
  const chips = [...(newest?.quick_replies ?? []), ...(newest?.buttons ?? []).filter((b) => b.payload && !b.url)] as { label: string; payload: string }[];

  return (
    <section class="fe-preview" aria-labelledby="fe-preview-heading" data-testid="flow-preview">
      <h2 id="fe-preview-heading">Preview</h2>
      <p class="muted small">Runs the draft as it is on this page; nothing is saved or sent to anyone.</p>
      <details class="fe-context">
        <summary>Visitor context</summary>
        {(
          [
            ['page_url', 'Page URL', 'https://shop.example/sale'],
            ['ref', 'Ref', 'newsletter'],
            ['language', 'Language', 'en'],
          ] as const
        ).map(([k, label, ph]) => (
          <div class="fe-field" key={k}>
            <label for={'fe-preview-' + k}>{label}</label>
            <input id={'fe-preview-' + k} placeholder={ph} value={ctx[k]} onInput={(e) => setCtx({ ...ctx, [k]: e.currentTarget.value })} />
          </div>
        ))}
      </details>
      <div class="row">
        <button type="button" data-testid="preview-restart" disabled={busy} onClick={() => run([])}>
          {result ? 'Restart' : 'Start preview'}
        </button>
        {busy && <span class="muted" aria-hidden="true">Running…</span>}
      </div>
      {error && (
        <p class="error" role="alert" data-testid="preview-error">
          {error}
        </p>
      )}
      {result && (
        <>
          <div role="log" aria-label="Preview conversation" class="fe-chat-wrap">
          <ol class="fe-chat" data-testid="preview-transcript">
            {transcript.map((m, i) => (
              <li key={i} class={'fe-bubble ' + (m.from == 'visitor' ? 'visitor' : 'bot')} data-testid="preview-message" data-from={m.from}>
                <span class="sr-only">{m.from == 'visitor' ? 'Visitor: ' : 'Bot: '}</span>
                <span class="pre fe-text">{m.text}</span>
                {m.content && <Rich content={m.content} />}
              </li>
            ))}
          </ol>
          </div>
          {chips.length > 0 && (
            <div class="fe-chips" role="group" aria-label="Answers to choose">
              {chips.map((c, i) => (
                <button type="button" key={i} class="fe-chip" data-testid="preview-chip" disabled={busy} onClick={() => answer({ text: c.label, payload: c.payload })}>
                  {c.label}
                </button>
              ))}
            </div>
          )}
          <form
            class="row fe-answer"
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              if (text.trim()) answer({ text: text.trim() });
            }}
          >
            <label for="fe-preview-answer" class="sr-only">
              Answer as the visitor
            </label>
            <input
              id="fe-preview-answer"
              ref={box}
              data-testid="preview-input"
              type="text"
              inputMode={(INPUT_MODES[input?.type ?? 'text'] ?? 'text') as any}
              placeholder={input?.placeholder ?? (waiting ? 'Answer as the visitor' : 'The flow has ended')}
              disabled={!waiting}
              maxLength={2000}
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <button type="submit" data-testid="preview-send" disabled={!waiting || busy || !text.trim()}>
              Send
            </button>
          </form>
          <p role="status" data-testid="preview-outcome" data-outcome={result.outcome}>
            <strong>{OUTCOMES[result.outcome] ?? result.outcome}</strong>
            {result.step && waiting ? ` (at step ${result.step})` : ''}
            {result.reason ? ` · ${result.reason.replace(/_/g, ' ')}` : ''}
          </p>
          <Attributes title="Contact attributes" values={result.attributes?.contact} testid="preview-contact" />
          <Attributes title="Conversation attributes" values={result.attributes?.conversation} testid="preview-conversation" />
        </>
      )}
    </section>
  );
}

function Rich({ content }: { content: Content }) {
  const links = (buttons?: RichButton[]) =>
    (buttons ?? []).map((b, i) => {
      const url = safeUrl(b.url);
      return url ? (
        <a key={i} href={url} target="_blank" rel="noopener noreferrer nofollow" class="fe-link">
          {b.label}
        </a>
      ) : null;
    });
  return (
    <>
      {links(content.buttons)}
      {(content.cards ?? []).map((c, i) => (
        <div key={i} class="fe-card-rich">
          <strong>{c.title}</strong>
          {c.subtitle && <span class="muted small">{c.subtitle}</span>}
          {(c.buttons ?? []).map((b, j) => (safeUrl(b.url) ? null : <span key={j} class="fe-chip static">{b.label}</span>))}
          {links(c.buttons)}
        </div>
      ))}
    </>
  );
}

function Attributes({ title, values, testid }: { title: string; values?: Record<string, unknown>; testid: string }) {
  const entries = Object.entries(values ?? {});
  return (
    <div class="fe-attributes">
      <h3>{title}</h3>
      {entries.length ? (
        <dl class="attributes" data-testid={testid}>
          {entries.map(([k, v]) => [<dt key={k + ':k'}>{k}</dt>, <dd key={k + ':v'}>{typeof v == 'string' ? v : JSON.stringify(v)}</dd>])}
        </dl>
      ) : (
        <p class="muted small">None yet.</p>
      )}
    </div>
  );
}
