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
 * A decoded object of this many fields or more is in V8's dictionary mode (the BSON decoder adds its
 * fields one by one): a hash table of about 1.4 kB for a customer. A copy of it is an ordinary object.
 */
const DICTIONARY_FIELDS = 20;

/**
 * Documents loaded at recovery, made smaller in memory.
 *
 * One copy of each repeated short string met while loading: the BSON decoder makes a new string for
 * every occurrence, and a million documents repeat the same channel, category or SKU millions of
 * times. Strings are pooled by field name, and a field whose values are mostly unique (an e-mail,
 * a phone number) stops being pooled, as there the look-ups would cost time and save nothing.
 *
 * Dates too, within one document: a customer's consents were given at one moment and the decoder
 * makes a date object for each (96 bytes of heap and a number of 16 each, 28 of them in a customer of
 * the bench's data set). The repeats of one document share its first: 959 → 778 MB of heap for 100k
 * customers, and a whole-heap marking 12 % shorter. Sharing is safe because a stored document is never
 * changed in place (an update copies what it changes, update.ts), its dates included; across
 * documents dates rarely repeat, and a pool of them would cost more than it saves.
 *
 * And an object of many fields (a customer's top level) is copied once out of dictionary mode: 778 →
 * 640 MB of heap for 100k customers, and reading three of their fields 15–20 % quicker. Only those: a
 * copy of every object was smaller still but made a whole-heap marking up to a third longer (the
 * copies' layout), where this one leaves it as it was.
 */
export class DocCompactor {
  /** By field name; null once the field proved not worth pooling. */
  private readonly fields = new Map<string, FieldPool | null>();
  /** The dates of the document being compacted by their time, the first met of each. */
  private readonly dates = new Map<number, Date>();

  /**
   * A freshly decoded document with its repeated short strings replaced by their pooled copies and each
   * date met again in it by the first of its time (in place), and its objects of many fields copied.
   */
  compact(doc: Doc): Doc {
    this.dates.clear();
    return this.compactObject(doc);
  }

  private compactObject(doc: Doc): Doc {
    let fields = 0;
    for (const k in doc) {
      fields++;
      const v = doc[k];
      // Assigning `__proto__` would not set the field of that name.
      if (typeof v === 'string') {
        if (k !== '__proto__' && v.length <= MAX_LENGTH) {
          const pool = this.poolOf(k);
          if (pool) doc[k] = this.one(pool, v);
        }
      } else if (v instanceof Date) {
        if (k !== '__proto__') doc[k] = this.oneDate(v);
      } else if (Array.isArray(v)) this.compactArray(k, v);
      else if (isPlainObject(v)) {
        const c = this.compactObject(v);
        if (c !== v && k !== '__proto__') doc[k] = c;
      }
    }
    return fields >= DICTIONARY_FIELDS ? { ...doc } : doc;
  }

  /** An array's strings are pooled under the array's field name. */
  private compactArray(field: string, arr: unknown[]): void {
    let pool: FieldPool | null | undefined;
    for (let i = 0; i < arr.length; i++) {
      const v = arr[i];
      if (typeof v === 'string') {
        if (v.length > MAX_LENGTH) continue;
        if (pool === undefined) pool = this.poolOf(field);
        if (pool) arr[i] = this.one(pool, v);
      } else if (v instanceof Date) arr[i] = this.oneDate(v);
      else if (Array.isArray(v)) this.compactArray(field, v);
      else if (isPlainObject(v)) arr[i] = this.compactObject(v);
    }
  }

  private oneDate(d: Date): Date {
    const t = d.getTime();
    const first = this.dates.get(t);
    if (first) return first;
    this.dates.set(t, d);
    return d;
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
