import { Query } from 'mingo';
import { QUERY_OPTIONS } from '../mingo-options.js';
import { CommandError, namespaceExists, namespaceNotFound, notImplemented, badValue } from '../errors.js';
import type { IndexSpec } from '../indexes.js';
import { checkValidatorSpec } from '../validation.js';
import { collatorFor } from '../collation.js';
import { checkOneTextIndex } from '../text-index.js';
import type { Doc } from '../keys.js';
import { WriteLog } from '../storage.js';
import { type Handler, asArray, target } from './context.js';

const defaultIndexName = (key: Doc) =>
  Object.entries(key)
    .map(([k, v]) => `${k}_${v}`)
    .join('_');

function parseIndexSpec(raw: unknown): IndexSpec {
  if (!raw || typeof raw !== 'object') throw badValue('index specification must be an object');
  const spec = { ...(raw as Doc) } as IndexSpec;
  if (!spec.key || typeof spec.key !== 'object' || Object.keys(spec.key).length === 0)
    throw new CommandError(67, 'CannotCreateIndex', 'index key pattern must be a non-empty object');
  spec.name = typeof spec.name === 'string' ? spec.name : defaultIndexName(spec.key);
  collatorFor(spec.collation); // refuses a collation we cannot honour before anything is logged
  delete (spec as Doc).v;
  return spec;
}

/** mongod's checks of a capped collection's options; `capped` may be a number, read as a bool. */
function checkCappedOptions(opts: Doc): void {
  if (opts.capped === undefined) return;
  if (typeof opts.capped !== 'boolean' && typeof opts.capped !== 'number') {
    throw new CommandError(14, 'TypeMismatch', "BSON field 'create.capped' is the wrong type, expected type 'bool'");
  }
  if (!opts.capped) return;
  opts.capped = true;
  if (opts.size === undefined) throw new CommandError(72, 'InvalidOptions', "the 'size' field is required when 'capped' is true");
  if (typeof opts.size !== 'number' || opts.size < 0) throw new CommandError(2, 'BadValue', "the 'size' field must be a non-negative number");
  if (opts.max !== undefined && typeof opts.max !== 'number') throw new CommandError(14, 'TypeMismatch', "BSON field 'create.max' is the wrong type, expected a number");
}

export const ddlCommands: Record<string, Handler> = {
  create: async (cmd, db, ctx) => {
    const name = target(cmd, 'create');
    if (cmd.viewOn) throw notImplemented('views are not supported by the embedded database');
    if (ctx.storage.collection(db, name)) throw namespaceExists(`${db}.${name}`);
    const log = new WriteLog();
    const { $db: _d, lsid: _l, create: _c, ...opts } = cmd;
    checkValidatorSpec(opts);
    collatorFor(opts.collation);
    checkCappedOptions(opts);
    ctx.storage.ensureCollection(db, name, log, opts);
    await ctx.storage.persist(log);
    return { ok: 1 };
  },

  drop: async (cmd, db, ctx) => {
    const name = target(cmd, 'drop');
    const coll = ctx.storage.collection(db, name);
    if (!coll) return { ok: 1 };
    const log = new WriteLog();
    const nIndexesWas = coll.indexes.size + 1;
    ctx.storage.apply({ o: 'dropColl', d: db, c: name }, log);
    await ctx.storage.persist(log);
    return { nIndexesWas, ns: `${db}.${name}`, ok: 1 };
  },

  dropDatabase: async (_cmd, db, ctx) => {
    const log = new WriteLog();
    ctx.storage.apply({ o: 'dropDb', d: db }, log);
    await ctx.storage.persist(log);
    return { dropped: db, ok: 1 };
  },

  listCollections: (cmd, db, ctx) => {
    const infos = [...(ctx.storage.dbs.get(db)?.values() ?? [])].map((c) =>
      cmd.nameOnly ? { name: c.name, type: 'collection' } : {
        name: c.name,
        type: 'collection',
        options: c.options,
        info: { readOnly: false },
        idIndex: { v: 2, key: { _id: 1 }, name: '_id_' },
      },
    );
    const filter = (cmd.filter ?? {}) as Doc;
    const matching = Object.keys(filter).length ? (new Query(filter, QUERY_OPTIONS).find(infos).all() as Doc[]) : infos;
    return ctx.cursors.first(`${db}.$cmd.listCollections`, matching, (cmd.cursor as Doc | undefined)?.batchSize as number | undefined);
  },

  listIndexes: (cmd, db, ctx) => {
    const name = target(cmd, 'listIndexes');
    const coll = ctx.storage.collection(db, name);
    if (!coll) throw namespaceNotFound(`${db}.${name}`);
    return ctx.cursors.first(`${db}.${name}`, coll.indexSpecs(), (cmd.cursor as Doc | undefined)?.batchSize as number | undefined);
  },

  createIndexes: async (cmd, db, ctx) => {
    const name = target(cmd, 'createIndexes');
    const specs = asArray(cmd.indexes, 'indexes').map(parseIndexSpec);
    const log = new WriteLog();
    const { coll, created } = ctx.storage.ensureCollection(db, name, log);
    const before = coll.indexes.size + 1;
    try {
      for (const spec of specs) {
        checkOneTextIndex(coll.indexes.values(), spec);
        if (coll.requireIndexSpecCompatible(spec) === 'new') ctx.storage.apply({ o: 'createIdx', d: db, c: name, spec }, log);
      }
    } finally {
      await ctx.storage.persist(log);
    }
    return { createdCollectionAutomatically: created, numIndexesBefore: before, numIndexesAfter: coll.indexes.size + 1, ok: 1 };
  },

  dropIndexes: async (cmd, db, ctx) => {
    const name = target(cmd, 'dropIndexes');
    const coll = ctx.storage.collection(db, name);
    if (!coll) throw namespaceNotFound(`${db}.${name}`);
    const nIndexesWas = coll.indexes.size + 1;
    const which = cmd.index;
    let names: string[];
    if (which === '*') names = [...coll.indexes.keys()];
    else if (typeof which === 'string') names = [which];
    else if (Array.isArray(which)) names = which.map(String);
    else if (which && typeof which === 'object') {
      const wanted = JSON.stringify(which);
      names = [...coll.indexes.values()].filter((i) => JSON.stringify(i.spec.key) === wanted).map((i) => i.name);
      if (names.length === 0) throw new CommandError(27, 'IndexNotFound', `can't find index with key: ${wanted}`);
    } else throw badValue('index must be a name, a key pattern, an array of names or "*"');
    for (const n of names) {
      if (n === '_id_') throw new CommandError(72, 'InvalidOptions', 'cannot drop _id index');
      if (!coll.indexes.has(n)) throw new CommandError(27, 'IndexNotFound', `index not found with name [${n}]`);
    }
    const log = new WriteLog();
    for (const n of names) ctx.storage.apply({ o: 'dropIdx', d: db, c: name, name: n }, log);
    await ctx.storage.persist(log);
    return { nIndexesWas, ok: 1 };
  },
};
