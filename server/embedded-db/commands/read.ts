import { BSON } from 'bson';
import { Query } from 'mingo';
import { CommandError, notImplemented, badValue } from '../errors.js';
import { collatorFor } from '../collation.js';
import type { CollationSpec, Options } from 'mingo/types';
import { type Doc, cloneDoc, valueKey } from '../keys.js';
import { AGGREGATE_OPTIONS, newAggregator, QUERY_OPTIONS } from '../mingo-options.js';
import type { Plan } from '../planner.js';
import { slicer } from '../slices.js';
import { countOnly, leadingWindow, splitGroup } from './pipeline-shortcuts.js';
import { compileGroup, fastGroup } from './fast-group.js';
import { checkHint, evalLet, prepareFilter } from '../filter.js';
import { applyProjection } from '../projection.js';
import { scorePipeline, takeText, textSearch } from '../text-index.js';
import { type CommandContext, type Handler, asArray, asDoc, asNumber, target } from './context.js';

async function runFind(cmd: Doc, db: string, ctx: CommandContext): Promise<{ docs: Doc[]; plan: Plan; ns: string }> {
  const name = target(cmd, 'find');
  const coll = ctx.storage.collection(db, name);
  const ns = `${db}.${name}`;
  const filter = asDoc(cmd.filter, 'filter');
  // mongod parses the filter (and collation) even when there is nothing to scan.
  prepareFilter(filter, { collation: cmd.collation });
  checkHint(coll, cmd.hint);
  if (!coll) return { docs: [], plan: { stage: 'COLLSCAN', docsExamined: 0 }, ns };
  const limit = asNumber(cmd.limit);
  const sort = asDoc(cmd.sort, 'sort');
  if (Number(sort.$natural) < 0 && Object.keys(sort).length === 1) {
    // Reverse insertion order (documents keep their place when updated, as in MongoDB's storage).
    const { docs: all, plan } = await coll.findSliced(filter, { collation: cmd.collation, variables: evalLet(cmd.let) });
    const skip = asNumber(cmd.skip) ?? 0;
    const page = all.reverse().slice(skip, limit ? skip + Math.abs(limit) : undefined);
    return { docs: applyProjection(page, asDoc(cmd.projection, 'projection'), filter), plan, ns };
  }
  const sortSpec = stripNatural(asDoc(cmd.sort, 'sort'));
  const { docs, plan } = await coll.findSliced(filter, {
    collation: cmd.collation,
    variables: evalLet(cmd.let),
    projection: asDoc(cmd.projection, 'projection'),
    // Without a sort, a hinted index is scanned in its key order, as mongod does.
    sort: Object.keys(sortSpec).length ? sortSpec : hintedKeyPattern(coll, cmd.hint),
    skip: asNumber(cmd.skip),
    limit: limit ? Math.abs(limit) : undefined,
  });
  return { docs, plan, ns };
}

const stripNatural = (sort: Doc) => {
  const { $natural: _n, ...rest } = sort;
  return rest;
};

const batchSizeOf = (cmd: Doc) => asNumber(cmd.batchSize) ?? asNumber((cmd.cursor as Doc | undefined)?.batchSize);

/** Stages that would write behind the journal's back. */
const WRITING_STAGES = new Set(['$out', '$merge']);

/** Stages mongod 7.0 knows; anything else is its error 40324, even when mingo could run it. */
const KNOWN_STAGES = new Set([
  '$addFields', '$bucket', '$bucketAuto', '$collStats', '$count', '$densify', '$documents', '$facet', '$fill', '$geoNear',
  '$graphLookup', '$group', '$indexStats', '$limit', '$listSessions', '$lookup', '$match', '$merge', '$out', '$project',
  '$redact', '$replaceRoot', '$replaceWith', '$sample', '$set', '$setWindowFields', '$skip', '$sort', '$sortByCount',
  '$unionWith', '$unset', '$unwind', '$changeStream', '$currentOp', '$listLocalSessions', '$planCacheStats', '$search', '$documents',
]);

async function runAggregate(cmd: Doc, db: string, ctx: CommandContext): Promise<{ docs: Doc[]; plan: Plan }> {
  const pipeline = asArray(cmd.pipeline, 'pipeline') as Doc[];
  for (const [i, stage] of pipeline.entries()) {
    const op = Object.keys(stage ?? {})[0];
    if (WRITING_STAGES.has(op)) throw notImplemented(`${op} is not supported by the embedded database`);
    if (!KNOWN_STAGES.has(op)) throw new CommandError(40324, 'Location40324', `Unrecognized pipeline stage name: '${op}'`);
    if (FIRST_ONLY.has(op) && i > 0) throw new CommandError(40602, 'Location40602', `${op} is only valid as the first stage in a pipeline`);
    if (UNSUPPORTED_STAGES.has(op)) throw notImplemented(`${op} is not supported by the embedded database`);
  }
  const variables = evalLet(cmd.let);
  collatorFor(cmd.collation);
  if (typeof cmd.aggregate !== 'string' && cmd.aggregate !== 1) throw badValue("aggregate must be a collection name or 1");
  const coll = typeof cmd.aggregate === 'string' ? ctx.storage.collection(db, cmd.aggregate) : undefined;
  checkHint(coll, cmd.hint);
  let input: Doc[] = [];
  let rest = pipeline;
  let score: ((doc: Doc) => number) | undefined;
  let plan: Plan = { stage: 'COLLSCAN', docsExamined: 0 };
  // A hinted index is scanned in its key order, so the documents come out in that order (as in mongod).
  const hintOrder = coll ? hintedKeyPattern(coll, cmd.hint) : undefined;
  if (pipeline[0] && '$match' in pipeline[0]) prepareFilter(asDoc(pipeline[0].$match, '$match'), { collation: cmd.collation });
  if (cmd.aggregate === 1) {
    input = databaseSource(pipeline[0], cmd);
    rest = pipeline.slice(1);
  } else if (pipeline[0] && STATS_STAGES.has(Object.keys(pipeline[0])[0])) {
    input = statsSource(pipeline[0], coll, `${db}.${cmd.aggregate}`);
    rest = pipeline.slice(1);
  } else if (coll) {
    // A leading $match can use an index; everything after it runs in mingo on copies, because
    // mingo's stages may modify the documents they are given.
    if (pipeline[0] && '$match' in pipeline[0]) {
      // `$skip`/`$limit` right after the match end the scan early (countDocuments with a limit).
      const window = leadingWindow(pipeline.slice(1));
      rest = pipeline.slice(1 + window.stages);
      const counting = countOnly(rest, 1) !== undefined;
      const found = await coll.findSliced(pipeline[0].$match as Doc, { collation: cmd.collation, variables, sort: hintOrder, skip: window.skip, limit: window.limit, counting });
      plan = found.plan;
      const counted = countOnly(rest, found.count ?? found.docs.length);
      if (counted) return { docs: counted, plan };
      // A lone $group of sums reads the stored documents without changing them (fast-group.ts): no copies.
      if (summedAlone(rest, cmd)) return { docs: await groupInSlices(splitGroup(rest)!, found.docs, aggregateOptions(cmd, db, ctx, coll, variables), { copied: false }), plan };
      input = await clonedInSlices(found.docs);
      const { text } = takeText(pipeline[0].$match as Doc);
      if (text !== undefined) score = textSearch(coll.indexes.values(), text).score;
    } else if (hintOrder) {
      const found = await coll.findSliced({}, { sort: hintOrder });
      input = await clonedInSlices(found.docs);
      plan = found.plan;
    } else {
      input = await clonedInSlices(coll.visibleDocs());
      plan = { stage: 'COLLSCAN', docsExamined: input.length };
    }
  }
  if (rest.length === 0) return { docs: input, plan };
  const scored = scorePipeline(rest, input, score);
  rest = scored.stages;
  // Later $match stages get MongoDB's filter semantics too (and are checked even with no input).
  rest = rest.map((stage) => (stage && '$match' in stage ? { $match: prepareFilter(asDoc(stage.$match, '$match'), { collation: cmd.collation }) } : stage));
  const options = aggregateOptions(cmd, db, ctx, coll, variables);
  const split = score === undefined ? splitGroup(rest) : undefined;
  if (split) return { docs: await groupInSlices(split, input, options), plan };
  const aggregator = newAggregator(rest, options);
  return { docs: scored.strip(aggregator.run(input) as Doc[]), plan };
}

function aggregateOptions(cmd: Doc, db: string, ctx: CommandContext, coll: ReturnType<CommandContext['storage']['collection']>, variables: Doc | undefined): Partial<Options> {
  return {
    ...AGGREGATE_OPTIONS,
    ...(variables ? { variables } : {}),
    ...(collatorFor(cmd.collation ?? coll?.options.collation) ? { collation: forMingo(cmd.collation ?? coll?.options.collation) } : {}),
    collectionResolver: (name: string) => (ctx.storage.collection(db, name)?.visibleDocs() ?? []).map(cloneDoc),
  };
}

/** The rest of a pipeline is one $group (after the leading $match), with no collation to compare its keys by. */
const summedAlone = (rest: Doc[], cmd: Doc) => rest.length === 1 && splitGroup(rest)?.partial.length === 1 && !cmd.collation;

/** Documents grouped per part of the input at a time (see splitGroup): other commands run between parts. */
const GROUP_PART = 512;
export async function groupInSlices(
  split: NonNullable<ReturnType<typeof splitGroup>>,
  input: Doc[],
  options: Partial<Options> = AGGREGATE_OPTIONS,
  { copied = true }: { copied?: boolean } = {},
): Promise<Doc[]> {
  // A lone $group of sums is summed in plain JavaScript (fast-group.ts), else by mingo (on copies: its
  // stages may change what they are given). Keys compared by a collation are mingo's too.
  const group = split.partial.length === 1 && !options.collation ? compileGroup(split.partial[0].$group as Doc, options) : undefined;
  const partial = newAggregator(split.partial, options);
  const parts: Doc[] = [];
  const slice = slicer();
  for (let i = 0; i < input.length; i += GROUP_PART) {
    const part = input.slice(i, i + GROUP_PART);
    for (const d of group?.(part) ?? (partial.run(copied ? part : part.map(cloneDoc)) as Doc[])) parts.push(d);
    if (slice.due()) await slice.pause();
  }
  const merged = fastGroup(split.merge.$group as Doc, parts, options) ?? (newAggregator([split.merge], options).run(parts) as Doc[]);
  return split.tail.length ? (newAggregator(split.tail, options).run(merged) as Doc[]) : merged;
}

/** mingo hands a collation's locale to Intl as it is: MongoDB's 'en_US' must become 'en-US'. */
function forMingo(spec: unknown): CollationSpec {
  const c = spec as CollationSpec;
  return typeof c.locale === 'string' ? { ...c, locale: c.locale.replace(/_/g, '-').replace(/@.*$/, '') } : c;
}

/** The key pattern of the index a `hint` names (by name or by pattern), unless it is $natural or none. */
function hintedKeyPattern(coll: NonNullable<ReturnType<CommandContext['storage']['collection']>>, hint: unknown): Doc | undefined {
  if (typeof hint === 'string') {
    if (hint === '_id_') return { _id: 1 };
    const index = coll.indexes.get(hint);
    return index && !index.spec.sparse && !index.spec.partialFilterExpression ? (index.spec.key as Doc) : undefined;
  }
  if (!hint || typeof hint !== 'object' || Array.isArray(hint)) return undefined;
  const keys = Object.keys(hint);
  if (keys.length === 0 || keys.includes('$natural')) return undefined;
  // A sparse or partial index holds only some documents: its order is not the whole answer's.
  for (const index of coll.indexes.values()) {
    if (JSON.stringify(index.spec.key) === JSON.stringify(hint) && (index.spec.sparse || index.spec.partialFilterExpression)) return undefined;
  }
  // Text and hashed keys have no order to follow.
  if (Object.values(hint as Doc).some((v) => typeof v !== 'number')) return undefined;
  return hint as Doc;
}

/**
 * explain of count, distinct, update, delete and findAndModify: the plan of the scan each would make
 * (writes are not performed, as with mongod's default queryPlanner verbosity).
 */
function explainOther(inner: Doc, db: string, ctx: CommandContext): Doc | undefined {
  const name = ['count', 'distinct', 'update', 'delete', 'findAndModify'].find((k) => k in inner);
  if (!name || 'find' in inner || 'aggregate' in inner) return undefined;
  const collName = target(inner, name);
  const coll = ctx.storage.collection(db, collName);
  const ns = `${db}.${collName}`;
  let filter: Doc;
  let collation = inner.collation;
  if (name === 'update' || name === 'delete') {
    const statements = asArray(inner[name === 'update' ? 'updates' : 'deletes'], name === 'update' ? 'updates' : 'deletes');
    const first = asDoc(statements[0], `${name} statement`);
    filter = asDoc(first.q, 'q');
    collation = first.collation;
  } else filter = asDoc(inner.query, 'query');
  prepareFilter(filter, { collation });
  checkHint(coll, inner.hint);
  const plan: Plan = coll ? coll.find(filter, { collation, counting: name === 'count' }).plan : { stage: 'COLLSCAN', docsExamined: 0 };
  const stage = name === 'count' ? 'COUNT' : name === 'update' ? 'UPDATE' : name === 'delete' ? 'DELETE' : name === 'findAndModify' ? (inner.remove ? 'DELETE' : 'UPDATE') : undefined;
  const winningPlan = stage ? { stage, inputStage: winningPlanOf(plan) } : winningPlanOf(plan);
  return { explainVersion: '1', queryPlanner: { namespace: ns, winningPlan }, command: inner, ok: 1 };
}

/** What explain says about the scan that fed a command. */
function winningPlanOf(plan: Plan): Doc {
  if (plan.stage === 'COUNT_SCAN') return { stage: 'COUNT_SCAN', indexName: plan.indexName };
  return plan.stage === 'COLLSCAN' ? { stage: 'COLLSCAN' } : { stage: 'FETCH', inputStage: scanOf(plan) };
}

/** An index scan, or (for a $or) the union of its branches' scans, as mongod's OR stage shows them. */
function scanOf(plan: Plan): Doc {
  if (plan.stage === 'OR') return { stage: 'OR', inputStages: (plan.inputs ?? []).map(scanOf) };
  return { stage: plan.stage === 'IDHACK' ? 'IDHACK' : 'IXSCAN', indexName: plan.indexName };
}

/** Stages mongod accepts only first (they produce the documents rather than transform them). */
const FIRST_ONLY = new Set(['$collStats', '$indexStats', '$documents', '$currentOp', '$listLocalSessions', '$listSessions', '$changeStream', '$geoNear', '$search', '$planCacheStats']);
/** Stages that describe a collection rather than read it. */
const STATS_STAGES = new Set(['$collStats', '$indexStats']);
/** Stages mongod knows that we do not run: geo, Atlas search, change streams, the session cache, the plan cache. */
const UNSUPPORTED_STAGES = new Set(['$geoNear', '$search', '$changeStream', '$listSessions', '$planCacheStats']);

/**
 * $indexStats (each index, with no usage counted: we keep no counters) and $collStats (its count and
 * storageStats sections, sizes measured from the documents; latencyStats with zero latencies).
 */
function statsSource(first: Doc, coll: ReturnType<CommandContext['storage']['collection']>, ns: string): Doc[] {
  const op = Object.keys(first)[0];
  const spec = asDoc(first[op], op);
  if (op === '$indexStats') {
    if (Object.keys(spec).length) throw badValue('$indexStats takes no arguments');
    if (!coll) return [];
    const since = new Date();
    return coll.indexSpecs().map((index) => ({
      name: index.name,
      key: index.key,
      host: 'localhost',
      accesses: { ops: 0, since },
      spec: index,
    }));
  }
  for (const k of Object.keys(spec)) {
    if (!['latencyStats', 'storageStats', 'count', 'queryExecStats'].includes(k)) {
      throw new CommandError(40415, 'Location40415', `BSON field '$collStats.${k}' is an unknown field.`);
    }
  }
  const out: Doc = { ns, host: 'localhost', localTime: new Date() };
  const docs = coll?.visibleDocs() ?? [];
  if (spec.latencyStats) out.latencyStats = { reads: { latency: 0, ops: 0 }, writes: { latency: 0, ops: 0 }, commands: { latency: 0, ops: 0 } };
  if (spec.count) out.count = docs.length;
  if (spec.storageStats) {
    const size = docs.reduce((n, d) => n + BSON.calculateObjectSize(d), 0);
    const options = coll?.options ?? {};
    out.storageStats = {
      size,
      count: docs.length,
      avgObjSize: docs.length ? Math.round(size / docs.length) : 0,
      storageSize: size,
      nindexes: coll ? coll.indexSpecs().length : 0,
      totalIndexSize: 0,
      totalSize: size,
      capped: options.capped === true,
      ...(options.capped === true ? { max: options.max ?? 0, maxSize: options.size } : {}),
    };
  }
  if (spec.queryExecStats) out.queryExecStats = { collectionScans: { total: 0, nonTailable: 0 } };
  return coll ? [out] : [];
}

/**
 * The first stage of a database-level aggregation (`aggregate: 1`): $documents, $listLocalSessions
 * (we keep no session cache: the asking session is the only one known) and $currentOp (nothing
 * outlives its command here).
 */
function databaseSource(first: Doc | undefined, cmd: Doc): Doc[] {
  const op = Object.keys(first ?? {})[0];
  switch (op) {
    case '$documents': {
      const docs = (first as Doc).$documents;
      if (!Array.isArray(docs)) throw badValue('$documents requires an array of documents');
      return docs.map((d) => cloneDoc(d as Doc));
    }
    case '$listLocalSessions': {
      const lsid = cmd.lsid as Doc | undefined;
      return lsid ? [{ _id: { id: lsid.id }, lastUse: new Date() }] : [];
    }
    case '$currentOp':
      return [];
    default:
      throw new CommandError(73, 'InvalidNamespace', `{aggregate: 1} is not valid for '${op}'; a collection is required.`);
  }
}

export const readCommands: Record<string, Handler> = {
  find: async (cmd, db, ctx) => {
    const { docs, ns } = await runFind(cmd, db, ctx);
    const limit = asNumber(cmd.limit);
    return ctx.cursors.first(ns, docs, batchSizeOf(cmd), cmd.singleBatch === true || (limit !== undefined && limit < 0));
  },

  getMore: (cmd, _db, ctx) => {
    const id = Number(cmd.getMore);
    if (!Number.isFinite(id)) throw badValue('getMore needs a cursor id');
    return ctx.cursors.more(id, batchSizeOf(cmd));
  },

  killCursors: (cmd, _db, ctx) => ctx.cursors.kill(asArray(cmd.cursors, 'cursors').map(Number)),

  count: async (cmd, db, ctx) => {
    const name = target(cmd, 'count');
    const coll = ctx.storage.collection(db, name);
    const query = asDoc(cmd.query, 'query');
    prepareFilter(query, { collation: cmd.collation });
    checkHint(coll, cmd.hint);
    if (!coll) return { n: 0, ok: 1 };
    let n = coll.visibleCount();
    if (Object.keys(query).length) {
      const found = await coll.findSliced(query, { collation: cmd.collation, counting: true });
      n = found.count ?? found.docs.length;
    }
    n = Math.max(0, n - (asNumber(cmd.skip) ?? 0));
    const limit = asNumber(cmd.limit);
    if (limit) n = Math.min(n, Math.abs(limit));
    return { n, ok: 1 };
  },

  distinct: async (cmd, db, ctx) => {
    const name = target(cmd, 'distinct');
    const key = cmd.key;
    if (typeof key !== 'string') throw badValue('distinct key must be a string');
    const coll = ctx.storage.collection(db, name);
    const query = asDoc(cmd.query, 'query');
    prepareFilter(query, { collation: cmd.collation });
    checkHint(coll, cmd.hint);
    const collator = collatorFor(cmd.collation ?? coll?.options.collation);
    const seen = new Map<string, unknown>();
    const docs = coll ? (await coll.findSliced(query, { collation: cmd.collation })).docs : [];
    const parts = key.split('.');
    const slice = slicer();
    for (const [i, doc] of docs.entries()) {
      let value = plainPath(doc, parts);
      if (value === THROUGH_ARRAY) {
        const v = new Query({}, QUERY_OPTIONS).find([doc], { [key]: 1, _id: 0 }).all()[0];
        value = parts.reduce<unknown>((o, k) => (o && typeof o === 'object' ? (o as Doc)[k] : undefined), v);
      }
      // Under a collation, values it calls equal ('PING', 'ping' at strength 2) are one value: the first seen.
      for (const x of Array.isArray(value) ? value : [value])
        if (x !== undefined) {
          const k = collator && typeof x === 'string' ? 's' + collator.resolvedOptions().locale + distinctKey(collator, x, seen) : valueKey(x);
          if (!seen.has(k)) seen.set(k, x);
        }
      if ((i & 1023) === 0 && slice.due()) await slice.pause();
    }
    return { values: [...seen.values()], ok: 1 };
  },

  aggregate: async (cmd, db, ctx) => {
    const { docs } = await runAggregate(cmd, db, ctx);
    const ns = `${db}.${typeof cmd.aggregate === 'string' ? cmd.aggregate : '$cmd.aggregate'}`;
    return ctx.cursors.first(ns, docs, batchSizeOf(cmd));
  },

  /** Enough of explain for a caller to see whether a find used an index. */
  explain: async (cmd, db, ctx) => {
    const inner = asDoc(cmd.explain, 'explain');
    const started = performance.now();
    if ('aggregate' in inner) {
      // mongod explains a pipeline as its stages, the first being the scan ($cursor) that feeds them;
      // a pipeline that is only a $match is explained like a find.
      const { docs, plan } = await runAggregate(inner, db, ctx);
      const ns = `${db}.${typeof inner.aggregate === 'string' ? inner.aggregate : '$cmd.aggregate'}`;
      const pipeline = asArray(inner.pipeline, 'pipeline') as Doc[];
      const queryPlanner = { namespace: ns, winningPlan: winningPlanOf(plan) };
      const executionStats = {
        nReturned: docs.length,
        totalDocsExamined: plan.docsExamined,
        totalKeysExamined: plan.stage === 'COLLSCAN' ? 0 : plan.docsExamined,
        executionTimeMillis: Math.round(performance.now() - started),
      };
      const later = pipeline[0] && '$match' in pipeline[0] ? pipeline.slice(1) : pipeline;
      if (later.length === 0) return { explainVersion: '1', queryPlanner, executionStats, command: inner, ok: 1 };
      return { explainVersion: '1', stages: [{ $cursor: { queryPlanner, executionStats } }, ...later], command: inner, ok: 1 };
    }
    const other = explainOther(inner, db, ctx);
    if (other) return other;
    if (!('find' in inner)) throw notImplemented('the embedded database explains find, aggregate, count, distinct, update, delete and findAndModify commands only');
    const { docs, plan, ns } = await runFind(inner, db, ctx);
    const winningPlan = winningPlanOf(plan);
    return {
      queryPlanner: { namespace: ns, winningPlan },
      executionStats: {
        nReturned: docs.length,
        totalDocsExamined: plan.docsExamined,
        totalKeysExamined: plan.stage === 'COLLSCAN' ? 0 : plan.docsExamined,
        executionTimeMillis: Math.round(performance.now() - started),
      },
      ok: 1,
    };
  },
};

/** The key of an already seen string the collator calls equal to `x`, or `x` itself. */
function distinctKey(collator: Intl.Collator, x: string, seen: Map<string, unknown>): string {
  for (const v of seen.values()) if (typeof v === 'string' && collator.compare(v, x) === 0) return v;
  return x;
}

const THROUGH_ARRAY = Symbol('through an array');

/**
 * A dotted path read through embedded documents only (the common case: `customerId`), or
 * THROUGH_ARRAY where an array or a BSON value sits on the way and MongoDB's projection rules decide.
 * Projecting each document with mingo made a distinct over 300k interactions take seconds.
 */
function plainPath(doc: Doc, parts: string[]): unknown {
  let o: unknown = doc;
  for (const p of parts) {
    if (o === undefined || o === null) return undefined;
    if (typeof o !== 'object') return undefined;
    if (Array.isArray(o) || Object.getPrototypeOf(o) !== Object.prototype) return THROUGH_ARRAY;
    o = (o as Doc)[p];
  }
  return o;
}

/** Copies of documents for mingo's stages (which may change what they are given), made in slices. */
async function clonedInSlices(docs: Doc[]): Promise<Doc[]> {
  const out = new Array<Doc>(docs.length);
  const slice = slicer();
  for (let i = 0; i < docs.length; i++) {
    out[i] = cloneDoc(docs[i]);
    if ((i & 255) === 0 && slice.due()) await slice.pause();
  }
  return out;
}

