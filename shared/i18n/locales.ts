import { z } from 'zod';

/**
 * The languages the console speaks. Adding one: add its code here, its name to `LOCALE_NAMES`, its
 * plural categories to `PLURAL_CATEGORIES`, then a block for it in every `client/**\/messages.ts`
 * (the type checker and `test/client/catalogues.test.ts` list what is missing). See README "Languages".
 */
export const Locale = z.enum(['en', 'fa', 'zh-CN', 'ro', 'hu']);
export type Locale = z.infer<typeof Locale>;

export const DEFAULT_LOCALE: Locale = 'en';

/** The languages an admin may translate a text into: every one but the default text's own. */
export const TRANSLATION_LOCALES: readonly Locale[] = Locale.options.filter((l) => l !== DEFAULT_LOCALE);

/** Each language in its own words, as a language switcher shows it. */
export const LOCALE_NAMES: Record<Locale, string> = {
  en: 'English',
  fa: 'فارسی',
  'zh-CN': '简体中文',
  ro: 'Română',
  hu: 'Magyar',
};

/** Languages written right to left: the page's `dir` follows them. */
const RIGHT_TO_LEFT: ReadonlySet<Locale> = new Set(['fa']);
export const textDirection = (locale: Locale): 'ltr' | 'rtl' => (RIGHT_TO_LEFT.has(locale) ? 'rtl' : 'ltr');

/**
 * The CLDR plural categories of each language, in the order a message lists its forms
 * ("{n} call | {n} calls" in English; Romanian has three: one, few, other; Chinese one).
 */
export const PLURAL_CATEGORIES: Record<Locale, readonly Intl.LDMLPluralRule[]> = {
  en: ['one', 'other'],
  fa: ['one', 'other'],
  'zh-CN': ['other'],
  ro: ['one', 'few', 'other'],
  hu: ['one', 'other'],
};

/**
 * The supported language closest to a browser's preference list (`navigator.languages`): an exact
 * match first ("zh-CN"), then the same language ("ro-MD" → "ro", "zh-Hans" → "zh-CN"), else English.
 */
export function matchLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const exact = Locale.options.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const language = tag.split('-')[0]!.toLowerCase();
    const same = Locale.options.find((l) => l.split('-')[0]!.toLowerCase() === language);
    if (same) return same;
  }
  return DEFAULT_LOCALE;
}
