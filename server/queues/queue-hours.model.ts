import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/** One queue's business hours (shared/schemas/queue-hours.ts); a queue without a document is always open. */
const QueueHoursSchema = new Schema(
  {
    queue: { type: String, required: true },
    timeZone: { type: String, required: true },
    /** Seven lists of `{ from, to }` spans, Sunday first: checked by the shared schema before it is stored. */
    week: { type: Schema.Types.Mixed, required: true },
    holidays: { type: [String], default: [] },
    updatedBy: String,
  },
  { strict: true, timestamps: true, versionKey: false },
);
QueueHoursSchema.index({ queue: 1 }, { unique: true });

export type QueueHoursDoc = InferSchemaType<typeof QueueHoursSchema> & { _id: Types.ObjectId };
const registerQueueHours = (conn: Connection) => conn.model('QueueHours', QueueHoursSchema, 'queuehours');
export const queueHoursModel = (conn: Connection): ReturnType<typeof registerQueueHours> =>
  (conn.models.QueueHours as ReturnType<typeof registerQueueHours> | undefined) ?? registerQueueHours(conn);
