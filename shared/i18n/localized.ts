import { z } from 'zod';
import { type Locale, Locale as LocaleSchema } from './locales.js';

/**
 * A text an admin writes (an offer's title, a script's question, a disposition's label) in other
 * languages than its default one: `{ fa: '…', ro: '…' }`. Any language may be missing; the default
 * text stands in for it.
 */
export const LocalizedText = z.partialRecord(LocaleSchema, z.string().trim().min(1).max(2000));
export type LocalizedText = z.infer<typeof LocalizedText>;

/** The text in `locale` when an admin gave one, else the default text. */
export function pickLocalized(fallback: string, translations: LocalizedText | null | undefined, locale: Locale): string {
  return translations?.[locale] ?? fallback;
}
