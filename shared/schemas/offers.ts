import { z } from 'zod';
import { LocalizedText } from '../i18n/localized.js';
import { Segment } from './customer.js';
import { ContactChannel, CustomerKind, OfferConsentRule, OfferKind, OfferPriceKind, OfferPurpose, PurchaseChannel } from './enums.js';
import { CurrencyCode } from './offer-reasons.js';

export { OfferConsentRule, OfferKind, OfferPriceKind };

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
export const OFFER_DEFAULTS = {
  purpose: 'marketing',
  channel: 'phone',
  consentRule: 'opt-in',
  active: true,
  suppressDays: 90,
  quoteDays: 14,
} as const;

/** An offer's price kind, stated or read from its price (0 is free, anything else an amount). */
export const priceKindOf = (o: { price: number; priceKind?: OfferPriceKind | null }): OfferPriceKind => o.priceKind ?? (o.price === 0 ? 'free' : 'amount');

/**
 * An offer as an admin writes it. `price` reads by `priceKind`: an amount of money (in `currency`, else the
 * deployment's default), a percentage off (above 0, at most 100), or free (0).
 */
export const OfferInput = z
  .object({
    code: z.string().regex(/^[A-Z0-9-]{2,64}$/, 'upper-case letters, digits and dashes'),
    title: z.string().min(1).max(120),
    /** The title in other languages, for agents who work in them (`{ fa: '…', ro: '…' }`); `title` stands in for any missing. */
    titleTranslations: LocalizedText.optional(),
    kind: OfferKind,
    sku: z.string().max(64).optional(),
    triggerCategory: z.string().max(100).optional(),
    spendThreshold: z.number().positive().optional(),
    price: z.number().nonnegative(),
    /** Left out: free when the price is 0, else an amount (how offers were read before price kinds). */
    priceKind: OfferPriceKind.optional(),
    currency: CurrencyCode.optional(),
    purpose: OfferPurpose.default(OFFER_DEFAULTS.purpose),
    channel: ContactChannel.default(OFFER_DEFAULTS.channel),
    consentRule: OfferConsentRule.default(OFFER_DEFAULTS.consentRule),
    active: z.boolean().default(OFFER_DEFAULTS.active),
    suppressDays: z.number().int().min(0).max(3650).default(OFFER_DEFAULTS.suppressDays),
    quoteDays: z.number().int().min(1).max(365).default(OFFER_DEFAULTS.quoteDays),
    eligibility: OfferEligibility.default({}),
  })
  .strict()
  .superRefine((input, ctx) => {
    const o = { ...input, priceKind: priceKindOf(input) };
    if (o.priceKind === 'free' && o.price !== 0) ctx.addIssue({ code: 'custom', path: ['price'], message: 'a free offer has price 0' });
    if (o.priceKind === 'percent' && !(o.price > 0 && o.price <= 100))
      ctx.addIssue({ code: 'custom', path: ['price'], message: 'a percentage off is above 0 and at most 100' });
    if (o.priceKind === 'amount' && o.price === 0) ctx.addIssue({ code: 'custom', path: ['price'], message: 'an amount is above 0 (choose free for nothing to pay)' });
    if (o.priceKind !== 'amount' && o.currency) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'only an amount has a currency' });
  });
export type OfferInput = z.infer<typeof OfferInput>;

export const Offer = OfferInput.safeExtend({ id: z.string(), priceKind: OfferPriceKind, updatedAt: z.coerce.date().optional() });
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
