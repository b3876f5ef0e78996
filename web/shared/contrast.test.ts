import { describe, expect, it } from 'vitest';
import { contrastRatio, DEFAULT_COLOR, luminance, normalizeColor, textColorOn } from './contrast';

describe('contrast', () => {
  it('normalises #rgb and #rrggbb and refuses anything else', () => {
    expect(normalizeColor('#ABC')).toBe('#aabbcc');
    expect(normalizeColor('#12Ab9F')).toBe('#12ab9f');
    for (const bad of ['red', 'url(x)', '#12345', '#1234567', '#abc;x:y', 'expression(alert(1))', '', null, undefined, 42, ['#abc']]) {
      expect(normalizeColor(bad)).toBe(DEFAULT_COLOR);
    }
  });

  it('computes WCAG luminance and ratios', () => {
    expect(luminance('#000000')).toBe(0);
    expect(luminance('#ffffff')).toBeCloseTo(1, 6);
    expect(contrastRatio('#000', '#fff')).toBeCloseTo(21, 6);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('picks white on dark colours and black on light ones', () => {
    expect(textColorOn('#000000')).toBe('#ffffff');
    expect(textColorOn('#1a73e8')).toBe('#ffffff'); // 4.52:1, AA with white
    expect(textColorOn('#2196f3')).toBe('#000000'); // white would be 3.1:1
    expect(textColorOn('#4f46e5')).toBe('#ffffff');
    expect(textColorOn('#ffffff')).toBe('#000000');
    expect(textColorOn('#ffd600')).toBe('#000000');
    expect(textColorOn('#00ff00')).toBe('#000000');
  });

  it('always reaches WCAG AA (4.5:1), with white whenever white does', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const samples = ['#767676', '#777777', '#808080', '#ff0000', '#0000ff', '#00ffff', '#ff00ff'];
    for (let i = 0; i < 2000; i++) {
      samples.push('#' + Math.floor(random() * 0xffffff).toString(16).padStart(6, '0'));
    }
    for (const color of samples) {
      const chosen = textColorOn(color);
      expect(contrastRatio(color, chosen)).toBeGreaterThanOrEqual(4.5);
      expect(chosen == '#ffffff').toBe(contrastRatio(color, '#ffffff') >= 4.5);
    }
  });
});
