import path from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { startEmbeddedDb } from '../embedded-db/server.js';
import { startEmbeddedDbThread } from '../embedded-db/thread.js';
import { createModels, ensureIndexes, type Models } from './models.js';

export interface Database {
  conn: mongoose.Connection;
  models: Models;
  /** Where the data is: MONGODB_URI, the running console's database, or the embedded database's directory. */
  where: string;
  /** Closes the connection, then the embedded database this process started (if it did). */
  close(): Promise<void>;
}

/**
 * The embedded database keeps these collections' documents as BSON in memory, decoding each at its read:
 * the largest ones by count and by size (purchases; the customers' stored pictures), read by id or by
 * customer a few at a time and scanned whole only by back-office jobs. At 100k customers they took 2.1 GB
 * of its heap as objects, three times their BSON.
 */
export const PACKED_COLLECTIONS = ['transactions', 'picturesnapshots'] as const;

/**
 * The one way anything here reaches its database: MONGODB_URI when set; otherwise the embedded
 * database on DB_DIR. The console (`for: 'console'`) owns the directory and runs the embedded database
 * on a thread of its own; a command-line tool (`for: 'tool'`) first asks the running console's
 * database (DB_PORT), and only when none answers opens the directory itself (a directory has one
 * owner: the console must be stopped then).
 */
export async function openDatabase(config: Config, logger: Logger, opts: { for: 'console' | 'tool' }): Promise<Database> {
  const dir = path.resolve(config.dbDir);
  // The console hears of the database leaving (and answers 503) and coming back within 2 s.
  const watch = opts.for === 'console' ? { heartbeatFrequencyMS: 2000 } : {};
  let stop: (() => Promise<void>) | undefined;
  let conn: mongoose.Connection;
  let where: string;
  if (config.mongodbUri) {
    conn = await mongoose.createConnection(config.mongodbUri, { serverSelectionTimeoutMS: 5000, ...watch }).asPromise();
    where = 'MONGODB_URI';
  } else if (opts.for === 'console') {
    // On a thread of its own: the database's work runs on another core, beside the console's event loop.
    const embedded = await startEmbeddedDbThread({
      dir,
      port: config.dbPort,
      unixSocket: true,
      slowMs: config.dbSlowMs,
      repair: config.dbRepair,
      packed: PACKED_COLLECTIONS,
      logger,
    });
    stop = () => embedded.close();
    conn = await mongoose.createConnection(embedded.uri, { dbName: 'console', serverSelectionTimeoutMS: 5000, ...watch }).asPromise();
    where = dir;
    logger.info({ uri: embedded.uri, dir }, 'embedded database started (set MONGODB_URI to use a real MongoDB)');
  } else {
    try {
      if (!config.dbPort) throw new Error('no running console database to reach');
      conn = await mongoose.createConnection(`mongodb://127.0.0.1:${config.dbPort}`, { dbName: 'console', serverSelectionTimeoutMS: 1500 }).asPromise();
      where = `the running console's database (port ${config.dbPort})`;
    } catch {
      const embedded = await startEmbeddedDb({ dir, port: 0, packed: PACKED_COLLECTIONS, logger });
      stop = () => embedded.close();
      conn = await mongoose.createConnection(embedded.uri, { dbName: 'console', serverSelectionTimeoutMS: 5000 }).asPromise();
      where = dir;
    }
  }
  const models = createModels(conn);
  if (opts.for === 'tool') await ensureIndexes(models);
  return {
    conn,
    models,
    where,
    async close() {
      await conn.close();
      await stop?.();
    },
  };
}
