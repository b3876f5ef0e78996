/** Inline SVG icons (no icon font, no image requests). Decorative: the buttons carry the labels. */

export const icon = (d: string) => () => (
  <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <path d={d} fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
);

export const BackIcon = icon('M15 5l-7 7 7 7');
export const CloseIcon = icon('M6 6l12 12M18 6L6 18');
export const SendIcon = icon('M4 12l16-8-6 16-3-7-7-1z');
export const ClipIcon = icon('M16 6l-7.5 7.5a2.1 2.1 0 0 0 3 3L19 9a4.25 4.25 0 0 0-6-6l-8 8a6.4 6.4 0 0 0 9 9l6-6');
