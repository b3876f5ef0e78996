/** The form pieces of the flow editor's step cards: a labelled field with its problems, step pickers, choices, branches. */
import type { ComponentChildren } from 'preact';
import { type Problem, SUBJECTS } from './flows';
import { fieldPath, type Model, needsName, needsValue, opsFor, problemsAt, type Ref, type StepForm } from './flowModel';

export const TYPE_LABELS: Record<string, string> = {
  say: 'Say', ask: 'Ask', set: 'Set an attribute', branch: 'Branch', wait: 'Wait', assign: 'Assign to an agent', handoff: 'Hand off to the team', resolve: 'Resolve',
  answer: 'Answer from the knowledge base',
};
const SUBJECT_LABELS: Record<string, string> = {
  answer: 'Answer', attribute: 'Attribute', business_hours: 'Business hours', page_url: 'Page URL', ref: 'Ref', language: 'Language',
};
const OP_LABELS: Record<string, string> = {
  equals: 'equals', contains: 'contains', matches: 'matches (* wildcard)', exists: 'exists', gt: 'is greater than', lt: 'is less than', is_open: 'are open', is_closed: 'are closed',
};
/** The problems named at a field, under it; `id` is what the control's aria-describedby points at. */
export function FieldProblems({ id, list }: { id: string; list: Problem[] }) {
  if (!list.length) return null;
  return (
    <ul class="field-problems" id={id}>
      {list.map((p, i) => (
        <li key={i} class="error" data-testid="step-problem" data-field={p.field ?? ''}>
          {p.message}
        </li>
      ))}
    </ul>
  );
}

/** aria-invalid and aria-describedby for a control with problems. */
export const invalid = (id: string, list: Problem[]) => (list.length ? { 'aria-invalid': true as const, 'aria-describedby': id + '-problems' } : {});

export function Field({ id, label, list, children, hint }: { id: string; label: string; list: Problem[]; children: ComponentChildren; hint?: string }) {
  return (
    <div class="fe-field">
      <label for={id}>{label}</label>
      {hint && (
        <span class="muted small" id={id + '-hint'}>
          {hint}
        </span>
      )}
      {children}
      <FieldProblems id={id + '-problems'} list={list} />
    </div>
  );
}

/** A select of the other steps; `none` labels the empty value. */
export function RefSelect({ id, model, self, value, none, list, onChange }: { id: string; model: Model; self: string; value: Ref; none: string; list: Problem[]; onChange: (r: Ref) => void }) {
  return (
    <select id={id} value={value} {...invalid(id, list)} onChange={(e) => onChange(e.currentTarget.value)}>
      <option value="">{none}</option>
      {value.startsWith('@') && <option value={value}>{value.slice(1)} (no such step)</option>}
      {model.steps
        .filter((x) => x.key != self)
        .map((x) => (
          <option key={x.key} value={x.key}>
            {x.id} ({TYPE_LABELS[x.type] ?? x.type})
          </option>
        ))}
    </select>
  );
}

export function Choices({ step: s, k, problems, set }: { step: StepForm; k: string; problems: Problem[]; set: (p: Partial<StepForm>) => void }) {
  const put = (i: number, patch: Partial<{ label: string; value: string }>) => set({ choices: s.choices.map((c, j) => (j == i ? { ...c, ...patch } : c)) });
  // Problems of the whole list, or of a row that is not there (any more).
  const top = problems.filter((p) => fieldPath(p.field).length == 1 || !(Number(fieldPath(p.field)[1]) < s.choices.length));
  return (
    <fieldset class="fe-choices" id={k + '-choices'} tabIndex={-1}>
      <legend>Choices</legend>
      <FieldProblems id={k + '-choices-problems'} list={top} />
      {s.choices.map((c, i) => {
        const row = problemsAt(problems, 'choices', String(i));
        return (
          <div class="row wrap" key={i}>
            {(['label', 'value'] as const).map((f) => {
              const id = `${k}-choices-${i}-${f}`;
              const list = problemsAt(row, 'choices', String(i), f);
              return (
                <span class="fe-inline" key={f}>
                  <label for={id}>
                    {f == 'label' ? 'Label' : 'Value'} {i + 1}
                  </label>
                  <input id={id} value={c[f]} maxLength={f == 'label' ? 40 : 200} {...invalid(id, list)} onInput={(e) => put(i, { [f]: e.currentTarget.value })} />
                  <FieldProblems id={id + '-problems'} list={list} />
                </span>
              );
            })}
            <button type="button" aria-label={`Remove choice ${i + 1}`} onClick={() => set({ choices: s.choices.filter((_, j) => j != i) })}>
              Remove
            </button>
          </div>
        );
      })}
      <button type="button" disabled={s.choices.length >= 10} onClick={() => set({ choices: [...s.choices, { label: '', value: '' }] })}>
        Add choice
      </button>
    </fieldset>
  );
}

export function Branches({ step: s, k, model, problems, set }: { step: StepForm; k: string; model: Model; problems: Problem[]; set: (p: Partial<StepForm>) => void }) {
  const put = (i: number, patch: Partial<{ subject: string; name: string; op: string; value: string }>, next?: Ref) =>
    set({ branches: s.branches.map((b, j) => (j == i ? { when: { ...b.when, ...patch }, next: next ?? b.next } : b)) });
  const top = problemsAt(problems, 'branches').filter((p) => fieldPath(p.field).length == 1 || !(Number(fieldPath(p.field)[1]) < s.branches.length));
  return (
    <>
      <div id={k + '-branches'} tabIndex={-1} class="fe-branches">
        <FieldProblems id={k + '-branches-problems'} list={top} />
        {s.branches.map((b, i) => {
          const base = `${k}-branches-${i}`;
          const row = problemsAt(problems, 'branches', String(i));
          const here = (f: string) => problemsAt(row, 'branches', String(i), f);
          const when = (f: string) => [...here(f), ...problemsAt(row, 'branches', String(i), 'when', f)];
          const ops = opsFor(b.when.subject);
          const rendered = ['subject', 'op', 'next', ...(needsName(b.when.subject) ? ['name'] : []), ...(needsValue(b.when.op) ? ['value'] : [])];
          const rowLevel = row.filter((p) => !rendered.includes(fieldPath(p.field).slice(-1)[0]));
          return (
            <fieldset key={i} class="fe-branch" id={base} tabIndex={-1}>
              <legend>Condition {i + 1}</legend>
              <FieldProblems id={base + '-problems'} list={rowLevel} />
              <div class="fe-grid">
                <Field id={base + '-subject'} label="If" list={when('subject')}>
                  <select
                    id={base + '-subject'}
                    value={b.when.subject}
                    {...invalid(base + '-subject', when('subject'))}
                    onChange={(e) => {
                      const subject = e.currentTarget.value;
                      const allowed = opsFor(subject);
                      put(i, { subject, op: allowed.includes(b.when.op as any) ? b.when.op : allowed[0] });
                    }}
                  >
                    {SUBJECTS.map((x) => (
                      <option key={x} value={x}>
                        {SUBJECT_LABELS[x]}
                      </option>
                    ))}
                  </select>
                </Field>
                {needsName(b.when.subject) && (
                  <Field id={base + '-name'} label="Named" list={when('name')}>
                    <input id={base + '-name'} value={b.when.name} {...invalid(base + '-name', when('name'))} onInput={(e) => put(i, { name: e.currentTarget.value })} />
                  </Field>
                )}
                <Field id={base + '-op'} label="Test" list={when('op')}>
                  <select id={base + '-op'} value={b.when.op} {...invalid(base + '-op', when('op'))} onChange={(e) => put(i, { op: e.currentTarget.value })}>
                    {(ops as string[]).includes(b.when.op) ? null : <option value={b.when.op}>{b.when.op || 'Choose…'}</option>}
                    {ops.map((o) => (
                      <option key={o} value={o}>
                        {OP_LABELS[o]}
                      </option>
                    ))}
                  </select>
                </Field>
                {needsValue(b.when.op) && (
                  <Field id={base + '-value'} label="Value" list={when('value')}>
                    <input id={base + '-value'} value={b.when.value} {...invalid(base + '-value', when('value'))} onInput={(e) => put(i, { value: e.currentTarget.value })} />
                  </Field>
                )}
                <Field id={base + '-next'} label="Go to" list={here('next')}>
                  <RefSelect id={base + '-next'} model={model} self={s.key} value={b.next} none="Choose a step…" list={here('next')} onChange={(next) => put(i, {}, next)} />
                </Field>
              </div>
              <button type="button" aria-label={`Remove condition ${i + 1}`} onClick={() => set({ branches: s.branches.filter((_, j) => j != i) })}>
                Remove condition
              </button>
            </fieldset>
          );
        })}
        <button type="button" onClick={() => set({ branches: [...s.branches, { when: { subject: 'answer', name: '', op: 'equals', value: '' }, next: '' }] })}>
          Add condition
        </button>
      </div>
      <Field id={k + '-default'} label="Otherwise go to" list={problemsAt(problems, 'default')}>
        <RefSelect id={k + '-default'} model={model} self={s.key} value={s.default} none="Choose a step…" list={problemsAt(problems, 'default')} onChange={(d) => set({ default: d })} />
      </Field>
    </>
  );
}
