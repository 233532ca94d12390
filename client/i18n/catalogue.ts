import english from 'virtual:messages/en';
import type { Locale } from '@shared/i18n/locales';
import type { MessageTree } from './define';

/**
 * Every feature's messages in one language, by feature (`customers.*`, `common.*`...): modules the
 * build makes from the `client/<feature>/messages.ts` files (client/i18n/catalogue-plugin.ts). English,
 * the fallback, is always there; the others are chunks of their own, fetched when a user speaks them.
 */const LOADERS: Record<Exclude<Locale, 'en'>, () => Promise<{ default: MessageTree }>> = {
  fa: () => import('virtual:messages/fa'),
  'zh-CN': () => import('virtual:messages/zh-CN'),
  ro: () => import('virtual:messages/ro'),
  hu: () => import('virtual:messages/hu'),
};

export const englishMessages: MessageTree = english;

/** One language's messages, by feature: the shape vue-i18n takes for a locale. */
export async function loadMessages(locale: Locale): Promise<MessageTree> {
  return locale === 'en' ? english : (await LOADERS[locale]()).default;
}
