import { Query } from 'mingo';
import { CommandError } from './errors.js';
import { Index, type IndexSpec } from './indexes.js';
import { SLICE_MS, slicer } from './slices.js';
import { type Doc, valueKey } from './keys.js';
import { type Narrowed, type Plan, narrowest } from './planner.js';
import { compileFilter, nativeSort } from './matcher.js';
import { PROJECTOR, newQuery } from './mingo-options.js';
import { needsBsonOrder, sortDocs } from './bson-order.js';
import { collatorFor } from './collation.js';
import { prepareFilter } from './filter.js';
import { applyProjection } from './projection.js';
import { takeText, textSearch } from './text-index.js';
import { type DocStore, type Handle, docStore } from './doc-store.js';
import { type Origins, widen } from './packed-store.js';
import { FieldNames } from './bson-walk.js';
import { type FieldsRead, fieldsRead } from './read-fields.js';
import { sortedLazily } from './sorted-lazily.js';

export interface FindOptions {
  projection?: Doc;
  sort?: Doc;
  skip?: number;
  limit?: number;
  /** MongoDB collation for string comparisons (collation.ts). */
  collation?: unknown;
  /** `let` variables, visible as $$name in $expr. */
  variables?: Doc;
  /** Writers see every applied change; readers (the default) only durable ones. */
  latest?: boolean;
  /** The caller only counts the matches (count, countDocuments): a packed document is decoded as far as the filter reads. */
  counting?: boolean;
}

export interface FindResult {
  docs: Doc[];
  plan: Plan;
  /** A count's answer when it was made without reading documents (`counting`, COUNT_SCAN): `docs` is then empty. */
  count?: number;
}

const fieldNamesOf = (f: FieldsRead) => (!f ? undefined : 'only' in f ? new FieldNames(f.only) : new FieldNames(f.except, true));

/** A scan checks the clock every this many documents (plus one). */
const STEP_MASK = 255;

/** A document changed by writes that are not durable yet: the version readers see meanwhile. */
interface Shadow {
  visible: Doc | undefined;
  writes: number;
}

/**
 * One collection: documents keyed by their _id, in insertion order, plus secondary indexes.
 * Documents are never mutated in place (updates store a new object), so a snapshot can hold
 * references to them while writes go on.
 */
export class Collection {
  readonly indexes = new Map<string, Index>();
  /**
   * Documents changed by writes whose journal records are not durable yet, with the version readers
   * see until they are. Writers (and the unique checks) work on the latest versions, so a write
   * queued behind another sees it; a reader never sees a change that could still be undone.
   */
  readonly shadow = new Map<string, Shadow>();
  /** How many of the newest documents `load` stored without indexing them yet (see `indexNewest`). */
  private unindexed = 0;

  /** `docs`: a packed store keeps documents as BSON (doc-store.ts); a renamed collection keeps its store. */
  constructor(
    readonly db: string,
    readonly name: string,
    readonly options: Doc = {},
    readonly docs: DocStore = docStore(),
  ) {}

  get ns() {
    return `${this.db}.${this.name}`;
  }

  indexSpecs(): IndexSpec[] {
    return [{ v: 2, key: { _id: 1 }, name: '_id_' }, ...[...this.indexes.values()].map((i) => ({ v: 2, ...i.spec }))];
  }

  /**
   * Chooses the cheapest way to enumerate documents that may match `filter`. `toMatch`, when the index
   * answered the filter exactly: the only candidates the filter must still decide (versions not yet
   * durable that the index no longer lists); every other one matches.
   */
  candidates(filter: Doc, latest = false, fields?: FieldNames, planned?: Narrowed | null, origins?: Origins): { docs: Doc[] | DocStore; plan: Plan; toMatch?: ReadonlySet<Doc> } {
    const hidden = !latest && this.shadow.size > 0;
    const best = planned === undefined ? narrowest(this, filter) : planned;
    if (best?.plan.stage === 'IDHACK') {
      const docs: Doc[] = [];
      for (const id of best.ids as string[]) {
        const d = hidden && this.shadow.has(id) ? this.shadow.get(id)!.visible : this.docs.get(id, fields, origins);
        if (d) docs.push(d);
      }
      return { docs, plan: { ...best.plan, docsExamined: docs.length } };
    }
    if (best) {
      const docs: Doc[] = [];
      const shadowed = hidden ? this.shadowed() : undefined;
      for (const h of best.ids) {
        const d = shadowed?.(h) ? undefined : this.docs.byHandle(h, fields, origins);
        if (d) docs.push(d);
      }
      // Indexes hold the latest versions: a durable version they no longer list is added here (the
      // filter still decides whether it matches).
      const added = new Set<Doc>();
      if (hidden)
        for (const s of this.shadow.values()) {
          if (!s.visible) continue;
          docs.push(s.visible);
          added.add(s.visible);
        }
      return { docs, plan: best.plan, ...(best.exact ? { toMatch: added } : {}) };
    }
    return { docs: hidden ? this.visibleDocs() : this.docs, plan: { stage: 'COLLSCAN', docsExamined: this.docs.size } };
  }

  /**
   * How many documents match a filter the index answers exactly (`exact`, planned by `narrowest`), from
   * its ids alone: MongoDB's COUNT_SCAN. A search's total of "1,000 or more" was a second pass over the
   * same candidates, each read and matched again. `decide`: the filter, for the durable versions of
   * documents under a write not yet durable (the index lists their latest versions).
   */
  private countExact(exact: Narrowed, latest: boolean, decide: (d: Doc) => boolean): number {
    let n = exact.ids.length;
    if (!latest && this.shadow.size > 0) {
      const shadowed = this.shadowed();
      for (const h of exact.ids) if (shadowed(h)) n--;
      for (const s of this.shadow.values()) if (s.visible && decide(s.visible)) n++;
    }
    return n;
  }

  /**
   * Whether the document an index lists as `h` is under a write not yet durable: the shadow's id keys
   * are the handles of a store of objects, and a packed store's are looked up once here.
   */
  private shadowed(): (h: Handle) => boolean {
    if (!this.docs.packed) return (h) => this.shadow.has(h as string);
    const rows = new Set<Handle>();
    for (const id of this.shadow.keys()) {
      const h = this.docs.handle(id);
      if (h !== undefined) rows.add(h);
    }
    return (h) => rows.has(h);
  }

  /** Every document as readers see it: the durable versions. */
  visibleDocs(): Doc[] {
    if (this.shadow.size === 0) return [...this.docs.values()];
    const out: Doc[] = [];
    for (const [id, d] of this.docs) if (!this.shadow.has(id)) out.push(d);
    for (const s of this.shadow.values()) if (s.visible) out.push(s.visible);
    return out;
  }

  /** How many documents readers see. */
  visibleCount(): number {
    let n = this.docs.size;
    for (const [id, s] of this.shadow) n += (s.visible ? 1 : 0) - (this.docs.has(id) ? 1 : 0);
    return n;
  }

  /** A write not yet durable changes the document `id`, which was `before` (undefined: absent). */
  shadowWrite(id: string, before: Doc | undefined): void {
    const s = this.shadow.get(id);
    if (s) s.writes++;
    else this.shadow.set(id, { visible: before, writes: 1 });
  }

  /** One write to `id` became durable, leaving the document `after`. */
  commitWrite(id: string, after: Doc | undefined): void {
    const s = this.shadow.get(id);
    if (!s) return;
    s.visible = after;
    if (--s.writes === 0) this.shadow.delete(id);
  }

  /**
   * Matches `filter` (fast path where it can decide, mingo where it cannot), then sorts, skips,
   * limits and projects as MongoDB does. When the candidates came from an index and their sort values
   * are plain, they are sorted natively first and matched only until the limit is reached: a claim
   * ("the longest-idle available agent") tests a few documents instead of every available agent.
   */
  find(query: Doc, opts: FindOptions = {}): FindResult {
    const steps = this.findSteps(query, opts, false);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * `find` for readers, in slices: every `sliceMs` it lets other commands run (MongoDB's yielding),
   * so a segment preview scanning 100k customers never holds up a pop or a claim for more than a
   * slice. It reads a snapshot of the documents taken when it starts (documents are never changed in
   * place), so writes committed meanwhile are neither half seen nor seen twice.
   */
  async findSliced(query: Doc, opts: FindOptions = {}, sliceMs = SLICE_MS): Promise<FindResult> {
    const steps = this.findSteps(query, opts, true);
    const slice = slicer(sliceMs);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (slice.due()) await slice.pause();
    }
  }

  private *findSteps(query: Doc, opts: FindOptions, snapshot: boolean): Generator<void, FindResult> {
    const { rest, text } = takeText(query);
    const search = text === undefined ? undefined : textSearch(this.indexes.values(), text);
    // A collection's default collation applies unless the command names one ({ locale: 'simple' } included).
    if (opts.collation === undefined && this.options.collation !== undefined) opts = { ...opts, collation: this.options.collation };
    const filter = prepareFilter(rest, opts);
    const collator = collatorFor(opts.collation);
    const projection = opts.projection && Object.keys(opts.projection).length ? opts.projection : undefined;
    const sort = opts.sort && Object.keys(opts.sort).length ? opts.sort : undefined;
    // A packed collection's documents are decoded only as far as this read looks at them.
    const skip = opts.skip ?? 0;
    const wanted = opts.limit ? skip + opts.limit : Infinity;
    // The fast path decides plain scalars only, where mingo's and MongoDB's answers agree: it can read
    // the filter as sent (without our rewrites), except under a collation, which changes string equality.
    const fast = compileFilter(collator ? filter : rest);
    let mingoQuery: Query | undefined;
    const decide = (d: Doc) => {
      if (search && !search.test(d)) return false;
      const verdict = fast?.(d);
      return verdict ?? (mingoQuery ??= newQuery(filter, opts.variables ? { variables: opts.variables } : undefined)).test(d);
    };
    // A count is planned here (once: the plan's index lookups are most of its cost), and answered from
    // the ids when the index answers the filter exactly.
    let planned: Narrowed | null | undefined;
    if (opts.counting && !sort && !search && !collator) {
      planned = narrowest(this, filter);
      if (planned?.exact) {
        const n = this.countExact(planned, opts.latest === true, decide);
        return { docs: [], count: Math.max(0, Math.min(n, wanted) - skip), plan: { stage: 'COUNT_SCAN', indexName: planned.plan.indexName, docsExamined: 0 } };
      }
    }
    const fields = this.docs.packed && !search ? fieldNamesOf(fieldsRead(filter, sort, projection, opts.counting)) : undefined;
    // A page of a sorted read of a packed collection: its index candidates are decoded only as far as
    // choosing the page needs (the sort's fields, and the filter's unless the index answers it exactly),
    // and only the page's documents further, from the same bytes. A customer search sorting a name
    // prefix's thousands of customers for a page of 20 decoded every one's phones, e-mails and addresses.
    let origins: Origins | undefined;
    let choosing = fields;
    if (this.docs.packed && sort && opts.limit && !search && !collator && !opts.counting) {
      if (planned === undefined) planned = narrowest(this, filter);
      const narrow = planned && fieldNamesOf(fieldsRead(planned.exact ? {} : filter, sort, undefined, true));
      if (narrow) {
        origins = new Map();
        choosing = narrow;
      }
    }
    const found = this.candidates(filter, opts.latest, choosing, planned, origins);
    const { plan } = found;
    const docs = Array.isArray(found.docs) ? found.docs : snapshot ? found.docs.frozen(fields) : found.docs.values(fields);
    // An index that answered the filter exactly leaves only the versions it no longer lists to decide.
    const toMatch = search || collator ? undefined : found.toMatch;
    let examined = 0;
    const matches = (d: Doc) => {
      examined++;
      return (toMatch && !toMatch.has(d)) || decide(d);
    };
    // The page's projection is made in steps too: a scan of 100k customers for a few fields each held the
    // thread for about two seconds in one piece, and every pop's write waited behind it.
    function* page(matched: Doc[]): Generator<void, Doc[]> {
      const chosen = matched.slice(skip, wanted);
      const out = origins ? chosen.map((d) => widen(d, origins, fields)) : chosen;
      if (!projection) return out;
      const projected: Doc[] = [];
      for (let i = 0; i < out.length; i += STEP_MASK + 1) {
        for (const d of applyProjection(out.slice(i, i + STEP_MASK + 1), projection, query, search?.score)) projected.push(d);
        if (i + STEP_MASK + 1 < out.length) yield;
      }
      return projected;
    }

    if (sort && Array.isArray(docs) && !collator) {
      const byIndexOrder = nativeSort(docs, sort);
      if (byIndexOrder) {
        const matched: Doc[] = [];
        for (const d of sortedLazily(docs, byIndexOrder, wanted)) {
          if (matches(d) && matched.push(d) >= wanted) break;
          if ((examined & STEP_MASK) === 0) yield;
        }
        return { docs: yield* page(matched), plan: { ...plan, docsExamined: examined } };
      }
    }
    const matched: Doc[] = [];
    for (const d of docs) {
      // Without a sort, the first `wanted` matches are the answer.
      if (matches(d) && matched.push(d) >= wanted && !sort) break;
      if ((examined & STEP_MASK) === 0) yield;
    }
    if (sort) yield; // the sort below is one step of its own
    const result = { docs: [] as Doc[], plan: { ...plan, docsExamined: examined } };
    if (!sort) result.docs = yield* page(matched);
    else {
      const cmp = collator ? null : nativeSort(matched, sort);
      if (cmp) result.docs = yield* page(matched.sort(cmp));
      // Collations and BinData: MongoDB's order (bson-order.ts), which mingo's sort does not know.
      else if (needsBsonOrder(matched, sort, collator)) result.docs = yield* page(sortDocs(matched, sort, collator, search?.score));
      else {
        // mingo projects what it sorts: the documents whole (as far as the read looks) first.
        let cursor = PROJECTOR.find(origins ? matched.map((d) => widen(d, origins, fields)) : matched, projection).sort(sort as Record<string, 1 | -1>);
        if (skip) cursor = cursor.skip(skip);
        if (opts.limit) cursor = cursor.limit(opts.limit);
        result.docs = cursor.all() as Doc[];
      }
    }
    return result;
  }

  /** Raises the duplicate-key error `doc` would cause under `id`, if any. */
  checkUnique(id: string, doc: Doc): void {
    const unique = [...this.indexes.values()].filter((i) => i.spec.unique);
    if (!unique.length) return;
    const h = this.docs.handle(id);
    for (const index of unique) index.check(this.ns, h, doc);
  }

  /**
   * Stores `doc` (insert or replace); indexes follow. No checks: callers validate first. `bytes`, its BSON
   * when the caller has it, spares a packed store encoding it again.
   */
  put(doc: Doc, bytes?: Uint8Array): void {
    const id = valueKey(doc._id);
    const old = this.docs.get(id);
    const h = this.docs.set(id, doc, bytes);
    for (const index of this.indexes.values()) {
      if (old) {
        if (index.sameEntries(old, doc)) continue;
        index.remove(h, old);
      }
      index.add(h, doc);
    }
  }

  /**
   * Stores a document read from a snapshot (`bytes`: its BSON there), leaving it out of the indexes until
   * `indexNewest`, which must run before anything else reads or changes this collection. A packed store
   * indexes it at once instead, while it is decoded: later it would have to be decoded again.
   */
  load(doc: Doc, bytes?: Uint8Array): void {
    const h = this.docs.add(valueKey(doc._id), doc, bytes);
    if (h === undefined) {
      // A second version: the indexes must hold the first to drop it.
      this.indexNewest();
      this.put(doc, bytes);
      return;
    }
    if (!this.docs.packed) this.unindexed++;
    else for (const index of this.indexes.values()) index.add(h, doc);
  }

  /**
   * Adds the documents `load` stored to every index, in their order, one index at a time: what `put`
   * would have done (a unique index keeps the last of several documents holding one key, unchecked),
   * without going through every index for each document.
   */
  indexNewest(): void {
    if (this.unindexed === 0) return;
    const skip = this.docs.size - this.unindexed;
    this.unindexed = 0;
    for (const index of this.indexes.values()) {
      let i = 0;
      for (const [h, doc] of this.docs.handled()) if (i++ >= skip) index.add(h, doc);
    }
  }

  remove(id: string): void {
    const h = this.docs.handle(id);
    const old = h === undefined ? undefined : this.docs.byHandle(h);
    if (!old) return;
    for (const index of this.indexes.values()) index.remove(h!, old);
    this.docs.delete(id);
    // Mass deletions number a packed store's rows again: the indexes list rows.
    const to = this.docs.takeRenumbering();
    if (to) for (const index of this.indexes.values()) index.renumber(to);
  }

  /**
   * The top-level fields every index reads of a document, `_id` among them: what `load` needs decoded of
   * a packed document. Undefined when an index may read more (a partial filter, a text or other special
   * index): then the whole document is decoded.
   */
  indexedFields(): Set<string> | undefined {
    const fields = new Set(['_id']);
    for (const index of this.indexes.values()) {
      if (index.spec.partialFilterExpression) return undefined;
      for (const [path, kind] of Object.entries(index.spec.key)) {
        if (typeof kind !== 'number' || path.includes('$')) return undefined;
        fields.add(path.split('.')[0]);
      }
    }
    return fields;
  }

  /** Builds an index over existing documents, failing (and leaving nothing behind) on duplicates. */
  addIndex(spec: IndexSpec): void {
    this.buildIndex(spec, true);
  }

  /**
   * Puts back an index a failed write dropped or replaced, built again from what is stored now (the
   * writes after it were undone first): the documents it listed may have other handles since.
   */
  restoreIndex(spec: IndexSpec): void {
    this.buildIndex(spec, false);
  }

  private buildIndex(spec: IndexSpec, checked: boolean): void {
    const index = new Index(spec);
    for (const [h, doc] of this.docs.handled()) {
      if (checked) index.check(this.ns, h, doc);
      index.add(h, doc);
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
