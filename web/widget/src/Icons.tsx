/** Inline SVG icons (no icon font, no image requests). Decorative: the buttons carry the labels. */

const icon = (d: string) => () => (
  <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
    <path d={d} fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round" />
  </svg>
);

export const BackIcon = icon('M15 5l-7 7 7 7');
export const CloseIcon = icon('M6 6l12 12M18 6L6 18');
export const SendIcon = icon('M4 12l16-8-6 16-3-7-7-1z');
