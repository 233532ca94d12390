import { z } from 'zod';
import { ObjectIdString } from './common.js';
import { CustomerSummary } from './customer.js';

export const DuplicateReason = z.enum(['same-phone', 'same-email', 'same-name-postcode', 'similar-name']);
export type DuplicateReason = z.infer<typeof DuplicateReason>;

/** One side of a candidate pair: what the side-by-side comparison shows. */
export const DuplicateSide = CustomerSummary.extend({ postcode: z.string().optional(), externalId: z.string().optional(), purchases: z.number().optional() });
export type DuplicateSide = z.infer<typeof DuplicateSide>;

/** Two records that are probably one customer, and why we think so. */
export const DuplicateCandidate = z.object({
  a: DuplicateSide,
  b: DuplicateSide,
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

/** What a merge moved from one customer to the other, by kind. */
export const MovedCounts = z.object({
  transactions: z.number(),
  interactions: z.number(),
  complaints: z.number(),
  surveys: z.number(),
  campaignContacts: z.number(),
  visitorSessions: z.number(),
  chatRatings: z.number(),
});
export type MovedCounts = z.infer<typeof MovedCounts>;

export const MergeResult = z.object({
  keepId: z.string(),
  mergeId: z.string(),
  /** False when the merged record was already gone (a retry): nothing left to do but re-point leftovers. */
  merged: z.boolean(),
  moved: MovedCounts,
  /** The merge as kept for undoing (absent on a retry that found nothing left to merge). */
  undo: z.object({ id: z.string(), until: z.coerce.date() }).optional(),
});
export type MergeResult = z.infer<typeof MergeResult>;

/** A merge that can still be undone, as the duplicates screen lists it. */
export const RecentMerge = z.object({
  id: z.string(),
  keep: z.object({ id: z.string(), displayName: z.string() }),
  merged: z.object({ id: z.string(), displayName: z.string() }),
  by: z.string(),
  at: z.coerce.date(),
  /** Undo is refused after this. */
  until: z.coerce.date(),
  moved: MovedCounts,
  undoneAt: z.coerce.date().optional(),
  undoneBy: z.string().optional(),
});
export type RecentMerge = z.infer<typeof RecentMerge>;
export const RecentMergeList = z.object({ items: z.array(RecentMerge) });
export type RecentMergeList = z.infer<typeof RecentMergeList>;

export const UndoResult = z.object({
  keepId: z.string(),
  restoredId: z.string(),
  /** What went back to the restored customer (documents re-pointed since the merge stay where they are). */
  movedBack: MovedCounts,
});
export type UndoResult = z.infer<typeof UndoResult>;

/** "These two are different people": remembered, and the pair is never proposed again. */
export const NotDuplicateRequest = z
  .object({ aId: ObjectIdString, bId: ObjectIdString })
  .strict()
  .refine((m) => m.aId !== m.bId, { message: 'aId and bId must differ' });
export type NotDuplicateRequest = z.infer<typeof NotDuplicateRequest>;

export const NotDuplicate = z.object({
  id: z.string(),
  a: z.object({ id: z.string(), displayName: z.string() }),
  b: z.object({ id: z.string(), displayName: z.string() }),
  by: z.string(),
  at: z.coerce.date(),
});
export type NotDuplicate = z.infer<typeof NotDuplicate>;
export const NotDuplicateList = z.object({ items: z.array(NotDuplicate) });
export type NotDuplicateList = z.infer<typeof NotDuplicateList>;
