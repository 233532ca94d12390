import { EJSON, ObjectId } from 'bson';

export type Doc = Record<string, unknown>;

/**
 * A string that is equal for two values exactly when MongoDB's equality says they are equal
 * (for the scalar types we index). Used for the _id map and for index entries.
 */
export function valueKey(value: unknown): string {
  if (value === undefined || value === null) return 'z';
  switch (typeof value) {
    case 'string':
      return 's' + value;
    case 'number':
      return 'n' + (Object.is(value, -0) ? 0 : value);
    case 'boolean':
      return value ? 'b1' : 'b0';
    case 'bigint':
      return 'n' + value.toString();
  }
  // Joined, not concatenated: bson builds the hex string piece by piece, and `'o' +` it is a rope of
  // several strings (a Map of a million such keys takes 271 bytes an entry; of flat strings, 73).
  if (value instanceof ObjectId) return ['o', value.toHexString()].join('');
  if (value instanceof Date) return 'd' + value.getTime();
  const bsontype = (value as { _bsontype?: string })._bsontype;
  if (bsontype === 'Long' || bsontype === 'Int32' || bsontype === 'Double') return 'n' + Number(value.valueOf());
  return 'j' + EJSON.stringify(value as Doc, { relaxed: false });
}

/** True for values whose equality match can be answered from an index lookup. */
export function isIndexableScalar(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  const t = typeof value;
  if (t === 'string' || t === 'number' || t === 'boolean') return true;
  return value instanceof ObjectId || value instanceof Date;
}

/** Reads a dotted path, returning every value reached through arrays (MongoDB's multikey semantics). */
export function pathValues(doc: unknown, path: string): unknown[] {
  return partsValues(doc, path.split('.'));
}

/** `pathValues` of a path already split at its dots (an index splits each of its paths once). */
export function partsValues(doc: unknown, parts: string[]): unknown[] {
  // No array on the way nor at the end (most paths of most documents): the one value, without the lists
  // of values below (an index adds every document through here at recovery).
  let one = doc;
  for (let i = 0; i < parts.length && !Array.isArray(one); i++) one = one && typeof one === 'object' ? (one as Doc)[parts[i]] : undefined;
  if (!Array.isArray(one)) return [one];
  let current: unknown[] = [doc];
  for (const part of parts) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        const idx = Number(part);
        if (Number.isInteger(idx) && String(idx) === part) next.push(v[idx]);
        else {
          // An array with no sub-document to follow the path into (empty, or of scalars) reaches nothing:
          // indexed as a missing field (null), as MongoDB does, so a `$nin`/`$ne` answered from the index
          // still finds the document.
          const before = next.length;
          for (const el of v) if (el && typeof el === 'object') next.push((el as Doc)[part]);
          if (next.length === before) next.push(undefined);
        }
      } else if (v && typeof v === 'object') {
        next.push((v as Doc)[part]);
      } else {
        next.push(undefined);
      }
    }
    current = next;
  }
  // Leaf arrays are indexed element by element.
  const out: unknown[] = [];
  for (const v of current) {
    if (Array.isArray(v)) {
      if (v.length === 0) out.push(undefined);
      else out.push(...v);
    } else out.push(v);
  }
  return out;
}

/** Deep copy that keeps BSON value classes (ObjectId, Decimal128...) as they are; they are never mutated. */
export function cloneDoc<T>(value: T): T {
  if (Array.isArray(value)) return value.map(cloneDoc) as T;
  if (value instanceof Date) return new Date(value.getTime()) as T;
  // By prototype, not `.constructor`: a document may have a field named `constructor`, and must still
  // be copied (an update would otherwise change the stored original in place).
  const proto = value && typeof value === 'object' ? Object.getPrototypeOf(value) : undefined;
  if ((proto === Object.prototype || proto === null) && !('_bsontype' in (value as object))) {
    const out: Doc = {};
    for (const [k, v] of Object.entries(value as Doc)) {
      // A field named `__proto__` (clients may store one) must stay a field, not become the copy's prototype.
      if (k === '__proto__') Object.defineProperty(out, k, { value: cloneDoc(v), writable: true, enumerable: true, configurable: true });
      else out[k] = cloneDoc(v);
    }
    return out as T;
  }
  return value;
}
