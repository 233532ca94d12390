import { Query } from 'mingo';
import { CommandError, badValue } from './errors.js';
import type { Doc } from './keys.js';
import { PROJECTOR, newQuery } from './mingo-options.js';
import { prepareFilter } from './filter.js';

/**
 * find's projection as MongoDB applies it. mingo's projection puts included fields in the
 * projection's order with _id last, treats `{ tags: { $slice: n } }` alone as an inclusion, and has
 * no positional (`'tags.$'`) semantics tied to the query; clients see field order (mongoose
 * documents, JSON output), so this follows MongoDB: included fields keep their stored order with
 * _id first, `$slice` alone keeps every other field, `$elemMatch` and `'field.$'` pick the first
 * matching element. Projections with aggregation expressions are left to mingo (then reordered).
 */

type Rule =
  | { kind: 'include' }
  | { kind: 'exclude' }
  | { kind: 'slice'; skip?: number; limit: number }
  | { kind: 'elemMatch'; query: Query; wrap: boolean }
  | { kind: 'positional' }
  | { kind: 'meta'; what: string }
  | { kind: 'expression' };

interface Plan {
  inclusion: boolean;
  keepId: boolean;
  rules: Map<string, Rule>;
  /** Whether some field is an aggregation expression (mingo computes those). */
  expression: boolean;
}

const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && (v as object).constructor === Object;

function plan(projection: Doc): Plan {
  const rules = new Map<string, Rule>();
  let inclusion = false;
  let exclusion = false;
  let expression = false;
  let keepId = true;
  let idIncluded = false;
  for (const [rawPath, spec] of Object.entries(projection)) {
    if (rawPath.endsWith('.$')) {
      rules.set(rawPath.slice(0, -2), { kind: 'positional' });
      inclusion = true;
      continue;
    }
    const path = rawPath;
    if (isPlain(spec) && Object.keys(spec).length === 1 && '$slice' in spec) {
      const s = spec.$slice;
      if (typeof s === 'number') rules.set(path, { kind: 'slice', limit: s });
      else if (Array.isArray(s) && s.length === 2 && typeof s[0] === 'number' && typeof s[1] === 'number') {
        if (s[1] <= 0) throw badValue(`$slice limit must be positive`);
        rules.set(path, { kind: 'slice', skip: s[0], limit: s[1] });
      } else throw badValue('$slice only supports numbers and [skip, limit] arrays');
    } else if (isPlain(spec) && Object.keys(spec).length === 1 && '$elemMatch' in spec) {
      if (!isPlain(spec.$elemMatch)) throw badValue('elemMatch: Invalid argument, object required.');
      if (path.includes('.')) throw badValue('Cannot use $elemMatch projection on a nested field.');
      // `{ $elemMatch: { $gt: 5 } }` tests scalar elements themselves: they are wrapped as { v: element }.
      const criteria = spec.$elemMatch as Doc;
      const wrap = Object.keys(criteria).length > 0 && Object.keys(criteria).every((k) => k.startsWith('$') && !['$and', '$or', '$nor', '$expr'].includes(k));
      const prepared = prepareFilter(wrap ? { v: criteria } : criteria);
      rules.set(path, { kind: 'elemMatch', query: newQuery(prepared), wrap });
      inclusion = true;
    } else if (isPlain(spec) && Object.keys(spec).length === 1 && '$meta' in spec) {
      rules.set(path, { kind: 'meta', what: String(spec.$meta) });
    } else if (spec === 0 || spec === false) {
      if (path === '_id') keepId = false;
      else {
        rules.set(path, { kind: 'exclude' });
        exclusion = true;
      }
    } else if (spec === 1 || spec === true || (typeof spec === 'number' && spec !== 0)) {
      if (path !== '_id') {
        rules.set(path, { kind: 'include' });
        inclusion = true;
      } else idIncluded = true;
    } else {
      expression = true;
      rules.set(path, { kind: 'expression' });
      inclusion = true;
    }
  }
  if (inclusion && exclusion) {
    const excluded = [...rules].find(([, r]) => r.kind === 'exclude')?.[0];
    throw badValue(`Cannot do exclusion on field ${excluded} in inclusion projection`);
  }
  // `{ a: 1, 'a.b': 1 }` names one field twice: MongoDB refuses it.
  const paths = [...rules.keys()].sort();
  for (let i = 1; i < paths.length; i++)
    if (paths[i].startsWith(paths[i - 1] + '.'))
      throw new CommandError(31249, 'Location31249', `Path collision at ${paths[i]} remaining portion ${paths[i].slice(paths[i - 1].length + 1)}`);
  // `{ _id: 1 }` alone is an inclusion of _id only.
  if (idIncluded && !exclusion) inclusion = true;
  return { inclusion, keepId, rules, expression };
}

/** Projects `docs` as MongoDB's find does. `filter` is the query (for positional projections). */
export function applyProjection(docs: Doc[], projection: Doc | undefined, filter: Doc = {}, score?: (doc: Doc) => number): Doc[] {
  if (!projection || Object.keys(projection).length === 0) return docs;
  const p = plan(projection);
  if (p.expression) {
    // Aggregation expressions: mingo computes them; we only restore MongoDB's field order.
    return (PROJECTOR.find(docs, projection).all() as Doc[]).map((out, i) => reorder(out, docs[i]));
  }
  const tree = ruleTree(p);
  return docs.map((doc) => projectOne(doc, p, tree, filter, score?.(doc)));
}

/** `out`'s fields in `source`'s order (then any computed ones), _id first. */
function reorder(out: Doc, source: Doc): Doc {
  const result: Doc = {};
  if ('_id' in out) result._id = out._id;
  for (const k of Object.keys(source)) if (k in out && k !== '_id') result[k] = out[k];
  for (const k of Object.keys(out)) if (!(k in result)) result[k] = out[k];
  return result;
}

/** The paths named, as a tree: { a: { b: Rule } } for 'a.b'. Built once per projection. */
function ruleTree(p: Plan): Doc {
  const tree: Doc = {};
  for (const [path, rule] of p.rules) {
    const parts = path.split('.');
    let node = tree;
    for (const part of parts.slice(0, -1)) {
      if (!isPlain(node[part]) || 'kind' in (node[part] as Doc)) node[part] = {};
      node = node[part] as Doc;
    }
    node[parts[parts.length - 1]] = rule;
  }
  return tree;
}

function projectOne(doc: Doc, p: Plan, tree: Doc, filter: Doc, score: number | undefined): Doc {
  const out = projectLevel(doc, tree, p.inclusion, doc, filter, '');
  if (p.keepId && '_id' in doc) {
    const { _id: _drop, ...rest } = out;
    const withId: Doc = { _id: doc._id, ...rest };
    return addMeta(withId, p, score);
  }
  if (!p.keepId) delete out._id;
  return addMeta(out, p, score);
}

function addMeta(out: Doc, p: Plan, score: number | undefined): Doc {
  for (const [path, rule] of p.rules) {
    if (rule.kind !== 'meta') continue;
    if (rule.what === 'textScore') out[path] = score ?? 0;
    else throw badValue(`Unsupported argument to $meta: ${rule.what}`);
  }
  return out;
}

const isRule = (v: unknown): v is Rule => isPlain(v) && typeof v.kind === 'string';

function projectLevel(value: Doc, tree: Doc, inclusion: boolean, root: Doc, filter: Doc, prefix: string): Doc {
  const out: Doc = {};
  for (const [key, v] of Object.entries(value)) {
    const node = tree[key];
    if (node === undefined) {
      if (!inclusion) out[key] = v;
      continue;
    }
    if (isRule(node)) {
      const r = applyRule(node, v, inclusion, root, filter, prefix + key);
      if (r !== undefined) out[key] = r;
      continue;
    }
    // A deeper path: descend into documents, and into documents inside arrays.
    const sub = descend(v, node as Doc, inclusion, root, filter, `${prefix}${key}.`);
    if (sub !== undefined) out[key] = sub;
  }
  return out;
}

function descend(v: unknown, tree: Doc, inclusion: boolean, root: Doc, filter: Doc, prefix: string): unknown {
  if (Array.isArray(v)) {
    const items = v.map((x) => (isPlain(x) ? projectLevel(x, tree, inclusion, root, filter, prefix) : Array.isArray(x) ? descend(x, tree, inclusion, root, filter, prefix) : inclusion ? undefined : x));
    return items.filter((x) => x !== undefined);
  }
  if (isPlain(v)) return projectLevel(v, tree, inclusion, root, filter, prefix);
  return inclusion ? undefined : v;
}

function applyRule(rule: Rule, v: unknown, inclusion: boolean, root: Doc, filter: Doc, path: string): unknown {
  switch (rule.kind) {
    case 'include':
      return v;
    case 'exclude':
      return undefined;
    case 'meta':
    case 'expression':
      return undefined;
    case 'slice': {
      if (!Array.isArray(v)) return v;
      if (rule.skip === undefined) return rule.limit >= 0 ? v.slice(0, rule.limit) : v.slice(Math.max(0, v.length + rule.limit));
      const start = rule.skip >= 0 ? Math.min(rule.skip, v.length) : Math.max(0, v.length + rule.skip);
      return v.slice(start, start + rule.limit);
    }
    case 'elemMatch': {
      if (!Array.isArray(v)) return undefined;
      const hit = v.find((x) => (rule.wrap ? rule.query.test({ v: x }) : isPlain(x) && rule.query.test(x)));
      return hit === undefined ? undefined : [hit];
    }
    case 'positional': {
      if (!Array.isArray(v)) return v;
      const index = positionalIndex(root, path, v, filter);
      if (index < 0) throw badValue('Executor error during find command :: caused by :: positional operator \'.$\' failed: the query did not match an array element');
      return [v[index]];
    }
  }
}

/** The first element of the array at `path` that makes the query's conditions on that array match. */
function positionalIndex(root: Doc, path: string, arr: unknown[], filter: Doc): number {
  const conditions: Doc = {};
  const collect = (f: Doc) => {
    for (const [k, cond] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(cond)) cond.forEach((x) => collect(x as Doc));
      else if (k === path || k.startsWith(path + '.')) conditions[k] = cond;
    }
  };
  collect(filter);
  if (Object.keys(conditions).length === 0) return -1;
  const prepared = prepareFilter(conditions);
  const q = newQuery(prepared);
  const parts = path.split('.');
  for (let i = 0; i < arr.length; i++) {
    // The document with the array narrowed to this one element.
    const probe: Doc = { ...root };
    let node = probe;
    for (const part of parts.slice(0, -1)) {
      node[part] = { ...(node[part] as Doc) };
      node = node[part] as Doc;
    }
    node[parts[parts.length - 1]] = [arr[i]];
    if (q.test(probe)) return i;
  }
  return -1;
}
