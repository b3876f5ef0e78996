import { contrastRatio, normalizeColor, textColorOn } from '../../shared/contrast';

/**
 * The theme as CSS variables: --c the colour, --t the text on it (black or white, WCAG AA), and
 * --a an accent for text and focus rings on white: the colour itself when it reaches 4.5:1 on
 * white, a dark grey otherwise.
 */
export function themeVariables(color: unknown): Record<string, string> {
  const c = normalizeColor(color);
  return { '--c': c, '--t': textColorOn(c), '--a': contrastRatio(c, '#ffffff') >= 4.5 ? c : '#1f2328' };
}
