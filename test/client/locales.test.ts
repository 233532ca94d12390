import { describe, expect, it } from 'vitest';
import { matchLocale, textDirection } from '@shared/i18n/locales';
import { formatLocaleFor } from '@/i18n';
import { pluralRule } from '@/i18n/plural';

describe('choosing a language', () => {
  it.each([
    [['fa-IR', 'en'], 'fa'],
    [['zh-CN'], 'zh-CN'],
    [['zh-Hans-CN'], 'zh-CN'],
    [['ro-MD'], 'ro'],
    [['de-DE', 'hu'], 'hu'],
    [['de-DE'], 'en'],
    [[], 'en'],
  ])('a browser preferring %j gets %s', (preferred, locale) => {
    expect(matchLocale(preferred)).toBe(locale);
  });

  it('writes Persian right to left and the others left to right', () => {
    expect(textDirection('fa')).toBe('rtl');
    expect(['en', 'zh-CN', 'ro', 'hu'].map((l) => textDirection(l as 'en'))).toEqual(['ltr', 'ltr', 'ltr', 'ltr']);
  });

  it('formats English in the browser variant of English, the others in their main country', () => {
    expect(formatLocaleFor('en', ['en-US'])).toBe('en-US');
    expect(formatLocaleFor('en', ['de-DE'])).toBe('en-GB');
    expect(formatLocaleFor('fa', ['en-US'])).toBe('fa-IR');
    expect(formatLocaleFor('hu', [])).toBe('hu-HU');
  });
});

describe('plural forms by language', () => {
  it.each([
    // language, count, number of forms the message gives, the form chosen
    ['en', 1, 2, 0],
    ['en', 5, 2, 1],
    ['en', 0, 3, 0],
    ['en', 1, 3, 1],
    ['en', 7, 3, 2],
    ['ro', 1, 3, 0],
    ['ro', 3, 3, 1],
    ['ro', 20, 3, 2],
    ['ro', 101, 3, 1],
    ['hu', 1, 2, 0],
    ['hu', 4, 2, 1],
    ['fa', 1, 2, 0],
    ['fa', 4, 2, 1],
    ['zh-CN', 1, 1, 0],
    ['zh-CN', 9, 1, 0],
    ['zh-CN', 0, 2, 0],
    ['zh-CN', 9, 2, 1],
  ] as const)('%s: %i with %i forms reads form %i', (locale, count, forms, form) => {
    expect(pluralRule(locale)(count, forms)).toBe(form);
  });
});
