import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * A visitor's rating of one widget chat (CSAT 1–5 and a comment), with what the figures group by:
 * the queue, the agent who handled it, the site. One per chat (the unique interaction). The customer's
 * satisfaction answers (`surveys`) get a copy when the customer is known. Written by widget/ only.
 */
const WidgetRatingSchema = new Schema(
  {
    interactionId: { type: Schema.Types.ObjectId, required: true },
    siteId: { type: Schema.Types.ObjectId, required: true },
    queue: String,
    agentId: { type: Schema.Types.ObjectId, default: null },
    agentName: String,
    customerId: { type: Schema.Types.ObjectId, default: null },
    score: { type: Number, required: true, min: 1, max: 5 },
    comment: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { strict: true, versionKey: false },
);

// Once per chat: a second rating of the same chat is refused by the database itself.
WidgetRatingSchema.index({ interactionId: 1 }, { unique: true });
// Figures: a queue's or an agent's ratings over a period.
WidgetRatingSchema.index({ queue: 1, at: -1 });
WidgetRatingSchema.index({ agentId: 1, at: -1 });

export type WidgetRatingDoc = InferSchemaType<typeof WidgetRatingSchema> & { _id: Types.ObjectId };
const registerWidgetRating = (conn: Connection) => conn.model('WidgetRating', WidgetRatingSchema, 'widgetratings');
export const widgetRatingModel = (conn: Connection): ReturnType<typeof registerWidgetRating> =>
  (conn.models.WidgetRating as ReturnType<typeof registerWidgetRating> | undefined) ?? registerWidgetRating(conn);
export type WidgetRatingModel = ReturnType<typeof widgetRatingModel>;
