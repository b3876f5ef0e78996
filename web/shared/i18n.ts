/** Locale choice shared by the loader and the frame: `data-locale` first, then the browser's list. */

export const LOCALES = ['en', 'fr', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/** The first supported language among `wanted` (BCP 47 tags, best first), or English. */
export function pickLocale(wanted: ReadonlyArray<string | null | undefined>): Locale {
  for (const tag of wanted) {
    const primary = (tag || '').toLowerCase().split(/[-_]/)[0];
    if ((LOCALES as readonly string[]).includes(primary)) return primary as Locale;
  }
  return 'en';
}

/** Replaces `{name}` placeholders; values are inserted as text by the caller's renderer. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
