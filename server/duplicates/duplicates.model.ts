import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/** How long a merge can be undone. */
export const UNDO_DAYS = 30;

const ids = { type: [Schema.Types.ObjectId], default: [] };

/**
 * What undoing one merge needs: the merged-away record as it was, the kept record's merged fields
 * before and after, and the ids of every document that moved. Kept for UNDO_DAYS (a TTL index drops
 * it; reads check `expiresAt` too, since the TTL monitor runs only now and then).
 */
const CustomerMergeSchema = new Schema(
  {
    keepId: { type: Schema.Types.ObjectId, required: true },
    mergeId: { type: Schema.Types.ObjectId, required: true },
    keepName: { type: String, required: true },
    mergeName: { type: String, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    /** The merged-away customer document, whole. */
    mergedAway: { type: Schema.Types.Mixed, required: true },
    /** The kept record's fields the merge set: as they were, and as the merge left them. */
    keepBefore: { type: Schema.Types.Mixed, required: true },
    keepAfter: { type: Schema.Types.Mixed, required: true },
    moved: {
      transactions: ids,
      interactions: ids,
      /** Interactions whose candidate lists named the merged-away customer, and those where the merge added the kept one. */
      candidateLists: ids,
      candidateListsGained: ids,
      complaints: ids,
      surveys: ids,
      campaignContacts: ids,
      /** The website widget's visitor sessions and chat ratings that named the merged-away customer. */
      visitorSessions: ids,
      chatRatings: ids,
      /** Other customers' relations that named the merged-away customer, as they were. */
      relations: { type: [Schema.Types.Mixed], default: [] },
    },
    undoneAt: Date,
    undoneBy: String,
  },
  { strict: true, versionKey: false, minimize: false, collection: 'customermerges' },
);

// Forgotten after the undo period.
CustomerMergeSchema.index({ expiresAt: 1 }, { expireAfterSeconds: 0 });
// The duplicates screen: recent merges, newest first.
CustomerMergeSchema.index({ at: -1 });

export type CustomerMergeDoc = InferSchemaType<typeof CustomerMergeSchema> & { _id: Types.ObjectId };
const registerMerge = (conn: Connection) => conn.model('CustomerMerge', CustomerMergeSchema);
export const customerMergeModel = (conn: Connection): ReturnType<typeof registerMerge> =>
  (conn.models.CustomerMerge as ReturnType<typeof registerMerge> | undefined) ?? registerMerge(conn);

/** "Not a duplicate": a pair of customers someone said are different people (`a` < `b`). */
const NotDuplicateSchema = new Schema(
  {
    a: { type: Schema.Types.ObjectId, required: true },
    b: { type: Schema.Types.ObjectId, required: true },
    by: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { strict: true, versionKey: false, collection: 'notduplicates' },
);

// One decision per pair (a repeat is a no-op); detection reads them all.
NotDuplicateSchema.index({ a: 1, b: 1 }, { unique: true });

export type NotDuplicateDoc = InferSchemaType<typeof NotDuplicateSchema> & { _id: Types.ObjectId };
const registerNotDuplicate = (conn: Connection) => conn.model('NotDuplicate', NotDuplicateSchema);
export const notDuplicateModel = (conn: Connection): ReturnType<typeof registerNotDuplicate> =>
  (conn.models.NotDuplicate as ReturnType<typeof registerNotDuplicate> | undefined) ?? registerNotDuplicate(conn);
