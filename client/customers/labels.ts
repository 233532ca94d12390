import type { z } from 'zod';
import type { ConsentPurpose, CustomerKind, RelationType, Segment } from '@shared/schemas/customer';
import { ContactChannel, ContactTime } from '@shared/schemas/enums';
import { hasMessage, translate } from '@/i18n';

/**
 * Words for the customer codes, in the user's language (`customers.*` in messages.ts). Each map reads its
 * message when a label is looked up, so a template using `SEGMENT_LABELS[s]` re-renders in a newly chosen
 * language.
 */
function translatedLabels<K extends string>(prefix: string, codes: readonly K[]): Readonly<Record<K, string>> {
  const labels = {} as Record<K, string>;
  for (const code of codes) Object.defineProperty(labels, code, { enumerable: true, get: () => translate(`${prefix}.${code}`) });
  return labels;
}

const SEGMENTS = ['champions', 'loyal', 'potential-loyalist', 'new', 'at-risk', 'cant-lose', 'hibernating', 'lost'] as const satisfies readonly Segment[];
export const SEGMENT_LABELS: Readonly<Record<Segment, string>> = translatedLabels('customers.segments', SEGMENTS);

/** Badge tone per segment: the most valuable in green, slipping customers in amber, gone in grey. */
export const SEGMENT_TONES: Record<Segment, 'good' | 'info' | 'warn' | 'muted'> = {
  champions: 'good',
  loyal: 'good',
  'potential-loyalist': 'info',
  new: 'info',
  'at-risk': 'warn',
  'cant-lose': 'warn',
  hibernating: 'muted',
  lost: 'muted',
};

/** A segment code's words; an unknown code as it is. */
export const segmentLabel = (code: string) => (hasMessage(`customers.segments.${code}`) ? translate(`customers.segments.${code}`) : code);

export const KIND_LABELS = translatedLabels<z.infer<typeof CustomerKind>>('customers.kinds', ['person', 'business']);

export const RELATION_LABELS = translatedLabels<z.infer<typeof RelationType>>('customers.relations', [
  'household',
  'spouse',
  'parent',
  'child',
  'employer',
  'employee',
  'business-group',
]);

export const CONTACT_CHANNELS = ContactChannel.options;
export const CONTACT_CHANNEL_LABELS = translatedLabels<z.infer<typeof ContactChannel>>('customers.channels', ContactChannel.options);

/** The consent grid's row order (service first, the purpose every customer has), not the enum's: `satisfies` keeps it to the enum's values. */
export const PURPOSES = ['service', 'marketing', 'profiling'] as const satisfies readonly z.infer<typeof ConsentPurpose>[];
export const PURPOSE_LABELS = translatedLabels<z.infer<typeof ConsentPurpose>>('customers.purposes', PURPOSES);

export const CONTACT_TIMES = ContactTime.options;
export const CONTACT_TIME_LABELS = translatedLabels<z.infer<typeof ContactTime>>('customers.contactTimes', ContactTime.options);

/** A phone's, e-mail's or address's label ("mobile", "home") in the user's language; one we have no words for as written. */
export const contactLabel = (label: string) => {
  const key = `customers.contactLabels.${label.trim().toLowerCase()}`;
  return label && hasMessage(key) ? translate(key) : label;
};

/** Words for a code under `prefix` when the catalogue has them, else the code made readable ("in-store" → "in store"). */
export const codeLabel = (prefix: string, code: string) => (hasMessage(`${prefix}.${code}`) ? translate(`${prefix}.${code}`) : code.replace(/-/g, ' '));
