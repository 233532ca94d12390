import { z } from 'zod';
import { Channel, ObjectIdString } from './common.js';
import { CustomerPicture, CustomerSummary } from './customer.js';
import { DispositionCodeSlug } from './dispositions.js';
import { Direction, OfferDecision } from './enums.js';

/**
 * A disposition code: admins configure them (shared/schemas/dispositions.ts); the server accepts one
 * that is active for the interaction's queue. The console's own inbound codes (resolved, follow-up...)
 * are the seeded defaults.
 */
export const Disposition = DispositionCodeSlug;
export type Disposition = z.infer<typeof Disposition>;

export const InteractionState = z.enum(['ringing', 'queued', 'offered', 'active', 'ended']);
export type InteractionState = z.infer<typeof InteractionState>;

/**
 * Who wrote a chat message. `note`: an agent's internal note (a transfer's hand-over note): shown to
 * agents and supervisors, never sent to the customer.
 */
export const ChatSender = z.enum(['customer', 'agent', 'note']);
export type ChatSender = z.infer<typeof ChatSender>;

/** A file sent in a chat (stored in GridFS; served by `GET /api/attachments/:id` to the chat's agent). */
export const ChatAttachment = z.object({
  id: z.string(),
  name: z.string().max(200),
  /** The type read from the file's content (image/png, image/jpeg, image/gif, image/webp, application/pdf). */
  type: z.string(),
  size: z.number().int().min(0),
});
export type ChatAttachment = z.infer<typeof ChatAttachment>;

export const ChatMessage = z.object({
  from: ChatSender,
  text: z.string(),
  at: z.coerce.date(),
  agent: z.string().optional(),
  /** Its place in the chat (1, 2, 3...): read marks say "read up to seq N". */
  seq: z.number().int().optional(),
  attachment: ChatAttachment.optional(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** An offer's outcome, at the price (and in the currency, when the offer states one) quoted with it. */
export const OfferOutcome = z.object({ offerId: z.string(), title: z.string().optional(), price: z.number().optional(), currency: z.string().optional(), outcome: OfferDecision, at: z.coerce.date() });

export const Interaction = z.object({
  id: z.string(),
  callId: z.string(),
  channel: Channel,
  direction: Direction,
  from: z.string(),
  to: z.string(),
  queue: z.string().optional(),
  customerId: z.string().nullable(),
  agentId: z.string().nullable(),
  state: InteractionState,
  ringingAt: z.coerce.date().optional(),
  answeredAt: z.coerce.date().optional(),
  endedAt: z.coerce.date().optional(),
  /** On hold since (absent: not on hold); the hold time and count of the holds that are over. */
  heldAt: z.coerce.date().optional(),
  holdMs: z.number().optional(),
  holdCount: z.number().optional(),
  wrappedUpAt: z.coerce.date().optional(),
  notes: z.string().optional(),
  disposition: Disposition.optional(),
  offers: z.array(OfferOutcome),
  /**
   * The chat so far, in order, where the whole interaction is asked for (GET). The copies sent after
   * each write (`interaction:updated`, a PATCH's answer) carry none: every message reaches the agent's
   * screens on its own (`chat:message`), and re-reading the chat on every write would cost as much as
   * the chat is long.
   */
  transcript: z.array(ChatMessage),
  version: z.number(),
});
export type Interaction = z.infer<typeof Interaction>;

/** What the agent records on an interaction (PATCH /api/interactions/:id). */
export const InteractionPatch = z
  .object({
    notes: z.string().max(10_000).optional(),
    disposition: Disposition.optional(),
    offer: z.object({ offerId: z.string().min(1).max(64), outcome: OfferDecision }).strict().optional(),
    customerId: ObjectIdString.optional(),
    /** The version the client read: a save on a stale version is refused with 409 and the current values. */
    expectedVersion: z.number().int().min(0).optional(),
  })
  .strict()
  .refine((p) => Object.keys(p).some((k) => k !== 'expectedVersion'), { message: 'nothing to record' });
export type InteractionPatch = z.infer<typeof InteractionPatch>;

/** An agent's reply: text, a file uploaded first (`POST /api/interactions/:id/attachments`), or both. */
export const ChatReply = z
  .object({ text: z.string().trim().max(4000).default(''), attachmentId: ObjectIdString.optional() })
  .strict()
  .refine((r) => r.text.length > 0 || r.attachmentId, { message: 'a reply needs text or an attachment', path: ['text'] });

/** Hands a chat (or call) to another agent or to a queue, with a note the next agent reads first. */
export const TransferRequest = z
  .object({
    /** Exactly one of the two. */
    agentId: ObjectIdString.optional(),
    queue: z.string().trim().min(1).max(64).optional(),
    note: z.string().trim().max(2000).default(''),
  })
  .strict()
  .refine((t) => !!t.agentId !== !!t.queue, { message: 'transfer to an agent or to a queue, not both', path: ['agentId'] });
export type TransferRequest = z.infer<typeof TransferRequest>;

/** Typing and read marks on a chat, both ways (agent socket events; the visitor namespace relays them). */
export const ChatTyping = z.object({ interactionId: ObjectIdString, typing: z.boolean() }).strict();
export type ChatTyping = z.infer<typeof ChatTyping>;
export const ChatRead = z.object({ interactionId: ObjectIdString, upTo: z.number().int().min(0) }).strict();
export type ChatRead = z.infer<typeof ChatRead>;

/** Server → agent, the moment a call or chat is routed to them. */
export const ScreenPop = z.object({
  interactionId: z.string(),
  callId: z.string(),
  channel: Channel,
  from: z.string(),
  queue: z.string().optional(),
  state: InteractionState,
  customer: CustomerPicture.nullable(),
  /** The interaction's customer: set even when their picture could not be built (`pictureError`). */
  customerId: z.string().nullable().optional(),
  /** Why the known customer's picture is missing from this pop; the screen offers to load it again. */
  pictureError: z.string().optional(),
  candidates: z.array(CustomerSummary),
  transcript: z.array(ChatMessage),
  /**
   * The interaction as saved (notes, disposition, times, version): a pop re-sent after a reload or a
   * reconnect restores the agent's saved notes and the call's timer from it.
   */
  interaction: Interaction.optional(),
});
export type ScreenPop = z.infer<typeof ScreenPop>;
