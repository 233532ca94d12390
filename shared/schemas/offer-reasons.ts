import { z } from 'zod';
import { ComplaintSeverity } from './enums.js';

/*
 * Why an offer is shown, and why none is, as codes with typed parameters: the server decides, the client
 * words them (money in the customer's currency, dates in the agent's locale, and later in their language).
 * Amounts are plain numbers in the offer's currency; dates are dates; counts are integers.
 */

/** An ISO 4217 currency code, e.g. `EUR`. */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'a three-letter ISO 4217 code');
export type CurrencyCode = z.infer<typeof CurrencyCode>;

const Share = z.number().min(0).max(1);

export const OfferReason = z.discriminatedUnion('code', [
  /** The purchase that makes the offer relevant. */
  z.object({ code: z.literal('bought'), product: z.string(), at: z.coerce.date() }),
  /** A mined basket rule: `confidence` of `from` buyers also buy `to`, `lift` times more than chance. */
  z.object({ code: z.literal('basket-rule'), from: z.string(), to: z.string(), confidence: Share, lift: z.number().nonnegative() }),
  /** No rule mined yet: the offer is the usual companion of the purchase. */
  z.object({ code: z.literal('goes-with'), offer: z.string() }),
  /** An up-sell: the offer is the step up from what they bought. */
  z.object({ code: z.literal('step-up'), offer: z.string() }),
  /** A replacement reminder: bought at `boughtAt`, typically lasts `lifeMonths`. */
  z.object({ code: z.literal('replacement-due'), product: z.string(), boughtAt: z.coerce.date(), lifeMonths: z.number().int().positive() }),
  /** A loyalty reward: `spend` so far, past the offer's `threshold` (both money). */
  z.object({ code: z.literal('spend-past-threshold'), spend: z.number().nonnegative(), threshold: z.number().nonnegative() }),
  /** A win-back: the customer is flagged at risk, with their value segment when scored. */
  z.object({ code: z.literal('at-risk'), segment: z.string().optional() }),
  /** A win-back: the customer stopped buying (`segment` hibernating or lost); their last purchase. */
  z.object({ code: z.literal('lapsed'), segment: z.string(), lastPurchaseAt: z.coerce.date() }),
  /** Presented because the outbound campaign being worked offers it. */
  z.object({ code: z.literal('campaign'), campaign: z.string() }),
]);
export type OfferReason = z.infer<typeof OfferReason>;

/**
 * What the agent is told above the offers when something held offers back, or when there is none:
 * - `sales-held`: an open complaint of high severity; only service gestures remain;
 * - `objected`: do-not-call or a marketing opt-out;
 * - `needs-opt-in`: offers fit, but need marketing consent the customer has not given (e.g. we called them);
 * - `declined-recently`: `count` offers that fit were declined within their suppression days;
 * - `nothing-relevant`: nothing in the catalogue fits what the customer has and does.
 */
export const OfferNotice = z.discriminatedUnion('code', [
  z.object({ code: z.literal('sales-held'), complaintId: z.string(), severity: ComplaintSeverity }),
  z.object({ code: z.literal('objected'), doNotCall: z.boolean() }),
  z.object({ code: z.literal('needs-opt-in') }),
  z.object({ code: z.literal('declined-recently'), count: z.number().int().positive() }),
  z.object({ code: z.literal('nothing-relevant') }),
]);
export type OfferNotice = z.infer<typeof OfferNotice>;
