/** The files a message carries (issue 16), read from its untrusted `content`. Pure; shared by the widget, /me and the inbox. */

import { MAX_FILES, type Attachment } from './attachments';

const num = (v: unknown) => (typeof v == 'number' && v > 0 ? v : undefined);

/**
 * The attachments of a message's `content`, untrusted: only entries with a string id and name are
 * kept, the kind is 'image' or 'file', dimensions only when positive numbers.
 */
export function attachmentsOf(content: unknown): Attachment[] {
  const list = (content as { attachments?: unknown } | null)?.attachments;
  if (!Array.isArray(list)) return [];
  const out: Attachment[] = [];
  for (const x of list.slice(0, MAX_FILES)) {
    if (!x || typeof x.id != 'string' || typeof x.name != 'string') continue;
    out.push({
      id: x.id,
      name: x.name,
      content_type: typeof x.content_type == 'string' ? x.content_type : '',
      size: num(x.size) || 0,
      kind: x.kind == 'image' ? 'image' : 'file',
      width: num(x.width),
      height: num(x.height),
    });
  }
  return out;
}

/**
 * The text a message shows beside its attachments. A message sent with files only gets their names
 * as its text from the server (for lists, emails and search): shown under the files, that repeats
 * them, so such a text is hidden. Whatever else a text says (a caption) is kept whole.
 */
export function captionOf(text: string, attachments: Pick<Attachment, 'name'>[]): string {
  if (!attachments.length) return text;
  let rest = text;
  for (const a of attachments) rest = rest.split(a.name).join('');
  return /[\p{L}\p{N}]/u.test(rest) ? text : '';
}
