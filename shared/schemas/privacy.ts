import { z } from 'zod';
import { ObjectIdString } from './common.js';
import { ContactChannel } from './customer.js';

/** POST /api/customers/:id/opt-out: marketing consent withdrawn on one channel or all at once. */
export const OptOutRequest = z
  .object({
    channel: ContactChannel.or(z.literal('all')).default('all'),
    /** Where the request came from ("unsubscribe-link", "call"...); the user is recorded too. */
    source: z.string().trim().min(1).max(64).optional(),
  })
  .strict();
export type OptOutRequest = z.infer<typeof OptOutRequest>;

export const OptOutResult = z.object({
  customerId: z.string(),
  channels: z.array(ContactChannel),
  source: z.string(),
  at: z.coerce.date(),
  version: z.number(),
});
export type OptOutResult = z.infer<typeof OptOutResult>;

/** POST /api/privacy/customers/:id/erase: the admin types the customer's id again to confirm. */
export const EraseRequest = z.object({ confirm: ObjectIdString }).strict();
export type EraseRequest = z.infer<typeof EraseRequest>;

export const EraseResult = z.object({
  customerId: z.string(),
  erasedAt: z.coerce.date(),
  /** How many records of each kind were anonymised or removed. */
  counts: z.record(z.string(), z.number()),
});
export type EraseResult = z.infer<typeof EraseResult>;

/** The access request's answer: everything held about one customer, each record with its purpose. */
export const CustomerExport = z.object({
  exportedAt: z.coerce.date(),
  customerId: z.string(),
  purposes: z.record(z.string(), z.string()),
  profile: z.record(z.string(), z.unknown()),
  consents: z.array(z.record(z.string(), z.unknown())),
  transactions: z.array(z.record(z.string(), z.unknown())),
  interactions: z.array(z.record(z.string(), z.unknown())),
  complaints: z.array(z.record(z.string(), z.unknown())),
  surveys: z.array(z.record(z.string(), z.unknown())),
  campaignContacts: z.array(z.record(z.string(), z.unknown())),
  quotes: z.array(z.record(z.string(), z.unknown())),
  audit: z.array(z.record(z.string(), z.unknown())),
});
export type CustomerExport = z.infer<typeof CustomerExport>;
