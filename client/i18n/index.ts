import { createI18n } from 'vue-i18n';
import { DEFAULT_LOCALE, type Locale, Locale as LocaleSchema, textDirection } from '@shared/i18n/locales';
import { useDisplayLocale } from '@/format';
import { englishMessages, loadMessages } from './catalogue';
import { pluralRule } from './plural';

/**
 * The console's translator. Components call `useI18n().t('feature.key', params)`; stores and helpers
 * that run outside a component use `translate` (errors, announcements). The composition API only
 * (`legacy: false`).
 */
export const i18n = createI18n({
  legacy: false,
  locale: DEFAULT_LOCALE,
  fallbackLocale: DEFAULT_LOCALE,
  messages: { [DEFAULT_LOCALE]: englishMessages },
  pluralRules: Object.fromEntries(LocaleSchema.options.map((l) => [l, pluralRule(l)])),
  // A key missing in a language falls back to English without a console warning per render; the
  // catalogue test keeps every language complete.
  fallbackWarn: false,
  missingWarn: import.meta.env.DEV,
});

export const translate = i18n.global.t;
/** Whether the catalogue has `key` (in English, the source every language follows). */
export const hasMessage = (key: string) => i18n.global.te(key, DEFAULT_LOCALE);

/**
 * Where dates, numbers and money take their conventions from, for a chosen language: the browser's
 * own variant of it when it has one (en-US keeps its 12-hour clock, en-GB its 24-hour one), else the
 * language's main country.
 */
const FORMAT_LOCALES: Record<Locale, string> = { en: 'en-GB', fa: 'fa-IR', 'zh-CN': 'zh-CN', ro: 'ro-RO', hu: 'hu-HU' };
export function formatLocaleFor(locale: Locale, browser: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages ?? []): string {
  const language = locale.split('-')[0]!;
  if (locale === 'en') {
    const variant = browser.find((tag) => tag.toLowerCase().startsWith(`${language}-`));
    if (variant) return variant;
  }
  return FORMAT_LOCALES[locale];
}

const loading = new Map<Locale, Promise<void>>([[DEFAULT_LOCALE, Promise.resolve()]]);
const loaded = new Set<Locale>([DEFAULT_LOCALE]);

/** Fetches a language's messages once (its own chunk); English is always there. */
export function loadLocale(locale: Locale): Promise<void> {
  let pending = loading.get(locale);
  if (!pending) {
    pending = loadMessages(locale).then((messages) => {
      i18n.global.setLocaleMessage(locale, messages);
      loaded.add(locale);
    });
    // A failed fetch (the network, a deploy) is tried again on the next switch.
    pending.catch(() => loading.delete(locale));
    loading.set(locale, pending);
  }
  return pending;
}

let wanted: Locale = DEFAULT_LOCALE;

/** The language the page speaks now (reactive: a render reading it re-renders on a switch). */
export const currentLocale = (): Locale => i18n.global.locale.value as Locale;
/** Whether the page reads right to left now (Persian). */
export const isRightToLeft = (): boolean => textDirection(currentLocale()) === 'rtl';

/**
 * Speaks `locale` from now on: messages, formats, and the page's `lang` and `dir`, all at once when its
 * messages are there (at once for a language already fetched; until a new one arrives the page stays in
 * the language it speaks, never half in each). Of quick successive switches the last one wins.
 */
export function applyLocale(locale: Locale): Promise<void> {
  wanted = locale;
  if (loaded.has(locale)) {
    speak(locale);
    return Promise.resolve();
  }
  return loadLocale(locale).then(() => {
    if (wanted === locale) speak(locale);
  });
}

function speak(locale: Locale) {
  useDisplayLocale(formatLocaleFor(locale));
  i18n.global.locale.value = locale;
  if (typeof document !== 'undefined') {
    document.documentElement.lang = locale;
    document.documentElement.dir = textDirection(locale);
  }
}
