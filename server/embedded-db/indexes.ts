import { Query } from 'mingo';
import { collationFold } from './collation.js';
import { CommandError } from './errors.js';
import type { Handle } from './doc-store.js';
import { type Doc, partsValues, pathValues, valueKey } from './keys.js';
import { type KeyRange, OrderedKeys } from './ordered-keys.js';

export interface IndexSpec {
  name: string;
  key: Record<string, number | string>;
  unique?: boolean;
  sparse?: boolean;
  partialFilterExpression?: Doc;
  expireAfterSeconds?: number;
  [option: string]: unknown;
}

/**
 * The documents holding one value, by their handles (doc-store.ts): the handle alone while there is one
 * (most values of an e-mail or external-id index are held by one document, and a one-element Set costs
 * about 150 bytes more), an array while there are at most `FEW` (a customer's purchases: about 220 bytes
 * for ten rows, where a Set takes 400), then a Set (a state's thousands of calls: no linear search).
 */
type Holders = Handle | Handle[] | Set<Handle>;

const FEW = 32;

const holderCount = (h: Holders | undefined): number => (h === undefined ? 0 : typeof h !== 'object' ? 1 : Array.isArray(h) ? h.length : h.size);
const holderIds = (h: Holders): Iterable<Handle> => (typeof h === 'object' ? h : [h]);

/** Adds `id` to the holders of `key`: whether it was not among them. */
function hold(map: Map<string, Holders>, key: string, id: Handle): boolean {
  const held = map.get(key);
  if (held === undefined) map.set(key, id);
  else if (typeof held !== 'object') {
    if (held === id) return false;
    map.set(key, [held, id]);
  } else if (Array.isArray(held)) {
    if (held.includes(id)) return false;
    if (held.length < FEW) held.push(id);
    else map.set(key, new Set(held).add(id));
  } else {
    // One lookup, not `has` then `add`: a key held by many documents is a large set.
    const size = held.size;
    return held.add(id).size !== size;
  }
  return true;
}

/** Takes `id` from the holders of `key`: whether it was among them. Back to the handle alone once one is left. */
function release(map: Map<string, Holders>, key: string, id: Handle): boolean {
  const held = map.get(key);
  if (held === id) map.delete(key);
  else if (typeof held !== 'object') return false;
  else if (Array.isArray(held)) {
    const at = held.indexOf(id);
    if (at < 0) return false;
    held.splice(at, 1);
    if (held.length === 1) map.set(key, held[0]);
  } else {
    if (!held.delete(id)) return false;
    if (held.size === 1) map.set(key, held.values().next().value!);
  }
  return true;
}

/** The distinct value keys of `values` (most documents hold one value: no Set for them). */
const distinctKeys = (values: unknown[]): string[] => (values.length === 1 ? [valueKey(values[0])] : [...new Set(values.map(valueKey))]);

/**
 * An in-memory secondary index. It answers equality lookups on its first field and, when unique,
 * enforces uniqueness over its whole key (MongoDB's semantics: a missing field indexes as null,
 * unless the index is sparse or partial).
 */
export class Index {
  readonly fields: string[];
  readonly firstField: string;
  /** `fields`, split at their dots once rather than for each document. */
  private readonly paths: string[][];
  /** first-field value key → the documents holding it */
  private readonly byFirst = new Map<string, Holders>();
  /** full compound key → its document, only for unique indexes */
  private readonly byKey = new Map<string, Handle>();
  private readonly partial?: Query;
  /** Entries in `byFirst`, over all values (a multikey document counts once per value). */
  private entries = 0;
  /** Whether some document has indexed several first-field values (an array). */
  multikey = false;
  /** The first-field values in order, for range and prefix scans (built on first use). */
  private ordered?: OrderedKeys;
  /**
   * For a compound index, the documents of one first-field value by their second-field value: built
   * for a first value when a query first narrows it by the second field (an agent's open work: their
   * interactions not ended, not their whole history; the waiting calls: no agent, queued or active, not
   * every live call), then kept up to date. Only those first values, so an index whose queries never
   * name its second field (a customer's transactions by date) costs nothing more.
   */
  private readonly bySecond = new Map<string, Map<string, Holders>>();

  private readonly fold?: (s: string) => string;

  constructor(readonly spec: IndexSpec) {
    this.fold = collationFold(spec.collation);
    this.fields = Object.keys(spec.key);
    this.firstField = this.fields[0];
    this.paths = this.fields.map((f) => f.split('.'));
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression);
  }

  get name() {
    return this.spec.name;
  }

  /** Whether the index covers this document at all (sparse and partial indexes skip some). */
  private covers(doc: Doc): boolean {
    if (this.partial && !this.partial.test(doc)) return false;
    if (this.spec.sparse && this.paths.every((p) => partsValues(doc, p).every((v) => v === undefined))) return false;
    return true;
  }

  private fullKeys(doc: Doc): string[] {
    let keys = [''];
    for (const p of this.paths) {
      // Under a collation (strength 1 or 2), 'ANN' and 'ann' are one key of a unique index.
      const vals = [...new Set(partsValues(doc, p).map((v) => valueKey(this.fold && typeof v === 'string' ? this.fold(v) : v)))];
      keys = keys.flatMap((k) => vals.map((v) => (k ? k + '\u0000' : '') + v));
    }
    return keys;
  }

  /** Throws the duplicate-key error if storing `doc` (a new one, or the one at handle `h`) would break uniqueness. */
  check(ns: string, h: Handle | undefined, doc: Doc): void {
    if (!this.spec.unique || !this.covers(doc)) return;
    for (const k of this.fullKeys(doc)) {
      const owner = this.byKey.get(k);
      if (owner !== undefined && owner !== h) throw duplicateKey(ns, this.name, this.spec.key, doc);
    }
  }

  /**
   * Whether two versions of a document have the same entries here: an update that touched none of the
   * index's fields (a call's state, version and events against its customer, callId and dates) leaves
   * it as it is instead of taking every entry out and putting it back. Values compare by their keys, in
   * order; a reordered array counts as changed, which only costs the re-indexing.
   */
  sameEntries(a: Doc, b: Doc): boolean {
    if (this.partial && this.partial.test(a) !== this.partial.test(b)) return false;
    for (const p of this.paths) {
      // The same value at the path's top field (an update shares what it leaves alone, update.ts): the same entries.
      if (a[p[0]] === b[p[0]]) continue;
      const x = partsValues(a, p);
      const y = partsValues(b, p);
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (x[i] !== y[i] && valueKey(x[i]) !== valueKey(y[i])) return false;
    }
    return true;
  }

  add(id: Handle, doc: Doc): void {
    if (!this.covers(doc)) return;
    const values = partsValues(doc, this.paths[0]);
    // Once any document holds several values, never unset: ranges must stay safe for that document.
    if (values.length > 1) this.multikey = true;
    // One value (most documents, most indexes): no list of distinct keys made for it.
    if (values.length === 1) this.holdFirst(valueKey(values[0]), id);
    else for (const v of distinctKeys(values)) this.holdFirst(v, id);
    if (this.spec.unique) for (const k of this.fullKeys(doc)) this.byKey.set(k, id);
    if (this.bySecond.size) this.addSecond(id, doc, values);
  }

  /** Adds `id` under the first-field key `v`, counting the entry if it is new. */
  private holdFirst(v: string, id: Handle): void {
    const keys = this.byFirst.size;
    if (!hold(this.byFirst, v, id)) return;
    this.entries++;
    if (this.byFirst.size !== keys) this.ordered?.insert(v);
  }

  private addSecond(id: Handle, doc: Doc, firstValues: unknown[]) {
    for (const v of distinctKeys(firstValues)) {
      const sub = this.bySecond.get(v);
      if (sub) for (const k of distinctKeys(partsValues(doc, this.paths[1]))) hold(sub, k, id);
    }
  }

  remove(id: Handle, doc: Doc): void {
    if (!this.covers(doc)) return;
    for (const v of distinctKeys(partsValues(doc, this.paths[0]))) {
      const keys = this.byFirst.size;
      if (!release(this.byFirst, v, id)) continue;
      this.entries--;
      if (this.byFirst.size !== keys) this.ordered?.delete(v);
    }
    if (this.spec.unique) for (const k of this.fullKeys(doc)) if (this.byKey.get(k) === id) this.byKey.delete(k);
    if (this.bySecond.size)
      for (const v of distinctKeys(partsValues(doc, this.paths[0]))) {
        const sub = this.bySecond.get(v);
        if (sub) for (const k of distinctKeys(partsValues(doc, this.paths[1]))) release(sub, k, id);
        if (!this.byFirst.has(v)) this.bySecond.delete(v);
      }
  }

  /**
   * Follows a packed store's rows numbered again (`to`: old row → new, -1 for a deleted row, which no
   * entry lists by then). Arrays and Sets are made again rather than changed in place, keeping their order.
   */
  renumber(to: Int32Array): void {
    const map = (h: Handle) => to[h as number];
    const remap = (m: Map<string, Holders>) => {
      for (const [k, held] of m) m.set(k, typeof held !== 'object' ? map(held) : Array.isArray(held) ? held.map(map) : new Set([...held].map(map)));
    };
    remap(this.byFirst);
    for (const sub of this.bySecond.values()) remap(sub);
    for (const [k, h] of this.byKey) this.byKey.set(k, map(h));
  }

  /** Whether this index can narrow a first-field lookup by a condition on its second field. */
  get narrows(): boolean {
    return this.fields.length > 1 && this.complete && !this.fold;
  }

  /**
   * Ids of documents whose first field equals one of `values` and whose second field equals one of
   * `second.in`, or holds a value outside `second.except` (a superset of the matches: the filter still
   * decides). `docOf` gives the indexed version of a document, to build a first value's second level.
   */
  lookupNarrowed(values: unknown[], second: { in?: unknown[]; except?: unknown[] }, docOf: (h: Handle) => Doc | undefined): Handle[] {
    const out = new Set<Handle>();
    const wanted = second.in && distinctKeys(second.in);
    const skip = second.except && new Set(distinctKeys(second.except));
    for (const v of distinctKeys(values)) {
      const sub = this.secondOf(v, docOf);
      if (!sub) continue;
      if (wanted) {
        for (const k of wanted) {
          const held = sub.get(k);
          if (held !== undefined) for (const id of holderIds(held)) out.add(id);
        }
      } else for (const [k, held] of sub) if (!skip?.has(k)) for (const id of holderIds(held)) out.add(id);
    }
    return [...out];
  }

  /** The second level of one first value, built from its documents on first use. */
  private secondOf(firstKey: string, docOf: (h: Handle) => Doc | undefined): Map<string, Holders> | undefined {
    let sub = this.bySecond.get(firstKey);
    if (sub) return sub;
    const held = this.byFirst.get(firstKey);
    if (held === undefined) return undefined;
    sub = new Map();
    for (const id of holderIds(held)) {
      const doc = docOf(id);
      if (doc) for (const k of distinctKeys(partsValues(doc, this.paths[1]))) hold(sub, k, id);
    }
    this.bySecond.set(firstKey, sub);
    return sub;
  }

  /** Number of entries (first-field value, document) outside the given values. */
  sizeExcept(values: unknown[]): number {
    let n = this.entries;
    for (const k of new Set(values.map(valueKey))) n -= holderCount(this.byFirst.get(k));
    return n;
  }

  /** Ids of documents with a first-field value outside the given ones (a superset of `$ne`/`$nin` matches). */
  lookupExcept(values: unknown[]): Handle[] {
    const skip = new Set(values.map(valueKey));
    const out = new Set<Handle>();
    for (const [k, held] of this.byFirst) if (!skip.has(k)) for (const id of holderIds(held)) out.add(id);
    return [...out];
  }

  /**
   * Ids of documents whose first field lies in a range of one kind (strings, numbers or dates), or
   * null when the range holds more than `cap` entries (a scan is then cheaper). The ordered keys are
   * built on the first range query and kept up to date from then on.
   */
  lookupRange(range: KeyRange, cap: number): Handle[] | null {
    if (this.fold) return null; // a collation orders strings its own way
    this.ordered ??= OrderedKeys.of(this.byFirst.keys());
    const out = new Set<Handle>();
    for (const key of this.ordered.between(range)) {
      for (const id of holderIds(this.byFirst.get(key)!)) out.add(id);
      if (out.size > cap) return null;
    }
    return [...out];
  }

  /** Number of entries under the given first-field values (as many as `lookup` gives, or more). */
  sizeOf(values: unknown[]): number {
    let n = 0;
    for (const k of new Set(values.map(valueKey))) n += holderCount(this.byFirst.get(k));
    return n;
  }

  /** Ids of documents whose first field equals one of the given values. */
  lookup(values: unknown[]): Handle[] {
    const out: Handle[] = [];
    for (const v of values) {
      const held = this.byFirst.get(valueKey(v));
      if (held !== undefined) for (const id of holderIds(held)) out.push(id);
    }
    return values.length > 1 ? [...new Set(out)] : out;
  }

  /** A partial index holds only documents its filter selects: no range over it is the whole answer. */
  get partialFilter(): boolean {
    return !!this.partial;
  }

  /** Partial and sparse indexes may not hold every matching document, so the planner cannot use them. */
  get complete(): boolean {
    return !this.partial && !this.spec.sparse && Object.values(this.spec.key).every((v) => v === 1 || v === -1);
  }

  /**
   * Whether an equality (or `$in`) on the first field can be answered from this index. A sparse index
   * leaves out only documents missing its fields, and those cannot equal a non-null value: so lookups of
   * non-null values (an import's external ids) may use it.
   */
  answers(values: unknown[]): boolean {
    if (this.complete) return true;
    return !this.partial && Object.values(this.spec.key).every((v) => v === 1 || v === -1) && values.every((v) => v !== null && v !== undefined);
  }
}

/** MongoDB's duplicate-key error, with the keyPattern and keyValue mongoose reports. */
export function duplicateKey(ns: string, indexName: string, keyPattern: Doc, doc: Doc): CommandError {
  const keyValue: Doc = {};
  for (const f of Object.keys(keyPattern)) {
    const vals = pathValues(doc, f);
    keyValue[f] = vals.length === 1 ? (vals[0] ?? null) : vals;
  }
  const shown = Object.entries(keyValue)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join(', ');
  return new CommandError(11000, 'DuplicateKey', `E11000 duplicate key error collection: ${ns} index: ${indexName} dup key: { ${shown} }`, {
    keyPattern,
    keyValue,
  });
}
