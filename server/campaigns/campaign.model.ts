import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { CampaignStatus } from '../../shared/schemas/campaign.js';
import { CampaignResponse, ContactChannel } from '../../shared/schemas/enums.js';
import { CallListStatus } from '../../shared/schemas/stored-states.js';
import { invalidatesPictures } from '../customers/picture-invalidation.js';

const CampaignSchema = new Schema(
  {
    name: { type: String, required: true },
    channel: { type: String, enum: ContactChannel.options, required: true },
    offerCode: String,
    startsAt: Date,
    endsAt: Date,
    // Outbound (telemarketing) campaigns: a call list built from a segment and worked by telemarketers.
    /** Unset for campaigns that were only sent (mail, e-mail, SMS history). */
    status: { type: String, enum: CampaignStatus.options },
    offerCodes: { type: [String], default: undefined },
    /** Validated by the shared zod schemas before it is stored. */
    script: Schema.Types.Mixed,
    segment: Schema.Types.Mixed,
    callingHours: { type: new Schema({ from: String, to: String, days: [Number] }, { _id: false }), default: undefined },
    maxAttempts: Number,
    retryMinutes: Number,
    onePerHousehold: Boolean,
    /** The campaign's own outcome names by language; validated by the shared zod schema. */
    dispositionLabels: { type: Schema.Types.Mixed, default: undefined },
    build: { type: new Schema({ processed: Number, total: Number }, { _id: false }), default: undefined },
    /** Time zones of the contacts on the list: "next contact" asks only for those inside calling hours now. */
    zones: { type: [String], default: undefined },
    createdBy: String,
  },
  { strict: true, timestamps: true },
);

const CampaignContactSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    channel: String,
    response: { type: String, enum: CampaignResponse.options, default: 'none' },
  },
  { strict: true },
);

// The picture's campaign history: a customer's contacts, newest first.
// Writes drop the snapshots of the pictures they change (the picture's read model).
invalidatesPictures(CampaignContactSchema, 'part');
CampaignContactSchema.index({ customerId: 1, at: -1 });

/** One customer on an outbound campaign's call list, and where their calls stand. */
const CallListEntrySchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    phone: String,
    timezone: { type: String, default: 'Europe/London' },
    /** pending: waiting to be served; locked: served to a telemarketer; done; excluded (with `reason`). */
    status: { type: String, enum: CallListStatus.options, required: true },
    reason: String,
    /** 0 callback, 1 retry, 2 fresh: the serving order before `dueAt`. */
    priority: { type: Number, default: 2 },
    dueAt: Date,
    /** Fresh contacts in list order (most valuable first). */
    order: { type: Number, default: 0 },
    attempts: { type: Number, default: 0 },
    callbackAt: Date,
    /** Who agreed the callback: theirs first, anyone's once `CALLBACK_GRACE` has passed. */
    callbackOwner: Schema.Types.ObjectId,
    lockedBy: Schema.Types.ObjectId,
    lockedUntil: Date,
    interactionId: Schema.Types.ObjectId,
    reached: { type: Boolean, default: false },
    converted: { type: Boolean, default: false },
    lastDisposition: String,
    lastAt: Date,
    history: [{ _id: false, at: Date, disposition: String, agent: String, interactionId: Schema.Types.ObjectId, notes: String }],
  },
  { strict: true, timestamps: true },
);

// One entry per customer and campaign (a rebuilt list cannot double a customer).
CallListEntrySchema.index({ campaignId: 1, customerId: 1 }, { unique: true });
// "Next contact": the due entries of a campaign in serving order.
CallListEntrySchema.index({ campaignId: 1, status: 1, priority: 1, dueAt: 1 });
// Do-not-call or opt-out: the customer's entries on every list.
CallListEntrySchema.index({ customerId: 1 });
// A telemarketer's contact in hand (resumed after a reload).
CallListEntrySchema.index({ lockedBy: 1, status: 1 });

export type CampaignDoc = InferSchemaType<typeof CampaignSchema> & { _id: Types.ObjectId };
export type CallListEntryDoc = InferSchemaType<typeof CallListEntrySchema> & { _id: Types.ObjectId };
export type CampaignContactDoc = InferSchemaType<typeof CampaignContactSchema> & { _id: Types.ObjectId };
const registerCampaign = (conn: Connection) => conn.model('Campaign', CampaignSchema);
export const campaignModel = (conn: Connection): ReturnType<typeof registerCampaign> =>
  (conn.models.Campaign as ReturnType<typeof registerCampaign> | undefined) ?? registerCampaign(conn);
const registerCampaignContact = (conn: Connection) => conn.model('CampaignContact', CampaignContactSchema);
export const campaignContactModel = (conn: Connection): ReturnType<typeof registerCampaignContact> =>
  (conn.models.CampaignContact as ReturnType<typeof registerCampaignContact> | undefined) ?? registerCampaignContact(conn);
const registerCallListEntry = (conn: Connection) => conn.model('CallListEntry', CallListEntrySchema);
export const callListEntryModel = (conn: Connection): ReturnType<typeof registerCallListEntry> =>
  (conn.models.CallListEntry as ReturnType<typeof registerCallListEntry> | undefined) ?? registerCallListEntry(conn);
