import { Types } from 'mongoose';
import type { ChatMessage } from '../../shared/schemas/interaction.js';
import type { Models } from '../db/models.js';
import type { ChatMessageDoc } from './chat-message.model.js';
import type { InteractionDoc } from './interaction.model.js';
import { isDuplicateKey } from '../db/duplicate-key.js';
import { batchedPerTurn, groupedBy } from '../db/batched-per-turn.js';
import { insertsPerTurn } from '../db/inserts-per-turn.js';

type StoredAttachment = { id?: unknown; name?: string | null; type?: string | null; size?: number | null };
type StoredMessage = { seq?: number | null; from?: string | null; text?: string | null; at?: Date | null; agent?: string | null; attachment?: StoredAttachment | null };
/** What a transcript is read from: the interaction, with the array older data directories kept in it. */
export type ChatOf = Pick<InteractionDoc, '_id' | 'channel'> & { transcript?: readonly StoredMessage[] | null; messageCount?: number | null };

/** A chat, or a call that has messages of its own (a transfer's note): worth reading the collection for. */
const hasMessages = (i: ChatOf) => i.channel === 'chat' || (i.messageCount ?? 0) > 0;

const toMessage = (m: StoredMessage): ChatMessage => ({
  from: m.from as ChatMessage['from'],
  text: m.text ?? '',
  at: m.at ?? new Date(),
  ...(m.agent ? { agent: m.agent } : {}),
  ...(typeof m.seq === 'number' ? { seq: m.seq } : {}),
  ...(m.attachment?.id ? { attachment: { id: String(m.attachment.id), name: m.attachment.name ?? '', type: m.attachment.type ?? '', size: m.attachment.size ?? 0 } } : {}),
});

/**
 * Chats older data directories stored inside their interaction come first, then the collection's
 * messages: a chat is never in both (messages went to one place or the other), and reading both spares
 * a migration at start-up, which every process starting on the directory would race to run.
 */
const legacyOf = (i: ChatOf) => (i.transcript ?? []).map(toMessage);

const FIELDS = { _id: 0, interactionId: 1, seq: 1, from: 1, text: 1, at: 1, agent: 1, attachment: 1 };

/**
 * The `chatmessages` collection: every read and write of chat messages goes through here. A message's
 * place in its chat (`seq`) is handed out by the write that counts it on its interaction
 * (`$inc: { messageCount: 1 }`, answered with the new count), so two messages sent at once, even by two
 * processes, never share a place.
 */
export function createChatMessages(models: Models) {
  const { ChatMessage } = models;
  /** The repeat checks of the messages of one turn (every customer message asks one), in one read. */
  const storedEvents = batchedPerTurn(async (asks: ReadonlyArray<{ interactionId: Types.ObjectId; eventId: string }>) => {
    const found = await ChatMessage.collection
      .find({ interactionId: { $in: asks.map((a) => a.interactionId) }, eventId: { $in: asks.map((a) => a.eventId) } }, { projection: { _id: 0, interactionId: 1, eventId: 1 } })
      .toArray();
    const stored = new Set(found.map((m) => `${String(m.interactionId)} ${String(m.eventId)}`));
    return asks.map((a) => stored.has(`${String(a.interactionId)} ${a.eventId}`));
  });

  /**
   * The messages of one turn, from every chat, stored by one insert (a busy floor's chats send ~60 a
   * second); each sender's insert is answered on its own, a repeat with its own duplicate-key error.
   */
  const inserts = insertsPerTurn(ChatMessage.collection);
  /** The transcripts the pops of one turn show (every chat's pop reads its own), in one read. */
  const storedOf = batchedPerTurn(async (ids: readonly Types.ObjectId[]) =>
    groupedBy(ids, await ChatMessage.find({ interactionId: { $in: ids } }, FIELDS).sort({ interactionId: 1, seq: 1 }).lean<ChatMessageDoc[]>(), (m) => m.interactionId),
  );

  return {
    /** Whether a CTI event already stored its message in this chat (a repeated delivery). */
    hasEvent: (interactionId: Types.ObjectId, eventId: string): Promise<boolean> => storedEvents({ interactionId, eventId }),

    /**
     * Stores a message at the place its interaction's count gave it. False when the same CTI event
     * stored it first (two deliveries racing): the place handed out to this one stays empty.
     */
    async store(interactionId: Types.ObjectId, seq: number, message: ChatMessage, eventId?: string): Promise<boolean> {
      try {
        const attachment = message.attachment && { ...message.attachment, id: new Types.ObjectId(message.attachment.id) };
        // Through the driver, as the interaction's routine writes: every value is typed here, and a
        // message is a chat's most frequent write (mongoose would build and validate a document for it).
        await inserts.add({ interactionId, seq, from: message.from, text: message.text ?? '', at: message.at, agent: message.agent, attachment, eventId });
        return true;
      } catch (err) {
        if (isDuplicateKey(err)) return false;
        throw err;
      }
    },

    /** One chat, in order: one indexed query with the other chats asked for in the turn (none for a voice call without notes). */
    async transcriptOf(i: ChatOf): Promise<ChatMessage[]> {
      const legacy = legacyOf(i);
      if (!hasMessages(i)) return legacy;
      return [...legacy, ...(await storedOf(i._id)).map(toMessage)];
    },

    /** Several chats, in order, by interaction id (one query for all of them). */
    async transcriptsOf(interactions: ChatOf[]): Promise<Map<string, ChatMessage[]>> {
      const out = new Map(interactions.map((i) => [String(i._id), legacyOf(i)]));
      const chats = interactions.filter(hasMessages).map((i) => i._id);
      if (!chats.length) return out;
      const stored = await ChatMessage.find({ interactionId: { $in: chats } }, FIELDS).sort({ interactionId: 1, seq: 1 }).lean<ChatMessageDoc[]>();
      for (const m of stored) out.get(String(m.interactionId))?.push(toMessage(m));
      return out;
    },

    /**
     * Replaces the text of every message of these interactions, and the names of their files (which
     * can name the customer), for erasure; returns how many messages changed.
     */
    async blank(interactionIds: Types.ObjectId[], text: string): Promise<number> {
      if (!interactionIds.length) return 0;
      const ofThese = { $in: interactionIds };
      const [plain, withFile] = await Promise.all([
        ChatMessage.updateMany({ interactionId: ofThese, attachment: { $exists: false }, text: { $ne: text } }, { $set: { text } }),
        ChatMessage.updateMany({ interactionId: ofThese, attachment: { $exists: true }, $or: [{ text: { $ne: text } }, { 'attachment.name': { $ne: text } }] }, { $set: { text, 'attachment.name': text } }),
      ]);
      return plain.modifiedCount + withFile.modifiedCount;
    },
  };
}
export type ChatMessages = ReturnType<typeof createChatMessages>;
