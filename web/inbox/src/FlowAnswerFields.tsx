/**
 * The answer step's own fields (docs/kb.md): how many articles to offer and what the bot says around them. They are
 * kept in the step's `extra` (the form model's place for fields it has no column for), so they round-trip as typed.
 */
import type { Problem } from './flows';
import { Field, invalid } from './FlowFields';
import { problemsAt, type StepForm } from './flowModel';

const TEXTS: [string, string, string][] = [
  ['helped', 'Then ask', 'Empty: “Did this help?” (with Yes / No)'],
  ['no_match', 'When no article matches, say', 'Empty: “I couldn’t find an article on that; a person will help you.”'],
  ['not_helpful', 'When the visitor answers No, say', 'Empty: “Sorry about that; a person will help you.”'],
];

export function AnswerFields({ step: s, k, problems, set }: { step: StepForm; k: string; problems: Problem[]; set: (patch: Partial<StepForm>) => void }) {
  const put = (field: string, value: unknown) => {
    const extra = { ...s.extra };
    if (value === '' || value == null) delete extra[field];
    else extra[field] = value;
    set({ extra });
  };
  const maxId = `${k}-max_articles`;
  const maxProblems = problemsAt(problems, 'max_articles');
  const max = s.extra.max_articles;
  return (
    <>
      <Field id={maxId} label="Articles to offer" list={maxProblems} hint="1 to 5; empty: 3">
        <input
          id={maxId}
          data-field="max_articles"
          type="number"
          inputMode="numeric"
          min={1}
          max={5}
          value={max == null ? '' : String(max)}
          {...invalid(maxId, maxProblems)}
          onInput={(e) => {
            const v = e.currentTarget.value.trim();
            put('max_articles', v == '' ? '' : /^\d+$/.test(v) ? Number(v) : v);
          }}
        />
      </Field>
      {TEXTS.map(([field, label, hint]) => {
        const id = `${k}-${field}`;
        const list = problemsAt(problems, field);
        return (
          <Field key={field} id={id} label={label} list={list} hint={hint}>
            <input id={id} data-field={field} value={String(s.extra[field] ?? '')} {...invalid(id, list)} onInput={(e) => put(field, e.currentTarget.value)} />
          </Field>
        );
      })}
    </>
  );
}
