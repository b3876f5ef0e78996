/**
 * Composer helpers: the "/" canned-response trigger and "@" mentions in private notes.
 * A mention is inserted as "@Name" and remembered with the agent id, so names with spaces work;
 * the ids sent are those whose "@Name" is still in the text.
 */

import type { Agent } from './types';

export type Trigger = { kind: '/' | '@'; query: string; start: number; end: number };

/**
 * The trigger being typed at the caret: "/" at the very start of the text (a canned response), or
 * "@" at the start or after whitespace (a mention, notes only). The query runs to the caret.
 */
export function triggerAt(text: string, caret: number, note: boolean): Trigger | null {
  const before = text.slice(0, caret);
  const slash = /^\/([\w-]{0,32})$/.exec(before);
  if (slash) return { kind: '/', query: slash[1], start: 0, end: caret };
  if (!note) return null;
  const at = /(^|\s)@([^\s@]{0,40})$/.exec(before);
  if (at) return { kind: '@', query: at[2], start: caret - at[2].length - 1, end: caret };
  return null;
}

/** Replaces the trigger with `insert` and returns the new text and caret. */
export function applyTrigger(text: string, t: Trigger, insert: string): { text: string; caret: number } {
  const out = text.slice(0, t.start) + insert + text.slice(t.end);
  return { text: out, caret: t.start + insert.length };
}

/** Agents matching a mention query by name or email, active ones only, best first. */
export function suggestAgents(agents: Agent[], query: string, limit = 6): Agent[] {
  const q = query.toLowerCase();
  return agents
    .filter((a) => a.active !== false && (a.name.toLowerCase().includes(q) || a.email.toLowerCase().startsWith(q)))
    .sort((a, b) => +!a.name.toLowerCase().startsWith(q) - +!b.name.toLowerCase().startsWith(q) || a.name.localeCompare(b.name))
    .slice(0, limit);
}

/** The agent ids mentioned in `text`: each picked agent whose "@Name" is still present (at most 20). */
export function mentionIds(text: string, picked: Record<string, string>): string[] {
  const ids: string[] = [];
  for (const [id, name] of Object.entries(picked)) {
    const token = '@' + name;
    let i = text.indexOf(token);
    while (i >= 0) {
      const before = i == 0 ? ' ' : text[i - 1];
      const after = text[i + token.length] ?? ' ';
      if (/\s/.test(before) && !/[\w-]/.test(after)) {
        ids.push(id);
        break;
      }
      i = text.indexOf(token, i + 1);
    }
  }
  return ids.slice(0, 20);
}

/** Whether a message mentions an agent (message content `{mentions: [...]}`). */
export function mentions(content: unknown, agentId: string): boolean {
  const list = (content as { mentions?: unknown })?.mentions;
  return Array.isArray(list) && list.includes(agentId);
}
