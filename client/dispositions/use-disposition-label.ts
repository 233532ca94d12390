import { useI18n } from 'vue-i18n';
import type { DispositionCode } from '@shared/schemas/dispositions';
import { hasMessage } from '@/i18n';
import { useLocalized } from '@/i18n/use-localized';

/** The console's own codes are named by its catalogues (interactions' and campaigns' wrap-up lists). */
const catalogueKey = (c: Pick<DispositionCode, 'code' | 'direction'>) => `${c.direction === 'outbound' ? 'campaigns' : 'interactions'}.dispositions.${c.code}`;

/**
 * A disposition code's name in the user's language: an admin's translation, else for the console's
 * own codes the console's name, else the admin's default label.
 */
export function useDispositionLabel() {
  const { t, locale } = useI18n();
  const localized = useLocalized();
  return (c: Pick<DispositionCode, 'code' | 'direction' | 'label' | 'labels' | 'builtIn'>) => {
    const own = c.labels?.[locale.value as keyof DispositionCode['labels']];
    if (own) return own;
    if (c.builtIn && hasMessage(catalogueKey(c))) return t(catalogueKey(c));
    return localized(c.label, c.labels);
  };
}
