import { Query } from 'mingo';
import { collationFold } from './collation.js';
import { CommandError } from './errors.js';
import { type Doc, pathValues, valueKey } from './keys.js';
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
 * An in-memory secondary index. It answers equality lookups on its first field and, when unique,
 * enforces uniqueness over its whole key (MongoDB's semantics: a missing field indexes as null,
 * unless the index is sparse or partial).
 */
export class Index {
  readonly fields: string[];
  readonly firstField: string;
  /** first-field value key → ids of the documents holding it */
  private readonly byFirst = new Map<string, Set<string>>();
  /** full compound key → id, only for unique indexes */
  private readonly byKey = new Map<string, string>();
  private readonly partial?: Query;
  /** Entries in `byFirst`, over all values (a multikey document counts once per value). */
  private entries = 0;
  /** Whether some document has indexed several first-field values (an array). */
  multikey = false;
  /** The first-field values in order, for range and prefix scans (built on first use). */
  private ordered?: OrderedKeys;

  private readonly fold?: (s: string) => string;

  constructor(readonly spec: IndexSpec) {
    this.fold = collationFold(spec.collation);
    this.fields = Object.keys(spec.key);
    this.firstField = this.fields[0];
    if (spec.partialFilterExpression) this.partial = new Query(spec.partialFilterExpression);
  }

  get name() {
    return this.spec.name;
  }

  /** Whether the index covers this document at all (sparse and partial indexes skip some). */
  private covers(doc: Doc): boolean {
    if (this.partial && !this.partial.test(doc)) return false;
    if (this.spec.sparse && this.fields.every((f) => pathValues(doc, f).every((v) => v === undefined))) return false;
    return true;
  }

  private fullKeys(doc: Doc): string[] {
    let keys = [''];
    for (const f of this.fields) {
      // Under a collation (strength 1 or 2), 'ANN' and 'ann' are one key of a unique index.
      const vals = [...new Set(pathValues(doc, f).map((v) => valueKey(this.fold && typeof v === 'string' ? this.fold(v) : v)))];
      keys = keys.flatMap((k) => vals.map((v) => (k ? k + '\u0000' : '') + v));
    }
    return keys;
  }

  /** Throws the duplicate-key error if adding `doc` (with id key `id`) would break uniqueness. */
  check(ns: string, id: string, doc: Doc): void {
    if (!this.spec.unique || !this.covers(doc)) return;
    for (const k of this.fullKeys(doc)) {
      const owner = this.byKey.get(k);
      if (owner !== undefined && owner !== id) throw duplicateKey(ns, this.name, this.spec.key, doc);
    }
  }

  add(id: string, doc: Doc): void {
    if (!this.covers(doc)) return;
    const values = pathValues(doc, this.firstField);
    // Once any document holds several values, never unset: ranges must stay safe for that document.
    if (values.length > 1) this.multikey = true;
    for (const v of new Set(values.map(valueKey))) {
      let set = this.byFirst.get(v);
      if (!set) {
        this.byFirst.set(v, (set = new Set()));
        this.ordered?.insert(v);
      }
      if (!set.has(id)) {
        set.add(id);
        this.entries++;
      }
    }
    if (this.spec.unique) for (const k of this.fullKeys(doc)) this.byKey.set(k, id);
  }

  remove(id: string, doc: Doc): void {
    if (!this.covers(doc)) return;
    for (const v of new Set(pathValues(doc, this.firstField).map(valueKey))) {
      const set = this.byFirst.get(v);
      if (set?.delete(id)) {
        this.entries--;
        if (set.size === 0) {
          this.byFirst.delete(v);
          this.ordered?.delete(v);
        }
      }
    }
    if (this.spec.unique) for (const k of this.fullKeys(doc)) if (this.byKey.get(k) === id) this.byKey.delete(k);
  }

  /** Number of entries (first-field value, document) outside the given values. */
  sizeExcept(values: unknown[]): number {
    let n = this.entries;
    for (const k of new Set(values.map(valueKey))) n -= this.byFirst.get(k)?.size ?? 0;
    return n;
  }

  /** Ids of documents with a first-field value outside the given ones (a superset of `$ne`/`$nin` matches). */
  lookupExcept(values: unknown[]): string[] {
    const skip = new Set(values.map(valueKey));
    const out = new Set<string>();
    for (const [k, ids] of this.byFirst) if (!skip.has(k)) for (const id of ids) out.add(id);
    return [...out];
  }

  /**
   * Ids of documents whose first field lies in a range of one kind (strings, numbers or dates), or
   * null when the range holds more than `cap` entries (a scan is then cheaper). The ordered keys are
   * built on the first range query and kept up to date from then on.
   */
  lookupRange(range: KeyRange, cap: number): string[] | null {
    if (this.fold) return null; // a collation orders strings its own way
    this.ordered ??= OrderedKeys.of(this.byFirst.keys());
    const out = new Set<string>();
    for (const key of this.ordered.between(range)) {
      for (const id of this.byFirst.get(key)!) out.add(id);
      if (out.size > cap) return null;
    }
    return [...out];
  }

  /** Ids of documents whose first field equals one of the given values. */
  lookup(values: unknown[]): string[] {
    const out: string[] = [];
    for (const v of values) {
      const set = this.byFirst.get(valueKey(v));
      if (set) for (const id of set) out.push(id);
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
