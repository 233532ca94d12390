import { type Locale, PLURAL_CATEGORIES } from '@shared/i18n/locales';

/**
 * vue-i18n picks a plural form by position; these rules map a count to the position of its CLDR
 * category in the language's list (`PLURAL_CATEGORIES`), so Romanian's "1 apel | 3 apeluri | 20 de
 * apeluri" and Chinese's single form read right. A message may give one more form than the language
 * has categories: the first is then for zero ("No calls | {n} call | {n} calls").
 */
export function pluralRule(locale: Locale) {
  const rules = new Intl.PluralRules(locale);
  const categories = PLURAL_CATEGORIES[locale];
  return (choice: number, choicesLength: number): number => {
    const zeroForm = choicesLength === categories.length + 1;
    if (zeroForm && choice === 0) return 0;
    const index = Math.max(0, categories.indexOf(rules.select(Math.abs(choice))));
    const at = zeroForm ? index + 1 : index;
    return Math.min(at, choicesLength - 1);
  };
}
