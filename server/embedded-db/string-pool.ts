import type { Doc } from './keys.js';

/** Longer strings are rarely repeated (names of people, e-mail addresses, free text). */
const MAX_LENGTH = 32;
/** A field's strings are pooled while at least half of them, over each run of this many, were met before. */
const TRIAL = 4096;

/** The pooled strings of one field name, and how often pooling paid lately. */
interface FieldPool {
  field: string;
  strings: Map<string, string>;
  lookups: number;
  hits: number;
}

/**
 * One copy of each repeated short string met while loading: the BSON decoder makes a new string for
 * every occurrence, and a million documents repeat the same channel, category or SKU millions of
 * times. Strings are pooled by field name, and a field whose values are mostly unique (an e-mail,
 * a phone number) stops being pooled, as there the look-ups would cost time and save nothing.
 */
export class StringPool {
  /** By field name; null once the field proved not worth pooling. */
  private readonly fields = new Map<string, FieldPool | null>();

  /** Replaces, in place, the repeated short strings in a freshly decoded document by their pooled copies. */
  intern(doc: Doc): void {
    for (const k in doc) {
      const v = doc[k];
      // Assigning `__proto__` would not set the field of that name.
      if (typeof v === 'string') {
        if (k !== '__proto__' && v.length <= MAX_LENGTH) {
          const pool = this.poolOf(k);
          if (pool) doc[k] = this.one(pool, v);
        }
      } else if (Array.isArray(v)) this.internArray(k, v);
      else if (isPlainObject(v)) this.intern(v);
    }
  }

  /** An array's strings are pooled under the array's field name. */
  private internArray(field: string, arr: unknown[]): void {
    let pool: FieldPool | null | undefined;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (typeof v === 'string') {
        if (v.length > MAX_LENGTH) continue;
        if (pool === undefined) pool = this.poolOf(field);
        if (pool) arr[i] = this.one(pool, v);
      } else if (Array.isArray(v)) this.internArray(field, v);
      else if (isPlainObject(v)) this.intern(v);
    }
  }

  private poolOf(field: string): FieldPool | null {
    let pool = this.fields.get(field);
    if (pool === undefined) this.fields.set(field, (pool = { field, strings: new Map(), lookups: 0, hits: 0 }));
    return pool;
  }

  private one(pool: FieldPool, s: string): string {
    const pooled = pool.strings.get(s);
    if (pooled === undefined) pool.strings.set(s, s);
    else pool.hits++;
    if (++pool.lookups === TRIAL) {
      if (pool.hits * 2 < TRIAL) this.fields.set(pool.field, null);
      pool.lookups = pool.hits = 0;
    }
    return pooled ?? s;
  }
}

/** Documents' own objects; BSON values (ObjectId, Binary...) and dates are left as they are. */
function isPlainObject(v: unknown): v is Doc {
  if (!v || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
