// @vitest-environment happy-dom
import axe from 'axe-core';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FlowEditor } from './FlowEditor';
import type { Definition, Flow } from './flows';

/** An in-memory twin of the flows routes of docs/bots.md, enough to drive the page. */
function fakeServer() {
  const flows: (Flow & { draft: Definition })[] = [];
  const calls: { method: string; path: string; body: any }[] = [];
  const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
  const problems = (d: Definition) =>
    d.steps.flatMap((s) => (s.type == 'ask' && !s.variable ? [{ step: s.id, field: 'variable', message: 'An ask step needs a variable.' }] : []));
  function simulate(d: Definition, answers: { text: string }[]) {
    const transcript: any[] = [];
    const contact: Record<string, string> = {};
    const left = [...answers];
    for (const s of d.steps) {
      if (s.type == 'say') transcript.push({ from: 'bot', text: s.text });
      if (s.type == 'ask') {
        transcript.push({ from: 'bot', text: s.text, content: { input: { type: s.input } } });
        for (;;) {
          const a = left.shift();
          if (!a) return { transcript, attributes: { contact, conversation: {} }, outcome: 'waiting', step: s.id };
          transcript.push({ from: 'visitor', text: a.text });
          if (s.input != 'email' || /^[^@\s]+@[^@\s]+\.[a-z]+$/.test(a.text)) {
            contact[s.variable as string] = a.text;
            break;
          }
          transcript.push({ from: 'bot', text: s.reask || 'Sorry, I didn’t get that.' });
          transcript.push({ from: 'bot', text: s.text, content: { input: { type: s.input } } });
        }
      }
    }
    return { transcript, attributes: { contact, conversation: {} }, outcome: 'handed_off', reason: 'flow_ended' };
  }
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    const path = url.replace('/api/v1/', '');
    const body = init.body ? JSON.parse(String(init.body)) : undefined;
    calls.push({ method, path, body });
    const byId = (id: string) => flows.find((f) => f.id == id)!;
    let m: RegExpMatchArray | null;
    if (path == 'agents') return json(200, { agents: [{ id: 'a1', name: 'Ana', email: 'ana@x', role: 'owner', active: true }] });
    if (path == 'flows' && method == 'GET') return json(200, { flows });
    if (path == 'flows' && method == 'POST') {
      const f = { id: 'f' + (flows.length + 1), name: body.name, position: flows.length, enabled: false, draft: body.definition, updated_at: 0 };
      flows.push(f);
      return json(201, f);
    }
    if (path == 'flows/validate') return json(200, { problems: problems(body.definition) });
    if (path == 'flows/simulate') return json(200, simulate(body.definition, body.answers));
    if ((m = path.match(/^flows\/(\w+)\/publish$/))) {
      const f = byId(m[1]);
      if (problems(f.draft).length) return json(422, { error: { code: 'invalid_flow' }, problems: problems(f.draft) });
      f.published_version = (f.published_version ?? 0) + 1;
      return json(201, { version: f.published_version });
    }
    if ((m = path.match(/^flows\/(\w+)\/stats$/))) return json(200, { versions: [{ version: 1, started: 3, resolved: 1, handed_off: 1, dropped: 1, running: 0, dropped_at: { 'ask-2': 1 }, median_ms_to_handoff: 65000 }] });
    if ((m = path.match(/^flows\/(\w+)$/))) {
      const f = byId(m[1]);
      if (method == 'PATCH') Object.assign(f, body.definition ? { draft: body.definition } : {}, body.name ? { name: body.name } : {}, 'enabled' in body ? { enabled: body.enabled } : {});
      return json(200, f);
    }
    return json(404, { error: { code: 'not_found' } });
  });
  return { flows, calls, fetch };
}

let root: HTMLElement;
let server: ReturnType<typeof fakeServer>;
const settle = async () => {
  for (let i = 0; i < 6; i++) await act(() => new Promise((r) => setTimeout(r, 0)));
};
const $ = <T extends Element = HTMLElement>(css: string, within: ParentNode = root) => {
  const el = within.querySelector<T>(css);
  if (!el) throw new Error('missing ' + css);
  return el;
};
const $$ = (css: string, within: ParentNode = root) => [...within.querySelectorAll<HTMLElement>(css)];
async function type(el: Element, value: string) {
  (el as HTMLInputElement).value = value;
  el.dispatchEvent(new Event('input', { bubbles: true }));
  await settle();
}
async function pick(el: Element, value: string) {
  (el as HTMLSelectElement).value = value;
  el.dispatchEvent(new Event('change', { bubbles: true }));
  await settle();
}
async function click(el: Element) {
  (el as HTMLElement).click();
  await settle();
}
const step = (id: string) => $(`[data-testid=flow-step][data-step-id='${id}']`);
const field = (id: string, label: string) => {
  const l = $$('label', step(id)).find((x) => x.textContent?.trim() == label);
  if (!l) throw new Error(`no field “${label}” in ${id}`);
  return $(`#${l.getAttribute('for')}`);
};

beforeEach(async () => {
  server = fakeServer();
  vi.stubGlobal('fetch', server.fetch);
  vi.stubGlobal('confirm', () => true);
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<FlowEditor />, root));
  await settle();
});
afterEach(() => {
  render(null, root);
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
});

describe('the Bots settings page', () => {
  it('creates a flow, shows the validation problem at its step, previews it and publishes it', async () => {
    expect($('[data-testid=flow-list-empty]').textContent).toBe('No flows yet.');
    await type($('[data-testid=flow-new-name]'), 'Welcome');
    $('[data-testid=flow-new-form]').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect($('[data-testid=flow-editor]').getAttribute('data-flow-id')).toBe('f1');
    expect(server.calls.find((c) => c.method == 'POST' && c.path == 'flows')!.body).toEqual({
      name: 'Welcome', definition: { name: 'Welcome', trigger: { type: 'conversation_started' }, steps: [] },
    });

    await click($('[data-testid=step-add]'));
    await type(field('say-1', 'Message'), 'Hi! Welcome to the shop.');
    await pick($('[data-testid=step-add-type]'), 'ask');
    await click($('[data-testid=step-add]'));
    expect(document.activeElement?.id).toBe(step('ask-2').id + '-id');
    await type(field('ask-2', 'Question'), 'Your email?');
    await pick(field('ask-2', 'Answer type'), 'email');
    expect($('[data-testid=flow-dirty]').textContent).toBe('Unsaved changes');

    await click($('[data-testid=flow-validate]'));
    const problem = $('[data-testid=step-problem][data-field=variable]', step('ask-2'));
    expect(problem.textContent).toBe('An ask step needs a variable.');
    expect(field('ask-2', 'Save the answer as').getAttribute('aria-invalid')).toBe('true');
    expect(field('ask-2', 'Save the answer as').getAttribute('aria-describedby')).toBe(problem.parentElement!.id);
    expect($('[data-testid=flow-problems]').getAttribute('role')).toBe('alert');
    await click($('[data-testid=flow-problem]'));
    expect(document.activeElement).toBe(field('ask-2', 'Save the answer as'));
    expect($$('[data-testid=step-problem]', step('say-1'))).toHaveLength(0);

    await type(field('ask-2', 'Save the answer as'), 'email');
    await type(field('ask-2', 'When the answer is not valid, say'), 'That doesn’t look like an email address.');
    await click($('[data-testid=flow-validate]'));
    expect($$('[data-testid=flow-problems]')).toHaveLength(0);
    expect($('[data-testid=flow-message]').textContent).toBe('No problems found.');

    await click($('[data-testid=preview-restart]'));
    const bubbles = () => $$('[data-testid=preview-message]').map((b) => `${b.dataset.from}: ${b.textContent!.replace(/^(Bot|Visitor): /, '')}`);
    expect(bubbles()).toEqual(['bot: Hi! Welcome to the shop.', 'bot: Your email?']);
    expect($('[data-testid=preview-input]').getAttribute('inputmode')).toBe('email');
    await type($('[data-testid=preview-input]'), 'not an email');
    $('[data-testid=preview-input]').closest('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    expect(bubbles().slice(2)).toEqual(['visitor: not an email', 'bot: That doesn’t look like an email address.', 'bot: Your email?']);
    expect($('[data-testid=preview-outcome]').dataset.outcome).toBe('waiting');
    await type($('[data-testid=preview-input]'), 'ana@example.com');
    $('[data-testid=preview-input]').closest('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    await settle();
    const last = server.calls.filter((c) => c.path == 'flows/simulate').pop()!;
    expect(last.body.answers).toEqual([{ text: 'not an email' }, { text: 'ana@example.com' }]);
    expect($('[data-testid=preview-outcome]').dataset.outcome).toBe('handed_off');
    expect($('[data-testid=preview-contact]').textContent).toBe('emailana@example.com');
    expect(($('[data-testid=preview-input]') as HTMLInputElement).disabled).toBe(true);

    await click($('[data-testid=flow-publish]'));
    expect($('[data-testid=flow-message]').textContent).toBe('Version 1 published');
    expect(server.flows[0].draft.steps).toEqual([
      { id: 'say-1', type: 'say', text: 'Hi! Welcome to the shop.' },
      { id: 'ask-2', type: 'ask', text: 'Your email?', input: 'email', variable: 'email', save_to: 'contact', reask: 'That doesn’t look like an email address.' },
    ]);
    expect($$('[data-testid=flow-dirty]')).toHaveLength(0);
    expect($('[data-testid=flow-stats] tr[data-version="1"]').textContent).toContain('ask-2: 1');
    expect($('[data-testid=flow-stats] tr[data-version="1"]').textContent).toContain('1 min 05 s');
  });

  it('shows the publish problems of a 422', async () => {
    server.flows.push({ id: 'f9', name: 'Broken', position: 0, enabled: true, draft: { name: 'Broken', trigger: { type: 'first_message' }, steps: [{ id: 'q', type: 'ask', text: '?', input: 'text' }] } });
    act(() => render(null, root));
    act(() => render(<FlowEditor />, root));
    await settle();
    expect($('[data-testid=flow-list] tr[data-flow-id=f9]').textContent).toContain('On the first message');
    await click($('[data-testid=flow-open]'));
    await click($('[data-testid=flow-publish]'));
    expect($('[data-testid=flow-message]').textContent).toBe('Not published: fix the problems listed above.');
    expect($('[data-testid=step-problem][data-field=variable]', step('q')).textContent).toBe('An ask step needs a variable.');
  });

  it('renders the preview’s content as text and offers quick replies as chips', async () => {
    server.flows.push({ id: 'f1', name: 'Style', position: 0, enabled: true, draft: { name: 'Style', steps: [] } });
    const simulated = {
      transcript: [{ from: 'bot', text: '<img src=x onerror=alert(1)>Pick one', content: { quick_replies: [{ label: '<b>Classic</b>', payload: 'classic' }], buttons: [{ label: 'Chart', url: 'javascript:alert(1)' }] } }],
      attributes: { contact: {}, conversation: {} },
      outcome: 'waiting',
      step: 'style',
    };
    act(() => render(null, root));
    act(() => render(<FlowEditor />, root));
    await settle();
    await click($('[data-testid=flow-open]'));
    server.fetch.mockImplementationOnce(async () => new Response(JSON.stringify(simulated), { status: 200 }));
    await click($('[data-testid=preview-restart]'));
    expect($$('[data-testid=preview-transcript] img')).toHaveLength(0);
    expect($$('[data-testid=preview-transcript] a')).toHaveLength(0);
    expect($('[data-testid=preview-message]').textContent).toContain('<img src=x onerror=alert(1)>Pick one');
    server.fetch.mockImplementationOnce(async (_u: string, init?: RequestInit) => {
      expect(JSON.parse(String(init!.body)).answers).toEqual([{ text: '<b>Classic</b>', payload: 'classic' }]);
      return new Response(JSON.stringify({ ...simulated, outcome: 'resolved' }), { status: 200 });
    });
    await click($('[data-testid=preview-chip]'));
    expect($('[data-testid=preview-outcome]').dataset.outcome).toBe('resolved');
    expect($$('[data-testid=preview-chip]')).toHaveLength(0);
  });

  it('has no serious accessibility violations with every step type, problems and the preview on screen (axe, no layout)', async () => {
    server.flows.push({
      id: 'f1', name: 'All', position: 0, enabled: true, published_version: 1,
      draft: {
        name: 'All', trigger: { type: 'page', url_pattern: 'https://x/*' },
        steps: [
          { id: 's', type: 'say', text: 'Hi' },
          { id: 'a', type: 'ask', text: 'Style?', input: 'choice', display: 'buttons', choices: [{ label: 'A', value: 'a' }], variable: 'v', save_to: 'contact' },
          { id: 'n', type: 'ask', text: 'Age?', input: 'number', min: 1 },
          { id: 'b', type: 'branch', branches: [{ when: { subject: 'answer', name: 'v', op: 'equals', value: 'a' }, next: 's' }], default: 'h' },
          { id: 't', type: 'set', target: 'contact', name: 'x', value: 'y' },
          { id: 'w', type: 'wait', seconds: 5 },
          { id: 'g', type: 'assign', agent_id: 'a1' },
          { id: 'h', type: 'handoff' },
          { id: 'r', type: 'resolve', text: 'Bye' },
        ],
      },
    });
    act(() => render(null, root));
    act(() => render(<main><FlowEditor /></main>, root));
    await settle();
    let results = await axe.run(root, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => v.id)).toEqual([]);
    await click($('[data-testid=flow-open]'));
    await click($('[data-testid=flow-validate]'));
    expect($$('[data-testid=step-problem]').length).toBeGreaterThan(0);
    await click($('[data-testid=preview-restart]'));
    results = await axe.run(root, { resultTypes: ['violations'], rules: { 'color-contrast': { enabled: false } } });
    expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
  });
});
