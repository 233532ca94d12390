import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { ContactChannel, OfferConsentRule, OfferKind, OfferPriceKind, OfferPurpose } from '../../shared/schemas/enums.js';
import { OFFER_DEFAULTS } from '../../shared/schemas/offers.js';

/**
 * Offers are data an admin edits, not code: each names its kind, what it sells and who may get it.
 * The fields are `OfferInput` (shared/schemas/offers.ts); allowed values and defaults come from there.
 */
const OfferSchema = new Schema(
  {
    code: { type: String, required: true },
    title: { type: String, required: true },
    /** The title in other languages by language code (`{ fa: '…' }`), as `LocalizedText` checked it. */
    titleTranslations: { type: Schema.Types.Mixed, default: undefined },
    kind: { type: String, enum: OfferKind.options, required: true },
    /** The product sold, if any. */
    sku: String,
    /** For complements: buying this category makes the offer relevant. */
    triggerCategory: String,
    /** For loyalty rewards: cumulative spend that earns it. */
    spendThreshold: Number,
    price: { type: Number, required: true },
    /** How `price` reads (amount, percent off, free); absent on offers written before: read by `priceKindOf`. */
    priceKind: { type: String, enum: OfferPriceKind.options },
    /** The amount's currency, when the offer states one. */
    currency: String,
    purpose: { type: String, enum: OfferPurpose.options, default: OFFER_DEFAULTS.purpose },
    channel: { type: String, enum: ContactChannel.options, default: OFFER_DEFAULTS.channel },
    /** What the customer must have said before an agent presents it (see `OfferConsentRule`). */
    consentRule: { type: String, enum: OfferConsentRule.options, default: OFFER_DEFAULTS.consentRule },
    active: { type: Boolean, default: OFFER_DEFAULTS.active },
    /** Days a decline suppresses the offer for that customer. */
    suppressDays: { type: Number, default: OFFER_DEFAULTS.suppressDays },
    /** Days a quoted price holds for the customer: every agent and channel quotes it until then. */
    quoteDays: { type: Number, default: OFFER_DEFAULTS.quoteDays },
    /** Per-offer eligibility rules beyond consent, ownership and declines; each one given must hold. */
    eligibility: {
      segments: { type: [String], default: undefined },
      minLifetimeValue: Number,
      customerKinds: { type: [String], default: undefined },
    },
  },
  { strict: true, timestamps: true },
);

// Offer lookups by code from the interaction log and admin edits.
OfferSchema.index({ code: 1 }, { unique: true });

export type OfferDoc = InferSchemaType<typeof OfferSchema> & { _id: Types.ObjectId };
const registerOffer = (conn: Connection) => conn.model('Offer', OfferSchema);
export const offerModel = (conn: Connection): ReturnType<typeof registerOffer> =>
  (conn.models.Offer as ReturnType<typeof registerOffer> | undefined) ?? registerOffer(conn);
