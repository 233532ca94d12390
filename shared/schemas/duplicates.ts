import { z } from 'zod';
import { ObjectIdString } from './common.js';
import { CustomerSummary } from './customer.js';

export const DuplicateReason = z.enum(['same-phone', 'same-email', 'same-name-postcode', 'similar-name']);
export type DuplicateReason = z.infer<typeof DuplicateReason>;

/** Two records that are probably one customer, and why we think so. */
export const DuplicateCandidate = z.object({
  a: CustomerSummary.extend({ postcode: z.string().optional(), externalId: z.string().optional() }),
  b: CustomerSummary.extend({ postcode: z.string().optional(), externalId: z.string().optional() }),
  reasons: z.array(DuplicateReason),
  /** Readable detail per reason, e.g. the shared number. */
  details: z.array(z.string()),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const DuplicateList = z.object({ items: z.array(DuplicateCandidate), truncated: z.boolean() });
export type DuplicateList = z.infer<typeof DuplicateList>;

export const DuplicateQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const MergeRequest = z
  .object({ keepId: ObjectIdString, mergeId: ObjectIdString })
  .strict()
  .refine((m) => m.keepId !== m.mergeId, { message: 'keepId and mergeId must differ' });
export type MergeRequest = z.infer<typeof MergeRequest>;

export const MergeResult = z.object({
  keepId: z.string(),
  mergeId: z.string(),
  /** False when the merged record was already gone (a retry): nothing left to do but re-point leftovers. */
  merged: z.boolean(),
  moved: z.object({
    transactions: z.number(),
    interactions: z.number(),
    complaints: z.number(),
    surveys: z.number(),
    campaignContacts: z.number(),
  }),
});
export type MergeResult = z.infer<typeof MergeResult>;
