import { Binary, ObjectId, Timestamp } from 'bson';
import type { Doc } from './keys.js';

/**
 * MongoDB's total order over BSON values (the "comparison/sort order" of its manual), which mingo
 * only approximates: mingo orders BinData by content alone, where MongoDB orders it by length,
 * then subtype, then bytes, and mingo knows no collation when matching.
 */

const bsonType = (v: unknown): string | undefined => (v && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined);

/** The rank of a value's type in MongoDB's cross-type order (lower sorts first). */
export function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  switch (typeof v) {
    case 'number':
    case 'bigint':
      return 2;
    case 'string':
      return 3;
    case 'boolean':
      return 8;
  }
  if (Array.isArray(v)) return 5;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  switch (bsonType(v)) {
    case 'MinKey':
      return 0;
    case 'Int32':
    case 'Double':
    case 'Long':
    case 'Decimal128':
      return 2;
    case 'BSONSymbol':
      return 3;
    case 'Binary':
      return 6;
    case 'ObjectId':
      return 7;
    case 'Timestamp':
      return 10;
    case 'BSONRegExp':
      return 11;
    case 'MaxKey':
      return 12;
  }
  return 4; // embedded documents, DBRefs
}

const toNumber = (v: unknown): number => (bsonType(v) === 'Decimal128' ? Number.parseFloat(String(v)) : Number((v as number).valueOf()));

const plainCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Compares two values as MongoDB sorts them; a collator, when given, compares strings. */
export function compareValues(a: unknown, b: unknown, collator?: Intl.Collator): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0:
    case 1:
    case 12:
      return 0;
    case 2: {
      const x = toNumber(a);
      const y = toNumber(b);
      // NaN sorts before every other number, as in MongoDB.
      if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : -1) : 1;
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3: {
      const x = String((a as object).valueOf());
      const y = String((b as object).valueOf());
      return collator ? Math.sign(collator.compare(x, y)) : plainCompare(x, y);
    }
    case 4: {
      const ea = Object.entries(plainObject(a));
      const eb = Object.entries(plainObject(b));
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const t = typeRank(ea[i][1]) - typeRank(eb[i][1]);
        if (t) return Math.sign(t);
        const k = plainCompare(ea[i][0], eb[i][0]);
        if (k) return k;
        const c = compareValues(ea[i][1], eb[i][1], collator);
        if (c) return c;
      }
      return Math.sign(ea.length - eb.length);
    }
    case 5: {
      const x = a as unknown[];
      const y = b as unknown[];
      for (let i = 0; i < Math.min(x.length, y.length); i++) {
        const c = compareValues(x[i], y[i], collator);
        if (c) return c;
      }
      return Math.sign(x.length - y.length);
    }
    case 6: {
      const x = a as Binary;
      const y = b as Binary;
      if (x.length() !== y.length()) return x.length() < y.length() ? -1 : 1;
      if (x.sub_type !== y.sub_type) return x.sub_type < y.sub_type ? -1 : 1;
      return Math.sign(Buffer.compare(x.buffer.subarray(0, x.position), y.buffer.subarray(0, y.position)));
    }
    case 7:
      return plainCompare((a as ObjectId).toHexString(), (b as ObjectId).toHexString());
    case 8:
      return a === b ? 0 : a ? 1 : -1;
    case 9:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    case 10: {
      const x = a as Timestamp;
      const y = b as Timestamp;
      return x.t !== y.t ? (x.t < y.t ? -1 : 1) : Math.sign(x.i - y.i);
    }
    case 11: {
      const x = a as { source?: string; pattern?: string; flags?: string; options?: string };
      const y = b as typeof x;
      return plainCompare(x.source ?? x.pattern ?? '', y.source ?? y.pattern ?? '') || plainCompare(x.flags ?? x.options ?? '', y.flags ?? y.options ?? '');
    }
  }
  return 0;
}

/** DBRefs compare as their {$ref, $id, $db} documents. */
function plainObject(v: unknown): Doc {
  if (bsonType(v) === 'DBRef') {
    const r = v as { collection: string; oid: unknown; db?: string };
    return r.db ? { $ref: r.collection, $id: r.oid, $db: r.db } : { $ref: r.collection, $id: r.oid };
  }
  return v as Doc;
}

/** Every value a sort key reaches in `doc`, through arrays (an array field sorts by its elements). */
function sortValues(doc: unknown, parts: string[]): unknown[] {
  let current: unknown[] = [doc];
  for (const part of parts) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        const idx = Number(part);
        if (Number.isInteger(idx) && String(idx) === part) next.push(v[idx]);
        for (const el of v) if (el && typeof el === 'object' && !Array.isArray(el)) next.push((el as Doc)[part]);
      } else if (v && typeof v === 'object') next.push((v as Doc)[part]);
      else next.push(undefined);
    }
    current = next;
  }
  const out: unknown[] = [];
  for (const v of current) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else out.push(...v);
    } else out.push(v);
  }
  return out.length ? out : [undefined];
}

/**
 * Sorts documents by a sort specification of 1/-1 keys as MongoDB does: an array field sorts by its
 * smallest element ascending and its largest descending; missing sorts with null; stable.
 */
export function sortDocs<T extends Doc>(docs: T[], sort: Doc, collator?: Intl.Collator, score?: (doc: Doc) => number): T[] {
  // `{ $meta: 'textScore' }` sorts by the text search's score, highest first.
  const keys = Object.entries(sort).map(([k, dir]) => ({ parts: k.split('.'), meta: typeof dir === 'object', dir: typeof dir === 'object' || Number(dir) < 0 ? -1 : 1 }));
  const keyed = docs.map((doc, i) => ({
    doc,
    i,
    keys: keys.map(({ parts, dir, meta }) => {
      if (meta) return score ? score(doc) : 0;
      const vals = sortValues(doc, parts);
      let best = vals[0];
      for (const v of vals) if (compareValues(v, best, collator) * dir < 0) best = v;
      return best;
    }),
  }));
  keyed.sort((x, y) => {
    for (let k = 0; k < keys.length; k++) {
      const c = compareValues(x.keys[k], y.keys[k], collator);
      if (c) return c * keys[k].dir;
    }
    return x.i - y.i;
  });
  return keyed.map((k) => k.doc);
}

const ORDERED_BY_US = new Set(['Decimal128', 'Timestamp', 'Long', 'MinKey', 'MaxKey']);

/** Whether sorting `docs` by `sort` needs our order rather than mingo's: a collation, or BinData values. */
export function needsBsonOrder(docs: Doc[], sort: Doc, collator?: Intl.Collator): boolean {
  if (Object.values(sort).some((d) => d && typeof d === 'object' && (d as Doc).$meta === 'textScore')) return true;
  if (!Object.values(sort).every((d) => d === 1 || d === -1)) return false;
  if (collator) return true;
  const keys = Object.keys(sort).map((k) => k.split('.'));
  return docs.some((d) => keys.some((parts) => sortValues(d, parts).some((v) => v instanceof Binary || ORDERED_BY_US.has(bsonType(v) ?? ''))));
}
