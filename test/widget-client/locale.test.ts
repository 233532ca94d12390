import { describe, expect, it } from 'vitest';
import { matchLocale } from '@shared/i18n/locales';
import { fill, isRightToLeft, matchWidgetLocale, WIDGET_LOCALES } from '../../client/widget/locale';
import { Locale } from '@shared/i18n/locales';

const cases: Array<[readonly string[], string]> = [
  [['en-US', 'en'], 'en'],
  [['fa-IR'], 'fa'],
  [['fa'], 'fa'],
  [['zh-CN'], 'zh-CN'],
  [['zh-cn'], 'zh-CN'],
  [['zh-Hans', 'zh'], 'zh-CN'],
  [['zh-TW'], 'zh-CN'],
  [['ro-MD'], 'ro'],
  [['hu-HU', 'en'], 'hu'],
  [['de-DE', 'ro'], 'ro'],
  [['de-DE', 'fr'], 'en'],
  [[], 'en'],
];

describe('the widget speaks the visitor browser language', () => {
  it.each(cases)('%j → %s', (preferred, expected) => {
    expect(matchWidgetLocale(preferred)).toBe(expected);
  });

  it.each(cases)('agrees with the console matcher for %j', (preferred) => {
    expect(matchWidgetLocale(preferred)).toBe(matchLocale(preferred));
  });

  it('knows every language the console speaks, and no other', () => {
    expect([...WIDGET_LOCALES].sort()).toEqual([...Locale.options].sort());
  });

  it('writes Persian right to left and the rest left to right', () => {
    expect(WIDGET_LOCALES.filter(isRightToLeft)).toEqual(['fa']);
  });

  it.each([
    ['{agent} is typing…', { agent: 'Ada' }, 'Ada is typing…'],
    ['at most { max } characters', { max: 100 }, 'at most 100 characters'],
    ['{n} out of 5', {}, '{n} out of 5'],
  ] as const)('fills %s', (template, params, expected) => {
    expect(fill(template, params)).toBe(expected);
  });
});
