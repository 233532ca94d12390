import { type Connection, type InferSchemaType, Schema } from 'mongoose';
import { ChatOutboxState } from '../../shared/schemas/stored-states.js';

/**
 * Agents' chat replies waiting to reach the chat platform. Written when the agent sends (before the
 * agent's request is answered), so a reply outlives a platform outage and a console restart; a
 * process claims one for a while before posting it, so two processes never both send it.
 */
const ChatOutboxSchema = new Schema(
  {
    callId: { type: String, required: true },
    /** Which endpoint it goes to (signed-outbox.ts): the chat platform, or the telephony commands. */
    target: { type: String, enum: ['chat', 'cti'], default: 'chat' },
    /** The exact signed body posted to the platform. */
    body: { type: String, required: true },
    state: { type: String, enum: ChatOutboxState.options, default: 'pending', required: true },
    attempts: { type: Number, default: 0 },
    nextAttemptAt: { type: Date, required: true },
    claimedBy: String,
    claimedUntil: { type: Date, default: () => new Date(0) },
    lastError: String,
    sentAt: Date,
  },
  { strict: true, timestamps: true, versionKey: false },
);
// The sender's next reply to post: due, pending, not claimed by a live process.
ChatOutboxSchema.index({ state: 1, nextAttemptAt: 1 });

export type ChatOutboxDoc = InferSchemaType<typeof ChatOutboxSchema>;
const register = (conn: Connection) => conn.model('ChatOutbox', ChatOutboxSchema, 'chatoutbox');
export const chatOutboxModel = (conn: Connection): ReturnType<typeof register> =>
  (conn.models.ChatOutbox as ReturnType<typeof register> | undefined) ?? register(conn);
