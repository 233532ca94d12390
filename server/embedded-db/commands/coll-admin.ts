import { CommandError, namespaceNotFound, notImplemented } from '../errors.js';
import type { Doc } from '../keys.js';
import { checkValidatorSpec, satisfiesValidator } from '../validation.js';
import { WriteLog } from '../storage.js';
import { type Handler, asDoc, target } from './context.js';

/** Fields of collMod that change the collection's options (all logged, all kept in snapshots). */
const COLLMOD_OPTIONS = new Set(['validator', 'validationLevel', 'validationAction', 'changeStreamPreAndPostImages', 'expireAfterSeconds']);
const COLLMOD_IGNORED = new Set(['collMod', '$db', 'lsid', '$clusterTime', '$readPreference', 'writeConcern', 'comment', 'apiVersion', 'readConcern', 'txnNumber']);

function splitNs(ns: unknown, field: string): { d: string; c: string } {
  if (typeof ns !== 'string') throw new CommandError(14, 'TypeMismatch', `BSON field 'renameCollection.${field}' is the wrong type, expected type 'string'`);
  const dot = ns.indexOf('.');
  if (dot <= 0 || dot === ns.length - 1) throw new CommandError(73, 'InvalidNamespace', `Invalid namespace specified '${ns}'`);
  return { d: ns.slice(0, dot), c: ns.slice(dot + 1) };
}

export const collAdminCommands: Record<string, Handler> = {
  /** `{ renameCollection: 'db.from', to: 'db.to', dropTarget }`, run against admin as in MongoDB. */
  renameCollection: async (cmd, db, ctx) => {
    if (db !== 'admin') throw new CommandError(13, 'Unauthorized', 'renameCollection may only be run against the admin database.');
    const from = splitNs(cmd.renameCollection, 'renameCollection');
    const to = splitNs(cmd.to, 'to');
    if (from.d === to.d && from.c === to.c) throw new CommandError(20, 'IllegalOperation', `Can't rename a collection to itself`);
    if (!ctx.storage.collection(from.d, from.c)) throw new CommandError(26, 'NamespaceNotFound', `Source collection ${from.d}.${from.c} does not exist`);
    const log = new WriteLog();
    if (ctx.storage.collection(to.d, to.c)) {
      if (cmd.dropTarget !== true) throw new CommandError(48, 'NamespaceExists', `target namespace exists`);
      ctx.storage.apply({ o: 'dropColl', d: to.d, c: to.c }, log);
    }
    ctx.storage.apply({ o: 'modColl', d: from.d, c: from.c, to }, log);
    await ctx.storage.persist(log);
    return { ok: 1 };
  },

  /** Changes validator/validationLevel/validationAction and one index's expireAfterSeconds/hidden. */
  collMod: async (cmd, db, ctx) => {
    const name = target(cmd, 'collMod');
    const coll = ctx.storage.collection(db, name);
    if (cmd.viewOn !== undefined || cmd.pipeline !== undefined) throw notImplemented('views are not supported by the embedded database');
    if (!coll) throw namespaceNotFound(`${db}.${name}`);
    const opts: Doc = {};
    for (const [k, v] of Object.entries(cmd)) {
      if (COLLMOD_IGNORED.has(k) || k === 'index') continue;
      if (!COLLMOD_OPTIONS.has(k)) throw new CommandError(40415, 'Location40415', `BSON field 'collMod.${k}' is an unknown field.`);
      opts[k] = v;
    }
    checkValidatorSpec(opts);
    const reply: Doc = { ok: 1 };
    let index: { name: string; set: Doc } | undefined;
    if (cmd.index !== undefined) {
      const spec = asDoc(cmd.index, 'index');
      const found = [...coll.indexes.values()].find((i) =>
        typeof spec.name === 'string' ? i.name === spec.name : JSON.stringify(i.spec.key) === JSON.stringify(spec.keyPattern),
      );
      if (!found) throw new CommandError(27, 'IndexNotFound', `cannot find index ${JSON.stringify(spec.name ?? spec.keyPattern)} for ns ${db}.${name}`);
      const set: Doc = {};
      for (const k of ['expireAfterSeconds', 'hidden', 'unique', 'prepareUnique'] as const) {
        if (spec[k] === undefined) continue;
        if (k === 'expireAfterSeconds' && typeof found.spec.expireAfterSeconds !== 'number')
          throw new CommandError(72, 'InvalidOptions', 'no expireAfterSeconds field to update');
        reply[`${k}_old`] = found.spec[k];
        reply[`${k}_new`] = spec[k];
        set[k] = spec[k];
      }
      if (set.unique !== undefined) throw notImplemented('converting an index to unique is not supported by the embedded database');
      index = { name: found.name, set };
    }
    const log = new WriteLog();
    ctx.storage.apply({ o: 'modColl', d: db, c: name, opts, ...(index ? { index } : {}) }, log);
    await ctx.storage.persist(log);
    return reply;
  },

  /** Checks documents against the validator and indexes against documents; reports like mongod. */
  validate: (cmd, db, ctx) => {
    const name = target(cmd, 'validate');
    const coll = ctx.storage.collection(db, name);
    if (!coll) throw namespaceNotFound(`${db}.${name}`);
    let invalid = 0;
    for (const doc of coll.docs.values()) if (!satisfiesValidator(coll.options, doc)) invalid++;
    const keysPerIndex: Doc = { _id_: coll.docs.size };
    const indexDetails: Doc = { _id_: { valid: true } };
    for (const index of coll.indexes.values()) {
      keysPerIndex[index.name] = coll.docs.size;
      indexDetails[index.name] = { valid: true };
    }
    const warnings = invalid ? [`Detected ${invalid} document(s) in the collection that do not conform to the collection's validation rules`] : [];
    return {
      ns: `${db}.${name}`,
      nInvalidDocuments: invalid,
      nNonCompliantDocuments: invalid,
      nrecords: coll.docs.size,
      nIndexes: coll.indexes.size + 1,
      keysPerIndex,
      indexDetails,
      valid: true,
      repaired: false,
      warnings,
      errors: [],
      extraIndexEntries: [],
      missingIndexEntries: [],
      corruptRecords: [],
      ok: 1,
    };
  },

  /** No operation of ours outlives the command that reads it: nothing is ever in progress. */
  currentOp: (cmd, db) => {
    if (db !== 'admin') throw new CommandError(13, 'Unauthorized', 'currentOp may only be run against the admin database.');
    void cmd;
    return { inprog: [], ok: 1 };
  },
};
