import type { Models } from '../db/models.js';

/**
 * A change stamped this long before a refresh began may become durable (visible to readers) only after
 * it: each refresh reads again what changed since this long before the previous one began.
 */
const MARGIN_MS = 60_000;

type Doc = { _id: unknown } & Record<string, unknown>;

/** What tells one state of a customer from the next: every write stamps `updatedAt`; most add a version. */
const STAMP = { updatedAt: 1, version: 1 } as const;
/** `updatedAt` and the version's last ten bits in one number (exact: 1.8e12 × 1024 is far below 2^53). */
const stampOf = (c: Doc) => ((c.updatedAt as Date | undefined)?.getTime?.() ?? 0) * 1024 + ((Number(c.version) || 0) & 1023);
/** Ids per read of the changed customers' rows (one command each). */
const CHUNK = 1000;

/**
 * A compact row per customer, kept by the back office between its jobs and brought up to date from the
 * customers changed since the last refresh (`updatedAt`, indexed), so a supervisor's preview or scan does
 * not stream the whole base out of the database each time. The first refresh reads every customer. A
 * refresh first reads the stamps (`updatedAt`, `version`) of the customers changed within the margin and
 * then the rows of those whose stamp differs from the one kept: the margin re-reads the same customers at
 * every refresh, and a stamp is a fraction of a row (a write stamped in the same millisecond as the
 * previous one and adding no version would be missed). When the base holds fewer customers than the rows
 * (some were merged away), the ids are read (only them) and the rows of the missing are dropped. One
 * refresh at a time per database: a caller waits for the one under way, then makes its own.
 */
export function customerMirror<Row>(fields: Record<string, unknown>, rowOf: (doc: Doc, id: string) => Row) {
  const kept = new WeakMap<Models, { rows: Map<string, Row>; stamps: Map<string, number>; startedAt: number }>();
  const underway = new WeakMap<Models, Promise<unknown>>();
  const projection = { ...fields, ...STAMP };

  async function read(models: Models, filter: Record<string, unknown>, into: { rows: Map<string, Row>; stamps: Map<string, number> }) {
    for await (const c of models.Customer.find(filter, projection).lean<Doc[]>().cursor({ batchSize: 1000 })) {
      const id = String(c._id);
      into.rows.set(id, rowOf(c, id));
      into.stamps.set(id, stampOf(c));
    }
  }

  async function changedSince(models: Models, since: Date, stamps: Map<string, number>): Promise<unknown[]> {
    const changed: unknown[] = [];
    for await (const c of models.Customer.find({ updatedAt: { $gte: since } }, STAMP)
      .lean<Doc[]>()
      .cursor({ batchSize: 5000 }))
      if (stamps.get(String(c._id)) !== stampOf(c)) changed.push(c._id);
    return changed;
  }

  async function dropMissing(models: Models, into: { rows: Map<string, Row>; stamps: Map<string, number> }) {
    const present = new Set<string>();
    for await (const c of models.Customer.find({}, { _id: 1 }).lean<Doc[]>().cursor({ batchSize: 5000 })) present.add(String(c._id));
    for (const id of into.rows.keys())
      if (!present.has(id)) {
        into.rows.delete(id);
        into.stamps.delete(id);
      }
  }

  async function refresh(models: Models): Promise<ReadonlyMap<string, Row>> {
    const startedAt = Date.now();
    const last = kept.get(models);
    const state = last ?? { rows: new Map<string, Row>(), stamps: new Map<string, number>(), startedAt };
    if (!last) await read(models, {}, state);
    else {
      const changed = await changedSince(models, new Date(last.startedAt - MARGIN_MS), state.stamps);
      for (let i = 0; i < changed.length; i += CHUNK) await read(models, { _id: { $in: changed.slice(i, i + CHUNK) } }, state);
      if (state.rows.size > (await models.Customer.estimatedDocumentCount())) await dropMissing(models, state);
    }
    kept.set(models, { ...state, startedAt });
    return state.rows;
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
