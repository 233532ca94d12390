import { z } from 'zod';

/**
 * Literal lists that several shapes share (wire schemas, mongoose models, the client's pickers).
 * Each is declared here once so a new value is added in one place; the schema files re-export the
 * ones they are known by, and mongoose models take `.options`.
 */

export const CustomerKind = z.enum(['person', 'business']);
export type CustomerKind = z.infer<typeof CustomerKind>;

/** Why a customer may be contacted; consents are recorded per purpose and channel. */
export const ConsentPurpose = z.enum(['marketing', 'service', 'profiling']);
export type ConsentPurpose = z.infer<typeof ConsentPurpose>;

/** How a customer can be reached: consents, preferences, offers and sent campaigns. */
export const ContactChannel = z.enum(['phone', 'email', 'sms', 'post']);
export type ContactChannel = z.infer<typeof ContactChannel>;

/** When a customer prefers to be called: set on the preferences panel or by a campaign script's answer. */
export const ContactTime = z.enum(['morning', 'afternoon', 'evening', 'any']);
export type ContactTime = z.infer<typeof ContactTime>;

/** Where a purchase was made. */
export const PurchaseChannel = z.enum(['store', 'web', 'phone']);
export type PurchaseChannel = z.infer<typeof PurchaseChannel>;

export const Direction = z.enum(['inbound', 'outbound']);
export type Direction = z.infer<typeof Direction>;

export const ComplaintSeverity = z.enum(['low', 'medium', 'high', 'critical']);
export type ComplaintSeverity = z.infer<typeof ComplaintSeverity>;
export const ComplaintStatus = z.enum(['open', 'in-progress', 'resolved']);
export type ComplaintStatus = z.infer<typeof ComplaintStatus>;

export const OfferKind = z.enum(['complement', 'replacement', 'loyalty', 'win-back', 'up-sell']);
export type OfferKind = z.infer<typeof OfferKind>;
/** An offer sells (marketing) or serves (service): a subset of the consent purposes, since consent gates it. */
export const OfferPurpose = ConsentPurpose.extract(['marketing', 'service']);
export type OfferPurpose = z.infer<typeof OfferPurpose>;
/**
 * What an offer needs before an agent may present it:
 * - `opt-in`: marketing consent granted on the offer's channel (and no do-not-call by phone). Every
 *   outbound campaign works this way;
 * - `no-objection`: allowed when the customer contacted us and has not opted out of or objected to the
 *   offer's purpose (service gestures, loyalty rewards, accessories for what they bought); on a call we
 *   make, it falls back to `opt-in`.
 */
export const OfferConsentRule = z.enum(['opt-in', 'no-objection']);
export type OfferConsentRule = z.infer<typeof OfferConsentRule>;
/** How an offer's `price` reads: money the customer pays, a percentage off, or nothing to pay. */
export const OfferPriceKind = z.enum(['amount', 'percent', 'free']);
export type OfferPriceKind = z.infer<typeof OfferPriceKind>;
/** What the customer said to an offer. */
export const OfferDecision = z.enum(['accepted', 'declined']);
export type OfferDecision = z.infer<typeof OfferDecision>;

/** How a customer answered a campaign contact. */
export const CampaignResponse = z.enum(['none', 'opened', 'clicked', 'purchased', 'declined', 'unsubscribed']);
export type CampaignResponse = z.infer<typeof CampaignResponse>;

export const SurveyType = z.enum(['csat', 'nps']);
export type SurveyType = z.infer<typeof SurveyType>;

/** Long-running work (an import) as stored and as reported. */
export const JobState = z.enum(['running', 'done', 'failed']);
export type JobState = z.infer<typeof JobState>;
