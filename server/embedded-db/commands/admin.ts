import { MAX_BSON_BYTES, MAX_MESSAGE_BYTES } from '../wire.js';
import { CommandError } from '../errors.js';
import type { Storage } from '../storage.js';
import type { Handler } from './context.js';
import { topReply } from '../top.js';
import { readerStats } from '../slices.js';

/** Wire version of MongoDB 7.0: every feature mongoose 9's driver relies on is at or below it. */
const MAX_WIRE_VERSION = 21;

const hello: Handler = (_cmd, _db, ctx) => ({
  helloOk: true,
  ismaster: true,
  isWritablePrimary: true,
  maxBsonObjectSize: MAX_BSON_BYTES,
  maxMessageSizeBytes: MAX_MESSAGE_BYTES,
  maxWriteBatchSize: 100_000,
  localTime: new Date(),
  logicalSessionTimeoutMinutes: 30,
  connectionId: ctx.connectionId,
  minWireVersion: 0,
  maxWireVersion: MAX_WIRE_VERSION,
  readOnly: false,
  ok: 1,
});

const version = '7.0.0';
const startedAt = Date.now();

/**
 * The parts of MongoDB's serverStatus that clients read: mongoose's test setup and version checks
 * read `version`; monitoring tools read uptime, connections and opcounters. Counters we do not keep are absent
 * rather than invented.
 */
const serverStatus: Handler = (_cmd, _db, ctx) => {
  const uptimeMs = Date.now() - startedAt;
  return {
    host: 'localhost',
    version,
    process: 'mongod',
    pid: process.pid,
    uptime: Math.floor(uptimeMs / 1000),
    uptimeMillis: uptimeMs,
    uptimeEstimate: Math.floor(uptimeMs / 1000),
    localTime: new Date(),
    // Connection ids are handed out in order, so the latest one is the number created so far.
    connections: { totalCreated: ctx.connectionId },
    opcounters: { ...ctx.opcounters },
    storageEngine: { name: 'embedded', supportsCommittedReads: false, persistent: ctx.storage.durable },
    // Ours: `degraded` (and why) while changes cannot be made durable; the console's health reads it.
    embeddedStorage: ctx.storage.health(),
    // Ours: long readers waiting for a slice, and how often and how long they gave way to short commands.
    embeddedReaders: readerStats(),
    // Ours: the journal's durable batches since start, summed (where acknowledged writes wait).
    embeddedJournal: ctx.storage.journalStats(),
    ok: 1,
  };
};

/** The TTL monitor's settings per database (mongod's defaults until setParameter changes them). */
const ttlSettings = new WeakMap<Storage, { sleepSecs: number; enabled: boolean }>();
const ttlOf = (storage: Storage) => ttlSettings.get(storage) ?? { sleepSecs: 30, enabled: true };

/** Parameters setParameter changes; mongod refuses any other name it does not know. */
const SETTABLE = new Set(['ttlMonitorSleepSecs', 'ttlMonitorEnabled']);

/**
 * setParameter for the TTL monitor: how often it runs (ttlMonitorSleepSecs) and whether it runs at
 * all (ttlMonitorEnabled). Answers with the values they had, as mongod does (`was`).
 */
const setParameter: Handler = (cmd, db, ctx) => {
  if (db !== 'admin') throw new CommandError(13, 'Unauthorized', 'setParameter may only be run against the admin database.');
  const names = Object.keys(cmd).filter((k) => k !== 'setParameter' && !k.startsWith('$') && k !== 'lsid' && k !== 'comment');
  if (names.length === 0) throw new CommandError(2, 'BadValue', 'no option found to set, use help:true to see options ');
  for (const name of names) {
    if (!SETTABLE.has(name)) throw new CommandError(72, 'InvalidOptions', `attempted to set unrecognized parameter [${name}], use help:true to see options `);
  }
  const current = ttlOf(ctx.storage);
  const next = { ...current };
  const was: Record<string, unknown> = {};
  if ('ttlMonitorSleepSecs' in cmd) {
    const secs = Number(cmd.ttlMonitorSleepSecs);
    if (!Number.isInteger(secs) || secs < 1) throw new CommandError(2, 'BadValue', `Invalid value for parameter ttlMonitorSleepSecs: ${String(cmd.ttlMonitorSleepSecs)} is not greater than or equal to 1`);
    was.ttlMonitorSleepSecs = current.sleepSecs;
    next.sleepSecs = secs;
  }
  if ('ttlMonitorEnabled' in cmd) {
    if (typeof cmd.ttlMonitorEnabled !== 'boolean') throw new CommandError(14, 'TypeMismatch', 'ttlMonitorEnabled must be a boolean');
    was.ttlMonitorEnabled = current.enabled;
    next.enabled = cmd.ttlMonitorEnabled;
  }
  ttlSettings.set(ctx.storage, next);
  const storage = ctx.storage;
  if (storage.ttlTimer) clearInterval(storage.ttlTimer);
  storage.ttlTimer = undefined;
  if (next.enabled) {
    storage.ttlTimer = setInterval(() => void storage.expireTtl().catch(() => {}), next.sleepSecs * 1000);
    storage.ttlTimer.unref();
  }
  return { was: names.length === 1 ? was[names[0]] : was, ok: 1 };
};

const getParameter: Handler = (cmd, _db, ctx) => {
  const ttl = ttlOf(ctx.storage);
  const all: Record<string, unknown> = {
    featureCompatibilityVersion: { version: '7.0' },
    ttlMonitorSleepSecs: ttl.sleepSecs,
    ttlMonitorEnabled: ttl.enabled,
  };
  if (cmd.getParameter === '*') return { ...all, ok: 1 };
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(cmd)) if (k in all) out[k] = all[k];
  // Asked for nothing we know: the FCV, which is what clients ask for.
  if (Object.keys(out).length === 0) out.featureCompatibilityVersion = all.featureCompatibilityVersion;
  return { ...out, ok: 1 };
};

export const adminCommands: Record<string, Handler> = {
  hello,
  isMaster: hello,
  ismaster: hello,
  ping: () => ({ ok: 1 }),
  serverStatus,
  top: (_cmd, db, ctx) => {
    if (db !== 'admin') throw new CommandError(13, 'Unauthorized', 'top may only be run against the admin database.');
    return topReply(ctx.top);
  },
  buildInfo: () => ({
    version,
    versionArray: [7, 0, 0, 0],
    gitVersion: 'embedded',
    bits: 64,
    maxBsonObjectSize: MAX_BSON_BYTES,
    storageEngines: ['embedded'],
    ok: 1,
  }),
  buildinfo: (...a) => adminCommands.buildInfo(...a),
  endSessions: () => ({ ok: 1 }),
  killAllSessions: () => ({ ok: 1 }),
  getParameter,
  setParameter,
  whatsmyuri: () => ({ you: '127.0.0.1', ok: 1 }),
  connectionStatus: () => ({ authInfo: { authenticatedUsers: [], authenticatedUserRoles: [] }, ok: 1 }),
  hostInfo: () => ({ system: { hostname: 'localhost' }, ok: 1 }),
  saslStart: () => {
    throw new CommandError(18, 'AuthenticationFailed', 'the embedded database has no users; connect without credentials');
  },
  listDatabases: (_cmd, _db, ctx) => {
    const databases = [...ctx.storage.dbs.keys()].map((name) => ({ name, sizeOnDisk: 0, empty: false }));
    return { databases, totalSize: 0, ok: 1 };
  },
  dbStats: (_cmd, db, ctx) => {
    const colls = ctx.storage.dbs.get(db);
    let objects = 0;
    let indexes = 0;
    for (const c of colls?.values() ?? []) {
      objects += c.docs.size;
      indexes += c.indexes.size + 1;
    }
    return { db, collections: colls?.size ?? 0, objects, indexes, ok: 1 };
  },
};
