import { z } from 'zod';
import { ObjectIdString } from './common.js';
import {
  CampaignResponse,
  ComplaintSeverity,
  ComplaintStatus,
  ConsentPurpose,
  ContactChannel,
  ContactTime,
  CustomerKind,
  Direction,
  OfferConsentRule,
  OfferKind,
  OfferPriceKind,
  OfferPurpose,
  SurveyType,
} from './enums.js';
import { CurrencyCode, OfferNotice, OfferReason } from './offer-reasons.js';
import { DEFAULT_CURRENCY } from '../i18n/currency.js';
import { LocalizedText } from '../i18n/localized.js';

export { ConsentPurpose, ContactChannel, CustomerKind };
export const RelationType = z.enum(['household', 'spouse', 'parent', 'child', 'employer', 'employee', 'business-group']);

export const Phone = z.object({ label: z.string().max(32), number: z.string().max(32) });
export const Email = z.object({ label: z.string().max(32), address: z.email().max(256) });
export const Address = z.object({
  label: z.string().max(32),
  line1: z.string().max(200),
  city: z.string().max(100),
  postcode: z.string().max(20),
  region: z.string().max(100),
  country: z.string().length(2),
});

export const Consent = z.object({
  purpose: ConsentPurpose,
  channel: ContactChannel,
  granted: z.boolean(),
  source: z.string().max(100),
  at: z.coerce.date(),
});
export type Consent = z.infer<typeof Consent>;

export const Preferences = z.object({
  channel: ContactChannel.optional(),
  contactTime: ContactTime.optional(),
  language: z.string().max(16).optional(),
  productInterests: z.array(z.string().max(64)).max(50).default([]),
});
export type Preferences = z.infer<typeof Preferences>;

export const BusinessProfile = z.object({
  industry: z.string().optional(),
  employees: z.number().optional(),
  contractStatus: z.enum(['prospect', 'active', 'renewal-due', 'lapsed']).optional(),
  shareOfWallet: z.number().min(0).max(1).optional(),
  competitors: z.array(z.string()).default([]),
  buyingPractices: z.string().optional(),
  buyingTeam: z.array(z.object({ name: z.string(), role: z.string(), phone: z.string().optional() })).default([]),
});

export const Profile = z.object({
  id: z.string(),
  kind: CustomerKind,
  displayName: z.string(),
  firstName: z.string().optional(),
  lastName: z.string().optional(),
  companyName: z.string().optional(),
  phones: z.array(Phone),
  emails: z.array(Email),
  addresses: z.array(Address),
  demographics: z.object({
    ageBand: z.string().optional(),
    incomeBand: z.string().optional(),
    occupation: z.string().optional(),
  }),
  psychographics: z.object({ interests: z.array(z.string()), attitude: z.string().optional() }),
  business: BusinessProfile.optional(),
  timezone: z.string(),
  /**
   * The customer's own currency (ISO 4217) when the record states one: it overrides their country's.
   * The picture's `currency` is the one in force.
   */
  currency: CurrencyCode.optional(),
  purpose: z.string(),
  /** Whether the contact details are due for confirmation (older than the configured window). */
  freshness: z.object({ contactConfirmedAt: z.coerce.date().optional(), stale: z.boolean() }).optional(),
  createdAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  version: z.number(),
});
export type Profile = z.infer<typeof Profile>;

export const RelatedCustomer = z.object({ id: z.string(), displayName: z.string(), kind: CustomerKind, relation: RelationType });
export type RelatedCustomer = z.infer<typeof RelatedCustomer>;

export const TransactionItem = z.object({ sku: z.string(), name: z.string(), category: z.string(), qty: z.number(), price: z.number() });
export const Transaction = z.object({
  id: z.string(),
  at: z.coerce.date(),
  total: z.number(),
  channel: z.string(),
  store: z.string().optional(),
  items: z.array(TransactionItem),
});
export type Transaction = z.infer<typeof Transaction>;

export const Complaint = z.object({
  id: z.string(),
  customerId: z.string(),
  subject: z.string(),
  category: z.string(),
  severity: ComplaintSeverity,
  status: ComplaintStatus,
  owner: z.string().optional(),
  resolution: z.string().optional(),
  openedAt: z.coerce.date(),
  updatedAt: z.coerce.date(),
  resolvedAt: z.coerce.date().optional(),
});
export type Complaint = z.infer<typeof Complaint>;

export const CampaignContact = z.object({
  campaignId: z.string(),
  name: z.string(),
  channel: z.string(),
  at: z.coerce.date(),
  response: CampaignResponse,
});

export const SurveyAnswer = z.object({ type: SurveyType, score: z.number(), at: z.coerce.date(), comment: z.string().optional() });

export const Segment = z.enum([
  'champions',
  'loyal',
  'potential-loyalist',
  'new',
  'at-risk',
  'cant-lose',
  'hibernating',
  'lost',
]);
export type Segment = z.infer<typeof Segment>;

export const Value = z.object({
  recency: z.number().int().min(1).max(5),
  frequency: z.number().int().min(1).max(5),
  monetary: z.number().int().min(1).max(5),
  segment: Segment,
  lifetimeValue: z.number(),
  potentialValue: z.number(),
  atRisk: z.boolean(),
  computedAt: z.coerce.date(),
});
export type Value = z.infer<typeof Value>;

export const TimelineEntry = z.object({
  id: z.string(),
  channel: z.string(),
  direction: Direction,
  at: z.coerce.date(),
  agent: z.string().optional(),
  disposition: z.string().optional(),
  notes: z.string().optional(),
  state: z.string(),
});

export const NextBestOffer = z.object({
  offerId: z.string(),
  title: z.string(),
  /** The title in other languages, as the admin wrote them (the console shows the agent's). */
  titleTranslations: LocalizedText.optional(),
  kind: OfferKind,
  /** Sales (`marketing`) or a service gesture (`service`): an open high-severity complaint holds sales back. */
  purpose: OfferPurpose,
  consentRule: OfferConsentRule,
  /**
   * The price quoted to this customer: the same on every channel and for every agent until `quoteExpiresAt`.
   * Read by `priceKind`: money to pay, a percentage off, or 0 when free.
   */
  price: z.number(),
  priceKind: OfferPriceKind,
  /** The price's currency when the offer states one; absent, the customer's (the picture's `currency`). */
  currency: CurrencyCode.optional(),
  quoteExpiresAt: z.coerce.date().optional(),
  score: z.number(),
  reasons: z.array(OfferReason),
});
export type NextBestOffer = z.infer<typeof NextBestOffer>;

/** Everything the agent sees about one customer: the screen pop's payload. */
export const CustomerPicture = z.object({
  profile: Profile,
  /**
   * The currency the customer's money is in (ISO 4217): their own, else their country's, else the
   * deployment's (shared/i18n/currency.ts). Lifetime value, spend, purchases and offers without their
   * own currency read in it.
   */
  currency: CurrencyCode.default(DEFAULT_CURRENCY),
  related: z.array(RelatedCustomer),
  transactions: z.object({
    recent: z.array(Transaction),
    totals: z.object({
      count: z.number(),
      spend: z.number(),
      averageBasket: z.number(),
      firstAt: z.coerce.date().optional(),
      lastAt: z.coerce.date().optional(),
    }),
  }),
  complaints: z.array(Complaint),
  preferences: Preferences,
  consents: z.object({ items: z.array(Consent), doNotCall: z.boolean(), marketingOptOut: z.boolean() }),
  campaigns: z.array(CampaignContact),
  satisfaction: z.object({ latestCsat: z.number().optional(), latestNps: z.number().optional(), history: z.array(SurveyAnswer) }),
  value: Value.nullable(),
  interactions: z.array(TimelineEntry),
  nextBestOffers: z.array(NextBestOffer),
  /** Why offers were held back or why there is none; null when nothing needs saying. */
  offerNotice: OfferNotice.nullable(),
});
export type CustomerPicture = z.infer<typeof CustomerPicture>;

export const CustomerSummary = z.object({
  id: z.string(),
  displayName: z.string(),
  kind: CustomerKind,
  phone: z.string().optional(),
  email: z.string().optional(),
  city: z.string().optional(),
  segment: Segment.optional(),
});
export type CustomerSummary = z.infer<typeof CustomerSummary>;

export const CustomerSearchQuery = z.object({ q: z.string().trim().min(1).max(100), limit: z.coerce.number().int().min(1).max(50).default(20) });
export const CustomerSearchResult = z.object({ items: z.array(CustomerSummary), total: z.number() });
export type CustomerSearchResult = z.infer<typeof CustomerSearchResult>;

/** The quick-create card for an unknown caller. */
export const CustomerCreate = z
  .object({
    kind: CustomerKind.default('person'),
    firstName: z.string().trim().max(100).optional(),
    lastName: z.string().trim().max(100).optional(),
    companyName: z.string().trim().max(200).optional(),
    phone: z.string().trim().max(32).optional(),
    email: z.email().max(256).optional(),
    interactionId: ObjectIdString.optional(),
  })
  .strict()
  .refine((c) => (c.kind === 'business' ? !!c.companyName : !!(c.firstName || c.lastName)), {
    message: 'a person needs a first or last name, a business a company name',
  });
export type CustomerCreate = z.infer<typeof CustomerCreate>;

/** An unknown caller is this existing customer: their number (or chat e-mail) is added and the interaction attached. */
export const LinkCaller = z.object({ interactionId: ObjectIdString }).strict();
export type LinkCaller = z.infer<typeof LinkCaller>;

export const PreferencesUpdate = z
  .object({
    preferences: Preferences.partial().strict().optional(),
    consents: z
      .array(z.object({ purpose: ConsentPurpose, channel: ContactChannel, granted: z.boolean() }).strict())
      .max(20)
      .optional(),
    doNotCall: z.boolean().optional(),
    interactionId: ObjectIdString.optional(),
    /** The profile version the client read: a save on a stale version is refused with 409 and the current values. */
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict();
export type PreferencesUpdate = z.infer<typeof PreferencesUpdate>;

export const ComplaintCreate = z
  .object({
    subject: z.string().trim().min(1).max(200),
    category: z.string().trim().min(1).max(64),
    severity: Complaint.shape.severity,
    interactionId: ObjectIdString.optional(),
  })
  .strict();
export const ComplaintUpdate = z
  .object({
    status: Complaint.shape.status.optional(),
    severity: Complaint.shape.severity.optional(),
    resolution: z.string().trim().max(2000).optional(),
    interactionId: ObjectIdString.optional(),
  })
  .strict();
