import { createHash } from 'node:crypto';
import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * A website visitor's session: what their token (kept in their browser) opens. Only the token's
 * SHA-256 is stored, so a copy of the database opens no conversation. Written by server/widget only;
 * read by the attachment routes to check a visitor's file belongs to their conversation.
 */
const VisitorSessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true },
    siteId: { type: Schema.Types.ObjectId, required: true },
    /** The visitor's current (or last) chat. */
    interactionId: { type: Schema.Types.ObjectId, default: null },
    /** Set by a signed identity, or by identification of the pre-chat's e-mail or phone. */
    customerId: { type: Schema.Types.ObjectId, default: null },
    name: String,
    email: String,
    phone: String,
    locale: String,
    lastSeenAt: Date,
    /** How many chats this visitor has started: the next one's call id is `web-<session id>-<count + 1>`. */
    chatCount: { type: Number, default: 0 },
    /** Read marks of the current chat (seqs), so a reload shows them: the agent read the visitor's messages up to… */
    agentReadUpTo: { type: Number, default: 0 },
    /** …and the visitor read the agent's up to. */
    visitorReadUpTo: { type: Number, default: 0 },
    /**
     * The pre-chat's marketing box when the visitor was not identified as a customer: kept here (with
     * the time) until someone links them; an identified customer's answer goes into their consents.
     */
    marketingConsent: { type: new Schema({ granted: Boolean, at: Date, email: String, phone: String }, { _id: false }), default: undefined },
  },
  { strict: true, timestamps: true, versionKey: false },
);
VisitorSessionSchema.index({ tokenHash: 1 }, { unique: true });
VisitorSessionSchema.index({ interactionId: 1 });

/** The stored form of a visitor token. */
export const hashVisitorToken = (token: string) => createHash('sha256').update(token).digest('hex');

export type VisitorSessionDoc = InferSchemaType<typeof VisitorSessionSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
const registerVisitorSession = (conn: Connection) => conn.model('VisitorSession', VisitorSessionSchema);
export const visitorSessionModel = (conn: Connection): ReturnType<typeof registerVisitorSession> =>
  (conn.models.VisitorSession as ReturnType<typeof registerVisitorSession> | undefined) ?? registerVisitorSession(conn);
