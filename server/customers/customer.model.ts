import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { CustomerKind } from '../../shared/schemas/enums.js';
import { invalidatesPictures } from './picture-invalidation.js';

const CustomerSchema = new Schema(
  {
    externalId: { type: String },
    kind: { type: String, enum: CustomerKind.options, required: true },
    firstName: String,
    lastName: String,
    companyName: String,
    displayName: { type: String, required: true },
    /** Name words, e-mails and phone digits, as the search box matches them (search-terms.ts). */
    searchTokens: { type: [String], default: [] },
    phones: [{ _id: false, label: String, number: { type: String, required: true } }],
    emails: [{ _id: false, label: String, address: { type: String, required: true } }],
    addresses: [{ _id: false, label: String, line1: String, city: String, postcode: String, region: String, country: String }],
    demographics: { ageBand: String, incomeBand: String, occupation: String },
    psychographics: { interests: { type: [String], default: [] }, attitude: String },
    business: {
      type: new Schema(
        {
          industry: String,
          employees: Number,
          contractStatus: String,
          shareOfWallet: Number,
          competitors: [String],
          buyingPractices: String,
          buyingTeam: [{ _id: false, name: String, role: String, phone: String }],
        },
        { _id: false },
      ),
      default: undefined,
    },
    relations: [{ _id: false, customerId: { type: Schema.Types.ObjectId, required: true }, type: { type: String, required: true } }],
    householdId: String,
    preferences: {
      channel: String,
      contactTime: String,
      language: String,
      productInterests: { type: [String], default: [] },
    },
    consents: [{ _id: false, purpose: String, channel: String, granted: Boolean, source: String, at: Date }],
    doNotCall: { type: Boolean, default: false },
    /** When the customer last confirmed their contact details (unset: since the record was created). */
    contactConfirmedAt: Date,
    timezone: { type: String, default: 'Europe/London' },
    /** The customer's currency (ISO 4217) when it is not their country's; unset: the country's (shared/i18n/currency.ts). */
    currency: { type: String, match: /^[A-Z]{3}$/ },
    /** Why we hold this record (privacy: purpose of processing on every record). */
    purpose: { type: String, default: 'customer-service' },
    /** Precomputed when transactions are recorded or scores recomputed; read as-is by the screen pop. */
    totals: {
      count: { type: Number, default: 0 },
      spend: { type: Number, default: 0 },
      firstAt: Date,
      lastAt: Date,
    },
    value: {
      type: new Schema(
        {
          recency: Number,
          frequency: Number,
          monetary: Number,
          segment: String,
          lifetimeValue: Number,
          potentialValue: Number,
          atRisk: Boolean,
          computedAt: Date,
        },
        { _id: false },
      ),
      default: undefined,
    },
    /** SKUs and categories the customer owns, with when they were last bought: offer filtering reads these. */
    owned: [{ _id: false, sku: String, category: String, at: Date }],
    version: { type: Number, default: 0 },
  },
  { timestamps: true, strict: true },
);

// Screen pop: identify the caller by normalised phone number.
// Renames and deletions drop the snapshots of pictures that show these customers as related.
invalidatesPictures(CustomerSchema, 'names');
CustomerSchema.index({ 'phones.number': 1 });
CustomerSchema.index({ searchTokens: 1 });
// Screen pop for chats: identify by e-mail address.
CustomerSchema.index({ 'emails.address': 1 });
// Imports: idempotent by external id.
CustomerSchema.index({ externalId: 1 }, { unique: true, sparse: true });
// Related customers: everyone in a household.
CustomerSchema.index({ householdId: 1 });
// Segments (campaign previews and call lists): the narrowest condition of a segment is answered from
// its index, so "champions in one region" reads those customers, not the whole base.
CustomerSchema.index({ 'value.segment': 1 });
CustomerSchema.index({ 'addresses.region': 1 });
CustomerSchema.index({ 'owned.category': 1 });
CustomerSchema.index({ 'totals.spend': 1 });
// The duplicates scan reads again only the customers changed since its last scan.
CustomerSchema.index({ updatedAt: 1 });

export type CustomerDoc = InferSchemaType<typeof CustomerSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };

const registerCustomer = (conn: Connection) => conn.model('Customer', CustomerSchema);
export const customerModel = (conn: Connection): ReturnType<typeof registerCustomer> =>
  (conn.models.Customer as ReturnType<typeof registerCustomer> | undefined) ?? registerCustomer(conn);
