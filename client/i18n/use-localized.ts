import { useI18n } from 'vue-i18n';
import { type Locale, Locale as LocaleSchema } from '@shared/i18n/locales';
import { type LocalizedText, pickLocalized } from '@shared/i18n/localized';

/**
 * Admin-written text in the user's language: `localized(offer.title, offer.titleTranslations)` reads the
 * Persian title for a Persian agent when an admin gave one, the default title otherwise. Reactive: a
 * switched language re-renders.
 */
export function useLocalized() {
  const { locale } = useI18n();
  return (fallback: string, translations: LocalizedText | null | undefined) => {
    const parsed = LocaleSchema.safeParse(locale.value);
    return pickLocalized(fallback, translations, parsed.success ? (parsed.data as Locale) : 'en');
  };
}
