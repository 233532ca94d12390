import type { Complaint } from '@shared/schemas/customer';
import { ComplaintSeverity, ComplaintStatus } from '@shared/schemas/enums';
import { hasMessage, translate } from '@/i18n';

export const SEVERITIES: Complaint['severity'][] = ComplaintSeverity.options;
export const STATUSES: Complaint['status'][] = ComplaintStatus.options;

/** A map whose every read translates afresh (`<prefix>.<key>`), so a template reading it follows a language change. */
function translatedMap<K extends string>(keys: readonly K[], prefix: string): Readonly<Record<K, string>> {
  return Object.defineProperties(
    {} as Record<K, string>,
    Object.fromEntries(keys.map((k) => [k, { enumerable: true, get: () => translate(`${prefix}.${k}`) }])),
  );
}

/** A severity's name in the user's language. */
export const severityLabel = (s: Complaint['severity']): string => translate(`complaints.severities.${s}`);
/** A status's name in the user's language. */
export const statusLabel = (s: Complaint['status']): string => translate(`complaints.statuses.${s}`);

/** Severity names in the user's language (read afresh each time; a spread copy keeps the language of its moment). */
export const SEVERITY_LABELS = translatedMap(SEVERITIES, 'complaints.severities');
export const SEVERITY_TONES: Record<Complaint['severity'], string> = { low: 'muted', medium: 'info', high: 'warn', critical: 'danger' };
/** Status names in the user's language. */
export const STATUS_LABELS = translatedMap(STATUSES, 'complaints.statuses');
export const STATUS_TONES: Record<Complaint['status'], string> = { open: 'danger', 'in-progress': 'warn', resolved: 'good' };

/** Suggestions only: the category is free text on the server, stored as these English words. */
export const CATEGORIES = ['billing', 'delivery', 'product quality', 'service', 'returns', 'other'];

/** A category as the user reads it: a suggested one in their language, one typed freely as it was typed. */
export function categoryLabel(category: string): string {
  const key = `complaints.categories.${category.trim().toLowerCase().replace(/\s+/g, '-')}`;
  return CATEGORIES.includes(category.trim().toLowerCase()) && hasMessage(key) ? translate(key) : category;
}
