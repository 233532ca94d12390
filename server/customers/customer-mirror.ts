import type { Models } from '../db/models.js';

/**
 * A change stamped this long before a refresh began may become durable (visible to readers) only after
 * it: each refresh reads again what changed since this long before the previous one began.
 */
const MARGIN_MS = 60_000;

type Doc = { _id: unknown } & Record<string, unknown>;

/**
 * A compact row per customer, kept by the back office between its jobs and brought up to date from the
 * customers changed since the last refresh (`updatedAt`, indexed), so a supervisor's preview or scan does
 * not stream the whole base out of the database each time. The first refresh reads every customer. When
 * the base holds fewer customers than the rows (some were merged away), the ids are read (only them) and
 * the rows of the missing are dropped. One refresh at a time per database: a caller waits for the one
 * under way, then makes its own.
 */
export function customerMirror<Row>(fields: Record<string, unknown>, rowOf: (doc: Doc) => Row) {
  const kept = new WeakMap<Models, { rows: Map<string, Row>; startedAt: number }>();
  const underway = new WeakMap<Models, Promise<unknown>>();

  async function read(models: Models, filter: Record<string, unknown>, rows: Map<string, Row>) {
    for await (const c of models.Customer.find(filter, fields).lean<Doc[]>().cursor({ batchSize: 1000 })) rows.set(String(c._id), rowOf(c));
  }

  async function dropMissing(models: Models, rows: Map<string, Row>) {
    const present = new Set<string>();
    for await (const c of models.Customer.find({}, { _id: 1 }).lean<Doc[]>().cursor({ batchSize: 5000 })) present.add(String(c._id));
    for (const id of rows.keys()) if (!present.has(id)) rows.delete(id);
  }

  async function refresh(models: Models): Promise<ReadonlyMap<string, Row>> {
    const startedAt = Date.now();
    const last = kept.get(models);
    const rows = last?.rows ?? new Map<string, Row>();
    await read(models, last ? { updatedAt: { $gte: new Date(last.startedAt - MARGIN_MS) } } : {}, rows);
    if (last && rows.size > (await models.Customer.estimatedDocumentCount())) await dropMissing(models, rows);
    kept.set(models, { rows, startedAt });
    return rows;
  }

  return {
    /** Every customer's row, as of now (what was durable when the refresh began). */
    rows(models: Models): Promise<ReadonlyMap<string, Row>> {
      const next = (underway.get(models) ?? Promise.resolve()).catch(() => undefined).then(() => refresh(models));
      underway.set(models, next);
      return next;
    },
  };
}
