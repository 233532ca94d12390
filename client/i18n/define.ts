import type { Locale } from '@shared/i18n/locales';

/** A catalogue: messages by key, nested by topic. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** The same keys as `T`, any text: what every other language must give for English's messages. */
export type SameKeys<T> = { [K in keyof T]: T[K] extends string ? string : SameKeys<T[K]> };

export type FeatureMessages<T extends MessageTree> = { en: T } & { [L in Exclude<Locale, 'en'>]: SameKeys<T> };

/**
 * One feature's messages in every language, side by side in one file (`client/<feature>/messages.ts`)
 * so a translator sees each English text next to its translations. English is the source: the type
 * checker refuses a language that misses a key or has one English lacks.
 *
 * Message syntax is vue-i18n's: `{name}` is a parameter, `|` separates plural forms in the order of
 * `PLURAL_CATEGORIES`, and `@`, `{`, `}`, `|`, `$` are literal only as `{'@'}`, `{'{'}` and so on.
 */
export function defineMessages<T extends MessageTree>(messages: FeatureMessages<T>): FeatureMessages<T> {
  return messages;
}
