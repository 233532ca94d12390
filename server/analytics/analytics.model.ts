import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { RuleLevel } from '../../shared/schemas/stored-states.js';

/** The base's RFM quintile cut points from the last full recompute: the incremental update scores against them. */
const RfmCutsSchema = new Schema(
  {
    key: { type: String, required: true },
    recency: [Number],
    frequency: [Number],
    monetary: [Number],
    windowDays: Number,
    customers: Number,
    transactions: Number,
    computedAt: Date,
  },
  { strict: true },
);
// The one current document, read by key on every incremental update.
RfmCutsSchema.index({ key: 1 }, { unique: true });
export type RfmCutsDoc = InferSchemaType<typeof RfmCutsSchema> & { _id: Types.ObjectId };

/** Association rules mined from every customer's basket; `level` is 'sku' or 'category'. */
const RuleSchema = new Schema(
  {
    level: { type: String, enum: RuleLevel.options, required: true },
    antecedent: { type: String, required: true },
    consequent: { type: String, required: true },
    count: Number,
    support: Number,
    confidence: Number,
    lift: Number,
    computedAt: Date,
  },
  { strict: true },
);
// "Customers also bought": the rules of one product, strongest first.
RuleSchema.index({ level: 1, antecedent: 1, lift: -1 });
export type RuleDoc = InferSchemaType<typeof RuleSchema> & { _id: Types.ObjectId };

/** One customer, one price: the price an offer was first quoted at, held until it expires. */
const QuoteSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    offerCode: { type: String, required: true },
    price: { type: Number, required: true },
    quotedAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
  },
  { strict: true },
);
// The current quote of an offer to a customer; unique so two channels quoting at once cannot both insert.
QuoteSchema.index({ customerId: 1, offerCode: 1 }, { unique: true });
export type QuoteDoc = InferSchemaType<typeof QuoteSchema> & { _id: Types.ObjectId };

const register = (conn: Connection) => ({
  RfmCuts: conn.models.RfmCuts ?? conn.model('RfmCuts', RfmCutsSchema, 'rfmcuts'),
  AssociationRule: conn.models.AssociationRule ?? conn.model('AssociationRule', RuleSchema, 'associationrules'),
  Quote: conn.models.Quote ?? conn.model('Quote', QuoteSchema, 'quotes'),
});
const _typed = (conn: Connection) => ({
  RfmCuts: conn.model('RfmCuts', RfmCutsSchema, 'rfmcuts'),
  AssociationRule: conn.model('AssociationRule', RuleSchema, 'associationrules'),
  Quote: conn.model('Quote', QuoteSchema, 'quotes'),
});
export const analyticsModels = (conn: Connection) => register(conn) as ReturnType<typeof _typed>;
