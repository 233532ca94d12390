import { ObjectId } from 'bson';
import type { Doc } from './keys.js';

/**
 * A fast path for the filters hot code sends (`{ state: 'available', voice: 0, connections: { $gt: 0 } }`):
 * plain JavaScript comparisons instead of mingo's general evaluator, which costs microseconds per
 * document and dominated claims over a thousand agents.
 *
 * `compileFilter` returns null when the filter uses anything beyond top-level (or `$and`ed, or `$or`ed)
 * field conditions with `$eq`, `$ne`, `$gt`, `$gte`, `$lt`, `$lte`, `$in`, `$nin` and `$exists` on scalar
 * operands, and `$regex` (which alone also decides an array of plain scalars). The compiled test answers
 * true or false only where the result is certain (the document's value is a scalar of the operand's own
 * type, or missing); anything else (arrays, embedded documents, mixed types) answers `undefined` and the
 * caller asks mingo, so results are always mingo's.
 */
export type Verdict = boolean | undefined;
export type FastTest = (doc: Doc) => Verdict;

type Kind = 'string' | 'number' | 'boolean' | 'date' | 'oid';

/** The comparable form of a scalar, or undefined for anything else (arrays, objects, NaN, BSON wrappers). */
function scalar(v: unknown): { kind: Kind; key: string | number | boolean } | undefined {
  switch (typeof v) {
    case 'string':
      return { kind: 'string', key: v };
    case 'number':
      return Number.isNaN(v) ? undefined : { kind: 'number', key: v };
    case 'boolean':
      return { kind: 'boolean', key: v };
  }
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? undefined : { kind: 'date', key: t };
  }
  if (v instanceof ObjectId) return { kind: 'oid', key: v.toHexString() };
  return undefined;
}

/** Reads a (dotted) path through embedded documents only; `undefined` for missing, `NOT_PLAIN` past an array. */
const NOT_PLAIN = Symbol('not plain');
function read(doc: Doc, parts: string[]): unknown {
  let cur: unknown = doc;
  for (const p of parts) {
    if (cur === undefined || cur === null) return undefined;
    if (typeof cur !== 'object' || Array.isArray(cur) || (cur as object).constructor !== Object) return NOT_PLAIN;
    cur = (cur as Doc)[p];
  }
  return cur;
}

type Cond = (v: unknown) => Verdict;

/** The kind of a plain scalar value, or undefined for anything else (no allocation: this runs per document). */
function kindOf(v: unknown): Kind | undefined {
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'number':
      return Number.isNaN(v) ? undefined : 'number';
    case 'boolean':
      return 'boolean';
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : 'date';
  if (v instanceof ObjectId) return 'oid';
  return undefined;
}

const keyOf = (v: unknown, kind: Kind) => (kind === 'date' ? (v as Date).getTime() : kind === 'oid' ? (v as ObjectId).toHexString() : (v as string | number | boolean));

/** Equality of a document value with a scalar operand: certain for a missing/null value or a scalar of the same kind. */
function eqTo(operand: NonNullable<ReturnType<typeof scalar>>): Cond {
  const { kind, key } = operand;
  return (v) => {
    if (v === undefined || v === null) return false;
    if (typeof v === kind) return v === key; // strings, numbers, booleans (NaN operands never get here)
    const k = kindOf(v);
    if (k !== kind) return undefined;
    return keyOf(v, k) === key;
  };
}

function rangeTo(operand: NonNullable<ReturnType<typeof scalar>>, op: '$gt' | '$gte' | '$lt' | '$lte'): Cond | null {
  if (operand.kind === 'boolean' || operand.kind === 'oid') return null;
  const { kind } = operand;
  const b = operand.key as string | number;
  return (v) => {
    if (v === undefined || v === null) return false;
    const k = kindOf(v);
    if (k !== kind) return undefined;
    const a = keyOf(v, k) as string | number;
    return op === '$gt' ? a > b : op === '$gte' ? a >= b : op === '$lt' ? a < b : a <= b;
  };
}

const not =
  (c: Cond): Cond =>
  (v) => {
    const r = c(v);
    return r === undefined ? undefined : !r;
  };

/** Three-valued OR: true when one test is sure of a match, false when every one is sure of none, else unsure.
 * Shared by a field's `$in` (tests of a value) and a filter's `$or` (tests of a document). */
function anyOf<T>(tests: Array<(x: T) => Verdict>): (x: T) => Verdict {
  return (x) => {
    let unsure = false;
    for (const t of tests) {
      const r = t(x);
      if (r === true) return true;
      if (r === undefined) unsure = true;
    }
    return unsure ? undefined : false;
  };
}

/** Null or missing: certain for those and for any plain scalar. */
const isNull: Cond = (v) => (v === undefined || v === null ? true : kindOf(v) ? false : undefined);

/**
 * Membership in a long `$in` list (a call list's thousands of contacted customers) by hash lookup:
 * testing each value in turn made a segment preview over 100k customers quadratic (seconds).
 * Answers exactly as `anyOf(eqTo...)` would: unsure where a value's kind differs from some operand's.
 */
function inSet(operands: Array<NonNullable<ReturnType<typeof scalar>>>): Cond {
  const byKind = new Map<Kind, Set<string | number | boolean>>();
  for (const o of operands) {
    let set = byKind.get(o.kind);
    if (!set) byKind.set(o.kind, (set = new Set()));
    set.add(o.key);
  }
  return (v) => {
    if (v === undefined || v === null) return false;
    const k = kindOf(v);
    if (!k) return undefined;
    if (byKind.get(k)?.has(keyOf(v, k))) return true;
    return byKind.size > 1 || !byKind.has(k) ? undefined : false;
  };
}

/** A `$regex` operand as a JavaScript RegExp, when JavaScript reads it as MongoDB would. */
function regexOf(pattern: unknown, options: unknown): RegExp | null {
  if (options !== undefined && (typeof options !== 'string' || !/^[ims]*$/.test(options))) return null;
  if (pattern instanceof RegExp) return options ? null : /^[ims]*$/.test(pattern.flags) ? pattern : null;
  if (typeof pattern !== 'string') return null;
  try {
    return new RegExp(pattern, (options as string | undefined) ?? '');
  } catch {
    return null; // mingo reports the bad pattern
  }
}

/** A regular expression matches strings only; any other plain scalar certainly does not match. */
function matchesRegex(re: RegExp): Cond {
  return (v) => {
    if (typeof v === 'string') {
      re.lastIndex = 0;
      return re.test(v);
    }
    return v === undefined || v === null || kindOf(v) ? false : undefined;
  };
}

/**
 * Conditions met by an array when one of its elements meets them, and never by the array as a whole: a
 * regular expression (an array is not a string). A customer search's `{ searchTokens: /^ann/ }` is
 * then decided here, not by mingo, for every candidate of the count and of a two-word search.
 */
const ELEMENTWISE = new WeakSet<Cond>();
const elementwise = (c: Cond): Cond => (ELEMENTWISE.add(c), c);

/** Some element meets `c`: certain when one does, or when every element is a plain scalar that does not. */
function anyElement(c: Cond, values: unknown[]): Verdict {
  let unsure = false;
  for (const e of values) {
    // An array within the array (and an embedded document, which `c` is unsure of): mingo decides.
    const r = Array.isArray(e) ? undefined : c(e);
    if (r === true) return true;
    if (r === undefined) unsure = true;
  }
  return unsure ? undefined : false;
}

/** One field's condition, or null when the fast path does not handle it. */
function compileCondition(cond: unknown): Cond | null {
  const s = scalar(cond);
  if (s) return eqTo(s);
  // `{ agentId: null }`: null or missing; any plain scalar is certainly not.
  if (cond === null) return isNull;
  if (cond instanceof RegExp) {
    const re = regexOf(cond, undefined);
    return re ? elementwise(matchesRegex(re)) : null;
  }
  if (!cond || typeof cond !== 'object' || Array.isArray(cond) || (cond as object).constructor !== Object) return null;
  const ops = Object.entries(cond as Doc);
  if (ops.length === 0 || ops.some(([k]) => !k.startsWith('$'))) return null;
  const conds: Cond[] = [];
  for (const [op, operand] of ops) {
    if (op === '$exists') {
      if (typeof operand !== 'boolean') return null;
      conds.push((v) => (v === NOT_PLAIN ? undefined : Array.isArray(v) ? undefined : (v !== undefined) === operand));
      continue;
    }
    if (op === '$in' || op === '$nin') {
      if (!Array.isArray(operand)) return null;
      const each = operand.map(scalar);
      if (each.some((x) => !x)) return null;
      const inList = each.length > 8 ? inSet(each as Array<NonNullable<ReturnType<typeof scalar>>>) : anyOf(each.map((x) => eqTo(x!)));
      conds.push(op === '$in' ? inList : not(inList));
      continue;
    }
    if (op === '$regex') {
      const re = regexOf(operand, (cond as Doc).$options);
      if (!re) return null;
      conds.push(matchesRegex(re));
      continue;
    }
    if (op === '$options' && '$regex' in (cond as Doc)) continue;
    // `{ customerId: { $ne: null } }`: set and not null; certain for any plain scalar.
    if ((op === '$ne' || op === '$eq') && operand === null) {
      conds.push(op === '$eq' ? isNull : not(isNull));
      continue;
    }
    const o = scalar(operand);
    if (!o) return null;
    if (op === '$eq') conds.push(eqTo(o));
    else if (op === '$ne') conds.push(not(eqTo(o)));
    else if (op === '$gt' || op === '$gte' || op === '$lt' || op === '$lte') {
      const c = rangeTo(o, op);
      if (!c) return null;
      conds.push(c);
    } else return null;
  }
  const all: Cond = (v) => {
    let unsure = false;
    for (const c of conds) {
      const r = c(v);
      if (r === false) return false;
      if (r === undefined) unsure = true;
    }
    return unsure ? undefined : true;
  };
  // `{ $regex, $options }` alone: one regular expression (two regexes could be met by two different elements).
  return conds.length === 1 && ops.every(([op]) => op === '$regex' || op === '$options') ? elementwise(all) : all;
}

/** A field's condition, or a test of the whole document (a `$or` of fast-tested branches). */
type Part = { parts: string[]; cond: Cond } | { test: FastTest };

/** Adds `filter`'s parts to `out`; false when the fast path cannot take some part of it (use mingo). */
function collect(filter: Doc, out: Part[]): boolean {
  for (const [k, v] of Object.entries(filter)) {
    // `{ agentId, $or: [{ state: { $ne: 'ended' } }, { state: 'ended', wrappedUpAt: null }] }` (routing's read
    // of an agent's work): each branch compiled as a filter of its own.
    if (k === '$or') {
      if (!Array.isArray(v) || v.length === 0) return false;
      const branches: FastTest[] = [];
      for (const sub of v) {
        const test = sub && typeof sub === 'object' && !Array.isArray(sub) ? compileFilter(sub as Doc) : null;
        if (!test) return false;
        branches.push(test);
      }
      out.push({ test: anyOf(branches) });
      continue;
    }
    if (k === '$and') {
      if (!Array.isArray(v) || v.length === 0) return false;
      for (const sub of v) {
        if (!sub || typeof sub !== 'object' || Array.isArray(sub) || !collect(sub as Doc, out)) return false;
      }
      continue;
    }
    if (k.startsWith('$') || k.split('.').some((p) => p === '' || p.startsWith('$') || /^\d+$/.test(p))) return false;
    const cond = compileCondition(v);
    if (!cond) return false;
    out.push({ parts: k.split('.'), cond });
  }
  return true;
}

/** Compiles `filter` into a fast test, or null when the fast path does not handle it (use mingo). */
export function compileFilter(filter: Doc): FastTest | null {
  const fields: Part[] = [];
  if (!collect(filter, fields)) return null;
  return (doc) => {
    let unsure = false;
    for (const f of fields) {
      if ('test' in f) {
        const r = f.test(doc);
        if (r === false) return false;
        if (r === undefined) unsure = true;
        continue;
      }
      const v = read(doc, f.parts);
      // Past an array, MongoDB's multikey semantics apply: leave that document to mingo, except for an
      // array at the end of the path under a condition some element meets or none does (a regex).
      const r = v === NOT_PLAIN ? undefined : Array.isArray(v) ? (ELEMENTWISE.has(f.cond) ? anyElement(f.cond, v) : undefined) : f.cond(v);
      if (r === false) return false;
      if (r === undefined) unsure = true;
    }
    return unsure ? undefined : true;
  };
}

/**
 * A comparator for sorting documents by `sort` natively, the way mingo sorts (stable; missing and
 * null first), or null when some document's sort value is not a plain number, string, date or
 * ObjectId, or kinds are mixed within one key: mingo's cross-type ordering then decides.
 */
export function nativeSort(docs: Doc[], sort: Doc): ((a: Doc, b: Doc) => number) | null {
  const entries = Object.entries(sort);
  if (entries.some(([, dir]) => dir !== 1 && dir !== -1)) return null; // $meta and the like: mingo's
  const keys = entries.map(([k, dir]) => ({ parts: k.split('.'), dir: dir as number }));
  if (keys.some((k) => k.parts.some((p) => p === '' || /^\d+$/.test(p)))) return null;
  // Missing and null sort together before every other value (mingo's and MongoDB's order).
  const values: Array<Array<string | number | null>> = keys.map(() => new Array(docs.length));
  const index = new Map<Doc, number>();
  for (let k = 0; k < keys.length; k++) {
    let kind: Kind | undefined;
    for (let i = 0; i < docs.length; i++) {
      const v = read(docs[i], keys[k].parts);
      if (v === undefined || v === null) {
        values[k][i] = null;
        continue;
      }
      const s = scalar(v);
      // ObjectIds order by their bytes, which is their hex strings' order (an `_id` tie-break).
      if (!s || s.kind === 'boolean' || (kind && s.kind !== kind)) return null;
      kind = s.kind;
      values[k][i] = s.key as string | number;
    }
  }
  docs.forEach((d, i) => index.set(d, i));
  return (a, b) => {
    const ia = index.get(a)!;
    const ib = index.get(b)!;
    for (let k = 0; k < keys.length; k++) {
      const x = values[k][ia];
      const y = values[k][ib];
      if (x === y) continue;
      const order = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return order * keys[k].dir;
    }
    return 0;
  };
}
