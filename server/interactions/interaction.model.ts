import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

const InteractionSchema = new Schema(
  {
    callId: { type: String, required: true },
    channel: { type: String, enum: ['voice', 'chat'], required: true },
    direction: { type: String, enum: ['inbound', 'outbound'], default: 'inbound' },
    from: { type: String, required: true },
    to: { type: String, required: true },
    queue: String,
    /** An agent the platform asked for (CTI `agentId`), honoured by routing. */
    requestedAgent: String,
    /** Outbound calls: the campaign whose call list served the contact (name kept for the live feed). */
    campaignId: { type: Schema.Types.ObjectId, default: undefined },
    campaignName: String,
    customerId: { type: Schema.Types.ObjectId, default: null },
    candidateIds: { type: [Schema.Types.ObjectId], default: [] },
    agentId: { type: Schema.Types.ObjectId, default: null },
    agentName: String,
    state: { type: String, enum: ['ringing', 'queued', 'offered', 'active', 'ended'], required: true },
    ringingAt: Date,
    answeredAt: Date,
    endedAt: Date,
    wrappedUpAt: Date,
    notes: String,
    disposition: String,
    /** What the next-best-offer card showed the agent when the picture popped. */
    presentedOffers: [{ _id: false, offerId: String, title: String, price: Number, score: Number, at: Date }],
    offers: [{ _id: false, offerId: String, title: String, price: Number, outcome: String, at: Date }],
    complaintIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Preference, consent and record changes made during the interaction, as they happened. */
    changes: [{ _id: false, at: Date, what: String, detail: Schema.Types.Mixed }],
    transcript: [{ _id: false, from: String, text: String, at: Date, agent: String }],
    popAckedAt: Date,
    /** The CTI events applied to this call, in order: their ids make a repeated event a no-op. */
    events: [{ _id: false, eventId: String, type: { type: String }, at: Date, receivedAt: Date }],
    version: { type: Number, default: 0 },
  },
  { strict: true, timestamps: true },
);

// CTI events find their call; one interaction per call.
InteractionSchema.index({ callId: 1 }, { unique: true });
// The picture's timeline: a customer's interactions, newest first.
InteractionSchema.index({ customerId: 1, createdAt: -1 });
// Who was contacted within a window (a segment's "not contacted for 30 days"): an ordered range.
InteractionSchema.index({ createdAt: -1 });
// Routing: the oldest waiting call when an agent frees up; reconnect: an agent's live interactions.
InteractionSchema.index({ state: 1, ringingAt: 1 });
InteractionSchema.index({ agentId: 1, state: 1 });

export type InteractionDoc = InferSchemaType<typeof InteractionSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
const registerInteraction = (conn: Connection) => conn.model('Interaction', InteractionSchema);
export const interactionModel = (conn: Connection): ReturnType<typeof registerInteraction> =>
  (conn.models.Interaction as ReturnType<typeof registerInteraction> | undefined) ?? registerInteraction(conn);
