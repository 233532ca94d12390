import { z } from 'zod';
import { LocalizedText } from '../i18n/localized.js';
import { ObjectIdString } from './common.js';
import { CustomerPicture, NextBestOffer, Segment } from './customer.js';
import { DispositionCodeSlug } from './dispositions.js';
import { CustomerKind } from './enums.js';

const Clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, 'must be HH:MM (00:00 to 24:00)');

/** When a contact may be called, in the customer's own time zone. Days are ISO weekdays (1 = Monday). */
export const CallingHours = z
  .object({
    from: Clock,
    to: Clock,
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  })
  .strict()
  .refine((h) => h.from < h.to, { message: 'calling hours must end after they start' });
export type CallingHours = z.infer<typeof CallingHours>;

const Tag = z.string().trim().min(1).max(100);

/**
 * Whom a campaign targets: conditions over the customer picture, all of which must hold. Built in the
 * segment builder; turned into a database filter by `server/campaigns/segment-filter.ts`.
 */
export const SegmentFilter = z
  .object({
    kind: CustomerKind.optional(),
    /** RFM segments (any of). */
    segments: z.array(Segment).max(8).optional(),
    atRisk: z.boolean().optional(),
    /** Owns a product of any of these categories (or SKUs). */
    boughtCategories: z.array(Tag).max(20).optional(),
    /** Owns none of these categories (or SKUs). */
    notBoughtCategories: z.array(Tag).max(20).optional(),
    regions: z.array(Tag).max(50).optional(),
    ageBands: z.array(z.string().max(16)).max(20).optional(),
    /** Spent at least this much in total. */
    minSpend: z.number().min(0).max(1e9).optional(),
    /** No interaction of any kind in the last N days. */
    notContactedForDays: z.number().int().min(1).max(3650).optional(),
    /** At least one interaction in the last N days. */
    contactedWithinDays: z.number().int().min(1).max(3650).optional(),
    /** `granted`: only customers who explicitly granted phone marketing consent. */
    phoneConsent: z.enum(['any', 'granted']).optional(),
  })
  .strict();
export type SegmentFilter = z.infer<typeof SegmentFilter>;

/** Where a script answer is stored on the customer, so it appears on every later pop. */
export const AnswerTarget = z.enum(['contactTime', 'channel', 'interest', 'attitude', 'csat', 'nps']);
export type AnswerTarget = z.infer<typeof AnswerTarget>;

export const ScriptQuestion = z
  .object({
    id: z.string().regex(/^[a-z0-9-]{1,32}$/, 'question ids are lower-case letters, digits and dashes'),
    text: z.string().trim().min(1).max(300),
    kind: z.enum(['choice', 'text', 'scale']),
    options: z.array(z.string().trim().min(1).max(64)).max(12).optional(),
    storesAs: AnswerTarget,
    /** The question in other languages (the telemarketer reads it in theirs; `text` stands in for any missing). */
    textTranslations: LocalizedText.optional(),
    /**
     * Each option in other languages, by position in `options`. Only what the telemarketer reads: the
     * answer stored is always the option itself (`contactTime`, `channel` answers are codes).
     */
    optionTranslations: z.array(LocalizedText).max(12).optional(),
  })
  .strict()
  .refine((q) => !q.optionTranslations?.length || q.optionTranslations.length <= (q.options?.length ?? 0), {
    message: 'more option translations than options',
    path: ['optionTranslations'],
  });
export type ScriptQuestion = z.infer<typeof ScriptQuestion>;

export const Script = z
  .object({
    opening: z.string().trim().min(1).max(4000),
    questions: z.array(ScriptQuestion).max(10).default([]),
    closing: z.string().trim().max(2000).optional(),
    /** The opening and closing lines in other languages. */
    openingTranslations: LocalizedText.optional(),
    closingTranslations: LocalizedText.optional(),
  })
  .strict();
export type Script = z.infer<typeof Script>;

export const CampaignStatus = z.enum(['building', 'active', 'paused']);
export type CampaignStatus = z.infer<typeof CampaignStatus>;

/**
 * The console's own outbound codes (the seeded defaults; the dialer's buttons). A call may be recorded
 * with any active outbound code of its campaign (shared/schemas/dispositions.ts).
 */
export const OutboundDisposition = z.enum(['sale', 'not-interested', 'no-answer', 'busy', 'voicemail', 'callback', 'wrong-number', 'do-not-call']);
export type OutboundDisposition = z.infer<typeof OutboundDisposition>;

/**
 * A campaign's own names for call outcomes, by language (`{ 'not-interested': { en: 'No thanks', fa: '…' } }`):
 * the dialer's buttons read them in the telemarketer's language, the console's own names standing in.
 */
export const DispositionLabels = z.partialRecord(OutboundDisposition, LocalizedText);
export type DispositionLabels = z.infer<typeof DispositionLabels>;

export const CampaignCreate = z
  .object({
    name: z.string().trim().min(1).max(120),
    offerCodes: z.array(z.string().trim().min(1).max(64)).max(3).default([]),
    script: Script,
    segment: SegmentFilter,
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    callingHours: CallingHours,
    maxAttempts: z.number().int().min(1).max(10).default(3),
    /** Minutes between unanswered attempts. */
    retryMinutes: z.number().int().min(1).max(10_080).default(240),
    onePerHousehold: z.boolean().default(true),
    dispositionLabels: DispositionLabels.optional(),
  })
  .strict()
  .refine((c) => c.endsAt > c.startsAt, { message: 'a campaign must end after it starts', path: ['endsAt'] });
export type CampaignCreate = z.infer<typeof CampaignCreate>;

export const CampaignUpdate = z.object({ status: CampaignStatus.exclude(['building']) }).strict();

export const ExclusionReason = z.enum(['opted-out', 'do-not-call', 'no-phone', 'household', 'already-responded', 'erased']);
export type ExclusionReason = z.infer<typeof ExclusionReason>;

export const SegmentPreviewRequest = z.object({ segment: SegmentFilter, onePerHousehold: z.boolean().default(true) }).strict();
/** The live count under the segment builder: who matches, who would be called, who is left out and why. */
export const SegmentPreview = z.object({
  matched: z.number(),
  eligible: z.number(),
  excluded: z.record(z.string(), z.number()),
  sample: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;


export const CampaignProgress = z.object({
  /** Contacts on the list (exclusions not counted). */
  total: z.number(),
  attempted: z.number(),
  reached: z.number(),
  converted: z.number(),
  /** Still to be served: fresh, retries and callbacks not yet done. */
  remaining: z.number(),
  callbacks: z.number(),
  byDisposition: z.record(z.string(), z.number()),
  excluded: z.record(z.string(), z.number()),
});
export type CampaignProgress = z.infer<typeof CampaignProgress>;

export const Campaign = z.object({
  id: z.string(),
  name: z.string(),
  status: CampaignStatus,
  offerCodes: z.array(z.string()),
  script: Script,
  segment: SegmentFilter,
  startsAt: z.coerce.date(),
  endsAt: z.coerce.date(),
  callingHours: CallingHours,
  maxAttempts: z.number(),
  retryMinutes: z.number(),
  onePerHousehold: z.boolean(),
  dispositionLabels: DispositionLabels.optional(),
  /** While the list is built: customers looked at so far, of how many. */
  build: z.object({ processed: z.number(), total: z.number() }).optional(),
  progress: CampaignProgress,
  createdBy: z.string().optional(),
});
export type Campaign = z.infer<typeof Campaign>;

export const ServeReason = z.enum(['callback', 'retry', 'fresh']);
/** What "Next contact" hands a telemarketer: locked to them until they record a disposition. */
export const ServedContact = z.object({
  entryId: z.string(),
  campaignId: z.string(),
  interactionId: z.string(),
  customerId: z.string(),
  phone: z.string(),
  reason: ServeReason,
  attempts: z.number(),
  callbackAt: z.coerce.date().optional(),
  lockedUntil: z.coerce.date(),
  picture: CustomerPicture,
  /** The campaign's offers at this customer's quoted price. */
  offers: z.array(NextBestOffer),
});
export type ServedContact = z.infer<typeof ServedContact>;

/** Why "Next contact" served nobody, as a code the console words in the telemarketer's language. */
export const IdleReason = z.enum(['paused', 'building', 'not-started', 'ended', 'outside-hours', 'all-worked', 'due-closed', 'none-due']);
export type IdleReason = z.infer<typeof IdleReason>;

export const NextContact = z.object({
  contact: ServedContact.nullable(),
  /** When nothing is due: why, and when the next contact becomes callable (if known). */
  message: z.string().optional(),
  reason: IdleReason.optional(),
  nextAt: z.coerce.date().optional(),
});
export type NextContact = z.infer<typeof NextContact>;

export const DispositionRequest = z
  .object({
    /** An active outbound code of the campaign (checked by the server). */
    disposition: DispositionCodeSlug,
    callbackAt: z.coerce.date().optional(),
    notes: z.string().max(4000).optional(),
    /** Script answers by question id. */
    answers: z.record(z.string().regex(/^[a-z0-9-]{1,32}$/), z.string().trim().max(300)).optional(),
    /** With a sale: which of the campaign's offers was taken (defaults to the first). */
    offerCode: z.string().max(64).optional(),
  })
  .strict()
  .refine((d) => d.disposition !== 'callback' || d.callbackAt !== undefined, { message: 'a callback needs callbackAt', path: ['callbackAt'] });
export type DispositionRequest = z.infer<typeof DispositionRequest>;

export const DispositionResult = z.object({
  entryId: z.string(),
  /** What happens next to this contact. */
  next: z.enum(['retry', 'callback', 'done']),
  dueAt: z.coerce.date().optional(),
  progress: CampaignProgress,
});
export type DispositionResult = z.infer<typeof DispositionResult>;

export const CampaignIdParam = ObjectIdString;
