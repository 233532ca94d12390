import { BSON } from 'bson';
import type { Doc } from './keys.js';

/**
 * Whether two documents serialize to the same BSON bytes: an update that changes nothing is not
 * written (MongoDB's nModified). Serializing both sides of every update was a fifth of the database
 * thread's BSON work on a busy floor; walking them costs no buffers. The walk answers only for what
 * it knows serializes one way (plain objects and arrays, strings, numbers, booleans, null, dates,
 * ObjectIds); anything else (BSON wrappers such as Int32 or Long, binaries, regular expressions,
 * undefined values that serialization skips, array holes, NaN dates) falls back to comparing bytes.
 */
export function sameBson(a: Doc, b: Doc): boolean {
  return walk(a, b) ?? Buffer.compare(BSON.serialize(a), BSON.serialize(b)) === 0;
}

/** true / false when the bytes are known to be equal / to differ; undefined when the walk cannot tell. */
function walk(a: unknown, b: unknown): boolean | undefined {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === 'other' || kb === 'other') return undefined;
  // Known kinds have BSON types of their own (a number is an int32 or a double by its value alone).
  if (ka !== kb) return false;
  switch (ka) {
    case 'number':
      // Object.is: -0 is stored as a double, 0 as an int32.
      return Object.is(a, b);
    case 'string':
    case 'boolean':
    case 'null':
      return a === b;
    case 'date': {
      const ta = (a as Date).getTime();
      const tb = (b as Date).getTime();
      return Number.isNaN(ta) || Number.isNaN(tb) ? undefined : ta === tb;
    }
    case 'objectId':
      return (a as { equals(o: unknown): boolean }).equals(b);
    case 'array': {
      const xa = a as unknown[];
      const xb = b as unknown[];
      if (a === b) return true;
      if (xa.length !== xb.length) return skipsItems(xa) || skipsItems(xb) ? undefined : false;
      for (let i = 0; i < xa.length; i++) {
        if (!(i in xa) || !(i in xb)) return undefined;
        const r = walk(xa[i], xb[i]);
        if (r !== true) return r;
      }
      return true;
    }
    case 'object': {
      if (a === b) return true;
      const oa = a as Doc;
      const ob = b as Doc;
      const keysA = Object.keys(oa);
      const keysB = Object.keys(ob);
      if (keysA.length !== keysB.length) return skipsFields(oa) || skipsFields(ob) ? undefined : false;
      for (let i = 0; i < keysA.length; i++) {
        const k = keysA[i];
        if (k !== keysB[i]) return skipsFields(oa) || skipsFields(ob) ? undefined : false;
        const r = walk(oa[k], ob[k]);
        if (r !== true) return r;
      }
      return true;
    }
  }
}

type Kind = 'number' | 'string' | 'boolean' | 'null' | 'date' | 'objectId' | 'array' | 'object' | 'other';

function kindOf(v: unknown): Kind {
  switch (typeof v) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object': {
      if (v === null) return 'null';
      if (Array.isArray(v)) return 'array';
      if (v instanceof Date) return 'date';
      const bsonType = (v as { _bsontype?: unknown })._bsontype;
      if (bsonType === 'ObjectId') return 'objectId';
      if (bsonType !== undefined || typeof (v as { toBSON?: unknown }).toBSON === 'function') return 'other';
      const proto = Object.getPrototypeOf(v);
      return proto === Object.prototype || proto === null ? 'object' : 'other';
    }
    default:
      // undefined, functions, symbols and bigints: skipped or stored in ways of their own.
      return 'other';
  }
}

/** Values serialization leaves out or turns into null: lengths and key lists then say nothing. */
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';
const skipsFields = (o: Doc) => Object.values(o).some(skipped);
/** Items serialization leaves out (functions) or turns into null (holes, undefined). */
const skipsItems = (xs: unknown[]) => Object.keys(xs).length !== xs.length || xs.some(skipped);
