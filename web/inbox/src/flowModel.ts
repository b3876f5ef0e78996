/**
 * The flow editor's form model (docs/flow-editor.md): a definition to an editable model and back, steps added,
 * removed and moved with their references kept sane, local checks, and problems mapped to the step and field
 * they name. Pure, for tests.
 */
import { type Branch, type Choice, type Condition, type Definition, type Op, type Problem, type Step, type StepType, type Trigger } from './flows';

// ---- the form model ----

/**
 * A reference to a step: '' none (for `next`: the following step), a step's `key` (stable while ids are
 * edited and steps move), or '@' + an id that names no step (kept so a broken definition round-trips).
 */
export type Ref = string;
export type CondForm = { subject: string; name: string; op: string; value: string };
export type BranchForm = { when: CondForm; next: Ref };
export type StepForm = {
  key: string;
  id: string;
  type: string;
  next: Ref;
  text: string;
  input: string;
  display: string;
  choices: Choice[];
  variable: string;
  save_to: string;
  reask: string;
  /** Numbers as typed. */
  min: string;
  max: string;
  target: string;
  name: string;
  value: string;
  branches: BranchForm[];
  default: Ref;
  seconds: string;
  agent_id: string;
  /** A handoff's bot app (docs/apps.md); empty: the team. */
  app_id: string;
  /** Fields of the step the form has no control for (e.g. a say's rich `content`), kept as they are. */
  extra: Record<string, unknown>;
};
export type Model = {
  name: string;
  trigger: { type: string; url_pattern: string; seconds_on_page: string; ref: string };
  timeout: string;
  steps: StepForm[];
  /** Top-level fields the form has no control for. */
  extra: Record<string, unknown>;
};

/** The fields each step type has, in the order its card shows them (besides id, type and next). */
export const STEP_FIELDS: Record<StepType, readonly string[]> = {
  say: ['text'],
  ask: ['text', 'input', 'choices', 'display', 'variable', 'save_to', 'reask', 'min', 'max'],
  set: ['target', 'name', 'value'],
  branch: ['branches', 'default'],
  wait: ['seconds'],
  assign: ['agent_id'],
  handoff: ['text', 'app_id'],
  resolve: ['text'],
  /** The knowledge base's answer step (docs/kb.md); its fields besides text live in `extra`. */
  answer: ['text', 'max_articles', 'helped', 'no_match', 'not_helpful'],
};
const FORM_FIELDS = new Set(['id', 'type', 'next', 'text', 'input', 'display', 'choices', 'variable', 'save_to', 'reask', 'min', 'max', 'target', 'name', 'value', 'branches', 'default', 'seconds', 'agent_id', 'app_id']);
const TOP_FIELDS = new Set(['name', 'trigger', 'timeout_seconds', 'steps']);

const str = (v: unknown) => (v == null ? '' : String(v));
let keySeq = 0;
/** A key no step of this page has had. */
export const newKey = () => 'k' + ++keySeq;

export function emptyStep(type: string, id: string): StepForm {
  return {
    key: newKey(), id, type, next: '', text: '', input: type == 'ask' ? 'text' : '', display: '', choices: [], variable: '',
    save_to: type == 'ask' ? 'contact' : '', reask: '', min: '', max: '', target: type == 'set' ? 'contact' : '', name: '', value: '',
    branches: [], default: '', seconds: '', agent_id: '', app_id: '', extra: {},
  };
}

export function toModel(def: Definition | null | undefined, name = ''): Model {
  const d: Definition = def ?? { steps: [] };
  const steps = (Array.isArray(d.steps) ? d.steps : []).map((s) => ({ s, form: emptyStep(str(s.type), str(s.id)) }));
  const keyOf = (id: unknown): Ref => {
    if (id == null || id === '') return '';
    const found = steps.find((x) => x.form.id == id);
    return found ? found.form.key : '@' + String(id);
  };
  for (const { s, form } of steps) {
    const f = form;
    f.next = keyOf(s.next);
    f.text = str(s.text);
    f.input = str(s.input);
    f.display = str(s.display);
    f.choices = Array.isArray(s.choices) ? (s.choices as Choice[]).map((c) => ({ label: str(c?.label), value: str(c?.value) })) : [];
    f.variable = str(s.variable);
    f.save_to = str(s.save_to);
    f.reask = str(s.reask);
    f.min = str(s.min);
    f.max = str(s.max);
    f.target = str(s.target);
    f.name = str(s.name);
    f.value = str(s.value);
    f.branches = Array.isArray(s.branches)
      ? (s.branches as Branch[]).map((b) => ({
          when: { subject: str(b?.when?.subject), name: str(b?.when?.name), op: str(b?.when?.op), value: str(b?.when?.value) },
          next: keyOf(b?.next),
        }))
      : [];
    f.default = keyOf(s.default);
    f.seconds = str(s.seconds);
    f.agent_id = str(s.agent_id);
    f.app_id = str(s.app_id);
    for (const [k, v] of Object.entries(s)) if (!FORM_FIELDS.has(k)) f.extra[k] = v;
  }
  const t = d.trigger ?? { type: 'conversation_started' };
  const extra: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d)) if (!TOP_FIELDS.has(k)) extra[k] = v;
  return {
    name: name || str(d.name),
    trigger: { type: str(t.type), url_pattern: str(t.url_pattern), seconds_on_page: str(t.seconds_on_page), ref: str(t.ref) },
    timeout: str(d.timeout_seconds),
    steps: steps.map((x) => x.form),
    extra,
  };
}

/** A number as typed: a number when it is one, else the text itself so the server's answer names the field. */
function num(typed: string): number | string | undefined {
  const t = typed.trim();
  return t == '' ? undefined : /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** The id a reference names now ('' for none). */
export function refId(m: Model, ref: Ref): string {
  if (!ref) return '';
  if (ref.startsWith('@')) return ref.slice(1);
  return m.steps.find((s) => s.key == ref)?.id ?? '';
}

export function toDefinition(m: Model): Definition {
  const trigger: Trigger = { type: m.trigger.type };
  if (m.trigger.type == 'page') {
    trigger.url_pattern = m.trigger.url_pattern;
    const s = num(m.trigger.seconds_on_page);
    if (s !== undefined) trigger.seconds_on_page = s;
  }
  if (m.trigger.type == 'ref') trigger.ref = m.trigger.ref;
  const def: Definition = { ...(m.name.trim() ? { name: m.name.trim() } : {}), trigger, steps: [] };
  const timeout = num(m.timeout);
  if (timeout !== undefined) def.timeout_seconds = timeout;
  Object.assign(def, m.extra);
  def.steps = m.steps.map((f) => stepOf(m, f));
  return def;
}

function stepOf(m: Model, f: StepForm): Step {
  const s: Step = { id: f.id, type: f.type };
  const put = (k: string, v: unknown) => {
    if (v !== undefined && v !== '') s[k] = v;
  };
  const fields = STEP_FIELDS[f.type as StepType] ?? [];
  for (const field of fields) {
    if (field == 'choices') {
      if (f.input == 'choice' || f.choices.length) s.choices = f.choices.map((c) => ({ label: c.label, value: c.value }));
    } else if (field == 'display') {
      if (f.input == 'choice') put('display', f.display);
    } else if (field == 'min' || field == 'max' || field == 'seconds') {
      if (field == 'seconds' || f.input == 'number') put(field, num(f[field]));
    } else if (field == 'branches') {
      s.branches = f.branches.map((b) => {
        const when: Condition = { subject: b.when.subject, op: b.when.op };
        if (b.when.name.trim() && needsName(b.when.subject)) when.name = b.when.name.trim();
        if (needsValue(b.when.op)) when.value = (b.when.op == 'gt' || b.when.op == 'lt') && typeof num(b.when.value) == 'number' ? (num(b.when.value) as number) : b.when.value;
        const next = refId(m, b.next);
        return next ? { when, next } : { when };
      });
    } else if (field == 'default') {
      put('default', refId(m, f.default));
    } else {
      put(field, f[field as keyof StepForm]);
    }
  }
  Object.assign(s, f.extra);
  put('next', refId(m, f.next));
  return s;
}

export const needsName = (subject: string) => subject == 'answer' || subject == 'attribute';
export const needsValue = (op: string) => !['exists', 'is_open', 'is_closed'].includes(op);
/** The operators that make sense for a subject. */
export const opsFor = (subject: string): Op[] =>
  subject == 'business_hours' ? ['is_open', 'is_closed'] : ['equals', 'contains', 'matches', 'exists', 'gt', 'lt'];

// ---- editing steps ----

export const ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** A readable id not taken yet: the type and the step's position ("ask-2"), counting up when taken. */
export function newStepId(m: Model, type: string, position = m.steps.length + 1): string {
  const taken = new Set(m.steps.map((s) => s.id));
  let n = position;
  while (taken.has(`${type}-${n}`)) n++;
  return `${type}-${n}`;
}

/** Adds a step of `type` at `at` (default: the end). */
export function addStep(m: Model, type: string, at = m.steps.length): Model {
  const step = emptyStep(type, newStepId(m, type, at + 1));
  const steps = [...m.steps];
  steps.splice(at, 0, step);
  return { ...m, steps };
}

export type Cleared = { step: string; field: string };

/**
 * Removes a step; every reference to it is cleared: a `next` goes back to "the following step", a branch's
 * `next` or a `default` becomes unset (the checks then ask for one). `cleared` says which were touched.
 */
export function removeStep(m: Model, key: string): { model: Model; cleared: Cleared[] } {
  const cleared: Cleared[] = [];
  const steps = m.steps
    .filter((s) => s.key != key)
    .map((s) => {
      let t = s;
      if (s.next == key) {
        t = { ...t, next: '' };
        cleared.push({ step: s.id, field: 'next' });
      }
      if (s.default == key) {
        t = { ...t, default: '' };
        cleared.push({ step: s.id, field: 'default' });
      }
      if (s.branches.some((b) => b.next == key)) {
        t = { ...t, branches: s.branches.map((b, i) => (b.next == key ? (cleared.push({ step: s.id, field: `branches[${i}].next` }), { ...b, next: '' }) : b)) };
      }
      return t;
    });
  return { model: { ...m, steps }, cleared };
}

/** Moves a step by `by` places (-1 up, +1 down); references follow the step, not its place. */
export function moveStep(m: Model, key: string, by: number): Model {
  const i = m.steps.findIndex((s) => s.key == key);
  const j = i + by;
  if (i < 0 || j < 0 || j >= m.steps.length) return m;
  const steps = [...m.steps];
  [steps[i], steps[j]] = [steps[j], steps[i]];
  return { ...m, steps };
}

export function updateStep(m: Model, key: string, patch: Partial<StepForm>): Model {
  return { ...m, steps: m.steps.map((s) => (s.key == key ? { ...s, ...patch } : s)) };
}

/** The steps a `next` may name (every other step), and what "following step" means here. */
export function followingId(m: Model, key: string): string {
  const i = m.steps.findIndex((s) => s.key == key);
  return i >= 0 && i + 1 < m.steps.length ? m.steps[i + 1].id : '';
}

// ---- checks and problems ----

/** What the browser can tell before the server does; the server's validation stays the reference. */
export function checkLocally(m: Model): Problem[] {
  const out: Problem[] = [];
  const add = (step: string | undefined, field: string, message: string) => out.push({ ...(step ? { step } : {}), field, message });
  if (!m.name.trim()) add(undefined, 'name', 'Give the flow a name.');
  if (m.trigger.type == 'page' && !m.trigger.url_pattern.trim()) add(undefined, 'trigger.url_pattern', 'A page trigger needs a URL pattern.');
  if (m.trigger.type == 'page' && m.trigger.seconds_on_page.trim() && !/^\d+$/.test(m.trigger.seconds_on_page.trim()))
    add(undefined, 'trigger.seconds_on_page', 'Seconds on the page must be a whole number.');
  if (m.trigger.type == 'ref' && !m.trigger.ref.trim()) add(undefined, 'trigger.ref', 'A ref trigger needs the ref to match.');
  if (m.timeout.trim() && !/^\d+$/.test(m.timeout.trim())) add(undefined, 'timeout_seconds', 'The timeout must be a whole number of seconds.');
  if (!m.steps.length) add(undefined, 'steps', 'Add at least one step.');
  const seen = new Set<string>();
  for (const s of m.steps) {
    const id = s.id;
    if (!ID_PATTERN.test(id)) add(id, 'id', 'A step id is 1–40 letters, digits, “_” or “-”.');
    else if (seen.has(id)) add(id, 'id', `Two steps have the id “${id}”.`);
    seen.add(id);
    if (s.next.startsWith('@')) add(id, 'next', `No step has the id “${s.next.slice(1)}”.`);
    if ((s.type == 'say' || s.type == 'ask' || s.type == 'answer') && !s.text.trim()) add(id, 'text', 'Write the text to send.');
    if (s.type == 'ask') {
      if (!s.variable.trim()) add(id, 'variable', 'Name the variable the answer is saved in.');
      if (s.input == 'choice') {
        if (!s.choices.length) add(id, 'choices', 'Add the choices (1–10).');
        if (s.choices.length > 10) add(id, 'choices', 'At most 10 choices.');
        s.choices.forEach((c, i) => {
          if (!c.label.trim()) add(id, `choices[${i}].label`, `Choice ${i + 1} needs a label.`);
          if (!c.value.trim()) add(id, `choices[${i}].value`, `Choice ${i + 1} needs a value.`);
        });
      }
      if (s.input == 'number')
        for (const f of ['min', 'max'] as const) if (s[f].trim() && typeof num(s[f]) != 'number') add(id, f, `“${f}” must be a number.`);
    }
    if (s.type == 'set' && !s.name.trim()) add(id, 'name', 'Name the attribute to set.');
    if (s.type == 'wait') {
      const n = Number(s.seconds);
      if (!/^\d+$/.test(s.seconds.trim()) || n < 1 || n > 86400) add(id, 'seconds', 'Wait 1 to 86,400 seconds.');
    }
    if (s.type == 'assign' && !s.agent_id) add(id, 'agent_id', 'Choose the agent.');
    if (s.type == 'branch') {
      if (!s.default) add(id, 'default', 'Choose where to go when no condition holds.');
      else if (s.default.startsWith('@')) add(id, 'default', `No step has the id “${s.default.slice(1)}”.`);
      s.branches.forEach((b, i) => {
        if (!b.next) add(id, `branches[${i}].next`, `Choose the step of condition ${i + 1}.`);
        if (needsName(b.when.subject) && !b.when.name.trim()) add(id, `branches[${i}].name`, `Condition ${i + 1} needs the variable’s name.`);
      });
    }
  }
  return out;
}

/** The field's parts: "choices[0].label" → ["choices", "0", "label"]. */
export function fieldPath(field: string | undefined): string[] {
  return (field ?? '').split(/[.[\]]+/).filter(Boolean);
}

/** Server problems first; a local one only where the server said nothing about that step and field. */
export function mergeProblems(server: Problem[], local: Problem[]): Problem[] {
  const said = new Set(server.map((p) => `${p.step ?? ''}|${fieldPath(p.field)[0] ?? ''}`));
  return [...server, ...local.filter((p) => !said.has(`${p.step ?? ''}|${fieldPath(p.field)[0] ?? ''}`))];
}

export type Mapped = { flow: Problem[]; byStep: Record<string, Problem[]> };

/** Problems by step key (the first step with that id); those of no step, or of an id no step has, go to `flow`. */
export function mapProblems(m: Model, problems: Problem[]): Mapped {
  const out: Mapped = { flow: [], byStep: {} };
  for (const p of problems) {
    const step = p.step == null ? undefined : m.steps.find((s) => s.id == p.step);
    if (step) (out.byStep[step.key] ??= []).push(p);
    else out.flow.push(p);
  }
  return out;
}

/**
 * The element ids to focus for a problem, most precise first: `fe-<key>-choices-0-label`, `fe-<key>-choices`,
 * `fe-<key>` (the step's card) for a step; `fe-flow-trigger-url_pattern`, `fe-flow-trigger`, `fe-flow` otherwise.
 */
export function focusTargets(m: Model, p: Problem): string[] {
  const step = p.step == null ? undefined : m.steps.find((s) => s.id == p.step);
  const base = step ? 'fe-' + step.key : 'fe-flow';
  const parts = fieldPath(p.field);
  const out: string[] = [];
  for (let n = parts.length; n > 0; n--) out.push(base + '-' + parts.slice(0, n).join('-'));
  out.push(base);
  return out;
}

/** The problems of a step whose field starts with `field` (e.g. "variable", or "branches" for every branch). */
export const problemsAt = (list: Problem[] | undefined, ...path: string[]) =>
  (list ?? []).filter((p) => {
    const parts = fieldPath(p.field);
    return path.every((x, i) => parts[i] == x);
  });

/**
 * Changes a step's type. The fields typed so far stay (switching back finds them); a generated id follows the
 * type ("say-3" becomes "ask-3") when that id is free, and the new type's defaults fill empty fields.
 */
export function changeType(m: Model, key: string, type: string): Model {
  const s = m.steps.find((x) => x.key == key);
  if (!s) return m;
  const generated = /^([a-z]+)-(\d+)$/.exec(s.id);
  let id = s.id;
  if (generated && generated[1] == s.type) {
    const candidate = `${type}-${generated[2]}`;
    if (!m.steps.some((x) => x.key != key && x.id == candidate)) id = candidate;
  }
  const patch: Partial<StepForm> = { type, id };
  if (type == 'ask') {
    if (!s.input) patch.input = 'text';
    if (!s.save_to) patch.save_to = 'contact';
  }
  if (type == 'set' && !s.target) patch.target = 'contact';
  return updateStep(m, key, patch);
}
