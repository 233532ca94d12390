import { z } from 'zod';
import { ObjectIdString } from './common.js';

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

/** The list's filters; without a state, the tasks still to do (open and claimed). */
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

/** A queue name as routes take it: letters, digits, `.`, `_`, `-`. */
export const QueueName = z.string().regex(/^[\w.-]{1,64}$/, 'a queue name');

/** A callback an agent or supervisor records by hand (a caller asked for one on the phone): source `agent`. */
export const CallbackCreate = z
  .object({
    queue: QueueName,
    name: z.string().trim().min(1).max(200),
    phone: z.string().trim().regex(/^\+?[\d\s().-]{3,32}$/, 'a phone number'),
    message: z.string().trim().max(2000).default(''),
    customerId: ObjectIdString.nullable().optional(),
  })
  .strict();
export type CallbackCreate = z.infer<typeof CallbackCreate>;

/** The columns of the callbacks list, on screen and in its CSV export, in this order. */
export const CALLBACK_COLUMNS = ['createdAt', 'queue', 'name', 'phone', 'message', 'source', 'state', 'claimedByName', 'outcome', 'note'] as const satisfies ReadonlyArray<keyof CallbackTask>;
export type CallbackColumn = (typeof CALLBACK_COLUMNS)[number];

/**
 * Whether a task belongs in a list with these filters: the server's query says the same (a screen
 * keeps a pushed task only if its list would have had it). Without a state: open and claimed.
 */
export function matchesCallbackFilter(task: CallbackTask, filter: Omit<CallbackFilter, 'format'>): boolean {
  if (filter.state ? task.state !== filter.state : task.state === 'done') return false;
  if (filter.queue && task.queue !== filter.queue) return false;
  const q = filter.q?.trim().toLowerCase();
  return !q || [task.name, task.phone, task.message].some((v) => v.toLowerCase().includes(q));
}
