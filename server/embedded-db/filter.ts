import { DBRef } from 'bson';
import { Aggregator } from 'mingo';
import type { Options } from 'mingo/types';
import { compareValues, typeRank } from './bson-order.js';
import { collatorFor } from './collation.js';
import { badValue } from './errors.js';
import type { Doc } from './keys.js';
import { LONG_LIST } from './list-ops.js';

/**
 * Brings a query filter to MongoDB's semantics before mingo evaluates it. mingo differs from MongoDB
 * in a few ways that matter to clients; rather than patching mingo, the filter is checked and the
 * affected conditions are rewritten to operators of ours (registered in mingo-options.ts):
 *
 * - unknown operators are refused with MongoDB's BadValue, even when no document is ever tested
 *   (an empty or missing collection), as mongod parses the whole filter first;
 * - `$type` knows every BSON type (objectId, timestamp, decimal, long, binData... not only JS ones);
 * - `$all` matches a scalar field equal to its single value;
 * - `$id`, `$ref` and `$db` name DBRef fields (inside `$elemMatch` and in dotted paths), not operators;
 * - comparisons with BinData follow MongoDB's order (length, subtype, bytes);
 * - under a collation, string comparisons use it;
 * - a long `$in`/`$nin` list is hashed once per query, not once per document (list-ops.ts).
 */

const FIELD_OPS = new Set([
  '$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$type', '$all', '$elemMatch', '$size',
  '$regex', '$options', '$mod', '$not', '$bitsAllSet', '$bitsAnySet', '$bitsAllClear', '$bitsAnyClear',
  '$geoWithin', '$geoIntersects', '$near', '$nearSphere', '$maxDistance', '$minDistance',
]);
const TOP_OPS = new Set(['$and', '$or', '$nor', '$expr', '$jsonSchema', '$comment', '$text', '$where', '$alwaysTrue', '$alwaysFalse', '$sampleRate']);
const COMPARISONS = new Set(['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin']);

/** BSON type numbers by alias ($type accepts either). */
export const TYPE_ALIASES: Record<string, number> = {
  double: 1, string: 2, object: 3, array: 4, binData: 5, undefined: 6, objectId: 7, bool: 8, date: 9, null: 10,
  regex: 11, dbPointer: 12, javascript: 13, symbol: 14, javascriptWithScope: 15, int: 16, timestamp: 17, long: 18,
  decimal: 19, minKey: -1, maxKey: 127,
};
const TYPE_NUMBERS = new Set(Object.values(TYPE_ALIASES));

/** DBRef documents arrive as bson's DBRef class, whose fields are named collection/oid/db. */
const DBREF_FIELDS: Record<string, string> = { $ref: 'collection', $id: 'oid', $db: 'db' };
const dbrefPath = (path: string) => (path.includes('$') ? path.split('.').map((p) => DBREF_FIELDS[p] ?? p).join('.') : path);

const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && (v as object).constructor === Object;
const isOperatorDoc = (v: unknown): v is Doc => isPlain(v) && Object.keys(v).length > 0 && Object.keys(v)[0].startsWith('$');
const hasString = (v: unknown): boolean =>
  typeof v === 'string' || (Array.isArray(v) && v.some(hasString)) || (isPlain(v) && Object.values(v).some(hasString));
/** BSON values mingo does not order as MongoDB does (it compares them by type and content alone). */
const WRAPPED = new Set(['Binary', 'Decimal128', 'Timestamp', 'Long', 'MinKey', 'MaxKey']);
const isWrapped = (v: unknown): boolean =>
  (!!v && typeof v === 'object' && WRAPPED.has((v as { _bsontype?: string })._bsontype ?? '')) || (Array.isArray(v) && v.some(isWrapped));
const RANGES = new Set(['$gt', '$gte', '$lt', '$lte']);

export interface FilterOptions {
  collation?: unknown;
}

/** Checks `filter` and returns it in the form our mingo operators evaluate as MongoDB does. */
export function prepareFilter(filter: Doc, opts: FilterOptions = {}): Doc {
  const collation = collatorFor(opts.collation) ? (opts.collation as Doc) : undefined;
  own = false;
  const out = rewriteFilter(filter, collation, false);
  if (own) OWN.add(out);
  return out;
}

/** Set while rewriting when one of our operators was used (rewriting is synchronous). */
let own = false;

/** Prepared filters that use our operators (they need AGGREGATE_OPTIONS' operator context). */
const OWN = new WeakSet<object>();
export const usesOwnOperators = (filter: object) => OWN.has(filter);

function rewriteFilter(filter: Doc, collation: Doc | undefined, inElemMatch: boolean, depth = 0): Doc {
  if (!isPlain(filter)) throw badValue('filter must be an object');
  const out: Doc = {};
  for (const [key, value] of Object.entries(filter)) {
    if (key.startsWith('$') && !(inElemMatch && key in DBREF_FIELDS)) {
      if (key === '$text' && (depth > 0 || inElemMatch)) throw badValue('$text is allowed only at the top level of a query');
      if (!TOP_OPS.has(key))
        throw badValue(`unknown top level operator: ${key}. If you have a field name that starts with a '$' symbol, consider using $getField or $setField.`);
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || value.length === 0) throw badValue(`${key} must be a nonempty array`);
        out[key] = value.map((f) => {
          if (!isPlain(f)) throw badValue(`$or/$and/$nor entries need to be full objects`);
          // Inside a top-level $and, $text is still top level (it is searched before anything else).
          return rewriteFilter(f, collation, inElemMatch, key === '$and' && depth === 0 ? 0 : depth + 1);
        });
      } else if (key === '$comment') {
        // A note for the logs: it matches everything (mingo does not know it).
      } else if (key === '$alwaysTrue' || key === '$alwaysFalse') {
        out.$and = [...((out.$and as Doc[]) ?? []), { $expr: key === '$alwaysTrue' }];
      } else if (key === '$sampleRate') {
        if (typeof value !== 'number' || value < 0 || value > 1) throw badValue('numeric argument to $sampleRate must be in [0, 1]');
        out.$and = [...((out.$and as Doc[]) ?? []), { $expr: { $lt: [{ $rand: {} }, value] } }];
      } else out[key] = value;
      continue;
    }
    const path = dbrefPath(key);
    if (isOperatorDoc(value) && !('$ref' in value && '$id' in value)) out[path] = rewriteConditions(value, collation);
    else if ((collation && hasString(value)) || (isWrapped(value) && !Array.isArray(value))) {
      own = true;
      out[path] = { $_cmp: { op: '$eq', v: value, c: collation } };
    }
    else out[path] = value;
  }
  return out;
}

/** One field's `{ $op: operand, ... }` conditions. */
function rewriteConditions(conds: Doc, collation: Doc | undefined): Doc {
  const out: Doc = {};
  for (const [op, operand] of Object.entries(conds)) {
    if (!op.startsWith('$') || !FIELD_OPS.has(op)) throw badValue(`unknown operator: ${op}`);
    if (op === '$type') {
      out.$_type = typeCodes(operand);
      own = true;
    } else if (op === '$all' && Array.isArray(operand) && !operand.some((x) => isPlain(x) && '$elemMatch' in x)) {
      out.$_all = { v: operand, c: collation };
      own = true;
    } else if (BITS_OPS.has(op)) {
      // mingo tests bits of numbers only: MongoDB also tests BinData (UUIDs) and takes BinData masks.
      out[`$_bits${Object.keys(out).filter((k) => k.startsWith('$_bits')).length || ''}`] = { op, positions: bitPositions(op, operand) };
      own = true;
    } else if (op === '$elemMatch' && operand instanceof DBRef) {
      // `{ $elemMatch: { $ref, $id } }` reaches us deserialized as a DBRef: its fields are the conditions.
      out.$elemMatch = { collection: operand.collection, oid: operand.oid, ...(operand.db ? { db: operand.db } : {}) };
    } else if (op === '$elemMatch') {
      if (!isPlain(operand)) throw badValue('$elemMatch needs an Object');
      out.$elemMatch = isOperatorDoc(operand) && !Object.keys(operand).some((k) => TOP_OPS.has(k) || k in DBREF_FIELDS)
        ? rewriteConditions(operand, collation)
        : rewriteFilter(operand, collation, true);
    } else if (op === '$not') {
      if (isPlain(operand)) {
        if (Object.keys(operand).length === 0) throw badValue('$not cannot be empty');
        out.$not = rewriteConditions(operand, collation);
      } else if (operand instanceof RegExp || (operand as { _bsontype?: string })?._bsontype === 'BSONRegExp') out.$not = operand;
      else throw badValue('$not needs a regex or a document');
    } else if (
      COMPARISONS.has(op) &&
      // Ranges over numbers also reach Decimal128 and Long values, which mingo compares by type only.
      // (Equality keeps mingo's operator, so indexes still answer it; the fast path decides plain numbers.)
      ((collation && hasString(operand)) || isWrapped(operand) || (RANGES.has(op) && typeof operand === 'number'))
    ) {
      if ((op === '$in' || op === '$nin') && !Array.isArray(operand)) throw badValue(`${op} needs an array`);
      // Several comparisons on one field (a range) each need their own key.
      out[`$_cmp${Object.keys(out).filter((k) => k.startsWith('$_cmp')).length || ''}`] = { op, v: operand, c: collation };
      own = true;
    } else {
      // A long list is hashed once per query by our `$in`/`$nin` (list-ops.ts), which only our context has.
      if ((op === '$in' || op === '$nin') && Array.isArray(operand) && operand.length > LONG_LIST) own = true;
      out[op] = operand;
    }
  }
  return out;
}

const BITS_OPS = new Set(['$bitsAllSet', '$bitsAnySet', '$bitsAllClear', '$bitsAnyClear']);

/** The bit positions a `$bits*` operand names: a list of positions, a number's set bits, or a BinData mask's set bits. */
function bitPositions(op: string, operand: unknown): number[] {
  const positions: number[] = [];
  if (Array.isArray(operand)) {
    for (const p of operand) {
      if (typeof p !== 'number' || !Number.isInteger(p)) throw badValue(`bit positions must be an integer but got: ${String(p)}`);
      if (p < 0) throw badValue(`bit positions must be >= 0 but got: ${p}`);
      positions.push(p);
    }
    return positions;
  }
  const type = (operand as { _bsontype?: string } | null)?._bsontype;
  if (type === 'Binary') {
    const bytes = (operand as { buffer: Uint8Array }).buffer;
    for (let p = 0; p < bytes.length * 8; p++) if ((bytes[p >> 3] >> (p & 7)) & 1) positions.push(p);
    return positions;
  }
  let mask: bigint;
  if (typeof operand === 'number') {
    if (!Number.isInteger(operand)) throw badValue(`${op} cannot represent ${operand} as a 64-bit integer`);
    if (operand < 0) throw badValue(`${op} bitmask must be a non-negative number`);
    mask = BigInt(operand);
  } else if (type === 'Long' || type === 'Int32' || type === 'Double' || typeof operand === 'bigint') {
    mask = BigInt(String(operand));
    if (mask < 0n) throw badValue(`${op} bitmask must be a non-negative number`);
  } else throw badValue(`${op} takes an Array, a number, or a BinData but received: ${String(operand)}`);
  for (let p = 0; mask > 0n; p++, mask >>= 1n) if (mask & 1n) positions.push(p);
  return positions;
}

/** Bit `p` of a value, or undefined when `$bits*` does not apply to it (strings, fractions...). */
function bitReader(v: unknown): ((p: number) => number) | undefined {
  let n: bigint | undefined;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || Math.abs(v) >= 2 ** 63) return undefined;
    n = BigInt(v);
  } else if (typeof v === 'bigint') n = v;
  else {
    const type = (v as { _bsontype?: string } | null)?._bsontype;
    if (type === 'Binary') {
      const bytes = (v as { buffer: Uint8Array }).buffer;
      return (p) => (p < bytes.length * 8 ? (bytes[p >> 3] >> (p & 7)) & 1 : 0);
    }
    if (type === 'Long' || type === 'Int32') n = BigInt(String(v));
  }
  if (n === undefined) return undefined;
  // Two's complement: a negative number has every bit past the 63rd set.
  const u = BigInt.asUintN(64, n);
  const negative = n < 0n;
  return (p) => (p < 64 ? Number((u >> BigInt(p)) & 1n) : negative ? 1 : 0);
}

const bitsOp: QueryOp = (selector, value) => {
  const { op, positions } = value as { op: string; positions: number[] };
  const test = (bit: (p: number) => number): boolean => {
    switch (op) {
      case '$bitsAllSet':
        return positions.every((p) => bit(p) === 1);
      case '$bitsAnySet':
        return positions.some((p) => bit(p) === 1);
      case '$bitsAllClear':
        return positions.every((p) => bit(p) === 0);
      default:
        return positions.some((p) => bit(p) === 0);
    }
  };
  return (doc) =>
    candidates(doc, selector).some((v) => {
      const bit = bitReader(v);
      return bit !== undefined && test(bit);
    });
};

function typeCodes(operand: unknown): Array<number | 'number'> {
  const list = Array.isArray(operand) ? operand : [operand];
  if (list.length === 0) throw badValue('$type must match at least one type');
  return list.map((t) => {
    if (t === 'number') return 'number';
    if (typeof t === 'string') {
      if (!(t in TYPE_ALIASES)) throw badValue(`Unknown type name alias: ${t}`);
      return TYPE_ALIASES[t];
    }
    if (typeof t === 'number' && TYPE_NUMBERS.has(t)) return t;
    throw badValue(`Invalid numerical type code: ${String(t)}`);
  });
}

// ---- our operators ---------------------------------------------------------------------------

/** The BSON type number of a value as we store it (numbers: int when they fit int32, else double). */
export function bsonTypeOf(v: unknown): number {
  if (v === null) return 10;
  if (v === undefined) return 6;
  switch (typeof v) {
    case 'string':
      return 2;
    case 'boolean':
      return 8;
    case 'number':
      return Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31 ? 16 : 1;
    case 'bigint':
      return 18;
  }
  if (Array.isArray(v)) return 4;
  if (v instanceof Date) return 9;
  if (v instanceof RegExp) return 11;
  switch ((v as { _bsontype?: string })._bsontype) {
    case 'ObjectId':
      return 7;
    case 'Binary':
      return 5;
    case 'Timestamp':
      return 17;
    case 'Long':
      return 18;
    case 'Int32':
      return 16;
    case 'Double':
      return 1;
    case 'Decimal128':
      return 19;
    case 'BSONRegExp':
      return 11;
    case 'BSONSymbol':
      return 14;
    case 'Code':
      return 13;
    case 'MinKey':
      return -1;
    case 'MaxKey':
      return 127;
  }
  return 3;
}

/**
 * The values a condition on `path` is tested against, as MongoDB sees them: a field holding an
 * array is tested as the array and as each of its elements; paths go through arrays of documents.
 * `missing` is returned (as undefined) when nothing is there.
 */
function candidates(doc: unknown, path: string): unknown[] {
  let current: unknown[] = [doc];
  for (const part of path.split('.')) {
    const next: unknown[] = [];
    for (const v of current) {
      if (Array.isArray(v)) {
        const idx = Number(part);
        if (Number.isInteger(idx) && String(idx) === part && idx < v.length) next.push(v[idx]);
        else for (const el of v) if (el && typeof el === 'object' && !Array.isArray(el)) next.push(readField(el, part));
      } else if (v && typeof v === 'object') next.push(readField(v, part));
    }
    current = next;
  }
  const out: unknown[] = [];
  for (const v of current) {
    out.push(v);
    if (Array.isArray(v)) out.push(...v);
  }
  return out;
}

const readField = (v: object, part: string): unknown => (v instanceof DBRef && part in DBREF_FIELDS ? (v as unknown as Doc)[DBREF_FIELDS[part]] : (v as Doc)[part]);

type QueryOp = (selector: string, value: unknown, options: Options) => (doc: Doc) => boolean;

const $_type: QueryOp = (selector, value) => {
  const codes = value as Array<number | 'number'>;
  return (doc) =>
    candidates(doc, selector).some((v) => {
      if (v === undefined) return false;
      const t = bsonTypeOf(v);
      return codes.some((c) => c === t || (c === 'number' && (t === 1 || t === 16 || t === 18 || t === 19)));
    });
};

function equalUnder(a: unknown, b: unknown, collator?: Intl.Collator): boolean {
  if (b instanceof RegExp) return typeof a === 'string' && b.test(a);
  if (b === null) return a === null || a === undefined;
  return typeRank(a) === typeRank(b) && compareValues(a, b, collator) === 0;
}

const $_all: QueryOp = (selector, value) => {
  const { v, c } = value as { v: unknown[]; c?: Doc };
  const collator = collatorFor(c);
  return (doc) => {
    if (v.length === 0) return false;
    const vals = candidates(doc, selector);
    return v.every((want) => vals.some((x) => x !== undefined && equalUnder(x, want, collator)));
  };
};

const cmpOp: QueryOp = (selector, value) => {
  const { op, v, c } = value as { op: string; v: unknown; c?: Doc };
  const collator = collatorFor(c);
  const eq = (x: unknown, want: unknown) => equalUnder(x, want, collator);
  const anyEq = (doc: Doc, want: unknown) => {
    const vals = candidates(doc, selector);
    if (vals.length === 0) return want === null;
    return vals.some((x) => eq(x, want));
  };
  const ordered = (sign: (n: number) => boolean) => (doc: Doc) =>
    candidates(doc, selector).some((x) => x !== undefined && typeRank(x) === typeRank(v) && sign(compareValues(x, v, collator)));
  switch (op) {
    case '$eq':
      return (doc) => anyEq(doc, v);
    case '$ne':
      return (doc) => !anyEq(doc, v);
    case '$in':
      return (doc) => (v as unknown[]).some((w) => anyEq(doc, w));
    case '$nin':
      return (doc) => !(v as unknown[]).some((w) => anyEq(doc, w));
    case '$gt':
      return ordered((n) => n > 0);
    case '$gte':
      return ordered((n) => n >= 0);
    case '$lt':
      return ordered((n) => n < 0);
    default:
      return ordered((n) => n <= 0);
  }
};

/** Query operators of ours, added to mingo's (names mingo does not use, so they never clash). */
export const FIDELITY_QUERY_OPS: Record<`$${string}`, QueryOp> = {
  $_type,
  $_all,
  $_cmp: cmpOp,
  $_cmp1: cmpOp,
  $_cmp2: cmpOp,
  $_cmp3: cmpOp,
  $_bits: bitsOp,
  $_bits1: bitsOp,
  $_bits2: bitsOp,
  $_bits3: bitsOp,
};

/**
 * Refuses a `hint` naming an index the collection does not have, as mongod does (it never falls
 * back to another plan silently). A missing collection has no plan to hint: nothing to refuse.
 */
export function checkHint(coll: { indexes: Map<string, { spec: { key: Doc } }> } | undefined, hint: unknown): void {
  if (!coll || hint === undefined || hint === null) return;
  if (typeof hint === 'string') {
    if (hint === '_id_' || coll.indexes.has(hint)) return;
  } else if (isPlain(hint)) {
    const keys = Object.keys(hint);
    if (keys.length === 0) return;
    if (keys[0] === '$natural' || (keys.length === 1 && keys[0] === '_id')) return;
    const wanted = JSON.stringify(hint);
    for (const index of coll.indexes.values()) if (JSON.stringify(index.spec.key) === wanted) return;
  } else return;
  throw badValue('hint provided does not correspond to an existing index');
}

/** A command's `let`: each value is an expression, evaluated once ($literal, $rand...) into $$ variables. */
export function evalLet(spec: unknown): Doc | undefined {
  if (spec === undefined || spec === null) return undefined;
  if (!isPlain(spec)) throw badValue("BSON field 'let' is the wrong type, expected type 'object'");
  if (Object.keys(spec).length === 0) return undefined;
  // $addFields evaluates each value as an expression over an empty document (numbers stay literals).
  return new Aggregator([{ $addFields: spec }], { scriptEnabled: false }).run([{}])[0] as Doc;
}
