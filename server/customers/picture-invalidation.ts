import type { Connection, HydratedDocument, Model, MongooseQueryMiddleware, Query, Schema } from 'mongoose';
import { invalidatePictures, invalidateRelatedNames } from './picture-snapshot.model.js';

/**
 * Keeps the picture read model (picture-snapshot.model.ts) true: a schema given this plugin drops
 * the snapshots of the customers its writes touch, after each write, whichever service makes it.
 *
 * - `part`: the collection is a part of the picture (purchases, complaints...); its documents name
 *   their customer in `customerId`.
 * - `names`: the customers collection: pictures show related customers' names, so a write that
 *   renames or deletes customers drops the snapshots that show them.
 *
 * `Model.bulkWrite` has no place to carry state from its pre to its post hook: its callers on these
 * collections invalidate themselves (imports do).
 */
export function invalidatesPictures(schema: Schema, mode: 'part' | 'names') {
  const key = mode === 'part' ? 'customerId' : '_id';
  const invalidate = (conn: Connection, ids: unknown[]) => (mode === 'part' ? invalidatePictures(conn, ids) : invalidateRelatedNames(conn, ids));

  type WriteQuery = Query<unknown, unknown> & { op?: string; $pictureIds?: unknown[] };
  const QUERY_WRITES: MongooseQueryMiddleware[] = ['updateOne', 'updateMany', 'findOneAndUpdate', 'replaceOne', 'deleteOne', 'deleteMany', 'findOneAndDelete', 'findOneAndReplace'];

  schema.pre(QUERY_WRITES, async function (this: WriteQuery) {
    const op = this.op ?? '';
    const update = (this.getUpdate() ?? {}) as Record<string, Record<string, unknown> | unknown>;
    // Customers: only a change of what a related customer's line shows (name, kind), or a deletion.
    if (mode === 'names' && !op.toLowerCase().includes('delete') && !touches(update, ['displayName', 'kind'])) return;
    const filter = this.getFilter() as Record<string, unknown>;
    let ids = idsIn(filter[key]);
    // Named some other way (by _id, by status...): read which customers' documents it matches.
    ids ??= (await this.model.find(filter, { [key]: 1 }).lean<Array<Record<string, unknown>>>()).map((d) => d[key]);
    // Documents moved to (or upserted for) a customer change that customer's picture too.
    const moved = mode === 'part' ? idsIn(valueOf(update, key)) : null;
    this.$pictureIds = moved ? [...ids, ...moved] : ids;
  });
  schema.post(QUERY_WRITES, async function (this: WriteQuery) {
    if (this.$pictureIds?.length) await invalidate(this.model.db, this.$pictureIds);
  });

  if (mode === 'names') {
    schema.pre('save', function (this: HydratedDocument<unknown>) {
      this.$locals.renamed = !this.isNew && (this.isModified('displayName') || this.isModified('kind'));
    });
  }
  schema.post('save', async function (this: HydratedDocument<Record<string, unknown>>) {
    if (mode === 'names' && !this.$locals.renamed) return;
    await invalidate(this.db, [this.get(key)]);
  });
  schema.post('deleteOne', { document: true, query: false }, async function (this: HydratedDocument<Record<string, unknown>>) {
    await invalidate(this.db, [this.get(key)]);
  });
  if (mode === 'part') {
    schema.post('insertMany', async function (this: Model<unknown>, docs: unknown) {
      // Hydrated documents, or plain objects when inserted with `lean`.
      const of = (d: Record<string, unknown>) => (typeof d.get === 'function' ? (d.get as (k: string) => unknown)(key) : d[key]);
      await invalidate(this.db, (docs as Array<Record<string, unknown>>).map(of));
    });
  }
}

/** The ids a filter or update value names: an id, or `{ $in: [ids] }` / `{ $eq: id }`; otherwise null. */
function idsIn(v: unknown): unknown[] | null {
  if (v == null) return null;
  if (typeof v === 'string' || (typeof v === 'object' && (v as { _bsontype?: string })._bsontype === 'ObjectId')) return [v];
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.$in)) return o.$in;
    if (o.$eq != null) return [o.$eq];
  }
  return null;
}

/** What an update sets `key` to (a replacement's own field, or `$set` / `$setOnInsert`). */
function valueOf(update: Record<string, unknown>, key: string) {
  const within = (op: string) => (update[op] as Record<string, unknown> | undefined)?.[key];
  return update[key] ?? within('$set') ?? within('$setOnInsert');
}

function touches(update: Record<string, unknown>, fields: string[]) {
  return Object.entries(update).some(([k, v]) => (k.startsWith('$') ? Object.keys((v ?? {}) as object).some((f) => fields.includes(f)) : fields.includes(k)));
}
