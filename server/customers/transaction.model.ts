import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { PurchaseChannel } from '../../shared/schemas/enums.js';
import { invalidatesPictures } from './picture-invalidation.js';

const TransactionSchema = new Schema(
  {
    customerId: { type: Schema.Types.ObjectId, required: true },
    /** The source system's transaction id (imports): a re-import updates instead of duplicating. */
    externalId: String,
    at: { type: Date, required: true },
    items: [{ _id: false, sku: String, name: String, category: String, qty: Number, price: Number }],
    total: { type: Number, required: true },
    channel: { type: String, enum: PurchaseChannel.options, required: true },
    store: String,
  },
  { strict: true },
);

// Writes drop the snapshots of the pictures they change (the picture's read model).
invalidatesPictures(TransactionSchema, 'part');
// The picture's recent purchases: a customer's transactions, newest first.
TransactionSchema.index({ customerId: 1, at: -1 });
// Imports: idempotent by the source system's transaction id.
TransactionSchema.index({ externalId: 1 }, { unique: true, sparse: true });

export type TransactionDoc = InferSchemaType<typeof TransactionSchema> & { _id: Types.ObjectId };
const registerTransaction = (conn: Connection) => conn.model('Transaction', TransactionSchema);
export const transactionModel = (conn: Connection): ReturnType<typeof registerTransaction> =>
  (conn.models.Transaction as ReturnType<typeof registerTransaction> | undefined) ?? registerTransaction(conn);
