import type { Chip, Rich } from './content';

/**
 * A message's rich content, read-only (content.ts): chips the agent cannot tap, links that open in a
 * new tab, compact cards, hints, and a flow's summary as a table of answers. Text nodes only.
 */
export function RichContent({ rich, flowName }: { rich: Rich; flowName?: string }) {
  const s = rich.summary;
  return (
    <div class="rich" data-testid="rich-content">
      {rich.quickReplies.length > 0 && <Chips chips={rich.quickReplies} label="Quick replies offered" testid="quick-replies" />}
      {rich.buttons.length > 0 && <Chips chips={rich.buttons} label="Buttons offered" testid="buttons" />}
      {rich.cards.length > 0 && (
        <ul class="cards" aria-label="Cards offered" data-testid="cards">
          {rich.cards.map((card, i) => (
            <li key={i} class="card">
              {card.image && <img referrerpolicy="no-referrer" loading="lazy" alt="" width={40} height={40} src={card.image} />}
              <span class="card-body">
                <strong>{card.title}</strong>
                {card.subtitle && <span class="muted"> {card.subtitle}</span>}
                {card.buttons.length > 0 && <Chips chips={card.buttons} label={'Buttons of ' + card.title} />}
              </span>
            </li>
          ))}
        </ul>
      )}
      {rich.input && (
        <p class="hint" data-testid="input-hint">
          {rich.input}
        </p>
      )}
      {rich.tapped && (
        <p class="hint" data-testid="payload-hint">
          {rich.tapped}
        </p>
      )}
      {s && (
        <table class="summary" data-testid="flow-summary" data-flow-id={s.flowId}>
          <caption>
            Answers collected{flowName ? ` by ${flowName}` : ''}
            {s.version != null ? ` (version ${s.version})` : ''}
          </caption>
          <tbody>
            {s.answers.length ? (
              s.answers.map(([k, v]) => (
                <tr key={k}>
                  <th scope="row">{k}</th>
                  <td>{v}</td>
                </tr>
              ))
            ) : (
              <tr>
                <td colSpan={2} class="muted">
                  No answers.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Chips({ chips, label, testid }: { chips: Chip[]; label: string; testid?: string }) {
  return (
    <ul class="chips" aria-label={label} data-testid={testid}>
      {chips.map((c, i) => (
        <li key={i}>
          {c.url ? (
            <a class="chip link" href={c.url} target="_blank" rel="noopener noreferrer" title={c.url}>
              {c.label} ↗
            </a>
          ) : (
            <span class="chip">{c.label}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
