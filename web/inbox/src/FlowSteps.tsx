/** The steps of a flow as a list of cards: each step's type and its fields, with the problems it has beside them. */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import {
  addStep,
  changeType,
  fieldPath,
  followingId,
  INPUTS,
  type Model,
  moveStep,
  needsName,
  needsValue,
  opsFor,
  type Problem,
  problemsAt,
  type Ref,
  removeStep,
  STEP_FIELDS,
  STEP_TYPES,
  type StepForm,
  type StepType,
  SUBJECTS,
  updateStep,
} from './flows';
import type { Agent } from './types';

export const TYPE_LABELS: Record<string, string> = {
  say: 'Say', ask: 'Ask', set: 'Set an attribute', branch: 'Branch', wait: 'Wait', assign: 'Assign to an agent', handoff: 'Hand off to the team', resolve: 'Resolve',
};
const INPUT_LABELS: Record<string, string> = { text: 'Text', email: 'Email', phone: 'Phone', number: 'Number', date: 'Date', choice: 'Choice' };
const SUBJECT_LABELS: Record<string, string> = {
  answer: 'Answer', attribute: 'Attribute', business_hours: 'Business hours', page_url: 'Page URL', ref: 'Ref', language: 'Language',
};
const OP_LABELS: Record<string, string> = {
  equals: 'equals', contains: 'contains', matches: 'matches (* wildcard)', exists: 'exists', gt: 'is greater than', lt: 'is less than', is_open: 'are open', is_closed: 'are closed',
};
/** Steps that end the flow or choose their own way: no "next". */
const NO_NEXT = new Set(['branch', 'handoff', 'resolve']);

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

function Field({ id, label, list, children, hint }: { id: string; label: string; list: Problem[]; children: ComponentChildren; hint?: string }) {
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

type Props = {
  model: Model;
  setModel: (m: Model) => void;
  problems: Record<string, Problem[]>;
  agents: Agent[];
  onNote: (text: string) => void;
};

export function FlowSteps({ model, setModel, problems, agents, onNote }: Props) {
  const [newType, setNewType] = useState<StepType>('say');
  const focusLater = (id: string) => setTimeout(() => document.getElementById(id)?.focus(), 0);
  return (
    <section class="fe-steps" aria-labelledby="fe-steps-heading">
      <h2 id="fe-steps-heading">Steps</h2>
      {!model.steps.length && <p class="muted">No steps yet: add the first one below.</p>}
      <ol class="plain-list">
        {model.steps.map((s, i) => (
          <StepCard
            key={s.key}
            step={s}
            index={i}
            model={model}
            problems={problems[s.key] ?? []}
            agents={agents}
            set={(patch) => setModel(updateStep(model, s.key, patch))}
            setType={(type) => setModel(changeType(model, s.key, type))}
            move={(by) => {
              setModel(moveStep(model, s.key, by));
              const target = i + by <= 0 ? 'down' : i + by >= model.steps.length - 1 ? 'up' : by < 0 ? 'up' : 'down';
              focusLater(`fe-${s.key}-${target}`);
            }}
            remove={() => {
              const { model: next, cleared } = removeStep(model, s.key);
              setModel(next);
              onNote(
                `Step “${s.id}” removed.` +
                  (cleared.length ? ' References to it were cleared in: ' + cleared.map((c) => `${c.step} (${c.field})`).join(', ') + '.' : ''),
              );
              const neighbour = next.steps[Math.min(i, next.steps.length - 1)];
              focusLater(neighbour ? 'fe-' + neighbour.key : 'fe-add-type');
            }}
          />
        ))}
      </ol>
      <div class="row wrap fe-add">
        <label for="fe-add-type">New step</label>
        <select id="fe-add-type" data-testid="step-add-type" value={newType} onChange={(e) => setNewType(e.currentTarget.value as StepType)}>
          {STEP_TYPES.map((t) => (
            <option key={t} value={t}>
              {TYPE_LABELS[t]}
            </option>
          ))}
        </select>
        <button
          type="button"
          data-testid="step-add"
          onClick={() => {
            const next = addStep(model, newType);
            setModel(next);
            focusLater(`fe-${next.steps[next.steps.length - 1].key}-id`);
          }}
        >
          Add step
        </button>
      </div>
    </section>
  );
}

type CardProps = {
  step: StepForm;
  index: number;
  model: Model;
  problems: Problem[];
  agents: Agent[];
  set: (patch: Partial<StepForm>) => void;
  setType: (type: string) => void;
  move: (by: number) => void;
  remove: () => void;
};

function StepCard({ step: s, index, model, problems, agents, set, setType, move, remove }: CardProps) {
  const k = 'fe-' + s.key;
  const at = (...path: string[]) => problemsAt(problems, ...path);
  const shown = new Set(['id', 'type', ...(NO_NEXT.has(s.type) ? [] : ['next']), ...(STEP_FIELDS[s.type as StepType] ?? [])]);
  const elsewhere = problems.filter((p) => !shown.has(fieldPath(p.field)[0] ?? ''));
  const text = (field: 'text' | 'reask' | 'variable' | 'name' | 'value', label: string, opts: { area?: boolean; hint?: string; max?: number } = {}) => {
    const id = `${k}-${field}`;
    const list = at(field);
    const attrs = { id, 'data-field': field, value: s[field], maxLength: opts.max, ...invalid(id, list), onInput: (e: any) => set({ [field]: e.currentTarget.value }) };
    return (
      <Field id={id} label={label} list={list} hint={opts.hint}>
        {opts.area ? <textarea rows={2} {...attrs} /> : <input {...attrs} />}
      </Field>
    );
  };
  const number = (field: 'min' | 'max' | 'seconds', label: string, min?: number, max?: number) => {
    const id = `${k}-${field}`;
    const list = at(field);
    return (
      <Field id={id} label={label} list={list}>
        <input id={id} data-field={field} type="number" inputMode="numeric" min={min} max={max} value={s[field]} {...invalid(id, list)} onInput={(e) => set({ [field]: e.currentTarget.value })} />
      </Field>
    );
  };
  const select = (field: 'input' | 'display' | 'save_to' | 'target' | 'agent_id', label: string, options: [string, string][], onPick?: (v: string) => void) => {
    const id = `${k}-${field}`;
    const list = at(field);
    const value = s[field];
    const all = options.some(([v]) => v == value) ? options : [[value, value ? `${value} (unknown)` : 'Choose…'] as [string, string], ...options];
    return (
      <Field id={id} label={label} list={list}>
        <select id={id} data-field={field} value={value} {...invalid(id, list)} onChange={(e) => (onPick ?? ((v: string) => set({ [field]: v })))(e.currentTarget.value)}>
          {all.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </Field>
    );
  };
  const after = followingId(model, s.key);
  return (
    <li class={'fe-card' + (problems.length ? ' has-problems' : '')} id={k} tabIndex={-1} data-testid="flow-step" data-step-id={s.id} data-step-type={s.type} aria-labelledby={k + '-title'}>
      <div class="fe-card-head">
        <h3 id={k + '-title'}>
          {index + 1}. {TYPE_LABELS[s.type] ?? s.type} <span class="muted">· {s.id || '(no id)'}</span>
        </h3>
        <div class="row">
          <button type="button" id={k + '-up'} aria-label={`Move step ${s.id} up`} disabled={index == 0} onClick={() => move(-1)}>
            ↑
          </button>
          <button type="button" id={k + '-down'} aria-label={`Move step ${s.id} down`} disabled={index == model.steps.length - 1} onClick={() => move(1)}>
            ↓
          </button>
          <button type="button" data-testid="step-remove" aria-label={`Remove step ${s.id}`} onClick={remove}>
            Remove
          </button>
        </div>
      </div>
      <FieldProblems id={k + '-problems'} list={elsewhere} />
      <div class="fe-grid">
        <Field id={k + '-id'} label="Step id" list={at('id')} hint="Letters, digits, _ and -">
          <input
            id={k + '-id'}
            data-testid="step-id"
            maxLength={40}
            value={s.id}
            aria-describedby={k + '-id-hint' + (at('id').length ? ` ${k}-id-problems` : '')}
            aria-invalid={at('id').length ? true : undefined}
            onInput={(e) => set({ id: e.currentTarget.value })}
          />
        </Field>
        <Field id={k + '-type'} label="Type" list={at('type')}>
          <select id={k + '-type'} data-testid="step-type" value={s.type} {...invalid(k + '-type', at('type'))} onChange={(e) => setType(e.currentTarget.value)}>
            {(STEP_TYPES as readonly string[]).includes(s.type) ? null : <option value={s.type}>{s.type} (unknown)</option>}
            {STEP_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
      </div>
      {s.type == 'say' && text('text', 'Message', { area: true })}
      {(s.type == 'handoff' || s.type == 'resolve') && text('text', 'Message (optional)', { area: true })}
      {s.type == 'ask' && (
        <>
          {text('text', 'Question', { area: true })}
          <div class="fe-grid">
            {select(
              'input',
              'Answer type',
              INPUTS.map((i) => [i, INPUT_LABELS[i]]),
              (v) => set(v == 'choice' && !s.display ? { input: v, display: 'quick_replies' } : { input: v }),
            )}
            {s.input == 'choice' &&
              select('display', 'Show the choices as', [
                ['quick_replies', 'Quick replies'],
                ['buttons', 'Buttons'],
              ])}
          </div>
          {s.input == 'choice' && <Choices step={s} k={k} problems={at('choices')} set={set} />}
          {s.input == 'number' && (
            <div class="fe-grid">
              {number('min', 'Minimum')}
              {number('max', 'Maximum')}
            </div>
          )}
          <div class="fe-grid">
            {text('variable', 'Save the answer as', { hint: 'A variable name, like email', max: 100 })}
            {select('save_to', 'Save to', [
              ['contact', 'Contact attributes'],
              ['conversation', 'Conversation attributes'],
            ])}
          </div>
          {text('reask', 'When the answer is not valid, say', { hint: 'Empty: “Sorry, I didn’t get that.”' })}
        </>
      )}
      {s.type == 'set' && (
        <div class="fe-grid">
          {select('target', 'On', [
            ['contact', 'The contact'],
            ['conversation', 'The conversation'],
          ])}
          {text('name', 'Attribute')}
          {text('value', 'Value')}
        </div>
      )}
      {s.type == 'wait' && number('seconds', 'Seconds to wait', 1, 86400)}
      {s.type == 'assign' &&
        select(
          'agent_id',
          'Agent',
          agents.filter((a) => a.active || a.id == s.agent_id).map((a) => [a.id, a.name + (a.active ? '' : ' (inactive)')]),
        )}
      {s.type == 'branch' && <Branches step={s} k={k} model={model} problems={problems} set={set} />}
      {!NO_NEXT.has(s.type) && (
        <Field id={k + '-next'} label="Then" list={at('next')}>
          <RefSelect
            id={k + '-next'}
            model={model}
            self={s.key}
            value={s.next}
            list={at('next')}
            none={after ? `The following step (${after})` : 'End: hand off to the team'}
            onChange={(next) => set({ next })}
          />
        </Field>
      )}
    </li>
  );
}

/** A select of the other steps; `none` labels the empty value. */
function RefSelect({ id, model, self, value, none, list, onChange }: { id: string; model: Model; self: string; value: Ref; none: string; list: Problem[]; onChange: (r: Ref) => void }) {
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

function Choices({ step: s, k, problems, set }: { step: StepForm; k: string; problems: Problem[]; set: (p: Partial<StepForm>) => void }) {
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

function Branches({ step: s, k, model, problems, set }: { step: StepForm; k: string; model: Model; problems: Problem[]; set: (p: Partial<StepForm>) => void }) {
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
