/**
 * Rich message content (docs/bots.md): quick replies, buttons, cards and the answer a bot asks for.
 * Everything here is untrusted whoever sent it: this module keeps only well-formed parts (texts as
 * strings, links http/https only, images https only) and the components render what is left as text.
 * Shared by the widget and /me; pure, no DOM.
 */

export type QuickReply = { label: string; payload: string };
/** A postback button (sends like a quick reply) or a link button (opens `url` in a new tab). */
export type RichButton = { label: string; payload?: string; url?: string };
export type Card = { title: string; subtitle?: string; image_url?: string; buttons?: RichButton[] };
export type InputType = 'text' | 'email' | 'phone' | 'number' | 'date';
export type InputSpec = { type: InputType; placeholder?: string };
export type RichContent = {
  quick_replies?: QuickReply[];
  buttons?: RichButton[];
  cards?: Card[];
  input?: InputSpec;
  /** On a visitor's message: the payload of the quick reply or button they tapped. */
  payload?: string;
};

/** The payload of "Talk to a person": the flow hands the thread to the humans. */
export const HUMAN_PAYLOAD = 'parley:human';

const INPUT_TYPES: readonly string[] = ['text', 'email', 'phone', 'number', 'date'];

/** A non-blank string, cut to `max` characters; otherwise undefined. */
function str(value: unknown, max: number): string | undefined {
  return typeof value == 'string' && value.trim() ? value.slice(0, max) : undefined;
}

const list = (value: unknown, max: number): unknown[] => (Array.isArray(value) ? value.slice(0, max) : []);

/** The normalised URL when it is an absolute http or https URL with a host; otherwise null. */
export function safeUrl(url: unknown): string | null {
  if (typeof url != 'string' || url.length > 2000) return null;
  try {
    const parsed = new URL(url);
    return (parsed.protocol == 'https:' || parsed.protocol == 'http:') && parsed.hostname ? parsed.href : null;
  } catch {
    return null;
  }
}

/** A card image loads only from https (no mixed content, no other schemes). */
export function safeImage(url: unknown): string | null {
  const safe = safeUrl(url);
  return safe && safe.startsWith('https:') ? safe : null;
}

function button(value: unknown): RichButton | null {
  const b = value as Record<string, unknown> | null;
  const label = str(b?.label, 40);
  if (!b || !label) return null;
  const payload = str(b.payload, 200);
  if (payload) return { label, payload };
  const url = safeUrl(b.url);
  return url ? { label, url } : null;
}

const buttons = (value: unknown, max: number) => list(value, max).map(button).filter((b): b is RichButton => !!b);

/**
 * The parts of `content` a client may show, each checked and within the contract's limits; parts
 * that are malformed are left out (a link that is not http/https, an image that is not https).
 */
export function sanitizeContent(content: unknown): RichContent {
  const c = content && typeof content == 'object' ? (content as Record<string, unknown>) : {};
  const out: RichContent = {};
  const replies = list(c.quick_replies, 10)
    .map((q: any) => ({ label: str(q?.label, 40), payload: str(q?.payload, 200) }))
    .filter((q): q is QuickReply => !!q.label && !!q.payload);
  if (replies.length) out.quick_replies = replies;
  const b = buttons(c.buttons, 5);
  if (b.length) out.buttons = b;
  const cards = list(c.cards, 10)
    .map((card: any): Card | null => {
      const title = str(card?.title, 80);
      if (!title) return null;
      const subtitle = str(card.subtitle, 200);
      const image_url = safeImage(card.image_url) || undefined;
      const cb = buttons(card.buttons, 3);
      return { title, ...(subtitle && { subtitle }), ...(image_url && { image_url }), ...(cb.length && { buttons: cb }) };
    })
    .filter((card): card is Card => !!card);
  if (cards.length) out.cards = cards;
  const input = c.input as Record<string, unknown> | undefined;
  if (input && typeof input.type == 'string' && INPUT_TYPES.includes(input.type)) {
    const placeholder = str(input.placeholder, 60);
    out.input = { type: input.type as InputType, ...(placeholder && { placeholder }) };
  }
  return out;
}

/** What the message box becomes for an answer of this type: the keyboard phones show, and autofill. */
export function inputAttributes(type: InputType | undefined): { type: string; inputMode?: string; autoComplete?: string } {
  switch (type) {
    case 'email':
      return { type: 'email', inputMode: 'email', autoComplete: 'email' };
    case 'phone':
      return { type: 'tel', inputMode: 'tel', autoComplete: 'tel' };
    case 'number':
      return { type: 'text', inputMode: 'decimal', autoComplete: 'off' };
    case 'date':
      return { type: 'date' };
    default:
      return { type: 'text' };
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks an answer of the type a bot asked for. Returns the text to send (trimmed; a number with a
 * decimal comma as a point; a date as YYYY-MM-DD), or null when it is not valid.
 */
export function validateInput(type: InputType | undefined, raw: string): string | null {
  const value = raw.trim();
  if (!value) return null;
  switch (type) {
    case 'email':
      return value.length <= 254 && EMAIL.test(value) ? value : null;
    case 'phone': {
      // Digits with the usual separators, an optional leading +; 6 to 15 digits (E.164's maximum).
      if (!/^\+?[\d\s().\-/]+$/.test(value)) return null;
      const digits = value.replace(/\D/g, '').length;
      return digits >= 6 && digits <= 15 ? value : null;
    }
    case 'number': {
      const n = value.replace(/\s/g, '').replace(',', '.');
      return /^[+-]?(\d+(\.\d+)?|\.\d+)$/.test(n) && Number.isFinite(Number(n)) ? n : null;
    }
    case 'date': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!m) return null;
      const [y, mo, d] = [+m[1], +m[2], +m[3]];
      const date = new Date(Date.UTC(y, mo - 1, d));
      return date.getUTCFullYear() == y && date.getUTCMonth() == mo - 1 && date.getUTCDate() == d ? value : null;
    }
    default:
      return value;
  }
}

/** `*` matches any run of characters (none included); everything else is literal; the whole text must match. */
export function wildcardMatch(pattern: string, text: string): boolean {
  const parts = pattern.split('*');
  if (parts.length == 1) return pattern == text;
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!text.startsWith(first) || text.length < first.length + last.length || !text.endsWith(last)) return false;
  // Greedy-free scan: each middle part at its earliest place after the previous one (linear, no regex).
  let at = first.length;
  const end = text.length - last.length;
  for (const part of parts.slice(1, -1)) {
    const i = text.indexOf(part, at);
    if (i < 0 || i + part.length > end) return false;
    at = i + part.length;
  }
  return true;
}

/** A page flow's pattern holds for the page when it matches the whole URL or the path. */
export function pageMatches(pattern: string, url: string): boolean {
  if (typeof pattern != 'string' || !pattern) return false;
  let path = '';
  try {
    path = new URL(url).pathname;
  } catch {}
  return wildcardMatch(pattern, url) || (!!path && wildcardMatch(pattern, path));
}

type Said = { sender: { type: string }; content?: unknown };

/** The newest message when it is from the team (an agent or a bot), not the visitor. */
function newestFromTeam<M extends Said>(messages: readonly M[]): M | undefined {
  const last = messages[messages.length - 1];
  return last && (last.sender.type == 'agent' || last.sender.type == 'bot') ? last : undefined;
}

/** Quick replies show under the newest message only, and only when it is not the visitor's own. */
export function visibleQuickReplies(messages: readonly Said[]): QuickReply[] {
  return sanitizeContent(newestFromTeam(messages)?.content).quick_replies || [];
}

/** The answer the newest message (from a bot or an agent) asks for, if any: the message box follows it. */
export function requestedInput(messages: readonly Said[]): InputSpec | undefined {
  return sanitizeContent(newestFromTeam(messages)?.content).input;
}

type Owned = { status: string; owner?: { type?: string } | null };

/**
 * "Talk to a person" shows while a flow owns the visitor's open conversation, except right after
 * the visitor asked (their newest message is that request: the handover is on its way).
 */
export function canAskForHuman(conversation: Owned | undefined, messages: readonly Said[]): boolean {
  if (!conversation || conversation.status == 'resolved' || conversation.owner?.type != 'flow') return false;
  const last = messages[messages.length - 1];
  const c = last?.content as RichContent | null | undefined;
  return !(last?.sender.type == 'contact' && c?.payload == HUMAN_PAYLOAD);
}
