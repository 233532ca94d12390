import { z } from 'zod';
import { Segment } from './customer.js';
import { ContactChannel, CustomerKind, OfferKind, OfferPurpose, PurchaseChannel } from './enums.js';

export { OfferKind };

/** A purchase recorded by an integration (till, web shop) or a supervisor: the customer is rescored at once. */
export const TransactionCreate = z
  .object({
    at: z.coerce.date().default(() => new Date()),
    total: z.number().nonnegative(),
    channel: PurchaseChannel,
    store: z.string().max(100).optional(),
    externalId: z.string().min(1).max(100).optional(),
    items: z
      .array(z.object({ sku: z.string().min(1).max(64), name: z.string().max(200), category: z.string().max(100), qty: z.number().int().positive().default(1), price: z.number().nonnegative() }).strict())
      .max(200)
      .default([]),
  })
  .strict();
export type TransactionCreate = z.infer<typeof TransactionCreate>;

export const AlsoBought = z.object({
  sku: z.string(),
  name: z.string(),
  category: z.string().optional(),
  support: z.number(),
  confidence: z.number(),
  lift: z.number(),
});
export type AlsoBought = z.infer<typeof AlsoBought>;

/** Who may get an offer beyond consent, ownership and declines: all optional, all must hold. */
export const OfferEligibility = z
  .object({
    segments: z.array(Segment).optional(),
    minLifetimeValue: z.number().nonnegative().optional(),
    customerKinds: z.array(CustomerKind).optional(),
  })
  .strict();
export type OfferEligibility = z.infer<typeof OfferEligibility>;

/** What an offer gets when the admin leaves a field out: the zod schema and the mongoose model both default from here. */
export const OFFER_DEFAULTS = { purpose: 'marketing', channel: 'phone', active: true, suppressDays: 90, quoteDays: 14 } as const;

/** An offer as an admin writes it. */
export const OfferInput = z
  .object({
    code: z.string().regex(/^[A-Z0-9-]{2,64}$/, 'upper-case letters, digits and dashes'),
    title: z.string().min(1).max(120),
    kind: OfferKind,
    sku: z.string().max(64).optional(),
    triggerCategory: z.string().max(100).optional(),
    spendThreshold: z.number().positive().optional(),
    price: z.number().nonnegative(),
    purpose: OfferPurpose.default(OFFER_DEFAULTS.purpose),
    channel: ContactChannel.default(OFFER_DEFAULTS.channel),
    active: z.boolean().default(OFFER_DEFAULTS.active),
    suppressDays: z.number().int().min(0).max(3650).default(OFFER_DEFAULTS.suppressDays),
    quoteDays: z.number().int().min(1).max(365).default(OFFER_DEFAULTS.quoteDays),
    eligibility: OfferEligibility.default({}),
  })
  .strict();
export type OfferInput = z.infer<typeof OfferInput>;

export const Offer = OfferInput.extend({ id: z.string(), updatedAt: z.coerce.date().optional() });
export type Offer = z.infer<typeof Offer>;

/** Acceptance of offers, as supervisors read it. */
export const OfferStatsRow = z.object({
  offerId: z.string(),
  segment: z.string(),
  presented: z.number(),
  accepted: z.number(),
  declined: z.number(),
  /** accepted / (accepted + declined); null while no outcome is recorded. */
  acceptanceRate: z.number().nullable(),
});
export const OfferStats = z.object({ byOffer: z.array(OfferStatsRow), bySegment: z.array(OfferStatsRow) });
export type OfferStats = z.infer<typeof OfferStats>;
