import { evalExpr } from 'mingo/core';
import type { Options } from 'mingo/types';
import { cloneDoc, type Doc, valueKey } from '../keys.js';

/**
 * `$group` answered in plain JavaScript for the shape reports use: `_id` made of field paths (and of
 * expressions over a single field, such as `$dateToString` of a date, worked out once per distinct value),
 * accumulators that are `$sum` of a field path or a number, and `$count`. mingo evaluates every
 * accumulator of every document through its expression machinery: 40 µs a document for nine sums,
 * where this takes about one. Anything else, or a value whose sum needs BSON's rules (a Long, a
 * Decimal128, an array on the path), returns undefined and mingo groups as before.
 */
type Accumulate = { path: string[] } | { constant: number };

const isPath = (v: unknown): v is string => typeof v === 'string' && v.startsWith('$') && !v.startsWith('$$') && v.length > 1;
const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype;

/** A grouping key for any value: plain documents field by field (the parts' `_id`s), the rest as the database compares them. */
function keyOf(v: unknown): string {
  if (isPlain(v)) {
    let k = '{';
    for (const f in v) k += `${f}:${keyOf(v[f])},`;
    return k + '}';
  }
  return valueKey(v);
}

/** Not a plain path: an array on the way (multikey rules), or past a scalar. */
const UNSUPPORTED = Symbol('unsupported');
function read(doc: Doc, path: string[]): unknown {
  let v: unknown = doc;
  for (const p of path) {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v) || typeof v !== 'object') return Array.isArray(v) ? UNSUPPORTED : undefined;
    v = (v as Doc)[p];
  }
  return Array.isArray(v) ? UNSUPPORTED : v;
}

/** The field paths an expression reads (`$$` variables make it unsupported). */
function pathsIn(expr: unknown, out: string[]): boolean {
  if (typeof expr === 'string') {
    if (expr.startsWith('$$')) return false;
    if (expr.startsWith('$')) out.push(expr);
    return true;
  }
  if (Array.isArray(expr)) return expr.every((e) => pathsIn(e, out));
  if (isPlain(expr)) {
    for (const [k, v] of Object.entries(expr)) if (k !== '$literal' && !pathsIn(v, out)) return false;
  }
  return true;
}

/** One part of `_id`: a path, or an expression of one path worked out once per value of it. */
function idPart(expr: unknown, options: Partial<Options>): ((doc: Doc) => unknown) | undefined {
  if (isPath(expr)) {
    const path = expr.slice(1).split('.');
    // A document or date in the key is a copy: the input may be the stored documents themselves.
    return (doc) => {
      const v = read(doc, path);
      return v instanceof Date ? new Date(v) : isPlain(v) ? cloneDoc(v) : v;
    };
  }
  // A constant (null, a number, a plain string); a `$$` variable or another kind of value goes to mingo.
  if (!isPlain(expr)) return (typeof expr === 'object' && expr !== null) || (typeof expr === 'string' && expr.startsWith('$')) ? undefined : () => expr;
  const paths: string[] = [];
  if (!pathsIn(expr, paths) || new Set(paths).size !== 1) return undefined;
  const path = paths[0].slice(1).split('.');
  const field = path[0];
  const known = new Map<string, unknown>();
  return (doc) => {
    const v = read(doc, path);
    if (v === UNSUPPORTED) return UNSUPPORTED;
    const k = valueKey(v);
    if (known.has(k)) return known.get(k);
    // Evaluated over a document holding only that field (the expression reads nothing else).
    const out = evalExpr(path.length === 1 ? { [field]: v } : doc, expr, options as never);
    known.set(k, out);
    return out;
  };
}

export function fastGroup(group: Doc, docs: Doc[], options: Partial<Options>): Doc[] | undefined {
  return compileGroup(group, options)?.(docs);
}

/**
 * The group compiled once for every part of its input (an expression's values are remembered across
 * parts); undefined when its shape is not one this answers.
 */
export function compileGroup(group: Doc, options: Partial<Options>): ((docs: Doc[]) => Doc[] | undefined) | undefined {
  const { _id, ...accs } = group;
  let id: (doc: Doc) => unknown;
  if (isPlain(_id) && !Object.keys(_id).some((k) => k.startsWith('$'))) {
    const parts: Array<[string, (doc: Doc) => unknown]> = [];
    for (const [k, e] of Object.entries(_id)) {
      const part = idPart(e, options);
      if (!part) return undefined;
      parts.push([k, part]);
    }
    id = (doc) => {
      const out: Doc = {};
      for (const [k, part] of parts) {
        const v = part(doc);
        if (v === undefined || v === UNSUPPORTED) return UNSUPPORTED;
        out[k] = v;
      }
      return out;
    };
  } else {
    const part = idPart(_id, options);
    if (!part) return undefined;
    id = (doc) => {
      const v = part(doc);
      return v === undefined ? null : v;
    };
  }
  const names = Object.keys(accs);
  const how: Accumulate[] = [];
  for (const name of names) {
    const spec = accs[name];
    if (!isPlain(spec) || Object.keys(spec).length !== 1) return undefined;
    if ('$count' in spec && isPlain(spec.$count) && Object.keys(spec.$count).length === 0) how.push({ constant: 1 });
    else if ('$sum' in spec && typeof spec.$sum === 'number') how.push({ constant: spec.$sum });
    else if ('$sum' in spec && isPath(spec.$sum)) how.push({ path: spec.$sum.slice(1).split('.') });
    else return undefined;
  }
  return (docs) => sumGroups(docs, id, names, how);
}

function sumGroups(docs: Doc[], id: (doc: Doc) => unknown, names: string[], how: Accumulate[]): Doc[] | undefined {
  const groups = new Map<string, { id: unknown; sums: number[] }>();
  for (const doc of docs) {
    const key = id(doc);
    if (key === UNSUPPORTED) return undefined;
    const k = keyOf(key);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { id: key, sums: new Array<number>(how.length).fill(0) }));
    for (let i = 0; i < how.length; i++) {
      const h = how[i];
      if ('constant' in h) {
        g.sums[i] += h.constant;
        continue;
      }
      const v = read(doc, h.path);
      if (typeof v === 'number') g.sums[i] += v;
      else if (v !== undefined && v !== null && typeof v !== 'string' && typeof v !== 'boolean') return undefined;
    }
  }
  return [...groups.values()].map((g) => {
    const out: Doc = { _id: g.id };
    names.forEach((n, i) => (out[n] = g.sums[i]));
    return out;
  });
}
