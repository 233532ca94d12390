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

type View = { fields: Record<string, unknown>; rowOf: (doc: Doc, id: string) => unknown };
type State = { rows: Map<View, Map<string, unknown>>; stamps: Map<string, number>; startedAt: number };

/** Every feature's view of the customers, read together (one pass over the base, one set of stamps). */
const views: View[] = [];
const kept = new WeakMap<Models, State>();
/** The latest refresh per database: when it began (Infinity while it waits for the one before it). */
const latest = new WeakMap<Models, { startedAt: number; state: Promise<State> }>();

/** The views' fields together, leaving out a path under another (a projection may not name both). */
function projectionOf(): Record<string, unknown> {
  const paths = [...new Set([...views.flatMap((v) => Object.keys(v.fields)), ...Object.keys(STAMP)])].sort();
  return Object.fromEntries(paths.filter((p) => !paths.some((q) => p.startsWith(`${q}.`))).map((p) => [p, 1]));
}

async function read(models: Models, filter: Record<string, unknown>, into: State) {
  const projection = projectionOf();
  for await (const c of models.Customer.find(filter, projection).lean<Doc[]>().cursor({ batchSize: 1000 })) {
    const id = String(c._id);
    for (const v of views) into.rows.get(v)!.set(id, v.rowOf(c, id));
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

async function dropMissing(models: Models, from: State) {
  const present = new Set<string>();
  for await (const c of models.Customer.find({}, { _id: 1 }).lean<Doc[]>().cursor({ batchSize: 5000 })) present.add(String(c._id));
  for (const id of from.stamps.keys())
    if (!present.has(id)) {
      from.stamps.delete(id);
      for (const rows of from.rows.values()) rows.delete(id);
    }
}

async function refresh(models: Models, startedAt: number): Promise<State> {
  const last = kept.get(models);
  // A view added since (a module loaded later) has no rows yet: every view is read whole again.
  if (!last || views.some((v) => !last.rows.has(v))) {
    const state: State = { rows: new Map(views.map((v) => [v, new Map()])), stamps: new Map(), startedAt };
    await read(models, {}, state);
    kept.set(models, state);
    return state;
  }
  const changed = await changedSince(models, new Date(last.startedAt - MARGIN_MS), last.stamps);
  for (let i = 0; i < changed.length; i += CHUNK) await read(models, { _id: { $in: changed.slice(i, i + CHUNK) } }, last);
  if (last.stamps.size > (await models.Customer.estimatedDocumentCount())) await dropMissing(models, last);
  last.startedAt = startedAt;
  return last;
}

/**
 * The state as of `askedAt` or later. A refresh that began at or after the ask saw every write
 * acknowledged before it, so its rows answer this caller too: five supervisors asking at once share one.
 * Otherwise a new refresh begins once the one under way ends (one at a time per database).
 */
function refreshed(models: Models, askedAt: number): Promise<State> {
  const current = latest.get(models);
  if (current && current.startedAt >= askedAt) return current.state;
  const entry = { startedAt: Infinity, state: undefined as unknown as Promise<State> };
  entry.state = (current?.state ?? Promise.resolve()).catch(() => undefined).then(() => refresh(models, (entry.startedAt = Date.now())));
  latest.set(models, entry);
  return entry.state;
}

/**
 * A compact row per customer, kept by the back office between its jobs and brought up to date from the
 * customers changed since the last refresh (`updatedAt`, indexed), so a supervisor's preview or scan does
 * not stream the whole base out of the database each time. Every feature's view is read in the same pass
 * (segment rows and duplicate probes: one read of the base at start, one set of stamps). The first refresh
 * reads every customer. A refresh first reads the stamps (`updatedAt`, `version`) of the customers changed
 * within the margin and then the rows of those whose stamp differs from the one kept: the margin re-reads
 * the same customers at every refresh, and a stamp is a fraction of a row (a write stamped in the same
 * millisecond as the previous one and adding no version would be missed). When the base holds fewer
 * customers than the stamps (some were merged away), the ids are read (only them) and the rows of the
 * missing are dropped.
 */
export function customerView<Row>(fields: Record<string, unknown>, rowOf: (doc: Doc, id: string) => Row) {
  const view: View = { fields, rowOf };
  views.push(view);
  return {
    /** Every customer's row as of `askedAt` (what was durable then) or later. */
    async rows(models: Models, askedAt = Date.now()): Promise<ReadonlyMap<string, Row>> {
      return (await refreshed(models, askedAt)).rows.get(view) as Map<string, Row>;
    },
  };
}
