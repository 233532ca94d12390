import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { Channel } from '../../shared/schemas/common.js';
import { Direction } from '../../shared/schemas/enums.js';
import { InteractionState } from '../../shared/schemas/interaction.js';

const InteractionSchema = new Schema(
  {
    callId: { type: String, required: true },
    channel: { type: String, enum: Channel.options, required: true },
    direction: { type: String, enum: Direction.options, default: 'inbound' },
    from: { type: String, required: true },
    to: { type: String, required: true },
    queue: String,
    /** An agent the platform asked for (CTI `agentId`), honoured by routing. */
    requestedAgent: String,
    /** Outbound calls: the campaign whose call list served the contact (name kept for the live feed). */
    campaignId: { type: Schema.Types.ObjectId, default: undefined },
    campaignName: String,
    /**
     * A telemarketer's click-to-call through the SIP switch (server/telephony/sip/sip-outbound.ts): its
     * SIP Call-ID, the number dialled, and what the dialog said (times, outcome, the final SIP code).
     */
    sipCall: {
      type: new Schema(
        { callId: String, number: String, dialledAt: Date, answeredAt: Date, endedAt: Date, outcome: { type: String, enum: ['calling', 'answered', 'busy', 'no-answer', 'failed'] }, code: Number },
        { _id: false },
      ),
      default: undefined,
    },
    customerId: { type: Schema.Types.ObjectId, default: null },
    candidateIds: { type: [Schema.Types.ObjectId], default: [] },
    agentId: { type: Schema.Types.ObjectId, default: null },
    agentName: String,
    state: { type: String, enum: InteractionState.options, required: true },
    ringingAt: Date,
    /** When the call or chat was answered: by the platform (an IVR) or by the agent. */
    answeredAt: Date,
    /**
     * When the customer was connected to an agent: the answer of a call the agent holds, the
     * assignment of a call the platform had already answered, a chat's acceptance. The queue figures
     * and the feed count an interaction answered from this, never from a platform's own answer.
     */
    connectedAt: Date,
    endedAt: Date,
    /** Hold (call.held / call.resumed): since when the caller is on hold now, and the earlier holds' time and count. */
    heldAt: { type: Date, default: undefined },
    holdMs: Number,
    holdCount: Number,
    wrappedUpAt: Date,
    notes: String,
    disposition: String,
    /** What the next-best-offer card showed the agent when the picture popped. */
    presentedOffers: [{ _id: false, offerId: String, title: String, price: Number, currency: String, score: Number, at: Date }],
    offers: [{ _id: false, offerId: String, title: String, price: Number, currency: String, outcome: String, at: Date }],
    complaintIds: { type: [Schema.Types.ObjectId], default: [] },
    /** Preference, consent and record changes made during the interaction, as they happened. */
    changes: [{ _id: false, at: Date, what: String, detail: Schema.Types.Mixed }],
    /**
     * Chat messages live in `chatmessages` (chat-message.model.ts); the interaction keeps only their
     * count, which also hands out each message's place in the chat, and the time of the latest.
     */
    messageCount: { type: Number, default: 0 },
    lastMessageAt: Date,
    /**
     * Older data directories only: chats stored before messages had their own collection. Never
     * written now; read before the collection's messages (chat-messages.ts), so such chats still show
     * whole without a migration at start-up, and blanked by erasure like the rest.
     */
    transcript: { type: [{ _id: false, from: String, text: String, at: Date, agent: String }], default: undefined },
    popAckedAt: Date,
    /**
     * Transfers (transfer.service.ts): how many, and the latest, whose agent routing passes over when it
     * routes the interaction again (a chat sent to a queue must not come straight back to its sender).
     * The full story (who, from, to, the note) is in `changes`.
     */
    transferCount: { type: Number, default: 0 },
    lastTransfer: {
      type: new Schema({ at: Date, by: String, fromAgentId: Schema.Types.ObjectId, fromAgentName: String, toAgent: String, toQueue: String }, { _id: false }),
      default: undefined,
    },
    /**
     * The CTI events applied to this call, in order: their ids make a repeated event a no-op. Chat
     * messages are the exception: their event id is kept with the message, so a chat's interaction does
     * not grow with every message.
     */
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
// Routing: what an agent owes (ended, connected, not wrapped up) among their few unwrapped interactions,
// not among their whole history.
InteractionSchema.index({ agentId: 1, wrappedUpAt: 1 });
// Reports' interaction export: everything that rang within a range of days, in order.
InteractionSchema.index({ ringingAt: 1 });
// A customer's interactions where they were only a candidate (the caller not identified yet): with the
// customerId index, a merge, an erasure or an export reads theirs as the union of two index scans (a $or).
InteractionSchema.index({ candidateIds: 1 });
// Dialog events of a click-to-call find their interaction by the SIP Call-ID (only outbound SIP calls have one).
InteractionSchema.index({ 'sipCall.callId': 1 }, { sparse: true });

export type InteractionDoc = InferSchemaType<typeof InteractionSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
const registerInteraction = (conn: Connection) => conn.model('Interaction', InteractionSchema);
export const interactionModel = (conn: Connection): ReturnType<typeof registerInteraction> =>
  (conn.models.Interaction as ReturnType<typeof registerInteraction> | undefined) ?? registerInteraction(conn);
