import { describe, expect, it } from 'vitest';
import { format, LOCALES, pickLocale } from './i18n';
import { FRAME_TEXT } from './strings';

describe('i18n', () => {
  it('picks the first supported language, data-locale first', () => {
    expect(pickLocale(['de', 'fr-FR'])).toBe('de');
    expect(pickLocale([undefined, 'fr-CA', 'en'])).toBe('fr');
    expect(pickLocale(['', 'es-ES', 'de_AT'])).toBe('de');
    expect(pickLocale(['ja', 'es'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('formats placeholders and leaves unknown ones', () => {
    expect(format('Usually replies in {time}', { time: 'a few minutes' })).toBe('Usually replies in a few minutes');
    expect(format('{name} {missing}', { name: '<b>' })).toBe('<b> {missing}');
  });

  it('translates every key into every locale', () => {
    const keys = Object.keys(FRAME_TEXT.en).sort();
    for (const locale of LOCALES) {
      expect(Object.keys(FRAME_TEXT[locale]).sort()).toEqual(keys);
      for (const value of Object.values(FRAME_TEXT[locale])) expect(value).not.toBe('');
    }
  });
});
