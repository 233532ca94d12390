import type { z } from 'zod';
import type { ConsentPurpose, CustomerKind, RelationType, Segment } from '@shared/schemas/customer';
import { ContactChannel } from '@shared/schemas/enums';

export const SEGMENT_LABELS: Record<Segment, string> = {
  champions: 'Champion',
  loyal: 'Loyal',
  'potential-loyalist': 'Potential loyalist',
  new: 'New customer',
  'at-risk': 'At risk',
  'cant-lose': "Can't lose",
  hibernating: 'Hibernating',
  lost: 'Lost',
};

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

export const KIND_LABELS: Record<z.infer<typeof CustomerKind>, string> = { person: 'Person', business: 'Business' };

export const RELATION_LABELS: Record<z.infer<typeof RelationType>, string> = {
  household: 'Household',
  spouse: 'Spouse',
  parent: 'Parent',
  child: 'Child',
  employer: 'Employer',
  employee: 'Employee',
  'business-group': 'Business group',
};

export const CONTACT_CHANNELS = ContactChannel.options;
export const CONTACT_CHANNEL_LABELS: Record<z.infer<typeof ContactChannel>, string> = { phone: 'Phone', email: 'Email', sms: 'SMS', post: 'Post' };

/** The consent grid's row order (service first, the purpose every customer has), not the enum's: `satisfies` keeps it to the enum's values. */
export const PURPOSES = ['service', 'marketing', 'profiling'] as const satisfies readonly z.infer<typeof ConsentPurpose>[];
export const PURPOSE_LABELS: Record<z.infer<typeof ConsentPurpose>, string> = { service: 'Service', marketing: 'Marketing', profiling: 'Profiling' };

export const CONTACT_TIME_LABELS = { morning: 'Morning', afternoon: 'Afternoon', evening: 'Evening', any: 'Any time' } as const;
