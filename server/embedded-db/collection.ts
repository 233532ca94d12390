import { Query } from 'mingo';
import { CommandError } from './errors.js';
import { Index, type IndexSpec } from './indexes.js';
import { type Doc, isIndexableScalar, valueKey } from './keys.js';
import { QUERY_OPTIONS } from './mingo-options.js';

export interface Plan {
  stage: 'IDHACK' | 'IXSCAN' | 'COLLSCAN';
  indexName?: string;
  docsExamined: number;
}

export interface FindOptions {
  projection?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
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

/** Top-level field conditions of a filter, including those inside a top-level $and. */
function* fieldConditions(filter: Doc): Generator<[string, unknown]> {
  for (const [k, v] of Object.entries(filter)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (sub && typeof sub === 'object') yield* fieldConditions(sub as Doc);
    } else if (!k.startsWith('$')) yield [k, v];
  }
}

/**
 * One collection: documents keyed by their _id, in insertion order, plus secondary indexes.
 * Documents are never mutated in place (updates store a new object), so a snapshot can hold
 * references to them while writes go on.
 */
export class Collection {
  readonly docs = new Map<string, Doc>();
  readonly indexes = new Map<string, Index>();

  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
  ) {}

  get ns() {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...[...this.indexes.values()].map((i) => ({ v: 2, ...i.spec }))];
  }

  /** Chooses the cheapest way to enumerate documents that may match `filter`. */
  candidates(filter: Doc): { docs: Doc[] | Iterable<Doc>; plan: Plan } {
    let best: { ids: string[]; plan: Plan } | null = null;
    for (const [field, cond] of fieldConditions(filter)) {
      const values = equalityValues(cond);
      if (!values) continue;
      if (field === '_id') {
        const docs: Doc[] = [];
        for (const v of values) {
          const d = this.docs.get(valueKey(v));
          if (d) docs.push(d);
        }
        return { docs, plan: { stage: 'IDHACK', indexName: '_id_', docsExamined: docs.length } };
      }
      for (const index of this.indexes.values()) {
        if (index.firstField !== field || !index.answers(values)) continue;
        const ids = index.lookup(values);
        if (!best || ids.length < best.ids.length) {
          best = { ids, plan: { stage: 'IXSCAN', indexName: index.name, docsExamined: ids.length } };
        }
      }
    }
    if (best) {
      const docs: Doc[] = [];
      for (const id of best.ids) {
        const d = this.docs.get(id);
        if (d) docs.push(d);
      }
      return { docs, plan: best.plan };
    }
    return { docs: this.docs.values(), plan: { stage: 'COLLSCAN', docsExamined: this.docs.size } };
  }

  find(filter: Doc, opts: FindOptions = {}): { docs: Doc[]; plan: Plan } {
    const { docs, plan } = this.candidates(filter);
    const query = new Query(filter, QUERY_OPTIONS);
    let cursor = query.find(docs as Doc[], opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined);
    if (opts.sort && Object.keys(opts.sort).length) cursor = cursor.sort(opts.sort as Record<string, 1 | -1>);
    if (opts.skip) cursor = cursor.skip(opts.skip);
    if (opts.limit) cursor = cursor.limit(opts.limit);
    return { docs: cursor.all() as Doc[], plan };
  }

  /** Raises the duplicate-key error `doc` would cause under `id`, if any. */
  checkUnique(id: string, doc: Doc): void {
    for (const index of this.indexes.values()) index.check(this.ns, id, doc);
  }

  /** Stores `doc` (insert or replace); indexes follow. No checks: callers validate first. */
  put(doc: Doc): void {
    const id = valueKey(doc._id);
    const old = this.docs.get(id);
    if (old) for (const index of this.indexes.values()) index.remove(id, old);
    this.docs.set(id, doc);
    for (const index of this.indexes.values()) index.add(id, doc);
  }

  remove(id: string): void {
    const old = this.docs.get(id);
    if (!old) return;
    for (const index of this.indexes.values()) index.remove(id, old);
    this.docs.delete(id);
  }

  /** Builds an index over existing documents, failing (and leaving nothing behind) on duplicates. */
  addIndex(spec: IndexSpec): void {
    const index = new Index(spec);
    for (const [id, doc] of this.docs) {
      index.check(this.ns, id, doc);
      index.add(id, doc);
    }
    this.indexes.set(spec.name, index);
  }

  requireIndexSpecCompatible(spec: IndexSpec): 'exists' | 'new' {
    if (spec.name === '_id_') return 'exists';
    const same = this.indexes.get(spec.name);
    if (same) {
      if (JSON.stringify(same.spec.key) !== JSON.stringify(spec.key))
        throw new CommandError(86, 'IndexKeySpecsConflict', `An existing index has the same name as the requested index: ${spec.name}`);
      if (!!same.spec.unique !== !!spec.unique || !!same.spec.sparse !== !!spec.sparse)
        throw new CommandError(85, 'IndexOptionsConflict', `An index with the same name but different options already exists: ${spec.name}`);
      return 'exists';
    }
    for (const other of this.indexes.values()) {
      if (JSON.stringify(other.spec.key) === JSON.stringify(spec.key) && !other.spec.partialFilterExpression && !spec.partialFilterExpression)
        throw new CommandError(85, 'IndexOptionsConflict', `Index already exists with a different name: ${other.name}`);
    }
    return 'new';
  }
}
