import { describe, expect, it } from 'vitest';
import { type Definition, reorder, type Flow } from './flows';
import { addStep, changeType, checkLocally, focusTargets, mapProblems, mergeProblems, moveStep, newStepId, problemsAt, refId, removeStep, toDefinition, toModel, updateStep } from './flowModel';

/** The example of docs/bots.md, plus a few fields of every other type. */
const stylist: Definition = {
  name: 'Stylist',
  trigger: { type: 'conversation_started' },
  timeout_seconds: 600,
  steps: [
    { id: 'greet', type: 'say', text: "Hi! I'm Donni Charm's stylist assistant.", content: { buttons: [{ label: 'Size chart', url: 'https://shop.example/sizes' }] } },
    {
      id: 'style', type: 'ask', text: 'Which style is yours?', input: 'choice', display: 'quick_replies',
      choices: [{ label: 'Classic', value: 'classic' }, { label: 'Bold', value: 'bold' }],
      variable: 'style', save_to: 'contact', reask: 'Please pick one of the styles.',
    },
    { id: 'email', type: 'ask', text: 'Your email?', input: 'email', variable: 'email', save_to: 'contact', reask: "That doesn't look like an email address." },
    { id: 'budget', type: 'ask', text: 'Your budget?', input: 'number', variable: 'budget', save_to: 'conversation', min: 10, max: 500 },
    {
      id: 'route', type: 'branch',
      branches: [
        { when: { subject: 'business_hours', op: 'is_closed' }, next: 'closed' },
        { when: { subject: 'answer', name: 'budget', op: 'gt', value: 100 }, next: 'vip' },
        { when: { subject: 'page_url', op: 'matches', value: 'https://shop.example/sale/*' }, next: 'handoff' },
      ],
      default: 'handoff',
    },
    { id: 'vip', type: 'set', target: 'conversation', name: 'tier', value: 'vip' },
    { id: 'pause', type: 'wait', seconds: 5 },
    { id: 'assign', type: 'assign', agent_id: 'agent-1', next: 'handoff' },
    { id: 'closed', type: 'say', text: "We're closed now; a stylist will email you.", next: 'handoff' },
    { id: 'handoff', type: 'handoff', text: 'A stylist will be with you in a moment.' },
    { id: 'done', type: 'resolve' },
  ],
};

describe('the form model', () => {
  it('round-trips a definition: definition → model → definition is equal', () => {
    expect(toDefinition(toModel(stylist))).toEqual(stylist);
  });

  it('round-trips a handoff to a bot app, and one to the team has no app_id', () => {
    const def = {
      name: 'Router',
      trigger: { type: 'first_message' },
      steps: [
        { id: 'to-app', type: 'handoff', text: 'The order bot takes it from here.', app_id: 'app-1' },
      ],
    };
    const model = toModel(def);
    expect(model.steps[0].app_id).toBe('app-1');
    expect(toDefinition(model)).toEqual(def);
    const toTeam = updateStep(model, model.steps[0].key, { app_id: '' });
    expect(toDefinition(toTeam).steps[0]).not.toHaveProperty('app_id');
  });

  it('round-trips triggers with their fields, and keeps what it has no control for', () => {
    const page: Definition = { name: 'Sale', trigger: { type: 'page', url_pattern: 'https://shop.example/sale/*', seconds_on_page: 20 }, steps: [{ id: 'a', type: 'say', text: 'Hi', future: 1 }], beta: true };
    expect(toDefinition(toModel(page))).toEqual(page);
    const ref: Definition = { name: 'News', trigger: { type: 'ref', ref: 'newsletter' }, steps: [{ id: 'a', type: 'handoff' }] };
    expect(toDefinition(toModel(ref))).toEqual(ref);
  });

  it('keeps a next that names no step, so the server can say so', () => {
    const broken: Definition = { name: 'B', trigger: { type: 'first_message' }, steps: [{ id: 'a', type: 'say', text: 'x', next: 'nowhere' }] };
    const m = toModel(broken);
    expect(m.steps[0].next).toBe('@nowhere');
    expect(toDefinition(m)).toEqual(broken);
    expect(checkLocally(m)).toContainEqual({ step: 'a', field: 'next', message: 'No step has the id “nowhere”.' });
  });

  it('references follow a step whose id is edited', () => {
    const m = toModel(stylist);
    const closed = m.steps.find((s) => s.id == 'closed')!;
    const renamed = updateStep(m, closed.key, { id: 'after-hours' });
    const def = toDefinition(renamed);
    expect(def.steps.find((s) => s.id == 'route')!.branches).toContainEqual({ when: { subject: 'business_hours', op: 'is_closed' }, next: 'after-hours' });
  });

  it('the flow name comes from the flow when given, and numbers typed as text are sent as typed', () => {
    const m = toModel({ steps: [] }, 'Welcome');
    expect(toDefinition(m).name).toBe('Welcome');
    const typed = { ...m, timeout: '10 min' };
    expect(toDefinition(typed).timeout_seconds).toBe('10 min');
    expect(checkLocally(typed)).toContainEqual({ field: 'timeout_seconds', message: 'The timeout must be a whole number of seconds.' });
  });
});

describe('editing steps', () => {
  it('generates readable, unique ids', () => {
    let m = toModel({ name: 'W', steps: [] });
    m = addStep(m, 'say');
    m = addStep(m, 'ask');
    expect(m.steps.map((s) => s.id)).toEqual(['say-1', 'ask-2']);
    m = updateStep(m, m.steps[0].key, { id: 'ask-3' });
    m = addStep(m, 'ask');
    expect(m.steps[2].id).toBe('ask-4');
    expect(newStepId(m, 'say')).toBe('say-4');
    for (let i = 0; i < 30; i++) m = addStep(m, ['say', 'ask', 'wait'][i % 3], i % 4);
    expect(new Set(m.steps.map((s) => s.id)).size).toBe(m.steps.length);
    expect(new Set(m.steps.map((s) => s.key)).size).toBe(m.steps.length);
  });

  it('removing a step clears the references to it and says which', () => {
    const m = toModel(stylist);
    const handoff = m.steps.find((s) => s.id == 'handoff')!;
    const { model, cleared } = removeStep(m, handoff.key);
    expect(model.steps.map((s) => s.id)).not.toContain('handoff');
    expect(cleared).toEqual([
      { step: 'route', field: 'default' },
      { step: 'route', field: 'branches[2].next' },
      { step: 'assign', field: 'next' },
      { step: 'closed', field: 'next' },
    ]);
    const def = toDefinition(model);
    expect(JSON.stringify(def)).not.toContain('"handoff"');
    expect(def.steps.find((s) => s.id == 'closed')!.next).toBeUndefined();
    const problems = checkLocally(model);
    expect(problems).toContainEqual({ step: 'route', field: 'default', message: 'Choose where to go when no condition holds.' });
    expect(problems).toContainEqual({ step: 'route', field: 'branches[2].next', message: 'Choose the step of condition 3.' });
    expect(problems.some((p) => p.message.includes('No step has the id'))).toBe(false);
  });

  it('moving a step keeps references on the step, not its place', () => {
    const m = toModel(stylist);
    const closed = m.steps.find((s) => s.id == 'closed')!;
    const moved = moveStep(moveStep(m, closed.key, -1), closed.key, -1);
    expect(moved.steps.map((s) => s.id).slice(5, 9)).toEqual(['vip', 'closed', 'pause', 'assign']);
    const def = toDefinition(moved);
    expect(def.steps.find((s) => s.id == 'route')!.branches).toEqual((stylist.steps[4] as any).branches);
    expect(def.steps.find((s) => s.id == 'closed')!.next).toBe('handoff');
    expect(moveStep(m, m.steps[0].key, -1)).toBe(m);
    expect(moveStep(m, m.steps[m.steps.length - 1].key, 1)).toBe(m);
  });

  it('changing the type renames a generated id and fills the new type’s defaults', () => {
    let m = addStep(toModel({ name: 'W', steps: [] }), 'say');
    m = changeType(m, m.steps[0].key, 'ask');
    expect(m.steps[0]).toMatchObject({ id: 'ask-1', type: 'ask', input: 'text', save_to: 'contact' });
    m = updateStep(m, m.steps[0].key, { id: 'mine' });
    m = changeType(m, m.steps[0].key, 'say');
    expect(m.steps[0].id).toBe('mine');
    expect(toDefinition(m).steps[0]).toEqual({ id: 'mine', type: 'say' });
  });

  it('refId names the step a reference points at now', () => {
    const m = toModel(stylist);
    expect(refId(m, m.steps[0].key)).toBe('greet');
    expect(refId(m, '@gone')).toBe('gone');
    expect(refId(m, '')).toBe('');
  });
});

describe('checks and problems', () => {
  it('the browser’s checks find an ask without a variable and a choice ask without choices', () => {
    let m = toModel({ name: 'Welcome', trigger: { type: 'conversation_started' }, steps: [] });
    m = addStep(addStep(m, 'say'), 'ask');
    m = updateStep(m, m.steps[0].key, { text: 'Hi!' });
    m = updateStep(m, m.steps[1].key, { text: 'Your email?', input: 'email' });
    expect(checkLocally(m)).toEqual([{ step: 'ask-2', field: 'variable', message: 'Name the variable the answer is saved in.' }]);
    m = updateStep(m, m.steps[1].key, { variable: 'email', input: 'choice' });
    expect(checkLocally(m)).toEqual([{ step: 'ask-2', field: 'choices', message: 'Add the choices (1–10).' }]);
    expect(checkLocally(toModel(stylist))).toEqual([]);
  });

  it('the browser’s checks find duplicate and malformed ids, and empty required fields', () => {
    let m = addStep(addStep(addStep(toModel({ name: 'X', steps: [] }), 'wait'), 'wait'), 'assign');
    m = updateStep(m, m.steps[1].key, { id: m.steps[0].id, seconds: '0' });
    m = updateStep(m, m.steps[2].key, { id: 'bad id' });
    const fields = checkLocally(m).map((p) => `${p.step}:${p.field}`);
    expect(fields).toEqual(['wait-1:seconds', 'wait-1:id', 'wait-1:seconds', 'bad id:id', 'bad id:agent_id']);
  });

  it('maps problems to the step they name; others (or of an unknown step) go to the flow', () => {
    const m = toModel(stylist);
    const mapped = mapProblems(m, [
      { step: 'email', field: 'variable', message: 'An ask needs a variable.' },
      { step: 'route', field: 'branches[1].next', message: 'No such step.' },
      { field: 'trigger.url_pattern', message: 'Missing.' },
      { step: 'ghost', message: 'Unknown step.' },
    ]);
    const key = (id: string) => m.steps.find((s) => s.id == id)!.key;
    expect(mapped.byStep[key('email')]).toEqual([{ step: 'email', field: 'variable', message: 'An ask needs a variable.' }]);
    expect(problemsAt(mapped.byStep[key('route')], 'branches', '1')).toHaveLength(1);
    expect(problemsAt(mapped.byStep[key('route')], 'branches', '0')).toHaveLength(0);
    expect(mapped.flow.map((p) => p.message)).toEqual(['Missing.', 'Unknown step.']);
  });

  it('focuses the most precise control first', () => {
    const m = toModel(stylist);
    const k = m.steps.find((s) => s.id == 'style')!.key;
    expect(focusTargets(m, { step: 'style', field: 'choices[0].label', message: '' })).toEqual([
      `fe-${k}-choices-0-label`, `fe-${k}-choices-0`, `fe-${k}-choices`, `fe-${k}`,
    ]);
    expect(focusTargets(m, { field: 'trigger.url_pattern', message: '' })).toEqual(['fe-flow-trigger-url_pattern', 'fe-flow-trigger', 'fe-flow']);
    expect(focusTargets(m, { step: 'nope', message: '' })).toEqual(['fe-flow']);
  });

  it('the server’s problems win; a browser check shows only where the server said nothing', () => {
    const server = [{ step: 'ask-2', field: 'variable', message: 'An ask without a variable.' }];
    const local = [
      { step: 'ask-2', field: 'variable', message: 'Name the variable the answer is saved in.' },
      { step: 'wait-3', field: 'seconds', message: 'Wait 1 to 86,400 seconds.' },
    ];
    expect(mergeProblems(server, local)).toEqual([server[0], local[1]]);
  });
});

describe('the order of flows', () => {
  const flow = (id: string, position: number): Flow => ({ id, name: id, position, enabled: true });
  it('swaps the positions of two neighbours', () => {
    expect(reorder([flow('a', 0), flow('b', 1), flow('c', 2)], 1, 0)).toEqual([{ id: 'b', position: 0 }, { id: 'a', position: 1 }]);
    expect(reorder([flow('a', 0)], 0, 1)).toEqual([]);
  });
  it('numbers them all when positions tie', () => {
    expect(reorder([flow('a', 0), flow('b', 0), flow('c', 0)], 2, 1)).toEqual([{ id: 'c', position: 1 }, { id: 'b', position: 2 }]);
  });
});
