import { describe, expect, it } from 'vitest';
import { checkLocally, toDefinition, toModel } from './flowModel';
import { kbFigures } from './FlowStats';

describe('the answer step in the flow editor', () => {
  const def = {
    name: 'Help',
    trigger: { type: 'conversation_started' },
    steps: [
      { id: 'kb', type: 'answer', text: 'What can I help you with?', max_articles: 2, helped: 'Better now?', next: 'bye' },
      { id: 'bye', type: 'resolve', text: 'Glad it helped!' },
    ],
  };

  it('round-trips its fields, those without a column of their own included', () => {
    expect(toDefinition(toModel(def))).toEqual(def);
  });

  it('asks for the question text', () => {
    const m = toModel({ ...def, steps: [{ id: 'kb', type: 'answer' }] });
    expect(checkLocally(m)).toContainEqual({ step: 'kb', field: 'text', message: 'Write the text to send.' });
  });

  it('shows what answer steps did', () => {
    expect(kbFigures(undefined)).toBe('—');
    expect(kbFigures({ handoff: 3 })).toBe('—');
    expect(kbFigures({ kb_answered: 4, kb_not_helpful: 1, kb_no_match: 2 })).toBe('4 answered, 3 handed off (1 not helpful, 2 no match)');
  });
});
