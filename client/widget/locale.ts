import type { Locale } from '@shared/i18n/locales';

/*
 * The widget's own copy of the console's language list and matcher (shared/i18n/locales.ts builds its
 * list with zod, which the widget must not download); test/widget-client/locale.test.ts checks that both
 * agree.
 */
export const WIDGET_LOCALES: readonly Locale[] = ['en', 'fa', 'zh-CN', 'ro', 'hu'];

/** The supported language closest to the browser's preference list: exact tag first, then the same language, else English. */
export function matchWidgetLocale(preferred: readonly string[]): Locale {
  for (const tag of preferred) {
    const exact = WIDGET_LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const language = tag.split('-')[0]!.toLowerCase();
    const same = WIDGET_LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === language);
    if (same) return same;
  }
  return 'en';
}

export const isRightToLeft = (locale: Locale) => locale === 'fa';

/** Fills a message's `{name}` parameters (the catalogue's syntax, which is vue-i18n's). */
export function fill(template: string, params: Record<string, string | number> = {}): string {
  return template.replace(/\{\s*(\w+)\s*\}/g, (whole, key: string) => (key in params ? String(params[key]) : whole));
}
