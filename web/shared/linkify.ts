/**
 * Splits message text into plain-text and link segments. The caller renders every segment as
 * text (never HTML); only http, https and mailto addresses become links, and only after the URL
 * parser agrees, so `javascript:`, `data:` and friends always stay text.
 */

export type Segment = { text: string; href?: string };

const CANDIDATE = /\b(?:https?:\/\/|mailto:)[^\s<>"'`]+/gi;
const TRAILING = /[.,;:!?*_~'"’”)\]}>]+$/;
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

/** Drops sentence punctuation after a URL, but keeps a closing parenthesis that has its opening one. */
function trimTrailing(url: string): string {
  let out = url.replace(TRAILING, '');
  const tail = url.slice(out.length);
  for (const ch of tail) {
    if (ch == ')' && count(out + ch, '(') >= count(out + ch, ')')) out += ch;
    else break;
  }
  return out;
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}

function decodeMailbox(path: string): string {
  try {
    return decodeURIComponent(path.split('?')[0]);
  } catch {
    return '';
  }
}
