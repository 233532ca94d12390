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
    if (Object.keys(ops).length) mingoUpdate(next, ops, arrayFilters, undefined, { queryOptions: QUERY_OPTIONS });
  } else {
    next = { _id: doc._id, ...cloneDoc(update) };
    if (update._id !== undefined && valueKey(update._id) !== valueKey(doc._id)) throw immutableId();
  }
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw immutableId();
  if (next._id === undefined) next._id = new ObjectId();
  return idFirst(next);
}

const immutableId = () =>
  new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");
