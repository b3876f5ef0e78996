import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../shared/contrast';
import { themeVariables } from './theme';

describe('theme variables', () => {
  it('gives readable text on the theme colour and a readable accent on white', () => {
    for (const color of ['#4f46e5', '#ffd600', '#00ff00', '#111111', '#ff5722', 'not a colour']) {
      const v = themeVariables(color);
      expect(contrastRatio(v['--c'], v['--t'])).toBeGreaterThanOrEqual(4.5);
      expect(contrastRatio(v['--a'], '#ffffff')).toBeGreaterThanOrEqual(4.5);
    }
    expect(themeVariables('#ffd600')['--a']).toBe('#1f2328');
    expect(themeVariables('#4f46e5')['--a']).toBe('#4f46e5');
  });
});
