/**
 * WCAG 2 contrast: the theme colour comes from the business, so the text drawn on it (bubble
 * icon, header, the visitor's own messages) is derived from its luminance: white while white
 * reaches WCAG AA (4.5:1; brand colours usually look best with white), black otherwise. Black then
 * reaches at least 4.58:1, so any theme colour gets AA text.
 */

export const DEFAULT_COLOR = '#4f46e5';

/** `#rgb` or `#rrggbb` normalised to lower-case `#rrggbb`; anything else gives `fallback`. */
export function normalizeColor(value: unknown, fallback = DEFAULT_COLOR): string {
  if (typeof value != 'string' || !/^#([\da-f]{3}){1,2}$/i.test(value)) return fallback;
  return value.replace(/^#(.)(.)(.)$/, '#$1$1$2$2$3$3').toLowerCase();
}

/** Relative luminance (0 black … 1 white) of a colour. */
export function luminance(color: string): number {
  const [r, g, b] = normalizeColor(color)
    .slice(1)
    .match(/../g)!
    .map((hex) => {
      const c = parseInt(hex, 16) / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio between two colours, from 1 (none) to 21 (black on white). */
export function contrastRatio(a: string, b: string): number {
  const la = luminance(a);
  const lb = luminance(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** White when it reaches 4.5:1 on `background`, black otherwise. */
export function textColorOn(background: string): '#000000' | '#ffffff' {
  // Contrast with white is 1.05 / (L + 0.05): at least 4.5 while L <= 1.05 / 4.5 - 0.05.
  return luminance(background) <= 1.05 / 4.5 - 0.05 ? '#ffffff' : '#000000';
}
