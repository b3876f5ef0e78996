// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type Model, toDefinition, toModel } from './flowModel';
import { FlowSteps } from './FlowSteps';

describe('the answer step card', () => {
  let root: HTMLElement;
  afterEach(() => root?.remove());

  function mount(model: Model) {
    root = document.createElement('div');
    document.body.append(root);
    const seen: Model[] = [];
    const draw = (m: Model) => render(<FlowSteps model={m} setModel={(next) => (seen.push(next), draw(next))} problems={{}} agents={[]} onNote={() => {}} />, root);
    act(() => draw(model));
    return seen;
  }

  const type = (el: HTMLInputElement, value: string) =>
    act(() => {
      el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });

  it('edits the number of articles and the texts, and says what an empty "Then" does', () => {
    const model = toModel({ trigger: { type: 'conversation_started' }, steps: [{ id: 'kb', type: 'answer', text: 'Ask away' }] }, 'Help');
    const seen = mount(model);
    const card = root.querySelector('[data-step-type=answer]')!;
    expect(card.querySelector('h3')!.textContent).toContain('Answer from the knowledge base');
    expect((card.querySelector('[data-field=text]') as HTMLTextAreaElement).value).toBe('Ask away');
    expect(card.querySelector('select[id$=-next]')!.textContent).toContain('Resolve the conversation (answered)');

    type(card.querySelector('[data-field=max_articles]') as HTMLInputElement, '2');
    type(card.querySelector('[data-field=helped]') as HTMLInputElement, 'Better now?');
    type(card.querySelector('[data-field=no_match]') as HTMLInputElement, 'Nothing found; a person will help.');
    const step = toDefinition(seen[seen.length - 1]).steps[0];
    expect(step).toEqual({ id: 'kb', type: 'answer', text: 'Ask away', max_articles: 2, helped: 'Better now?', no_match: 'Nothing found; a person will help.' });

    type(root.querySelector('[data-field=helped]') as HTMLInputElement, '');
    expect(toDefinition(seen[seen.length - 1]).steps[0]).not.toHaveProperty('helped');
  });
});
