/** How a file is described to people: file cards, chips, thumbnails. Pure; shared by the widget, /me and the inbox. */

import type { Attachment } from './attachments';

/** "820 byte", "3.5 kB", "34 kB", "2.5 MB" ("2,5 Mo" in French): the reader's language, decimal units. */
export function formatSize(bytes: number, locale?: string): string {
  const [value, unit] = bytes < 1e3 ? [bytes, 'byte'] : bytes < 1e6 ? [bytes / 1e3, 'kilobyte'] : [bytes / 1e6, 'megabyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: value < 10 ? 1 : 0 }).format(value);
}

/** What a file card says of the type: the name's extension (PDF, DOCX), else the content type's subtype. */
export function typeLabel(a: Pick<Attachment, 'name' | 'content_type'>): string {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(a.name);
  return (ext ? ext[1] : a.content_type.split('/')[1] || '').toUpperCase();
}

/** The thumbnail box for an image: its own size, scaled down to fit `max` pixels. */
export function thumbSize(a: Pick<Attachment, 'width' | 'height'>, max = 320): { width?: number; height?: number } {
  if (!a.width || !a.height) return {};
  const scale = Math.min(1, max / Math.max(a.width, a.height));
  return { width: Math.round(a.width * scale), height: Math.round(a.height * scale) };
}
