import { BSON, ObjectId } from 'bson';
import type { Collection } from '../collection.js';
import { CommandError, badValue, toCommandError } from '../errors.js';
import { duplicateKey } from '../indexes.js';
import { type Doc, valueKey } from '../keys.js';
import { type Storage, WriteLog } from '../storage.js';
import { applyUpdate, idFirst, letVariables, seedFromFilter } from '../update.js';
import { type Handler, asArray, asDoc, target } from './context.js';
import { checkHint, evalLet, prepareFilter } from '../filter.js';
import { applyProjection } from '../projection.js';
import { validateWrite } from '../validation.js';
import { slicer } from '../slices.js';
import { sameBson } from '../same-bson.js';

/**
 * The journal of a write of many statements (an import's batch of 500): between statements, once a
 * slice is spent, it lets other commands in, as MongoDB yields between the documents of an insertMany.
 * What it changed so far is queued to the journal before each pause, so the journal keeps the order
 * memory saw; the reply waits until all of it is durable. Each statement stays atomic. If a part cannot
 * be stored (a full disk), the write stops there and answers with that error (parts already durable stay).
 */
function slicedLog(storage: Storage) {
  const slice = slicer();
  const queued: Array<Promise<void>> = [];
  let log = new WriteLog();
  let failure: unknown;
  return {
    get log() {
      return log;
    },
    /** Pauses if the slice is spent; true if it did (other commands may have run meanwhile). */
    async between() {
      if (!slice.due()) return false;
      const stored = storage.persist(log);
      // Handled now, so a failure during the pause below is not an unhandled rejection (which would end
      // the process); the statements after a part that could not be stored are not applied.
      stored.catch((err: unknown) => (failure ??= err));
      queued.push(stored);
      log = new WriteLog();
      await slice.pause();
      if (failure) throw failure;
      return true;
    },
    async done() {
      queued.push(storage.persist(log));
      await Promise.all(queued);
    },
  };
}

/** Validates and stores one document as a new or replacing version. Throws before changing anything. */
function store(storage: Storage, coll: Collection, doc: Doc, isNew: boolean, log: WriteLog, bypassValidation = false): void {
  const id = valueKey(doc._id);
  validateWrite(coll.options, doc, isNew ? undefined : coll.docs.get(id), bypassValidation);
  if (isNew && coll.docs.has(id)) {
    throw duplicateKey(coll.ns, '_id_', { _id: 1 }, doc);
  }
  if (BSON.calculateObjectSize(doc) > 16 * 1024 * 1024) throw new CommandError(10334, 'BSONObjectTooLarge', 'document is larger than 16MB');
  coll.checkUnique(id, doc);
  if (!isNew && coll.options.capped && BSON.calculateObjectSize(doc) !== BSON.calculateObjectSize(coll.docs.get(id) as Doc)) {
    throw new CommandError(10003, 'Location10003', 'Cannot change the size of a document in a capped collection');
  }
  storage.apply({ o: 'put', d: coll.db, c: coll.name, doc }, log);
  if (isNew && coll.options.capped) trimCapped(storage, coll, log);
}

/**
 * A capped collection keeps its newest documents: past `max` documents or `size` bytes (rounded up
 * to a multiple of 256, as mongod does) the oldest inserted go.
 */
function trimCapped(storage: Storage, coll: Collection, log: WriteLog): void {
  const { size, max } = coll.options as Doc;
  const maxDocs = typeof max === 'number' && max > 0 ? max : Infinity;
  const maxBytes = typeof size === 'number' && size > 0 ? Math.ceil(size / 256) * 256 : Infinity;
  let count = coll.docs.size;
  let bytes = 0;
  if (maxBytes !== Infinity) for (const d of coll.docs.values()) bytes += BSON.calculateObjectSize(d);
  for (const d of [...coll.docs.values()]) {
    // The document just inserted stays, even when it alone is larger than the cap.
    if (count <= 1 || (count <= maxDocs && bytes <= maxBytes)) break;
    bytes -= maxBytes === Infinity ? 0 : BSON.calculateObjectSize(d);
    count--;
    storage.apply({ o: 'del', d: coll.db, c: coll.name, id: d._id }, log);
  }
}

/** Since MongoDB 5.0 a stored document may have $-prefixed field names, except inside _id. */
function checkFieldNames(doc: Doc) {
  const id = doc._id;
  if (id && typeof id === 'object' && (id as object).constructor === Object)
    for (const k of Object.keys(id)) if (k.startsWith('$')) throw new CommandError(52, 'DollarPrefixedFieldName', `_id fields may not contain '$'-prefixed fields: ${k} is not valid for storage.`);
}

const writeError = (index: number, err: unknown) => {
  const e = toCommandError(err);
  return { index, code: e.code, codeName: e.codeName, errmsg: e.message, ...e.extra };
};

function project(doc: Doc | null | undefined, fields: Doc | undefined): Doc | null {
  if (!doc) return null;
  if (!fields || Object.keys(fields).length === 0) return doc;
  return applyProjection([doc], fields)[0];
}

export const writeCommands: Record<string, Handler> = {
  insert: async (cmd, db, ctx) => {
    const name = target(cmd, 'insert');
    const docs = asArray(cmd.documents, 'documents');
    const ordered = cmd.ordered !== false;
    const journal = slicedLog(ctx.storage);
    const writeErrors: Doc[] = [];
    let n = 0;
    let { coll } = ctx.storage.ensureCollection(db, name, journal.log);
    for (let i = 0; i < docs.length; i++) {
      // The collection may have been dropped (and made anew) while others ran.
      if (i > 0 && (await journal.between())) coll = ctx.storage.ensureCollection(db, name, journal.log).coll;
      const log = journal.log;
      try {
        const raw = asDoc(docs[i], 'document');
        checkFieldNames(raw);
        const doc = idFirst(raw._id === undefined ? { _id: new ObjectId(), ...raw } : raw);
        store(ctx.storage, coll, doc, true, log, cmd.bypassDocumentValidation === true);
        n++;
      } catch (err) {
        writeErrors.push(writeError(i, err));
        if (ordered) break;
      }
    }
    await journal.done();
    return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  },

  update: async (cmd, db, ctx) => {
    const name = target(cmd, 'update');
    const statements = asArray(cmd.updates, 'updates');
    // MongoDB 7.0 (the version we claim) has no sort on update statements: 8.0 added it.
    if (statements.some((st) => (st as Doc | null)?.sort !== undefined)) throw new CommandError(40415, 'Location40415', "BSON field 'update.updates.sort' is an unknown field.");
    const ordered = cmd.ordered !== false;
    const journal = slicedLog(ctx.storage);
    const writeErrors: Doc[] = [];
    const upserted: Doc[] = [];
    let n = 0;
    let nModified = 0;
    for (let i = 0; i < statements.length; i++) {
      if (i > 0) await journal.between();
      const log = journal.log;
      try {
        const s = asDoc(statements[i], 'update statement');
        const q = asDoc(s.q, 'q');
        const u = s.u as Doc | Doc[];
        if (!u || typeof u !== 'object') throw badValue('u must be an object or a pipeline');
        const arrayFilters = s.arrayFilters as Doc[] | undefined;
        const isReplacement = !Array.isArray(u) && !Object.keys(u).some((k) => k.startsWith('$'));
        if (s.multi && isReplacement) throw badValue('multi update is not supported for replacement-style update');
        const coll = ctx.storage.collection(db, name);
        const how = { collation: s.collation, variables: evalLet(cmd.let), latest: true };
        prepareFilter(q, how);
        checkHint(coll, s.hint);
        const matches = coll ? (s.multi ? coll.find(q, how).docs : coll.find(q, { ...how, sort: s.sort as Doc, limit: 1 }).docs) : [];
        for (const doc of matches) {
          const next = applyUpdate(doc, u, arrayFilters, false, { query: q, variables: updateVariables(cmd.let) });
          n++;
          if (sameBson(doc, next)) continue;
          store(ctx.storage, coll!, next, false, log, cmd.bypassDocumentValidation === true);
          nModified++;
        }
        if (matches.length === 0 && s.upsert) {
          const { coll: target } = ctx.storage.ensureCollection(db, name, log);
          const doc = applyUpdate(seedFromFilter(q), u, arrayFilters, true, { query: q, variables: updateVariables(cmd.let) });
          store(ctx.storage, target, doc, true, log, cmd.bypassDocumentValidation === true);
          n++;
          upserted.push({ index: i, _id: doc._id });
        }
      } catch (err) {
        writeErrors.push(writeError(i, err));
        if (ordered) break;
      }
    }
    await journal.done();
    const reply: Doc = { n, nModified, ok: 1 };
    if (upserted.length) reply.upserted = upserted;
    if (writeErrors.length) reply.writeErrors = writeErrors;
    return reply;
  },

  delete: async (cmd, db, ctx) => {
    const name = target(cmd, 'delete');
    const statements = asArray(cmd.deletes, 'deletes');
    const ordered = cmd.ordered !== false;
    const journal = slicedLog(ctx.storage);
    const writeErrors: Doc[] = [];
    let n = 0;
    for (let i = 0; i < statements.length; i++) {
      if (i > 0) await journal.between();
      const log = journal.log;
      const coll = ctx.storage.collection(db, name);
      try {
        const s = asDoc(statements[i], 'delete statement');
        const how = { collation: s.collation, variables: evalLet(cmd.let), latest: true };
        prepareFilter(asDoc(s.q, 'q'), how);
        checkHint(coll, s.hint);
        if (!coll) continue;
        const docs = coll.find(asDoc(s.q, 'q'), { ...how, limit: s.limit === 1 ? 1 : undefined }).docs;
        for (const doc of docs) ctx.storage.apply({ o: 'del', d: db, c: name, id: doc._id }, log);
        n += docs.length;
      } catch (err) {
        writeErrors.push(writeError(i, err));
        if (ordered) break;
      }
    }
    await journal.done();
    return writeErrors.length ? { n, writeErrors, ok: 1 } : { n, ok: 1 };
  },

  /** Find, change and return one document in a single synchronous step: the atomic "claim". */
  findAndModify: async (cmd, db, ctx) => {
    const name = target(cmd, 'findAndModify');
    const query = asDoc(cmd.query, 'query');
    const sort = cmd.sort ? asDoc(cmd.sort, 'sort') : undefined;
    const fields = cmd.fields ? asDoc(cmd.fields, 'fields') : undefined;
    const log = new WriteLog();
    try {
      return findAndModify(cmd, db, name, query, sort, fields, log, ctx.storage);
    } finally {
      await ctx.storage.persist(log);
    }
  },
};

function findAndModify(cmd: Doc, db: string, name: string, query: Doc, sort: Doc | undefined, fields: Doc | undefined, log: WriteLog, storage: Storage): Doc {
    const coll = storage.collection(db, name);
    prepareFilter(query, { collation: cmd.collation });
    checkHint(coll, cmd.hint);
    const doc = coll ? coll.find(query, { sort, limit: 1, collation: cmd.collation, variables: evalLet(cmd.let), latest: true }).docs[0] : undefined;
    let reply: Doc;
    if (cmd.remove) {
      if (cmd.update) throw badValue('Cannot specify both an update and remove=true');
      if (doc) storage.apply({ o: 'del', d: db, c: name, id: doc._id }, log);
      reply = { lastErrorObject: { n: doc ? 1 : 0 }, value: project(doc, fields), ok: 1 };
    } else {
      const u = cmd.update as Doc | Doc[];
      if (!u || typeof u !== 'object') throw badValue('Either an update or remove=true must be specified');
      const arrayFilters = cmd.arrayFilters as Doc[] | undefined;
      if (doc) {
        const next = applyUpdate(doc, u, arrayFilters, false, { query, variables: updateVariables(cmd.let) });
        if (!sameBson(doc, next)) store(storage, coll!, next, false, log, cmd.bypassDocumentValidation === true);
        reply = { lastErrorObject: { n: 1, updatedExisting: true }, value: project(cmd.new ? next : doc, fields), ok: 1 };
      } else if (cmd.upsert) {
        const { coll: target } = storage.ensureCollection(db, name, log);
        const created = applyUpdate(seedFromFilter(query), u, arrayFilters, true, { query, variables: updateVariables(cmd.let) });
        store(storage, target, created, true, log, cmd.bypassDocumentValidation === true);
        reply = {
          lastErrorObject: { n: 1, updatedExisting: false, upserted: created._id },
          value: cmd.new ? project(created, fields) : null,
          ok: 1,
        };
      } else {
        reply = { lastErrorObject: { n: 0, updatedExisting: false }, value: null, ok: 1 };
      }
    }
    return reply;
}

/**
 * A command's `let` for an update pipeline: names checked as MongoDB does, then each value evaluated
 * once as an expression ({$literal: 'bar'} binds 'bar'), as for the filter.
 */
function updateVariables(spec: unknown): Doc | undefined {
  return letVariables(spec) && evalLet(spec);
}
