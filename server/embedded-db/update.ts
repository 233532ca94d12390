import { Aggregator, update as mingoUpdate } from 'mingo';
import { ObjectId } from 'bson';
import { CommandError, badValue } from './errors.js';
import { type Doc, cloneDoc, valueKey } from './keys.js';
import { QUERY_OPTIONS } from './mingo-options.js';

const isOperatorDoc = (u: Doc) => Object.keys(u).some((k) => k.startsWith('$'));

/** Copies the equality parts of a filter into a new document, as an upsert does. */
export function seedFromFilter(filter: Doc): Doc {
  const out: Doc = {};
  const visit = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((s) => visit(s as Doc));
      if (k.startsWith('$')) continue;
      let value = v;
      if (v && typeof v === 'object' && v.constructor === Object) {
        const ops = v as Doc;
        if (!Object.keys(ops).every((x) => x.startsWith('$'))) value = v;
        else if ('$eq' in ops) value = ops.$eq;
        else continue;
      }
      setPath(out, k, cloneDoc(value));
    }
  };
  visit(filter);
  return out;
}

function setPath(doc: Doc, path: string, value: unknown) {
  const parts = path.split('.');
  let cur = doc;
  for (const p of parts.slice(0, -1)) {
    if (!cur[p] || typeof cur[p] !== 'object') cur[p] = {};
    cur = cur[p] as Doc;
  }
  cur[parts.at(-1)!] = value;
}

/** Puts _id first, as MongoDB stores it. */
export function idFirst(doc: Doc): Doc {
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

/**
 * Applies an update (operators, a replacement document, or an aggregation pipeline) to a copy of
 * `doc` and returns the new document. `inserting` is true when an upsert creates the document,
 * which is when $setOnInsert applies.
 */
export function applyUpdate(doc: Doc, update: Doc | Doc[], arrayFilters: Doc[] | undefined, inserting: boolean): Doc {
  let next: Doc;
  if (Array.isArray(update)) {
    next = new Aggregator(update, QUERY_OPTIONS).run([cloneDoc(doc)])[0] as Doc;
  } else if (isOperatorDoc(update)) {
    const ops = { ...update };
    for (const k of Object.keys(ops)) {
      if (!k.startsWith('$')) throw badValue(`Unknown modifier: ${k}. Expected a valid update modifier or pipeline-style update`);
    }
    const onInsert = ops.$setOnInsert as Doc | undefined;
    delete ops.$setOnInsert;
    if (inserting && onInsert) ops.$set = { ...(ops.$set as Doc | undefined), ...onInsert };
    for (const [k, v] of Object.entries(ops)) {
      if (!v || typeof v !== 'object' || Object.keys(v as Doc).length === 0) delete ops[k];
    }
    next = cloneDoc(doc);
    if (Object.keys(ops).length && !(arrayFilters === undefined && simpleUpdate(next, ops)))
      mingoUpdate(next, ops, arrayFilters, undefined, { queryOptions: QUERY_OPTIONS });
  } else {
    next = { _id: doc._id, ...cloneDoc(update) };
    if (update._id !== undefined && valueKey(update._id) !== valueKey(doc._id)) throw immutableId();
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw immutableId();
  if (next._id === undefined) next._id = new ObjectId();
  return idFirst(next);
}

const isPlain = (v: unknown): v is Doc => !!v && typeof v === 'object' && (v as object).constructor === Object;
const SIMPLE_OPS = new Set(['$set', '$unset', '$inc', '$push']);

/**
 * The updates hot code sends (`$set`, `$unset`, `$inc`, `$push` of plain values on paths through
 * embedded documents), applied in place to `doc` (a fresh copy) without mingo, whose updater copies its
 * whole operator table on every call. Returns false, having changed nothing, for anything else
 * (arrays on the path, positional or numeric segments, `$push` modifiers, a non-number `$inc`,
 * overlapping paths): mingo then applies the update with MongoDB's full semantics and errors.
 */
function simpleUpdate(doc: Doc, ops: Doc): boolean {
  const steps: Array<{ op: string; parts: string[]; value: unknown }> = [];
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(ops)) {
    if (!SIMPLE_OPS.has(op) || !isPlain(fields)) return false;
    for (const [path, value] of Object.entries(fields)) {
      const parts = path.split('.');
      if (parts.some((p) => p === '' || p.startsWith('$') || /^\d+$/.test(p)) || parts[0] === '_id') return false;
      // Where every parent on the path is a plain document (or missing); the target itself for $inc/$push.
      let parent: unknown = doc;
      for (const p of parts.slice(0, -1)) {
        if (parent === undefined) break;
        if (!isPlain(parent)) return false;
        parent = parent[p];
      }
      if (parent !== undefined && !isPlain(parent)) return false;
      const current = isPlain(parent) ? parent[parts.at(-1)!] : undefined;
      if (op === '$inc' && (typeof value !== 'number' || (current !== undefined && typeof current !== 'number'))) return false;
      if (op === '$push') {
        if (current !== undefined && !Array.isArray(current)) return false;
        if (isPlain(value) && Object.keys(value).some((k) => k.startsWith('$'))) return false;
      }
      paths.push(path);
      steps.push({ op, parts, value });
    }
  }
  // Two operators on one path or on a path and its parent are MongoDB's conflict error: mingo's to report.
  const sorted = [...paths].sort();
  for (let k = 1; k < sorted.length; k++) if (sorted[k] === sorted[k - 1] || sorted[k].startsWith(sorted[k - 1] + '.')) return false;

  for (const { op, parts, value } of steps) {
    let parent: Doc | undefined = doc;
    for (const p of parts.slice(0, -1)) {
      if (parent[p] === undefined) {
        if (op === '$unset') {
          parent = undefined; // nothing there to remove
          break;
        }
        parent[p] = {};
      }
      parent = parent[p] as Doc;
    }
    if (!parent) continue;
    const key = parts.at(-1)!;
    if (op === '$set') parent[key] = cloneDoc(value);
    else if (op === '$unset') delete parent[key];
    else if (op === '$inc') parent[key] = ((parent[key] as number | undefined) ?? 0) + (value as number);
    else {
      const list = (parent[key] as unknown[] | undefined) ?? [];
      list.push(cloneDoc(value));
      parent[key] = list;
    }
  }
  return true;
}

const immutableId = () =>
  new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
