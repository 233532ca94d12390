import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { CallbackOutcome, CallbackSource, CallbackState } from '../../shared/schemas/callbacks.js';

/** A customer's request to be called back, waiting on a queue (shared/schemas/callbacks.ts). */
const CallbackSchema = new Schema(
  {
    queue: { type: String, required: true },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    message: { type: String, default: '' },
    source: { type: String, enum: CallbackSource.options, required: true },
    site: String,
    customerId: { type: Schema.Types.ObjectId, default: null },
    state: { type: String, enum: CallbackState.options, default: 'open' },
    claimedBy: { type: Schema.Types.ObjectId, default: undefined },
    claimedByName: String,
    outcome: { type: String, enum: CallbackOutcome.options, default: undefined },
    note: String,
  },
  { strict: true, timestamps: true, versionKey: false },
);

// The list agents work: open ones of a queue, oldest first.
CallbackSchema.index({ state: 1, queue: 1, createdAt: 1 });

export type CallbackDoc = InferSchemaType<typeof CallbackSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
const registerCallback = (conn: Connection) => conn.model('Callback', CallbackSchema);
export const callbackModel = (conn: Connection): ReturnType<typeof registerCallback> =>
  (conn.models.Callback as ReturnType<typeof registerCallback> | undefined) ?? registerCallback(conn);
