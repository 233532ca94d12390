import { z } from 'zod';

/**
 * Callback tasks: a customer asked to be called back (the website widget's "leave a message" when
 * nobody is available or the queue is closed). They wait on a queue; agents and telemarketers see the
 * list, take one (claim: it is theirs alone), call, and close it with an outcome.
 */
export const CallbackState = z.enum(['open', 'claimed', 'done']);
export type CallbackState = z.infer<typeof CallbackState>;

export const CallbackOutcome = z.enum(['reached', 'no-answer', 'wrong-number', 'not-needed']);
export type CallbackOutcome = z.infer<typeof CallbackOutcome>;

export const CallbackSource = z.enum(['chat-widget', 'agent']);
export type CallbackSource = z.infer<typeof CallbackSource>;

export const CallbackTask = z.object({
  id: z.string(),
  queue: z.string(),
  name: z.string(),
  phone: z.string(),
  message: z.string(),
  source: CallbackSource,
  /** The site the widget was on (chat-widget callbacks). */
  site: z.string().optional(),
  customerId: z.string().nullable(),
  state: CallbackState,
  claimedBy: z.string().optional(),
  claimedByName: z.string().optional(),
  outcome: CallbackOutcome.optional(),
  note: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CallbackTask = z.infer<typeof CallbackTask>;

export const CallbackFilter = z
  .object({
    state: CallbackState.optional(),
    queue: z.string().max(64).optional(),
    q: z.string().max(100).optional(),
    format: z.enum(['json', 'csv']).default('json'),
  })
  .strict();
export type CallbackFilter = z.infer<typeof CallbackFilter>;

export const CallbackClose = z.object({ outcome: CallbackOutcome, note: z.string().trim().max(2000).default('') }).strict();
export type CallbackClose = z.infer<typeof CallbackClose>;
