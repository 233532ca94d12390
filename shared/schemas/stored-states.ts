import { z } from 'zod';

/**
 * States the server keeps in the database that never cross the wire. Declared with zod like every
 * other enum so the mongoose models read their allowed values from `shared/` too (`.options`).
 */

/** A call-list entry: waiting to be served, served to a telemarketer, finished, or left out (with a reason). */
export const CallListStatus = z.enum(['pending', 'locked', 'done', 'excluded']);
export type CallListStatus = z.infer<typeof CallListStatus>;

/** An agent's chat reply on its way to the chat platform. */
export const ChatOutboxState = z.enum(['pending', 'sent', 'failed']);
export type ChatOutboxState = z.infer<typeof ChatOutboxState>;

/**
 * A stored answer to an idempotent write: still being produced, ready to replay, or `failed` (the request
 * ended in a 5xx and no answer was kept: a retry runs it again at once, with the same ids).
 */
export const IdempotencyState = z.enum(['pending', 'done', 'failed']);
export type IdempotencyState = z.infer<typeof IdempotencyState>;

/** Association rules are mined per product and per category. */
export const RuleLevel = z.enum(['sku', 'category']);
export type RuleLevel = z.infer<typeof RuleLevel>;
