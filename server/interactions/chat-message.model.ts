import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';
import { ChatSender } from '../../shared/schemas/interaction.js';

/**
 * One chat message, a document of its own. Messages once grew an array in their interaction: the
 * database journals the whole document on every update, so each message rewrote the chat so far
 * (300 messages wrote hundreds of megabytes) and a long chat would reach the 16 MB document limit.
 */
const ChatMessageSchema = new Schema(
  {
    interactionId: { type: Schema.Types.ObjectId, required: true },
    /** Order within the interaction: 1, 2, 3... handed out by the interaction's `messageCount`. */
    seq: { type: Number, required: true },
    from: { type: String, enum: ChatSender.options, required: true },
    /** Empty when the message is only a file. */
    text: { type: String, default: '' },
    at: { type: Date, required: true },
    /** Agent replies: the agent's username. */
    agent: String,
    /** A file sent with the message (its bytes in the `chatfiles` GridFS bucket; server/attachments). */
    attachment: {
      type: new Schema({ id: { type: Schema.Types.ObjectId, required: true }, name: String, type: { type: String }, size: Number }, { _id: false }),
      default: undefined,
    },
    /** Customer messages: the CTI event that brought it, so a repeated delivery stores it once. */
    eventId: String,
  },
  { strict: true, versionKey: false },
);

// A chat in order (the pop, the interaction, the export); no two messages of a chat share a place.
ChatMessageSchema.index({ interactionId: 1, seq: 1 }, { unique: true });
// A CTI event delivered twice (a platform retry, two processes racing) stores its message once.
ChatMessageSchema.index({ interactionId: 1, eventId: 1 }, { unique: true, partialFilterExpression: { eventId: { $exists: true } } });

export type ChatMessageDoc = InferSchemaType<typeof ChatMessageSchema> & { _id: Types.ObjectId };
const registerChatMessage = (conn: Connection) => conn.model('ChatMessage', ChatMessageSchema);
export const chatMessageModel = (conn: Connection): ReturnType<typeof registerChatMessage> =>
  (conn.models.ChatMessage as ReturnType<typeof registerChatMessage> | undefined) ?? registerChatMessage(conn);
