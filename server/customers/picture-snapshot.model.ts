import { type Connection, type InferSchemaType, Schema, Types } from 'mongoose';

/**
 * The picture's read model: per customer, the parts of the picture that change rarely (recent
 * purchases, complaints, campaign contacts, surveys, related customers' names), stored as built, so
 * a pop reads one document instead of one query per collection. The customer document itself, the
 * interaction history and quotes change with every call and are read live.
 *
 * Every write to a source collection bumps the customer's `gen` and drops `data` (a tombstone,
 * upserted, see picture-invalidation.ts); a builder stores its parts only if `gen` is still the one
 * it read before building, so a write that lands while a picture is being built is never hidden by
 * it. `builtAt` bounds how long a snapshot can outlive a missed invalidation (a crash between a
 * write and its invalidation).
 */
const PictureSnapshotSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    gen: { type: Number, default: 0 },
    builtAt: Date,
    /** The related customers whose names `data` holds: a rename of one of them drops this snapshot. */
    relatedIds: { type: [Schema.Types.ObjectId], default: undefined },
    data: Schema.Types.Mixed,
  },
  { strict: true, versionKey: false, minimize: false },
);

PictureSnapshotSchema.index({ relatedIds: 1 }, { sparse: true });

/** Read back as stored; `data` is checked by `isCurrent` before it is trusted as `PictureParts`. */
export type PictureSnapshotDoc = Omit<InferSchemaType<typeof PictureSnapshotSchema>, 'data'> & { _id: Types.ObjectId; data?: unknown };

const registerPictureSnapshot = (conn: Connection) => conn.model('PictureSnapshot', PictureSnapshotSchema);
export const pictureSnapshotModel = (conn: Connection): ReturnType<typeof registerPictureSnapshot> =>
  (conn.models.PictureSnapshot as ReturnType<typeof registerPictureSnapshot> | undefined) ?? registerPictureSnapshot(conn);

const DROP = { $inc: { gen: 1 }, $unset: { data: 1, relatedIds: 1, builtAt: 1 } };

/** The distinct valid ids among these values (a write may name a customer as a string or an ObjectId). */
const distinctIds = (values: Iterable<unknown>) => [...new Set([...values].filter((v) => v != null).map(String))].filter((v) => Types.ObjectId.isValid(v));

/** Drops the snapshots of these customers (and fences out any build under way for them). */
export async function invalidatePictures(conn: Connection, customerIds: Iterable<unknown>) {
  const ids = distinctIds(customerIds);
  if (!ids.length) return;
  await pictureSnapshotModel(conn).bulkWrite(
    ids.map((id) => ({ updateOne: { filter: { _id: new Types.ObjectId(id) }, update: DROP, upsert: true } })),
    { ordered: false },
  );
}

/** Drops the snapshots that show any of these customers as a related customer (renamed, erased, merged). */
export async function invalidateRelatedNames(conn: Connection, customerIds: Iterable<unknown>) {
  const ids = distinctIds(customerIds);
  if (!ids.length) return;
  await pictureSnapshotModel(conn).updateMany({ relatedIds: { $in: ids.map((id) => new Types.ObjectId(id)) } }, DROP);
}
