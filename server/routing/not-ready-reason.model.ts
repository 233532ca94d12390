import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/** The not-ready reasons agents may pick, as an admin configured them. Written by routing/not-ready-reasons.ts only. */
const NotReadyReasonSchema = new Schema(
  {
    code: { type: String, required: true },
    label: { type: String, required: true },
    active: { type: Boolean, default: true },
    /** The order in which agents see them. */
    position: { type: Number, default: 0 },
  },
  { strict: true, timestamps: true },
);
NotReadyReasonSchema.index({ code: 1 }, { unique: true });

export type NotReadyReasonDoc = InferSchemaType<typeof NotReadyReasonSchema> & { _id: Types.ObjectId };
const register = (conn: Connection) => conn.model('NotReadyReason', NotReadyReasonSchema, 'notreadyreasons');
export const notReadyReasonModel = (conn: Connection): ReturnType<typeof register> =>
  (conn.models.NotReadyReason as ReturnType<typeof register> | undefined) ?? register(conn);
