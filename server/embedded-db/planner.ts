import { ObjectId } from 'bson';
import type { DocStore, Handle } from './doc-store.js';
import type { Index } from './indexes.js';
import { type Doc, isIndexableScalar, valueKey } from './keys.js';
import { rangeOf } from './ranges.js';

/**
 * The query planner: which index (or $or of indexes) narrows a filter to the fewest candidate
 * documents, and the plan `explain` reports for it. No I/O and no writes: it reads a collection's
 * indexes and document count, and the filter decides among the candidates afterwards.
 */

/** How a find was answered, as `explain` reports it. */
export interface Plan {
  /** COUNT_SCAN: a count answered from the index's entries alone, no document read. */
  stage: 'IDHACK' | 'IXSCAN' | 'OR' | 'COLLSCAN' | 'COUNT_SCAN';
  indexName?: string;
  docsExamined: number;
  /** OR: the plan of each branch of the $or. */
  inputs?: Plan[];
}

/** Candidate documents and the plan that found them. */
export interface Narrowed {
  /** The documents' handles (doc-store.ts), or for IDHACK their id keys. */
  ids: Handle[];
  plan: Plan;
  /**
   * Every listed document matches the filter: the filter is one condition the index's bounds answer
   * exactly (MongoDB's exact bounds, where no filter follows the index scan). A count is then the
   * number of ids, and no candidate needs the matcher.
   */
  exact?: boolean;
}

/** What the planner reads of a collection. */
export interface Planned {
  readonly indexes: ReadonlyMap<string, Index>;
  readonly docs: Pick<DocStore, 'byHandle' | 'size'>;
}

/** Values an equality-style condition can be answered with from an index, or null if it can't. */
function equalityValues(cond: unknown): unknown[] | null {
  if (isIndexableScalar(cond)) return [cond];
  if (cond && typeof cond === 'object' && cond.constructor === Object) {
    const c = cond as Doc;
    if ('$eq' in c && isIndexableScalar(c.$eq)) return [c.$eq];
    if (Array.isArray(c.$in) && c.$in.every(isIndexableScalar)) return c.$in;
  }
  return null;
}

/**
 * The values an index lookup on `field` answers `cond` with: an equality's, or `null` for `{ field: null }`
 * on a field of the document itself (an index holds under null exactly its matches: the field missing,
 * null, or an array holding null; a dotted path may also match through an array that holds no such key).
 */
const lookupValues = (field: string, cond: unknown): unknown[] | null => equalityValues(cond) ?? (cond === null && !field.includes('.') ? [null] : null);

/** Values a `$ne`/`$nin` condition excludes, when that is all the condition says (an index can skip their entries). */
function excludedValues(cond: unknown): unknown[] | null {
  if (!cond || typeof cond !== 'object' || cond.constructor !== Object) return null;
  const c = cond as Doc;
  const keys = Object.keys(c);
  if (keys.length !== 1) return null;
  if (keys[0] === '$ne' && isIndexableScalar(c.$ne)) return [c.$ne];
  if (keys[0] === '$nin' && Array.isArray(c.$nin) && c.$nin.every(isIndexableScalar)) return c.$nin;
  return null;
}

/**
 * The condition a filter puts on `field` that a compound index can narrow by, as the values it takes
 * (null included, on a top-level field: the second level keys a missing field as null too) or the values
 * it leaves out; undefined when there is none (or several, as under a top-level $and).
 */
function secondCondition(filter: Doc, field: string): { in?: unknown[]; except?: unknown[] } | undefined {
  let found: { in?: unknown[]; except?: unknown[] } | undefined;
  for (const [f, cond] of fieldConditions(filter)) {
    if (f !== field) continue;
    if (found) return undefined;
    const values = lookupValues(field, cond);
    const excluded = values ? null : excludedValues(cond);
    if (!values && !excluded) return undefined;
    found = values ? { in: values } : { except: excluded! };
  }
  return found;
}

/**
 * Each top-level $or of a filter (including those inside a top-level $and): its branches, and the
 * filter's other conditions, which every match meets too.
 */
function* orsOf(filter: Doc): Generator<{ branches: unknown[]; rest: Doc }> {
  for (const [k, v] of Object.entries(filter)) {
    if (!Array.isArray(v)) continue;
    const others = () => Object.fromEntries(Object.entries(filter).filter(([key]) => key !== k));
    if (k === '$or') yield { branches: v, rest: others() };
    else if (k === '$and')
      for (const [i, sub] of v.entries())
        if (sub && typeof sub === 'object')
          for (const inner of orsOf(sub as Doc)) yield { branches: inner.branches, rest: { ...others(), $and: [...v.filter((_, j) => j !== i), inner.rest] } };
  }
}

/** Top-level field conditions of a filter, including those inside a top-level $and. */
function* fieldConditions(filter: Doc): Generator<[string, unknown]> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (sub && typeof sub === 'object') yield* fieldConditions(sub as Doc);
    } else if (!k.startsWith('$')) yield [k, v];
  }
}

/** Values an index key stands for without doubt: no numbers (their types and widths), no null (missing fields). */
const plainValue = (v: unknown) => typeof v === 'string' || typeof v === 'boolean' || v instanceof Date || v instanceof ObjectId;

/** The field of a filter that is one condition on one top-level field, else undefined. */
function loneField(filter: Doc): string | undefined {
  const keys = Object.keys(filter);
  return keys.length === 1 && !keys[0].startsWith('$') && !keys[0].includes('.') ? keys[0] : undefined;
}

/**
 * The fewest documents (by id) an index narrows `filter` to, and the plan that says how; null when no
 * index helps, or none narrows it below `cap` (a $or's branch: its union would be worth nothing, and
 * no index lookup that large is made for it). Each candidate set holds every match (the filter
 * decides among them afterwards).
 */
export function narrowest(coll: Planned, filter: Doc, cap = Infinity): Narrowed | null {
  let best: Narrowed | null = null;
  const lone = loneField(filter);
  for (const [field, cond] of fieldConditions(filter)) {
    const values = lookupValues(field, cond);
    if (values && field === '_id') {
      const ids = [...new Set(values.map(valueKey))];
      return { ids, plan: { stage: 'IDHACK', indexName: '_id_', docsExamined: ids.length } };
    }
    if (values) {
      for (const index of coll.indexes.values()) {
        if (index.firstField !== field || !index.answers(values)) continue;
        // A compound index narrows by a condition on its second field too (equality, $in, $ne, $nin).
        const second = index.narrows ? secondCondition(filter, index.fields[1]) : undefined;
        if (!second && index.sizeOf(values) >= Math.min(cap, best ? best.ids.length : Infinity)) continue;
        const ids = second ? index.lookupNarrowed(values, second, (h) => coll.docs.byHandle(h)) : index.lookup(values);
        if (!best || ids.length < best.ids.length) {
          const exact = field === lone && !second && !index.spec.collation && values.every(plainValue);
          best = { ids, plan: { stage: 'IXSCAN', indexName: index.name, docsExamined: ids.length }, ...(exact ? { exact } : {}) };
        }
      }
      continue;
    }
    const range = rangeOf(cond);
    if (range) {
      for (const index of coll.indexes.values()) {
        if (index.firstField !== field || index.partialFilter) continue;
        // Over arrays, `{ $gt: 5, $lt: 10 }` may be met by two different elements: one bound only.
        const bounds = index.multikey && !range.oneTest && range.lo !== undefined && range.hi !== undefined ? { ...range, hi: undefined } : range;
        const most = Math.min(best ? best.ids.length - 1 : Infinity, cap - 1, coll.docs.size / 2);
        const ids = index.lookupRange(bounds, most);
        const exact = field === lone && bounds === range && range.exact === true && !index.spec.collation;
        if (ids) best = { ids, plan: { stage: 'IXSCAN', indexName: index.name, docsExamined: ids.length }, ...(exact ? { exact } : {}) };
      }
      continue;
    }
    // `{ state: { $ne: 'ended' } }`: every entry of a complete index but the excluded values' is a
    // candidate. Worth it when the excluded values hold most documents (the ended interactions).
    const excluded = excludedValues(cond);
    if (!excluded) continue;
    for (const index of coll.indexes.values()) {
      if (index.firstField !== field || !index.complete) continue;
      const size = index.sizeExcept(excluded);
      if (size * 2 > coll.docs.size || size >= cap || (best && size >= best.ids.length)) continue;
      const ids = index.lookupExcept(excluded);
      best = { ids, plan: { stage: 'IXSCAN', indexName: index.name, docsExamined: ids.length } };
    }
  }
  // A $or whose every branch an index narrows (as MongoDB's OR stage): the union of the branches'
  // candidates, when it is fewer than what the other conditions narrowed to (and than half the
  // collection). A customer's interactions by `customerId` or `candidateIds`, say, not all of them.
  // Each branch is planned with the filter's other conditions (MongoDB's pushdown into a $or): one
  // agent's open work or what they owe, each from a compound index that starts with the agent.
  for (const { branches, rest } of orsOf(filter)) {
    const union = unionOf(coll, branches, rest, Math.min(best ? best.ids.length : Infinity, cap, coll.docs.size / 2));
    if (union) best = union;
  }
  return best && best.ids.length < cap ? best : null;
}

/** The candidates of each branch (with `rest`), each id once, unless a branch has no index or they reach `cap`. */
function unionOf(coll: Planned, branches: unknown[], rest: Doc, cap: number): Narrowed | null {
  if (!branches.length) return null;
  const seen = new Set<Handle>();
  const inputs: Plan[] = [];
  for (const branch of branches) {
    const within = branch && typeof branch === 'object' && !Array.isArray(branch) ? (Object.keys(rest).length ? { $and: [rest, branch] } : (branch as Doc)) : null;
    const narrowed = within ? narrowest(coll, within, cap - seen.size) : null;
    if (!narrowed) return null;
    inputs.push(narrowed.plan);
    for (const id of narrowed.ids) seen.add(id);
    if (seen.size >= cap) return null;
  }
  return { ids: [...seen], plan: { stage: 'OR', docsExamined: seen.size, inputs } };
}
