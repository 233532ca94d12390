import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

const CampaignSchema = new Schema(
  {
    name: { type: String, required: true },
    channel: { type: String, enum: ['phone', 'email', 'sms', 'post'], required: true },
    offerCode: String,
    startsAt: Date,
    endsAt: Date,
  },
  { strict: true, timestamps: true },
);

const CampaignContactSchema = new Schema(
  {
    campaignId: { type: Schema.Types.ObjectId, required: true },
    customerId: { type: Schema.Types.ObjectId, required: true },
    at: { type: Date, required: true },
    channel: String,
    response: { type: String, enum: ['none', 'opened', 'clicked', 'purchased', 'declined', 'unsubscribed'], default: 'none' },
  },
  { strict: true },
);

// The picture's campaign history: a customer's contacts, newest first.
CampaignContactSchema.index({ customerId: 1, at: -1 });

export type CampaignDoc = InferSchemaType<typeof CampaignSchema> & { _id: Types.ObjectId };
export type CampaignContactDoc = InferSchemaType<typeof CampaignContactSchema> & { _id: Types.ObjectId };
const registerCampaign = (conn: Connection) => conn.model('Campaign', CampaignSchema);
export const campaignModel = (conn: Connection): ReturnType<typeof registerCampaign> =>
  (conn.models.Campaign as ReturnType<typeof registerCampaign> | undefined) ?? registerCampaign(conn);
const registerCampaignContact = (conn: Connection) => conn.model('CampaignContact', CampaignContactSchema);
export const campaignContactModel = (conn: Connection): ReturnType<typeof registerCampaignContact> =>
  (conn.models.CampaignContact as ReturnType<typeof registerCampaignContact> | undefined) ?? registerCampaignContact(conn);
