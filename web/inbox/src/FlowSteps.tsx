/** The steps of a flow as a list of cards: each step's type and its fields, with the problems it has beside them. */
import { useState } from 'preact/hooks';
import { INPUTS, type Problem, STEP_TYPES, type StepType } from './flows';
import { addStep, changeType, fieldPath, followingId, type Model, moveStep, problemsAt, removeStep, STEP_FIELDS, type StepForm, updateStep } from './flowModel';
import { AnswerFields } from './FlowAnswerFields';
import { Branches, Choices, Field, FieldProblems, invalid, RefSelect, TYPE_LABELS } from './FlowFields';
import type { Agent } from './types';

const INPUT_LABELS: Record<string, string> = { text: 'Text', email: 'Email', phone: 'Phone', number: 'Number', date: 'Date', choice: 'Choice' };
/** Steps that end the flow or choose their own way: no "next". */
const NO_NEXT = new Set(['branch', 'handoff', 'resolve']);

type Props = {
  model: Model;
  setModel: (m: Model) => void;
  problems: Record<string, Problem[]>;
  agents: Agent[];
  /** The workspace's bot apps, for a handoff to an app (docs/apps.md). */
  apps?: { id: string; name: string }[];
  onNote: (text: string) => void;
};

export function FlowSteps({ model, setModel, problems, agents, apps = [], onNote }: Props) {
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
            apps={apps}
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
  apps: { id: string; name: string }[];
  set: (patch: Partial<StepForm>) => void;
  setType: (type: string) => void;
  move: (by: number) => void;
  remove: () => void;
};

function StepCard({ step: s, index, model, problems, agents, apps, set, setType, move, remove }: CardProps) {
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
  const select = (field: 'input' | 'display' | 'save_to' | 'target' | 'agent_id' | 'app_id', label: string, options: [string, string][], onPick?: (v: string) => void) => {
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
      {s.type == 'handoff' && (apps.length > 0 || s.app_id) && select('app_id', 'Hand to', [['', 'The team'], ...apps.map((a) => [a.id, a.name + ' (app)'] as [string, string])])}
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
      {s.type == 'answer' && text('text', 'Question', { area: true })}
      {s.type == 'answer' && <AnswerFields step={s} k={k} problems={problems} set={set} />}
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
            none={s.type == 'answer' ? 'Resolve the conversation (answered)' : after ? `The following step (${after})` : 'End: hand off to the team'}
            onChange={(next) => set({ next })}
          />
        </Field>
      )}
    </li>
  );
}

