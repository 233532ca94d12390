/**
 * Runs MongoDB's CRUD unified-format spec tests (github.com/mongodb/specifications,
 * source/crud/tests/unified/*.json) against the embedded database, in-process, through the
 * driver mongoose bundles. It measures how closely we behave like MongoDB; the specs' files are
 * not part of this repository (extract them and pass their directory):
 *
 *   npx tsx bench/fidelity/crud-unified.ts --specs=/tmp/specs/source/crud/tests/unified [--filter=substr] [--verbose]
 *
 * Not checked: expectEvents (command monitoring) — our results are what we measure, not the
 * driver's wire traffic. Skipped and counted apart: tests needing a topology/version/auth we do not
 * offer, and tests needing what the embedded database refuses by design (transactions, change
 * streams, $where, $out/$merge, views, geo).
 */
import fs from 'node:fs';
import path from 'node:path';
import { EJSON, Decimal128, Double, Int32, Long, ObjectId, Binary, Timestamp } from 'bson';
import { MongoClient, type ClientSession, type Collection, type Db } from 'mongodb';
import { startEmbeddedDb } from '../../server/embedded-db/server.js';

type Doc = Record<string, any>;

const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, ...v] = a.replace(/^--/, '').split('=');
    return [k, v.length ? v.join('=') : true];
  }),
);
const specsDir = String(args.specs ?? '/tmp/specs/source/crud/tests/unified');
const filter = typeof args.filter === 'string' ? args.filter : undefined;
const verbose = !!args.verbose;

const SERVER_VERSION = [7, 0, 0];
const TOPOLOGY = 'single';

// ---- requirements ----------------------------------------------------------------------------

const parseVersion = (v: string) => v.split('.').map(Number).concat([0, 0, 0]).slice(0, 3);
function cmpVersion(a: number[], b: number[]) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}
/** Why a runOnRequirements list excludes us, or null when one of its entries fits. */
function unmetRequirements(reqs: Doc[] | undefined): string | null {
  if (!reqs || reqs.length === 0) return null;
  const reasons: string[] = [];
  for (const r of reqs) {
    if (r.minServerVersion && cmpVersion(SERVER_VERSION, parseVersion(r.minServerVersion)) < 0) reasons.push(`needs server >= ${r.minServerVersion}`);
    else if (r.maxServerVersion && cmpVersion(SERVER_VERSION, parseVersion(r.maxServerVersion)) > 0) reasons.push(`needs server <= ${r.maxServerVersion}`);
    else if (r.topologies && !r.topologies.includes(TOPOLOGY)) reasons.push(`needs topology ${r.topologies.join('/')}`);
    else if (r.serverless === 'require') reasons.push('needs serverless');
    else if (r.auth === true) reasons.push('needs auth');
    else if (r.csfle) reasons.push('needs csfle');
    else if (r.serverParameters) reasons.push('needs server parameters');
    else return null;
  }
  return reasons[0];
}

/** What we refuse by design, looked for in a test's operations (and the entities it creates). */
const BY_DESIGN: Array<[RegExp, string]> = [
  [/"startTransaction"|"withTransaction"|"commitTransaction"/, 'transactions'],
  [/"createChangeStream"/, 'change streams'],
  [/"\$where"/, '$where'],
  [/"\$out"/, '$out'],
  [/"\$merge"/, '$merge'],
  [/"viewOn"/, 'views'],
  [/"\$near|"\$geo/, 'geo'],
];

/**
 * Tests the Node driver itself cannot pass against any server: it replaces a null _id with an
 * ObjectId before sending (maybeAddIdToDocuments checks `_id == null`). Skipped, with the reason.
 */
const DRIVER_DEVIATIONS: Array<[RegExp, string]> = [
  [/^create-null-ids: inserting _id with type null via (insertOne|insertMany|bulkWrite)$/, 'the Node driver replaces a null _id client-side'],
];

// ---- matching (the unified format's rules) ----------------------------------------------------

const isPlainDoc = (v: unknown): v is Doc =>
  !!v && typeof v === 'object' && !Array.isArray(v) && !(v as Doc)._bsontype && !(v instanceof Date) && !(v instanceof RegExp) && !Buffer.isBuffer(v);

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (v instanceof Int32 || v instanceof Double) return v.valueOf();
  if (v instanceof Long) return v.toNumber();
  return undefined;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 2 ** 31 ? 'int' : 'double';
  if (v instanceof Int32) return 'int';
  if (v instanceof Double) return 'double';
  if (v instanceof Long) return 'long';
  if (v instanceof Decimal128) return 'decimal';
  if (v instanceof ObjectId) return 'objectId';
  if (v instanceof Date) return 'date';
  if (v instanceof Binary) return 'binData';
  if (v instanceof Timestamp) return 'timestamp';
  if (v instanceof RegExp || (v as Doc)._bsontype === 'BSONRegExp') return 'regex';
  if (Array.isArray(v)) return 'array';
  return 'object';
}

const sameType = (want: string, v: unknown) => {
  const t = typeName(v);
  if (want === t) return true;
  if (want === 'number') return ['int', 'long', 'double', 'decimal'].includes(t);
  // JS numbers lose int/long/double distinctions: a promoted number stands for any of them.
  if (typeof v === 'number' && ['int', 'long', 'double'].includes(want)) return true;
  return false;
};

/** Throws with a path when `actual` does not match `expected`. */
function match(expected: unknown, actual: unknown, where: string, root: boolean, entities: Map<string, unknown>): void {
  if (isPlainDoc(expected)) {
    const keys = Object.keys(expected);
    if (keys.length === 1 && keys[0].startsWith('$$')) {
      const op = keys[0];
      const arg = expected[op];
      switch (op) {
        case '$$unsetOrMatches':
          if (actual === undefined) return;
          return match(arg, actual, where, root, entities);
        case '$$exists':
          if ((actual !== undefined) !== arg) throw new Error(`${where}: expected ${arg ? 'present' : 'absent'}`);
          return;
        case '$$type': {
          const types = Array.isArray(arg) ? arg : [arg];
          if (!types.some((t: string) => sameType(t, actual))) throw new Error(`${where}: expected type ${types} got ${typeName(actual)}`);
          return;
        }
        case '$$matchesEntity':
          return match(entities.get(arg), actual, where, root, entities);
        case '$$sessionLsid':
          return;
        case '$$lte': {
          if (!((num(actual) ?? NaN) <= (num(arg) ?? NaN))) throw new Error(`${where}: expected <= ${arg}`);
          return;
        }
        case '$$matchAsDocument':
          return match(arg, typeof actual === 'string' ? EJSON.parse(actual) : actual, where, true, entities);
        case '$$matchAsRoot':
          return match(arg, actual, where, true, entities);
        default:
          throw new Error(`${where}: unsupported operator ${op}`);
      }
    }
    if (!isPlainDoc(actual)) throw new Error(`${where}: expected a document, got ${EJSON.stringify(actual)}`);
    for (const k of keys) match(expected[k], actual[k], `${where}.${k}`, false, entities);
    if (!root) {
      const extra = Object.keys(actual).filter((k) => !(k in expected) && actual[k] !== undefined);
      if (extra.length) throw new Error(`${where}: unexpected fields ${extra.join(',')}`);
    }
    return;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) throw new Error(`${where}: expected an array, got ${EJSON.stringify(actual)}`);
    if (actual.length !== expected.length) throw new Error(`${where}: expected ${expected.length} elements, got ${actual.length}: ${EJSON.stringify(actual)}`);
    // Documents inside a top-level array (a cursor's results) are root documents too.
    expected.forEach((e, i) => match(e, actual[i], `${where}[${i}]`, root, entities));
    return;
  }
  const en = num(expected);
  const an = num(actual);
  if (en !== undefined || an !== undefined) {
    if (en !== an) throw new Error(`${where}: expected ${EJSON.stringify(expected)}, got ${EJSON.stringify(actual)}`);
    return;
  }
  if (expected === null || expected === undefined) {
    if (actual !== null && actual !== undefined) throw new Error(`${where}: expected null, got ${EJSON.stringify(actual)}`);
    return;
  }
  const e = EJSON.stringify({ v: expected }, { relaxed: false });
  const a = EJSON.stringify({ v: actual }, { relaxed: false });
  if (e !== a) throw new Error(`${where}: expected ${e}, got ${a}`);
}

// ---- entities and operations ------------------------------------------------------------------

class Skip extends Error {}

interface Ctx {
  entities: Map<string, any>;
  clients: MongoClient[];
  uri: string;
}

async function createEntities(list: Doc[], ctx: Ctx) {
  for (const e of list) {
    const [kind, spec] = Object.entries(e)[0] as [string, Doc];
    if (kind === 'client') {
      const opts: Doc = { ...(spec.uriOptions ?? {}) };
      if (spec.observeEvents) opts.monitorCommands = true;
      const client = new MongoClient(ctx.uri, { serverSelectionTimeoutMS: 2000, ...opts });
      await client.connect();
      ctx.clients.push(client);
      ctx.entities.set(spec.id, client);
    } else if (kind === 'database') {
      ctx.entities.set(spec.id, (ctx.entities.get(spec.client) as MongoClient).db(spec.databaseName, spec.databaseOptions));
    } else if (kind === 'collection') {
      ctx.entities.set(spec.id, (ctx.entities.get(spec.database) as Db).collection(spec.collectionName, spec.collectionOptions));
    } else if (kind === 'session') {
      ctx.entities.set(spec.id, (ctx.entities.get(spec.client) as MongoClient).startSession(spec.sessionOptions));
    } else throw new Skip(`entity ${kind}`);
  }
}

/** Driver options from an operation's arguments: everything but the positional ones, session resolved. */
function options(a: Doc, ctx: Ctx, positional: string[]): Doc {
  const o: Doc = {};
  for (const [k, v] of Object.entries(a)) {
    if (positional.includes(k)) continue;
    if (k === 'session') o.session = ctx.entities.get(v) as ClientSession;
    // The spec spells returnDocument 'Before'/'After'; the driver wants lower case.
    else if (k === 'returnDocument' && typeof v === 'string') o[k] = v.toLowerCase();
    else o[k] = v;
  }
  return o;
}

function bulkModel(m: Doc): Doc {
  const [name, a] = Object.entries(m)[0] as [string, Doc];
  switch (name) {
    case 'insertOne':
      return { insertOne: { document: a.document } };
    case 'updateOne':
    case 'updateMany':
    case 'deleteOne':
    case 'deleteMany':
    case 'replaceOne':
      return { [name]: a };
    default:
      throw new Error(`unknown bulk model ${name}`);
  }
}

/** A driver result as the plain values the spec's expectations describe. */
function plainResult(r: any): any {
  if (r && typeof r === 'object' && r.constructor?.name === 'BulkWriteResult') {
    return {
      insertedCount: r.insertedCount,
      matchedCount: r.matchedCount,
      modifiedCount: r.modifiedCount,
      deletedCount: r.deletedCount,
      upsertedCount: r.upsertedCount,
      upsertedIds: r.upsertedIds,
      insertedIds: r.insertedIds,
    };
  }
  return r;
}

async function runOperation(op: Doc, ctx: Ctx): Promise<unknown> {
  const target = ctx.entities.get(op.object);
  const a: Doc = op.arguments ?? {};
  if (op.object === 'testRunner') return runTestRunnerOp(op, ctx);
  if (!target) throw new Error(`no entity ${op.object}`);
  const coll = target as Collection;
  const db = target as Db;
  switch (op.name) {
    case 'insertOne':
      return coll.insertOne(a.document, options(a, ctx, ['document']));
    case 'insertMany':
      return coll.insertMany(a.documents, options(a, ctx, ['documents']));
    case 'updateOne':
      return coll.updateOne(a.filter, a.update, options(a, ctx, ['filter', 'update']));
    case 'updateMany':
      return coll.updateMany(a.filter, a.update, options(a, ctx, ['filter', 'update']));
    case 'replaceOne':
      return coll.replaceOne(a.filter, a.replacement, options(a, ctx, ['filter', 'replacement']));
    case 'deleteOne':
      return coll.deleteOne(a.filter, options(a, ctx, ['filter']));
    case 'deleteMany':
      return coll.deleteMany(a.filter, options(a, ctx, ['filter']));
    case 'find':
      return coll.find(a.filter, options(a, ctx, ['filter'])).toArray();
    case 'findOne':
      return coll.findOne(a.filter, options(a, ctx, ['filter']));
    case 'findOneAndUpdate':
      return coll.findOneAndUpdate(a.filter, a.update, options(a, ctx, ['filter', 'update']) as any);
    case 'findOneAndReplace':
      return coll.findOneAndReplace(a.filter, a.replacement, options(a, ctx, ['filter', 'replacement']) as any);
    case 'findOneAndDelete':
      return coll.findOneAndDelete(a.filter, options(a, ctx, ['filter']) as any);
    case 'countDocuments':
      return coll.countDocuments(a.filter, options(a, ctx, ['filter']));
    case 'estimatedDocumentCount':
      return coll.estimatedDocumentCount(options(a, ctx, []));
    case 'count':
      return coll.count(a.filter, options(a, ctx, ['filter']));
    case 'distinct':
      return coll.distinct(a.fieldName, a.filter, options(a, ctx, ['fieldName', 'filter']));
    case 'aggregate':
      return (op.object && (target as any).collectionName !== undefined ? coll : db)
        .aggregate(a.pipeline, options(a, ctx, ['pipeline']))
        .toArray();
    case 'bulkWrite':
      return plainResult(await coll.bulkWrite(a.requests.map(bulkModel) as any, options(a, ctx, ['requests'])));
    case 'createIndex':
      return coll.createIndex(a.keys, options(a, ctx, ['keys']));
    case 'dropIndex':
      return coll.dropIndex(a.name, options(a, ctx, ['name']));
    case 'listIndexes':
      return coll.listIndexes(options(a, ctx, [])).toArray();
    case 'dropCollection':
      return db.dropCollection(a.collection, options(a, ctx, ['collection']));
    case 'createCollection':
      await db.createCollection(a.collection, options(a, ctx, ['collection']));
      return undefined;
    case 'listCollections':
      return db.listCollections(a.filter, options(a, ctx, ['filter'])).toArray();
    case 'modifyCollection':
      return db.command({ collMod: a.collection, ...options(a, ctx, ['collection']) });
    case 'runCommand':
      return db.command(a.command, options(a, ctx, ['command', 'commandName']));
    case 'clientBulkWrite':
      return (target as MongoClient).bulkWrite(a.models, options(a, ctx, ['models']));
    default:
      throw new Skip(`operation ${op.name}`);
  }
}

async function runTestRunnerOp(op: Doc, ctx: Ctx): Promise<unknown> {
  const a: Doc = op.arguments ?? {};
  const client = ctx.clients[0];
  switch (op.name) {
    case 'assertCollectionExists':
    case 'assertCollectionNotExists': {
      const names = (await client.db(a.databaseName).listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name);
      const exists = names.includes(a.collectionName);
      if (exists !== (op.name === 'assertCollectionExists')) throw new Error(`${op.name} ${a.collectionName}`);
      return undefined;
    }
    case 'assertIndexExists':
    case 'assertIndexNotExists': {
      const idx = await client.db(a.databaseName).collection(a.collectionName).listIndexes().toArray().catch(() => []);
      const exists = idx.some((i) => i.name === a.indexName);
      if (exists !== (op.name === 'assertIndexExists')) throw new Error(`${op.name} ${a.indexName}`);
      return undefined;
    }
    default:
      throw new Skip(`testRunner ${op.name}`);
  }
}

function checkError(err: any, expect: Doc, ctx: Ctx) {
  const isServer = err && (err.name === 'MongoServerError' || err.name === 'MongoBulkWriteError' || typeof err.code === 'number');
  if (expect.isClientError === true && isServer) throw new Error(`expected a client error, got server error ${err.code} ${err.message}`);
  if (expect.isClientError === false && !isServer) throw new Error(`expected a server error, got ${err?.name}: ${err?.message}`);
  const code = err?.code ?? err?.writeErrors?.[0]?.code ?? err?.errorResponse?.code;
  const codes = [code, err?.writeErrors?.[0]?.code, err?.writeConcernError?.code].filter((c) => c !== undefined);
  if (expect.errorCode !== undefined && !codes.includes(expect.errorCode)) throw new Error(`expected error code ${expect.errorCode}, got ${codes} (${err?.message})`);
  if (expect.errorCodeName !== undefined && err?.codeName !== expect.errorCodeName && err?.writeErrors?.[0]?.codeName !== expect.errorCodeName)
    throw new Error(`expected codeName ${expect.errorCodeName}, got ${err?.codeName} (${err?.message})`);
  if (expect.errorContains !== undefined && !String(err?.message ?? '').toLowerCase().includes(String(expect.errorContains).toLowerCase()))
    throw new Error(`expected message containing "${expect.errorContains}", got "${err?.message}"`);
  if (expect.errorLabelsContain) for (const l of expect.errorLabelsContain) if (!err?.hasErrorLabel?.(l)) throw new Error(`expected label ${l}`);
  if (expect.errorLabelsOmit) for (const l of expect.errorLabelsOmit) if (err?.hasErrorLabel?.(l)) throw new Error(`unexpected label ${l}`);
  if (expect.expectResult !== undefined) {
    const partial = err?.result ? plainResult(err.result) : err?.partialResult;
    match(expect.expectResult, partial, 'errorResult', true, ctx.entities);
  }
}

async function setCollectionData(data: Doc[] | undefined, uri: string) {
  if (!data) return;
  const client = new MongoClient(uri);
  try {
    for (const d of data) {
      const db = client.db(d.databaseName);
      await db.dropCollection(d.collectionName).catch(() => {});
      await db.createCollection(d.collectionName, d.createOptions ?? {});
      if (d.documents.length) await db.collection(d.collectionName).insertMany(d.documents);
    }
  } finally {
    await client.close();
  }
}

async function checkOutcome(outcome: Doc[] | undefined, uri: string, ctx: Ctx) {
  if (!outcome) return;
  const client = new MongoClient(uri);
  try {
    for (const o of outcome) {
      const docs = await client.db(o.databaseName).collection(o.collectionName).find({}, { sort: { _id: 1 } }).toArray();
      match(o.documents, docs, `outcome ${o.collectionName}`, false, ctx.entities);
    }
  } finally {
    await client.close();
  }
}

// ---- running ----------------------------------------------------------------------------------

interface Tally {
  passed: string[];
  failed: Array<{ name: string; why: string }>;
  skipped: Array<{ name: string; why: string }>;
  byDesign: Array<{ name: string; why: string }>;
}

async function runTest(file: Doc, test: Doc, uri: string): Promise<void> {
  await setCollectionData(file.initialData, uri);
  const ctx: Ctx = { entities: new Map(), clients: [], uri };
  try {
    await createEntities(file.createEntities ?? [], ctx);
    for (const op of test.operations) {
      let result: unknown;
      let error: unknown;
      try {
        result = await runOperation(op, ctx);
      } catch (err) {
        if (err instanceof Skip) throw err;
        error = err;
      }
      if (op.ignoreResultAndError) continue;
      if (op.expectError) {
        if (error === undefined) throw new Error(`${op.name}: expected an error, got ${EJSON.stringify(result)}`);
        checkError(error, op.expectError, ctx);
        continue;
      }
      if (error !== undefined) throw new Error(`${op.name}: ${(error as Error).message} ${(error as Doc).code ? `(code ${(error as Doc).code})` : ''}`);
      if (op.expectResult !== undefined) {
        try {
          match(op.expectResult, result, op.name, true, ctx.entities);
        } catch (e) {
          throw new Error(`${op.name}: ${(e as Error).message}`, { cause: e });
        }
      }
      if (op.saveResultAsEntity) ctx.entities.set(op.saveResultAsEntity, result);
    }
    await checkOutcome(test.outcome, uri, ctx);
  } finally {
    for (const s of ctx.entities.values()) if (s && typeof s === 'object' && s.constructor?.name === 'ClientSession') await (s as ClientSession).endSession().catch(() => {});
    for (const c of ctx.clients) await c.close().catch(() => {});
  }
}

async function main() {
  const db = await startEmbeddedDb();
  const tally: Tally = { passed: [], failed: [], skipped: [], byDesign: [] };
  const files = fs.readdirSync(specsDir).filter((f) => f.endsWith('.json')).sort();
  for (const f of files) {
    const file = JSON.parse(fs.readFileSync(path.join(specsDir, f), 'utf8'));
    // Relaxed: the driver checks options such as limit with typeof, so numbers must be JS numbers.
    const parsed = EJSON.parse(JSON.stringify(file), { relaxed: true }) as Doc;
    for (const test of parsed.tests as Doc[]) {
      const name = `${f.replace(/\.json$/, '')}: ${test.description}`;
      if (filter && !name.includes(filter)) continue;
      const raw = JSON.stringify((file.tests as Doc[]).find((t) => t.description === test.description));
      const unmet = unmetRequirements(parsed.runOnRequirements) ?? unmetRequirements(test.runOnRequirements);
      if (unmet) {
        tally.skipped.push({ name, why: unmet });
        continue;
      }
      if (test.skipReason) {
        tally.skipped.push({ name, why: `skipReason: ${test.skipReason}` });
        continue;
      }
      const driver = DRIVER_DEVIATIONS.find(([re]) => re.test(name));
      if (driver) {
        tally.skipped.push({ name, why: driver[1] });
        continue;
      }
      const design = BY_DESIGN.find(([re]) => re.test(raw) || re.test(JSON.stringify(file.createEntities ?? [])));
      if (design) {
        tally.byDesign.push({ name, why: design[1] });
        continue;
      }
      try {
        await runTest(parsed, test, db.uri);
        tally.passed.push(name);
        if (verbose) console.log(`ok   ${name}`);
      } catch (err) {
        if (err instanceof Skip) tally.skipped.push({ name, why: `unsupported by runner: ${err.message}` });
        else tally.failed.push({ name, why: (err as Error).message.slice(0, 300) });
      }
    }
  }
  await db.close();

  const run = tally.passed.length + tally.failed.length;
  const all = run + tally.byDesign.length;
  const pct = (a: number, b: number) => (b ? ((100 * a) / b).toFixed(1) : '0.0');
  if (verbose) for (const s of tally.skipped) console.log(`skip ${s.name} — ${s.why}`);
  const reasons = new Map<string, number>();
  for (const s of tally.skipped) reasons.set(s.why, (reasons.get(s.why) ?? 0) + 1);
  for (const [why, n] of [...reasons].sort((a, b) => b[1] - a[1])) console.log(`skipped ${n}: ${why}`);
  for (const s of tally.byDesign) console.log(`refused by design: ${s.name} — ${s.why}`);
  for (const f of tally.failed) console.log(`FAIL ${f.name}\n     ${f.why}`);
  console.log('');
  console.log(`passed ${tally.passed.length}, failed ${tally.failed.length}, refused by design ${tally.byDesign.length}, skipped (requirements/runner) ${tally.skipped.length}`);
  console.log(`pass rate ${pct(tally.passed.length, all)}% of ${all} applicable tests; ${pct(tally.passed.length, run)}% of ${run} excluding by-design refusals`);
  process.exit(0);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
