/**
 * A message's rich `content` (docs/bots.md) reduced to what the inbox shows, read-only. Everything in
 * it is untrusted whoever sent it: only strings are kept, as text; links only when http or https,
 * images only when https. Pure, for tests; RichContent.tsx renders the result.
 */

import { safeImage, safeUrl } from '../../shared/rich';
import type { Message } from './types';

/** A quick reply or a button: `url` only when the button is a link the inbox may open. */
export type Chip = { label: string; url?: string };
export type Card = { title: string; subtitle?: string; image?: string; buttons: Chip[] };
export type Summary = { flowId: string; version?: number; answers: [string, string][] };

export type Rich = {
  quickReplies: Chip[];
  buttons: Chip[];
  cards: Card[];
  /** "asks for an email" */
  input?: string;
  /** A visitor's tap: "tapped: classic", or "asked for a person". */
  tapped?: string;
  summary?: Summary;
};

const str = (v: unknown): string | undefined => (typeof v == 'string' && v.trim() ? v : undefined);
const list = (v: unknown, max: number): unknown[] => (Array.isArray(v) ? v.slice(0, max) : []);

/** A link target a button may open: http or https only (the widget's rule, web/shared/rich.ts). */
export const linkUrl = (url: unknown) => safeUrl(url) ?? undefined;

/** A card image the inbox may load: https only. */
export const imageUrl = (url: unknown) => safeImage(url) ?? undefined;

function chips(v: unknown, max: number, links: boolean): Chip[] {
  const out: Chip[] = [];
  for (const x of list(v, max)) {
    const label = str((x as any)?.label);
    if (!label) continue;
    const url = links ? linkUrl((x as any).url) : undefined;
    out.push(url ? { label, url } : { label });
  }
  return out;
}

const INPUTS: Record<string, string> = {
  email: 'an email',
  phone: 'a phone number',
  number: 'a number',
  date: 'a date',
  text: 'a text answer',
};

/** "asks for an email"; an unknown type still asks for something. */
export function inputHint(input: unknown): string | undefined {
  if (!input || typeof input != 'object') return undefined;
  const type = (input as any).type;
  return 'asks for ' + (INPUTS[type] ?? 'an answer');
}

/** What a visitor's tap sent: the widget's "Talk to a person" sends `parley:human`. */
export function tappedHint(payload: unknown): string | undefined {
  const p = str(payload);
  if (!p) return undefined;
  return p == 'parley:human' ? 'asked for a person' : 'tapped: ' + p;
}

/** An answer of any JSON shape as one line of text. */
export function answerText(v: unknown): string {
  if (v == null) return '—';
  if (typeof v == 'string') return v;
  if (typeof v == 'number' || typeof v == 'boolean') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return '—';
  }
}

export function summaryOf(v: unknown): Summary | undefined {
  if (!v || typeof v != 'object') return undefined;
  const s = v as any;
  const answers = s.answers && typeof s.answers == 'object' && !Array.isArray(s.answers) ? Object.entries(s.answers) : [];
  return {
    flowId: typeof s.flow_id == 'string' ? s.flow_id : '',
    version: typeof s.version == 'number' ? s.version : undefined,
    answers: answers.slice(0, 100).map(([k, val]) => [k, answerText(val)]),
  };
}

/** What to show of a message's content beside its text, or null when nothing. */
export function richOf(m: Pick<Message, 'content' | 'sender'>): Rich | null {
  const c = m.content;
  if (!c || typeof c != 'object') return null;
  const rich: Rich = {
    quickReplies: chips(c.quick_replies, 10, false),
    buttons: chips(c.buttons, 5, true),
    cards: [],
  };
  for (const x of list(c.cards, 10)) {
    const title = str((x as any)?.title);
    if (!title) continue;
    const card: Card = { title, buttons: chips((x as any).buttons, 3, true) };
    const subtitle = str((x as any).subtitle);
    const image = imageUrl((x as any).image_url);
    if (subtitle) card.subtitle = subtitle;
    if (image) card.image = image;
    rich.cards.push(card);
  }
  const input = inputHint(c.input);
  if (input) rich.input = input;
  const tapped = m.sender.type == 'contact' ? tappedHint(c.payload) : undefined;
  if (tapped) rich.tapped = tapped;
  const summary = summaryOf(c.summary);
  if (summary) rich.summary = summary;
  const empty = !rich.quickReplies.length && !rich.buttons.length && !rich.cards.length && !input && !tapped && !summary;
  return empty ? null : rich;
}
