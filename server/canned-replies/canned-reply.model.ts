import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * A canned reply supervisors prepare for chat agents (shared/schemas/canned-replies.ts). Archived,
 * never deleted: the audit trail's before/after keeps meaning, and an archived shortcut is free again.
 */
const CannedReplySchema = new Schema(
  {
    title: { type: String, required: true },
    shortcut: { type: String, required: true },
    /** The shortcut in lower case: `/Greet` and `/greet` are one shortcut to an agent typing it. */
    shortcutKey: { type: String, required: true },
    text: { type: String, required: true },
    /** The team whose agents see it; null: everyone. */
    team: { type: String, default: null },
    archived: { type: Boolean, default: false },
    /** The username of whoever wrote it last. */
    updatedBy: String,
  },
  { strict: true, timestamps: true, versionKey: false },
);

// A shortcut is unique among the active replies of one team (null: the replies for everyone); the
// index holds it against two supervisors saving at once, the repository checks first for a clear 409.
CannedReplySchema.index({ team: 1, shortcutKey: 1 }, { unique: true, partialFilterExpression: { archived: false } });

export type CannedReplyDoc = InferSchemaType<typeof CannedReplySchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date };
const registerCannedReply = (conn: Connection) => conn.model('CannedReply', CannedReplySchema, 'cannedreplies');
export const cannedReplyModel = (conn: Connection): ReturnType<typeof registerCannedReply> =>
  (conn.models.CannedReply as ReturnType<typeof registerCannedReply> | undefined) ?? registerCannedReply(conn);
