import { Locale } from '@shared/i18n/locales';
import type { FeatureMessages, MessageTree } from './define';

/**
 * Every feature's `messages.ts`, found by the bundler: a feature's messages live beside its screens
 * under the feature's name (`client/customers/messages.ts` → `customers.*`); this folder's own are
 * `common.*` (words every screen uses: Save, Cancel, Close...).
 */
const modules = import.meta.glob<FeatureMessages<MessageTree>>('../**/messages.ts', { eager: true, import: 'default' });

export function namespaceOf(path: string): string {
  // Paths are relative to this file: './messages.ts' is this folder's own.
  const dir = path.split('/').slice(-2, -1)[0]!;
  return dir === '.' || dir === 'i18n' ? 'common' : dir;
}

/** All messages by language, then by feature: the shape vue-i18n takes. */
export function buildCatalogue(): Record<Locale, MessageTree> {
  const out = Object.fromEntries(Locale.options.map((l) => [l, {} as MessageTree])) as Record<Locale, MessageTree>;
  for (const [path, feature] of Object.entries(modules)) {
    const ns = namespaceOf(path);
    if (ns in out.en) throw new Error(`two message files claim the "${ns}" namespace (${path})`);
    for (const locale of Locale.options) out[locale][ns] = feature[locale] as MessageTree;
  }
  return out;
}
