import { z } from 'zod';
import { LocalizedText } from '../i18n/localized.js';

/**
 * Disposition codes: the outcomes agents record when they wrap up a call or chat (inbound) and
 * telemarketers record for a call-list contact (outbound), as an admin configured them. The console's
 * own codes (below) are the seeded defaults and keep their meaning; more can be added per queue or
 * per campaign.
 */

/** A code as stored on interactions and call lists: lower-case letters, digits and dashes. */
export const DispositionCodeSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes');
export type DispositionCodeSlug = z.infer<typeof DispositionCodeSlug>;

/** Where a code may be picked: everywhere, on one queue's interactions, or on one campaign's calls. */
export const DispositionScope = z.string().regex(/^(all|queue:[\w.-]{1,64}|campaign:[0-9a-f]{24})$/, 'all, queue:<name> or campaign:<id>');
export type DispositionScope = z.infer<typeof DispositionScope>;

export const DispositionDirection = z.enum(['inbound', 'outbound']);
export type DispositionDirection = z.infer<typeof DispositionDirection>;

/** What a code schedules on a call-list contact: nothing, another attempt after the spacing, a callback at a time. */
export const DispositionAction = z.enum(['none', 'retry', 'callback']);
export type DispositionAction = z.infer<typeof DispositionAction>;

export const DispositionCodeInput = z
  .object({
    code: DispositionCodeSlug,
    /** The name in the console's default language. */
    label: z.string().trim().min(1).max(80),
    /** The name in other languages (any may be missing: the default stands in). */
    labels: LocalizedText.default({}),
    scope: DispositionScope.default('all'),
    direction: DispositionDirection,
    /** The contact is finished with it (no further attempt, nothing left to follow up). */
    endsContact: z.boolean(),
    action: DispositionAction.default('none'),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((d) => d.action === 'none' || d.direction === 'outbound', { message: 'only outbound codes schedule a retry or a callback', path: ['action'] })
  .refine((d) => d.action === 'none' || !d.endsContact, { message: 'a code that schedules another call does not end the contact', path: ['endsContact'] })
  .refine((d) => !d.scope.startsWith('campaign:') || d.direction === 'outbound', { message: 'a campaign’s codes are outbound', path: ['scope'] });
export type DispositionCodeInput = z.infer<typeof DispositionCodeInput>;

export const DispositionCode = z.object({
  id: z.string(),
  code: z.string(),
  label: z.string(),
  labels: LocalizedText,
  scope: z.string(),
  direction: DispositionDirection,
  endsContact: z.boolean(),
  action: DispositionAction,
  /** Inactive: archived, no longer offered; interactions that have it keep it. */
  active: z.boolean(),
  /** One of the console's own codes: its code, direction and behaviour are fixed. */
  builtIn: z.boolean(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().optional(),
});
export type DispositionCode = z.infer<typeof DispositionCode>;

/**
 * `GET /api/dispositions`: with `queue` or `campaignId`, the active codes one may pick there (the
 * pickers); without, the list (the admin screen: `q` searches code and label, `active=false` includes
 * archived codes).
 */
export const DispositionQuery = z.object({
  queue: z.string().regex(/^[\w.-]{1,64}$/).optional(),
  campaignId: z.string().regex(/^[0-9a-f]{24}$/).optional(),
  direction: DispositionDirection.optional(),
  q: z.string().trim().max(64).optional(),
  /** `all`: archived codes too (the admin list). */
  status: z.enum(['active', 'all']).default('active'),
  format: z.enum(['json', 'csv']).default('json'),
});
export type DispositionQuery = z.infer<typeof DispositionQuery>;

export const DISPOSITION_CSV = ['code', 'label', 'direction', 'scope', 'endsContact', 'action', 'active', 'builtIn', 'updatedAt', 'updatedBy'] as const;

type Seed = Pick<DispositionCodeInput, 'code' | 'label' | 'direction' | 'endsContact' | 'action'>;
const inbound = (code: string, label: string, endsContact = true): Seed => ({ code, label, direction: 'inbound', endsContact, action: 'none' });
const outbound = (code: string, label: string, action: DispositionAction = 'none'): Seed => ({ code, label, direction: 'outbound', endsContact: action === 'none', action });

/** The console's own codes: the defaults of a new installation (the ones its behaviour is written for). */
export const BUILT_IN_DISPOSITIONS: readonly Seed[] = [
  inbound('resolved', 'Resolved'),
  inbound('follow-up', 'Follow-up needed', false),
  inbound('escalated', 'Escalated', false),
  inbound('sale', 'Sale'),
  inbound('information', 'Information given'),
  inbound('complaint-logged', 'Complaint logged', false),
  inbound('wrong-number', 'Wrong number'),
  inbound('no-action', 'No action'),
  outbound('sale', 'Sale'),
  outbound('not-interested', 'Not interested'),
  outbound('no-answer', 'No answer', 'retry'),
  outbound('busy', 'Busy', 'retry'),
  outbound('voicemail', 'Voicemail', 'retry'),
  outbound('callback', 'Callback', 'callback'),
  outbound('wrong-number', 'Wrong number'),
  outbound('do-not-call', 'Do not call'),
];
