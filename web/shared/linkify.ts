/**
 * Splits message text into plain-text and link segments. The caller renders every segment as
 * text (never HTML); only http, https and mailto addresses become links, and only after the URL
 * parser agrees, so `javascript:`, `data:` and friends always stay text.
 */

export type Segment = { text: string; href?: string };

const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
/** Sentence punctuation that may follow a URL without being part of it. */
const TRAILING = new Set('.,;:!?*_~\'"’”)]}>');
const ALLOWED = ['http:', 'https:', 'mailto:'];

/** The normalised href when `url` is an absolute http, https or mailto URL; otherwise null. */
export function safeHref(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (!ALLOWED.includes(parsed.protocol)) return null;
  if (parsed.protocol != 'mailto:' && !parsed.hostname) return null;
  if (parsed.protocol == 'mailto:' && !/^[^@\s]+@[^@\s]+$/.test(decodeMailbox(parsed.pathname))) return null;
  return parsed.href;
}

export function linkify(text: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index ?? 0;
    const raw = trimTrailing(match[0]);
    const href = safeHref(raw);
    if (!href) continue;
    if (start > last) segments.push({ text: text.slice(last, start) });
    segments.push({ text: raw, href });
    last = start + raw.length;
  }
  if (last < text.length) segments.push({ text: text.slice(last) });
  return segments;
}

/**
 * Drops sentence punctuation after a URL, but keeps a closing parenthesis that has its opening one. One pass
 * from the end and one count: linear, whatever the run of punctuation (a regex and a recount per character
 * took 3.3 s on 20,000 characters of parentheses; linkify.fuzz.test.ts finds such inputs).
 */
function trimTrailing(url: string): string {
  let end = url.length;
  while (end > 0 && TRAILING.has(url[end - 1])) end--;
  let open = 0;
  let close = 0;
  for (let i = 0; i < end; i++) {
    if (url[i] == '(') open++;
    else if (url[i] == ')') close++;
  }
  while (end < url.length && url[end] == ')' && open > close) {
    close++;
    end++;
  }
  return url.slice(0, end);
}

function decodeMailbox(path: string): string {
  try {
    return decodeURIComponent(path.split('?')[0]);
  } catch {
    return '';
  }
}
