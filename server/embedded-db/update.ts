import { Aggregator, Query } from 'mingo';
import { Decimal128, EJSON, Long, ObjectId, Timestamp } from 'bson';
import { CommandError, badValue, typeMismatch } from './errors.js';
import { type Doc, cloneDoc, valueKey } from './keys.js';
import { QUERY_OPTIONS } from './mingo-options.js';

/*
 * Update operators are applied by our own code rather than mingo's `update`, which differs from
 * MongoDB where mongoose relies on it: it cannot resolve the positional `$` from the query, rejects
 * `$set` of `_id` to its current value (mongoose sends that in replace-style updates), reports two
 * fields under one `$[]` as a conflict, ignores `$or`/`$and` in `$pull` conditions, answers a
 * `$push` onto a string or an `$inc` of a string with a silent no-op instead of MongoDB's error,
 * refuses every `$`-prefixed field, and adds a Long to a number as strings. The rules and error
 * codes/messages below are MongoDB's (src/mongo/db/update/*_node.cpp).
 */

const isOperatorDoc = (u: Doc) => Object.keys(u).some((k) => k.startsWith('$'));

/** A plain embedded document (what BSON decodes a document into), not a BSON value class or an array. */
const isPlain = (v: unknown): v is Doc => {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && !('_bsontype' in (v as object));
};

/**
 * A copy of one container, its members shared (a field named `__proto__` stays a field: spreading
 * defines own properties).
 */
const shallowCopy = <T extends Doc | unknown[]>(v: T): T => (Array.isArray(v) ? [...v] : { ...v }) as T;

// Field names come from clients: `__proto__` must become an own field, never the object's prototype.
const getOwn = (node: Doc | unknown[], key: string): unknown =>
  Array.isArray(node) ? node[Number(key)] : Object.hasOwn(node, key) ? node[key] : undefined;

function setOwn(node: Doc | unknown[], key: string, value: unknown): void {
  if (Array.isArray(node)) {
    const idx = Number(key);
    // MongoDB pads an array with nulls up to a position set past its end.
    while (node.length < idx) node.push(null);
    node[idx] = value;
  } else if (key === '__proto__') {
    Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    node[key] = value;
  }
}

const isIndex = (part: string) => /^\d+$/.test(part);

/** A value as MongoDB prints it in error messages (close enough: relaxed extended JSON). */
const show = (v: unknown): string => {
  if (v === undefined) return 'undefined';
  try {
    return EJSON.stringify(v as Doc);
  } catch {
    return String(v);
  }
};

/** MongoDB's name of a value's BSON type, as its error messages use it. */
function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  switch (typeof v) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
    case 'bigint':
      return 'long';
  }
  if (v instanceof Date) return 'date';
  if (v instanceof RegExp) return 'regex';
  if (v instanceof ObjectId) return 'objectId';
  const bsontype = (v as { _bsontype?: string })._bsontype;
  if (bsontype === 'Long') return 'long';
  if (bsontype === 'Int32') return 'int';
  if (bsontype === 'Double') return 'double';
  if (bsontype === 'Decimal128') return 'decimal';
  if (bsontype === 'Binary') return 'binData';
  if (bsontype === 'Timestamp') return 'timestamp';
  return 'object';
}

// ---------------------------------------------------------------------------------------------
// Upsert seeds, _id placement
// ---------------------------------------------------------------------------------------------

/** Copies the equality parts of a filter into a new document, as an upsert does. */
export function seedFromFilter(filter: Doc): Doc {
  const out: Doc = {};
  const visit = (f: Doc) => {
    for (const [k, v] of Object.entries(f)) {
      if (k === '$and' && Array.isArray(v)) v.forEach((s) => visit(s as Doc));
      if (k.startsWith('$')) continue;
      let value = v;
      if (isPlain(v)) {
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
    if (!isPlain(getOwn(cur, p))) setOwn(cur, p, {});
    cur = getOwn(cur, p) as Doc;
  }
  setOwn(cur, parts.at(-1)!, value);
}

/** Puts _id first, as MongoDB stores it. */
export function idFirst(doc: Doc): Doc {
  if (Object.keys(doc)[0] === '_id') return doc;
  const { _id, ...rest } = doc;
  return { _id, ...rest };
}

// ---------------------------------------------------------------------------------------------
// `let` variables
// ---------------------------------------------------------------------------------------------

/**
 * The filter with the command's `let` variables (`$$name`, `$$name.field`) bound inside `$expr`,
 * where MongoDB evaluates them; elsewhere in a filter `'$$x'` is just a string. Bound as `$literal`
 * so a variable's value is never read as an expression. Returns the filter itself when there is
 * nothing to bind, so the collection's fast paths still see the original filter.
 */
export function bindLetInFilter(filter: Doc, vars: Doc | undefined): Doc {
  if (!vars || !Object.keys(vars).length) return filter;
  const walk = (v: unknown, inExpr: boolean): unknown => {
    if (typeof v === 'string') return inExpr ? bindVariable(v, vars) : v;
    if (Array.isArray(v)) return v.map((x) => walk(x, inExpr));
    if (!isPlain(v)) return v;
    const out: Doc = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === '$literal') setOwn(out, k, x);
      else setOwn(out, k, walk(x, inExpr || k === '$expr'));
    }
    return out;
  };
  return walk(filter, false) as Doc;
}

function bindVariable(s: string, vars: Doc): unknown {
  if (!s.startsWith('$$')) return s;
  const [name, ...path] = s.slice(2).split('.');
  if (!Object.hasOwn(vars, name)) return s;
  let value: unknown = vars[name];
  for (const p of path) value = value && typeof value === 'object' ? getOwn(value as Doc, p) : undefined;
  return { $literal: value };
}

/** Checks a `let` option: a document of variables whose names MongoDB accepts. */
export function letVariables(v: unknown): Doc | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isPlain(v)) throw typeMismatch("BSON field 'let' is the wrong type, expected type 'object'");
  for (const name of Object.keys(v)) {
    if (!/^[a-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*$/.test(name) || name === 'CURRENT') {
      throw new CommandError(16867, 'Location16867', `'${name}' starts with an invalid character for a user variable name`);
    }
  }
  return v;
}

// ---------------------------------------------------------------------------------------------
// applyUpdate
// ---------------------------------------------------------------------------------------------

export interface UpdateOptions {
  /** The statement's filter: the positional `$` refers to the array element it matched. */
  query?: Doc;
  /** The command's `let` variables, for pipeline updates. */
  variables?: Doc;
}

/** Stages MongoDB accepts in an update pipeline; anything else could add or drop documents. */
const PIPELINE_STAGES = new Set(['$addFields', '$set', '$project', '$unset', '$replaceRoot', '$replaceWith']);

/**
 * Applies an update (operators, a replacement document, or an aggregation pipeline) to a copy of
 * `doc` and returns the new document. `inserting` is true when an upsert creates the document,
 * which is when $setOnInsert applies (and `$`-prefixed top-level fields are allowed, as on insert).
 */
export function applyUpdate(
  doc: Doc,
  update: Doc | Doc[],
  arrayFilters: Doc[] | undefined,
  inserting: boolean,
  opts: UpdateOptions = {},
): Doc {
  let next: Doc;
  if (Array.isArray(update)) {
    for (const stage of update) {
      const name = isPlain(stage) ? Object.keys(stage)[0] : undefined;
      if (!name || !PIPELINE_STAGES.has(name)) {
        throw new CommandError(72, 'InvalidOptions', `${name ?? 'A non-object stage'} is not allowed to be used within an update`);
      }
    }
    const options = opts.variables ? { ...QUERY_OPTIONS, variables: opts.variables } : QUERY_OPTIONS;
    next = new Aggregator(update, options).run([cloneDoc(doc)])[0] as Doc;
    // A pipeline that drops or replaces the whole document keeps its _id, as in MongoDB.
    if (next._id === undefined && doc._id !== undefined) next = { _id: doc._id, ...next };
  } else if (isOperatorDoc(update)) {
    // Copy on write: the new version shares with the old every part the update leaves alone, and only
    // the containers on the paths it changes are copied (OperatorUpdate.walk). A whole copy per update
    // made each of an interaction's eight or nine writes allocate the document again (its events, its
    // changes), which lived until the next write and then died in the database thread's old generation.
    // $rename moves a value between paths it reads without walking: that rare update copies the whole.
    const renames = Object.hasOwn(update, '$rename');
    next = renames ? cloneDoc(doc) : shallowCopy(doc);
    new OperatorUpdate(update, arrayFilters, inserting, opts.query, renames ? undefined : new Set([next])).apply(next);
  } else {
    next = { _id: doc._id, ...cloneDoc(update) };
    // An upsert whose filter names no _id inserts the replacement with its own _id.
    if (update._id !== undefined && doc._id !== undefined && valueKey(update._id) !== valueKey(doc._id)) throw immutableId();
    if (next._id === undefined) delete next._id;
  }
  // Setting _id to the value it has is allowed (mongoose sends it); changing it is not.
  if (doc._id !== undefined && valueKey(next._id) !== valueKey(doc._id)) throw immutableId();
  if (next._id === undefined) next._id = new ObjectId();
  return idFirst(next);
}

const immutableId = () =>
  new CommandError(66, 'ImmutableField', "Performing an update on the path '_id' would modify the immutable field '_id'");

const failedToParse = (msg: string) => new CommandError(9, 'FailedToParse', msg);
const pathNotViable = (msg: string) => new CommandError(28, 'PathNotViable', msg);
const positionalNotFound = () => badValue('The positional operator did not find the match needed from the query.');

const OPERATORS = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$addToSet', '$pop', '$pull', '$pullAll',
  '$currentDate', '$setOnInsert', '$bit',
]);
/** Operators that create the fields on their path; the others leave a missing path alone. */
const CREATES = new Set(['$set', '$setOnInsert', '$inc', '$mul', '$min', '$max', '$push', '$addToSet', '$currentDate', '$bit']);

type Slot = { parent: Doc | unknown[]; key: string };
type WalkMode = 'create' | 'strict' | 'lenient';

const cannotTraverse = (parts: string[], i: number, key: string, element: unknown) =>
  pathNotViable(`Cannot use the part (${parts[i]} of ${parts.join('.')}) to traverse the element ({${key}: ${show(element)}})`);

interface Step {
  op: string;
  path: string;
  parts: string[];
  value: unknown;
}

class OperatorUpdate {
  private readonly steps: Step[] = [];
  private readonly filters = new Map<string, { query: Query; used: boolean }>();

  /**
   * @param owned The containers this update made (copies of the old version's, or new): only those may be
   * changed in place. Undefined: the document is a whole copy, all of it this update's.
   */
  constructor(
    update: Doc,
    arrayFilters: Doc[] | undefined,
    private readonly inserting: boolean,
    private readonly query: Doc | undefined,
    private readonly owned?: Set<unknown>,
  ) {
    for (const f of arrayFilters ?? []) {
      if (!isPlain(f)) throw failedToParse('Cannot use an expression without a top-level field name in arrayFilters');
      const ids = new Set<string>();
      collectFilterIds(f, ids);
      if (ids.size !== 1) {
        throw failedToParse(`Error parsing array filter :: caused by :: Expected a single top-level field name, found ${show([...ids])}`);
      }
      const id = [...ids][0];
      if (this.filters.has(id)) throw failedToParse(`Found multiple array filters with the same top-level field name ${id}`);
      this.filters.set(id, { query: new Query(f, QUERY_OPTIONS), used: false });
    }

    const conflictPaths: Array<{ path: string; parts: string[] }> = [];
    for (const [op, fields] of Object.entries(update)) {
      if (!OPERATORS.has(op)) {
        throw failedToParse(`Unknown modifier: ${op}. Expected a valid update modifier or pipeline-style update specified as an array`);
      }
      if (!isPlain(fields)) {
        throw failedToParse(`Modifiers operate on fields but we found type ${typeName(fields)} instead. For example: {$mod: {<field>: ...}} not {${op}: ${show(fields)}}`);
      }
      for (const [path, value] of Object.entries(fields)) {
        const parts = this.checkPath(path, op);
        this.checkValue(op, path, value);
        this.steps.push({ op, path, parts, value });
        conflictPaths.push({ path, parts });
        if (op === '$rename') conflictPaths.push({ path: value as string, parts: this.checkPath(value as string, op) });
      }
    }
    for (const [id, f] of this.filters) {
      if (!f.used) throw failedToParse(`The array filter for identifier '${id}' was not used in the update ${show(update)}`);
    }
    checkConflicts(conflictPaths);
    // MongoDB applies an update's paths in field-name order, so the fields it creates are appended
    // in that order ({$set: {z: 1, a: 1}} adds a, then z), whatever order the client sent them in.
    inPathOrder(this.steps);
  }

  /** MongoDB's parse-time checks of an update path. */
  private checkPath(path: string, op: string): string[] {
    if (path === '') throw new CommandError(56, 'EmptyFieldName', 'An empty update path is not valid.');
    const parts = path.split('.');
    if (parts.some((p) => p === '')) {
      throw new CommandError(56, 'EmptyFieldName', `The update path '${path}' contains an empty field name, which is not allowed.`);
    }
    let positional = 0;
    for (const [i, p] of parts.entries()) {
      if (p === '$') positional++;
      else if (p.startsWith('$[') && p.endsWith(']')) {
        const id = p.slice(2, -1);
        if (id !== '') {
          const f = this.filters.get(id);
          if (!f) throw badValue(`No array filter found for identifier '${id}' in path '${path}'`);
          f.used = true;
        }
      } else continue;
      if (i === 0) throw badValue(`Cannot have array filter identifier (i.e. '$[<id>]') element in the first position in path '${path}'`);
      if (op === '$rename') throw badValue(`The source field for $rename may not be dynamic: ${path}`);
    }
    if (positional > 1) throw badValue(`Too many positional (i.e. '$') elements found in path '${path}'`);
    // MongoDB 5+ stores `$`-prefixed field names; an update may only create a top-level one when an
    // upsert inserts the document (then it is an insert). Nested ones are allowed.
    if (!this.inserting && parts[0].startsWith('$') && !isPositional(parts[0])) {
      throw new CommandError(52, 'DollarPrefixedFieldName', `The dollar ($) prefixed field '${parts[0]}' in '${path}' is not valid for storage.`);
    }
    return parts;
  }

  private checkValue(op: string, path: string, value: unknown): void {
    if ((op === '$inc' || op === '$mul') && !isNumeric(value)) {
      throw typeMismatch(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${show(value)}}`);
    }
    if (op === '$rename' && typeof value !== 'string') throw badValue(`The 'to' field for $rename must be a string: ${path}: ${show(value)}`);
    if (op === '$rename' && (value === path || (value as string).startsWith(path + '.') || path.startsWith((value as string) + '.'))) {
      throw badValue(`The source and target field for $rename must not be on the same path: ${path}: ${show(value)}`);
    }
    if (op === '$pop' && !(isNumeric(value) && (Number(value) === 1 || Number(value) === -1))) {
      throw failedToParse(`$pop expects 1 or -1, found: ${show(value)}`);
    }
    if (op === '$pullAll' && !Array.isArray(value)) throw badValue(`$pullAll requires an array argument but was given a ${typeName(value)}`);
    if (op === '$currentDate') {
      const ok = typeof value === 'boolean' || (isPlain(value) && (value.$type === 'date' || value.$type === 'timestamp') && Object.keys(value).length === 1);
      if (!ok) throw badValue(`${show(value)} is not valid type for $currentDate. Please use a boolean ('true') or a $type expression ({$type: 'timestamp/date'}).`);
    }
    if (op === '$bit') {
      if (!isPlain(value) || !Object.keys(value).length) throw badValue(`The $bit modifier is not compatible with a ${typeName(value)}. You must pass in an embedded document: {$bit: {field: {and/or/xor: #}}`);
      for (const [k, v] of Object.entries(value)) {
        if (!['and', 'or', 'xor'].includes(k)) throw badValue(`The $bit modifier only supports 'and', 'or', and 'xor', not '${k}' which is an unknown operator: {${k}: ${show(v)}}`);
        if (!isIntegral(v)) throw badValue(`The $bit modifier field must be an Integer(32/64 bit); a '${typeName(v)}' is not supported here: {${k}: ${show(v)}}`);
      }
    }
    if ((op === '$push' || op === '$addToSet') && isPlain(value) && Object.hasOwn(value, '$each')) {
      if (!Array.isArray(value.$each)) throw badValue(`The argument to $each in ${op} must be an array but it was of type: ${typeName(value.$each)}`);
      const allowed = op === '$push' ? ['$each', '$slice', '$sort', '$position'] : ['$each'];
      for (const k of Object.keys(value)) if (!allowed.includes(k)) throw badValue(`Unrecognized clause in ${op}: ${k}`);
    }
  }

  apply(doc: Doc): void {
    const id = doc._id;
    // Positions are those the query matched in the document as it was: resolved before any change
    // (a `$set` of 'items.$.name' could otherwise make 'items.$.at' miss the element).
    const resolved = this.steps.map((step) => (this.skips(step) ? step.parts : this.resolvePositional(doc, step)));
    for (const [i, step] of this.steps.entries()) {
      if (this.skips(step)) continue;
      const parts = resolved[i];
      if (step.op === '$rename') {
        this.rename(doc, step.path, step.value as string);
        continue;
      }
      const mode = CREATES.has(step.op) ? 'create' : step.op === '$unset' ? 'lenient' : 'strict';
      for (const slot of this.slots(doc, parts, mode)) applyOne(step, slot.parent, slot.key, id);
    }
  }

  /** $setOnInsert applies only when an upsert inserts. */
  private skips(step: Step): boolean {
    return step.op === '$setOnInsert' && !this.inserting;
  }

  /** Replaces a `$` in the path with the index of the array element the query matched. */
  private resolvePositional(doc: Doc, step: Step): string[] {
    const at = step.parts.indexOf('$');
    if (at < 0) return step.parts;
    const prefix = step.parts.slice(0, at);
    const arr = readPath(doc, prefix);
    const prefixPath = prefix.join('.');
    if (!Array.isArray(arr) || !this.query || !mentions(this.query, prefixPath)) throw positionalNotFound();
    const query = new Query(this.query, QUERY_OPTIONS);
    // The element the filter matched is the first one with which, alone in the array, the filter still matches.
    for (let i = 0; i < arr.length; i++) {
      if (query.test(withPath(doc, prefix, [arr[i]]))) return [...prefix, String(i), ...step.parts.slice(at + 1)];
    }
    // Conditions that no single element meets together (MongoDB then takes the last condition's
    // match): the first element meeting one of the conditions on the array.
    for (const [k, v] of Object.entries(this.query)) {
      if (k !== prefixPath && !k.startsWith(prefixPath + '.')) continue;
      const one = new Query({ [k]: v }, QUERY_OPTIONS);
      for (let i = 0; i < arr.length; i++) {
        if (one.test(withPath(doc, prefix, [arr[i]]))) return [...prefix, String(i), ...step.parts.slice(at + 1)];
      }
    }
    throw positionalNotFound();
  }

  /**
   * The (container, key) pairs a path names, `$[]` and `$[id]` expanded to the array elements they
   * select. With 'create', missing documents on the way are created and a scalar on the way is
   * MongoDB's PathNotViable; otherwise a missing path names nothing, and a scalar (or an array
   * addressed by field name) on the way is PathNotViable too ('strict': $pull, $pop) or nothing
   * ('lenient': $unset), as in MongoDB.
   */
  private slots(doc: Doc, parts: string[], mode: WalkMode): Slot[] {
    const out: Slot[] = [];
    this.walk(doc, 0, parts, mode, out);
    return out;
  }

  // A method rather than a closure: this runs for every update, and tsx wraps each named closure
  // it creates (keepNames), which showed up in profiles.
  private walk(node: Doc | unknown[], i: number, parts: string[], mode: WalkMode, out: Slot[]): void {
    const create = mode === 'create';
    const part = parts[i];
    let keys: string[];
    if (isPositional(part)) {
      if (!Array.isArray(node)) {
        throw badValue(`Cannot apply array updates to non-array element ${parts[i - 1]}: ${show(node)}`);
      }
      const id = part.slice(2, -1);
      const filter = id ? this.filters.get(id)!.query : undefined;
      keys = [];
      for (let k = 0; k < node.length; k++) if (!filter || filter.test({ [id]: node[k] })) keys.push(String(k));
    } else {
      if (Array.isArray(node) && !isIndex(part)) {
        if (mode === 'lenient') return;
        if (mode === 'strict') throw cannotTraverse(parts, i, parts[i - 1], node);
        throw pathNotViable(`Cannot create field '${part}' in element {${parts[i - 1]}: ${show(node)}}`);
      }
      keys = [part];
    }
    const last = i === parts.length - 1;
    for (const key of keys) {
      if (last) {
        out.push({ parent: node, key });
        continue;
      }
      let child = getOwn(node, key);
      if (child === undefined || (Array.isArray(node) && Number(key) >= node.length)) {
        if (!create) continue;
        if (isPositional(parts[i + 1])) {
          throw badValue(`The path '${parts.slice(0, i + 1).join('.')}' must exist in the document in order to apply array updates.`);
        }
        child = {};
        setOwn(node, key, child);
        this.owned?.add(child);
      }
      if (!isPlain(child) && !Array.isArray(child)) {
        if (mode === 'lenient') continue;
        if (mode === 'strict') throw cannotTraverse(parts, i + 1, key, child);
        throw pathNotViable(`Cannot create field '${parts[i + 1]}' in element {${key}: ${show(child)}}`);
      }
      // The way down is changed in place below: a container still the old version's is copied first (`node` is this update's).
      if (this.owned && !this.owned.has(child)) {
        child = shallowCopy(child as Doc | unknown[]);
        setOwn(node, key, child);
        this.owned.add(child);
      }
      this.walk(child as Doc | unknown[], i + 1, parts, mode, out);
    }
  }

  private rename(doc: Doc, from: string, to: string): void {
    const fromParts = from.split('.');
    let parent: unknown = doc;
    for (const p of fromParts.slice(0, -1)) {
      if (Array.isArray(parent)) throw badValue(`The source field cannot be an array element, '${from}' in doc with ${p} being an array`);
      if (!isPlain(parent)) return;
      parent = getOwn(parent, p);
    }
    if (Array.isArray(parent)) throw badValue(`The source field cannot be an array element, '${from}' in doc with an array on its path`);
    if (!isPlain(parent) || !Object.hasOwn(parent, fromParts.at(-1)!)) return; // nothing to rename
    const value = parent[fromParts.at(-1)!];
    const toParts = to.split('.');
    // The destination may not go through an array either.
    let probe: unknown = doc;
    for (const p of toParts.slice(0, -1)) {
      probe = isPlain(probe) ? getOwn(probe, p) : undefined;
      if (Array.isArray(probe)) throw badValue(`The destination field cannot be an array element, '${to}' in doc with ${p} being an array`);
    }
    delete parent[fromParts.at(-1)!];
    for (const slot of this.slots(doc, toParts, 'create')) setOwn(slot.parent, slot.key, value);
  }
}

const isPositional = (p: string) => p === '$' || (p.startsWith('$[') && p.endsWith(']'));

/** The identifiers (first path components) an array filter's conditions use. */
function collectFilterIds(f: Doc, ids: Set<string>) {
  for (const [k, v] of Object.entries(f)) {
    if (k === '$and' || k === '$or' || k === '$nor') {
      if (Array.isArray(v)) for (const sub of v) if (isPlain(sub)) collectFilterIds(sub, ids);
    } else if (!k.startsWith('$')) ids.add(k.split('.')[0]);
  }
}

/** Whether any condition of the filter (under $and/$or/$nor too) is on `path` or below it. */
function mentions(filter: Doc, path: string): boolean {
  return Object.entries(filter).some(([k, v]) => {
    if (k === '$and' || k === '$or' || k === '$nor') return Array.isArray(v) && v.some((s) => isPlain(s) && mentions(s, path));
    return k === path || k.startsWith(path + '.');
  });
}

function comparePaths(a: string[], b: string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}

/**
 * `items` sorted in path order, in place. An update names a few paths: an insertion sort allocates
 * nothing, where the array's sort copies the array first (every update sorts twice, its steps and its
 * conflict check, on the database thread). Stable, as the array's sort is.
 */
function inPathOrder<T extends { parts: string[] }>(items: T[]): T[] {
  if (items.length > 32) return items.sort((a, b) => comparePaths(a.parts, b.parts));
  for (let i = 1; i < items.length; i++) {
    const item = items[i];
    let j = i - 1;
    for (; j >= 0 && comparePaths(items[j].parts, item.parts) > 0; j--) items[j + 1] = items[j];
    items[j + 1] = item;
  }
  return items;
}

/** Two paths where one is (or is inside) the other: MongoDB refuses the update. */
function checkConflicts(paths: Array<{ path: string; parts: string[] }>) {
  // Component-wise order keeps every path right after the paths it extends ('a', 'a.b', 'a-c'),
  // which plain string order would not ('a', 'a-c', 'a.b').
  const sorted = inPathOrder(paths);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) {
      const a = sorted[i].parts;
      const b = sorted[j].parts;
      if (b[0] !== a[0]) break;
      const n = Math.min(a.length, b.length);
      let k = 0;
      while (k < n && a[k] === b[k]) k++;
      if (k === n) {
        throw new CommandError(40, 'ConflictingUpdateOperators', `Updating the path '${sorted[j].path}' would create a conflict at '${a.slice(0, n).join('.')}'`);
      }
    }
  }
}

/** Reads a path through documents and array positions; undefined where it leads nowhere. */
function readPath(doc: Doc, parts: string[]): unknown {
  let cur: unknown = doc;
  for (const p of parts) {
    if (Array.isArray(cur)) cur = isIndex(p) ? cur[Number(p)] : undefined;
    else if (isPlain(cur)) cur = getOwn(cur, p);
    else return undefined;
  }
  return cur;
}

/** A shallow copy of `doc` with `value` at `parts` (copying only the containers on the path). */
function withPath(doc: Doc, parts: string[], value: unknown): Doc {
  const copy = (node: unknown, i: number): unknown => {
    if (i === parts.length) return value;
    const key = parts[i];
    if (Array.isArray(node)) {
      const out = [...node];
      out[Number(key)] = copy(node[Number(key)], i + 1);
      return out;
    }
    const out: Doc = { ...(node as Doc) };
    setOwn(out, key, copy(getOwn(node as Doc, key), i + 1));
    return out;
  };
  return copy(doc, 0) as Doc;
}

// ---------------------------------------------------------------------------------------------
// One operator at one place
// ---------------------------------------------------------------------------------------------

function applyOne(step: Step, parent: Doc | unknown[], key: string, id: unknown): void {
  const { op, value } = step;
  const current = getOwn(parent, key);
  const exists = Array.isArray(parent) ? Number(key) < parent.length : Object.hasOwn(parent, key);
  switch (op) {
    case '$set':
    case '$setOnInsert':
      setOwn(parent, key, cloneDoc(value));
      return;
    case '$unset':
      if (!exists) return;
      // An array keeps its length: the element becomes null.
      if (Array.isArray(parent)) parent[Number(key)] = null;
      else delete parent[key];
      return;
    case '$inc':
    case '$mul': {
      if (!exists) {
        setOwn(parent, key, op === '$inc' ? cloneDoc(value) : zeroLike(value));
        return;
      }
      if (!isNumeric(current)) {
        throw typeMismatch(`Cannot apply ${op} to a value of non-numeric type. ${inDoc(id)} has the field '${key}' of non-numeric type ${typeName(current)}`);
      }
      setOwn(parent, key, arithmetic(current, value, op, step.path, id));
      return;
    }
    case '$min':
    case '$max': {
      const c = exists ? compareValues(value, current) : 0;
      if (!exists || (op === '$min' ? c < 0 : c > 0)) setOwn(parent, key, cloneDoc(value));
      return;
    }
    case '$currentDate': {
      const asTimestamp = isPlain(value) && value.$type === 'timestamp';
      setOwn(parent, key, asTimestamp ? new Timestamp({ t: Math.floor(Date.now() / 1000), i: 1 }) : new Date());
      return;
    }
    case '$bit': {
      const base = exists ? current : 0;
      if (!isIntegral(base)) {
        throw badValue(`Cannot apply $bit to a value of non-integral type.${inDoc(id)} has the field ${key} of non-integer type ${typeName(base)}`);
      }
      let result = BigInt(String(base));
      const long = isLongLike(base) || Object.values(value as Doc).some(isLongLike);
      for (const [how, operand] of Object.entries(value as Doc)) {
        const b = BigInt(String(operand));
        result = how === 'and' ? result & b : how === 'or' ? result | b : result ^ b;
      }
      setOwn(parent, key, long ? Long.fromBigInt(BigInt.asIntN(64, result)) : Number(BigInt.asIntN(32, result)));
      return;
    }
    case '$push':
    case '$addToSet': {
      if (exists && !Array.isArray(current)) {
        throw op === '$push'
          ? badValue(`The field '${step.path}' must be an array but is of type ${typeName(current)} in document ${inDoc(id)}`)
          : badValue(`Cannot apply $addToSet to non-array field. Field named '${key}' has non-array type ${typeName(current)}`);
      }
      // A copy: the array may be the old version's too.
      const list = exists ? [...(current as unknown[])] : [];
      const mods = isPlain(value) && Object.hasOwn(value, '$each') ? value : undefined;
      const items = (mods ? (mods.$each as unknown[]) : [value]).map(cloneDoc);
      if (op === '$addToSet') {
        const seen = new Set(list.map(valueKey));
        for (const item of items) {
          const k = valueKey(item);
          if (!seen.has(k)) {
            seen.add(k);
            list.push(item);
          }
        }
      } else {
        pushWithModifiers(list, items, mods);
      }
      setOwn(parent, key, list);
      return;
    }
    case '$pop': {
      if (!exists) return;
      if (!Array.isArray(current)) throw typeMismatch(`Path '${step.path}' contains an element of non-array type '${typeName(current)}'`);
      setOwn(parent, key, Number(value) === 1 ? current.slice(0, -1) : current.slice(1));
      return;
    }
    case '$pull':
    case '$pullAll': {
      if (!exists) return;
      if (!Array.isArray(current)) throw badValue(`Cannot apply ${op} to a non-array value`);
      const remove = op === '$pullAll' ? pullAllMatcher(value as unknown[]) : pullMatcher(value);
      setOwn(parent, key, current.filter((el) => !remove(el)));
      return;
    }
  }
}

const inDoc = (id: unknown) => `{_id: ${show(id)}}`;

function pushWithModifiers(list: unknown[], items: unknown[], mods: Doc | undefined): void {
  if (!mods) {
    list.push(...items);
    return;
  }
  if (mods.$position !== undefined) {
    if (!isIntegral(mods.$position)) throw badValue(`The value for $position must be an integer value, not of type: ${typeName(mods.$position)}`);
    let at = Number(mods.$position);
    if (at < 0) at = Math.max(0, list.length + at);
    list.splice(Math.min(at, list.length), 0, ...items);
  } else {
    list.push(...items);
  }
  if (mods.$sort !== undefined) {
    const spec = mods.$sort;
    if (spec === 1 || spec === -1) list.sort((a, b) => compareValues(a, b) * (spec as number));
    else if (isPlain(spec) && Object.keys(spec).length && Object.values(spec).every((d) => d === 1 || d === -1)) {
      const fields = Object.entries(spec) as Array<[string, number]>;
      list.sort((a, b) => {
        for (const [f, dir] of fields) {
          const c = compareValues(readPath(isPlain(a) ? a : {}, f.split('.')), readPath(isPlain(b) ? b : {}, f.split('.')));
          if (c) return c * dir;
        }
        return 0;
      });
    } else throw badValue('The $sort is invalid: use 1/-1 to sort the whole element, or {field:1/-1} to sort embedded fields');
  }
  if (mods.$slice !== undefined) {
    if (!isIntegral(mods.$slice)) throw badValue(`The value for $slice must be an integer value but was given type: ${typeName(mods.$slice)}`);
    const n = Number(mods.$slice);
    const kept = n >= 0 ? list.slice(0, n) : list.slice(Math.max(0, list.length + n));
    list.splice(0, list.length, ...kept);
  }
}

/** Top-level query operators: a `$pull` condition starting with one is a query on each element document. */
const TOP_LEVEL_QUERY_OPS = new Set(['$and', '$or', '$nor', '$expr', '$where', '$text', '$comment', '$jsonSchema']);

/**
 * What `$pull` removes, as MongoDB decides it (pull_node.cpp): a condition document made of field
 * names or `$and`/`$or`/`$nor` is a query each element document must match; one made of operators
 * (`{$gte: 6}`, `{$in: [...]}`) applies to the element itself; any other value (or a regex for
 * strings) removes the elements equal to it.
 */
function pullMatcher(cond: unknown): (el: unknown) => boolean {
  if (cond instanceof RegExp) {
    const q = new Query({ v: cond }, QUERY_OPTIONS);
    return (el) => q.test({ v: el });
  }
  if (isPlain(cond) && Object.keys(cond).length) {
    const first = Object.keys(cond)[0];
    if (first.startsWith('$') && !TOP_LEVEL_QUERY_OPS.has(first)) {
      const q = new Query({ v: cond }, QUERY_OPTIONS);
      return (el) => q.test({ v: el });
    }
    const q = new Query(cond, QUERY_OPTIONS);
    return (el) => isPlain(el) && q.test(el);
  }
  const k = valueKey(cond);
  return (el) => valueKey(el) === k;
}

function pullAllMatcher(values: unknown[]): (el: unknown) => boolean {
  const keys = new Set(values.map(valueKey));
  return (el) => keys.has(valueKey(el));
}

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

const bsonType = (v: unknown) => (v && typeof v === 'object' ? (v as { _bsontype?: string })._bsontype : undefined);
const isLongLike = (v: unknown) => typeof v === 'bigint' || bsonType(v) === 'Long';
const isDecimal = (v: unknown) => bsonType(v) === 'Decimal128';

function isNumeric(v: unknown): boolean {
  if (typeof v === 'number' || typeof v === 'bigint') return true;
  const t = bsonType(v);
  return t === 'Long' || t === 'Int32' || t === 'Double' || t === 'Decimal128';
}

function isIntegral(v: unknown): boolean {
  if (typeof v === 'number') return Number.isInteger(v);
  if (typeof v === 'bigint') return true;
  const t = bsonType(v);
  return t === 'Long' || t === 'Int32';
}

const zeroLike = (v: unknown): unknown => (isLongLike(v) ? Long.ZERO : isDecimal(v) ? Decimal128.fromString('0') : 0);

/**
 * `current op operand` with MongoDB's type rules: a Long stays a Long (exactly, past 2^53) unless a
 * fraction is involved, which gives a double; overflowing a Long is an error, as in MongoDB.
 * Decimal128 is computed exactly, in decimal (0.2 + 0.1 is 0.3, as in MongoDB).
 */
function arithmetic(current: unknown, operand: unknown, op: string, path: string, id: unknown): unknown {
  if (isDecimal(current) || isDecimal(operand)) return decimalArithmetic(current, operand, op);
  if ((isLongLike(current) || isLongLike(operand)) && isIntegral(current) && isIntegral(operand)) {
    const a = BigInt(String(current));
    const b = BigInt(String(operand));
    const r = op === '$inc' ? a + b : a * b;
    if (r !== BigInt.asIntN(64, r)) {
      throw badValue(`Failed to apply ${op} operations to current value (${show(current)}) for document {_id: ${show(id)}} at ${path}`);
    }
    // A Long that fits a double's exact range becomes a number, as the wire decodes Longs
    // (promoteLongs): stored documents hold numbers there, and queries compare numbers.
    return r <= BigInt(Number.MAX_SAFE_INTEGER) && r >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(r) : Long.fromBigInt(r);
  }
  const a = Number(typeof current === 'object' ? (current as { valueOf(): unknown }).valueOf() : current);
  const b = Number(typeof operand === 'object' ? (operand as { valueOf(): unknown }).valueOf() : operand);
  return op === '$inc' ? a + b : a * b;
}

/** A finite decimal as coefficient × 10^exponent, or undefined for NaN and infinities. */
function decimalParts(v: unknown): { coef: bigint; exp: number } | undefined {
  const text = String(typeof v === 'object' && v !== null && !isDecimal(v) ? (v as { valueOf(): unknown }).valueOf() : v);
  const m = /^([+-]?)(\d+)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
  if (!m) return undefined;
  const frac = m[3] ?? '';
  return { coef: BigInt(`${m[1]}${m[2]}${frac}`), exp: Number(m[4] ?? 0) - frac.length };
}

function decimalArithmetic(current: unknown, operand: unknown, op: string): Decimal128 {
  const a = decimalParts(current);
  const b = decimalParts(operand);
  if (a && b) {
    let coef: bigint;
    let exp: number;
    if (op === '$inc') {
      exp = Math.min(a.exp, b.exp);
      coef = a.coef * 10n ** BigInt(a.exp - exp) + b.coef * 10n ** BigInt(b.exp - exp);
    } else {
      exp = a.exp + b.exp;
      coef = a.coef * b.coef;
    }
    try {
      // Rounded to Decimal128's 34 digits, as MongoDB rounds.
      return Decimal128.fromStringWithRounding(`${coef}E${exp}`);
    } catch {
      // Past Decimal128's exponent range: left to the double approximation below.
    }
  }
  const x = Number(String(current));
  const y = Number(String(operand));
  return Decimal128.fromString(String(op === '$inc' ? x + y : x * y));
}

// ---------------------------------------------------------------------------------------------
// BSON comparison order, for $min/$max and $push's $sort
// ---------------------------------------------------------------------------------------------

function typeRank(v: unknown): number {
  if (v === undefined || v === null) return 1;
  if (isNumeric(v)) return 2;
  if (typeof v === 'string') return 3;
  if (Array.isArray(v)) return 5;
  if (isPlain(v)) return 4;
  const t = bsonType(v);
  if (t === 'MinKey') return 0;
  if (t === 'MaxKey') return 100;
  if (t === 'Binary') return 6;
  if (v instanceof ObjectId) return 7;
  if (typeof v === 'boolean') return 8;
  if (v instanceof Date) return 9;
  if (t === 'Timestamp') return 10;
  if (v instanceof RegExp) return 11;
  return 12;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = typeRank(a);
  const rb = typeRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 2: {
      if ((isLongLike(a) || isLongLike(b)) && isIntegral(a) && isIntegral(b)) {
        const x = BigInt(String(a));
        const y = BigInt(String(b));
        return x < y ? -1 : x > y ? 1 : 0;
      }
      const x = Number(typeof a === 'object' ? String(a) : a);
      const y = Number(typeof b === 'object' ? String(b) : b);
      return x < y ? -1 : x > y ? 1 : 0;
    }
    case 3:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 4: {
      // Documents compare field by field: the value's type, then the field name, then the value.
      const ea = Object.entries(a as Doc);
      const eb = Object.entries(b as Doc);
      for (let i = 0; i < Math.min(ea.length, eb.length); i++) {
        const rank = typeRank(ea[i][1]) - typeRank(eb[i][1]);
        if (rank) return Math.sign(rank);
        if (ea[i][0] !== eb[i][0]) return ea[i][0] < eb[i][0] ? -1 : 1;
        const c = compareValues(ea[i][1], eb[i][1]);
        if (c) return c;
      }
      return Math.sign(ea.length - eb.length);
    }
    case 5: {
      const xa = a as unknown[];
      const xb = b as unknown[];
      for (let i = 0; i < Math.min(xa.length, xb.length); i++) {
        const c = compareValues(xa[i], xb[i]);
        if (c) return c;
      }
      return xa.length - xb.length;
    }
    case 7:
      return (a as ObjectId).toHexString().localeCompare((b as ObjectId).toHexString());
    case 8:
      return Number(a) - Number(b);
    case 9:
      return Math.sign((a as Date).getTime() - (b as Date).getTime());
    default:
      return valueKey(a) < valueKey(b) ? -1 : valueKey(a) > valueKey(b) ? 1 : 0;
  }
}
