import path from 'node:path';
import mongoose from 'mongoose';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { type EmbeddedDb, startEmbeddedDb } from '../embedded-db/server.js';
import { createModels, ensureIndexes } from './models.js';

/**
 * The database a command-line tool works on: MONGODB_URI, else the running console's embedded
 * database (DB_PORT), else the embedded database on DB_DIR started by the tool itself (the console
 * must be stopped then: a data directory has one owner).
 */
export async function openCliDatabase(config: Config, logger: Logger) {
  let embedded: EmbeddedDb | undefined;
  let conn: mongoose.Connection;
  if (config.mongodbUri) conn = await mongoose.createConnection(config.mongodbUri, { serverSelectionTimeoutMS: 5000 }).asPromise();
  else {
    try {
      if (!config.dbPort) throw new Error('no running console database to reach');
      conn = await mongoose.createConnection(`mongodb://127.0.0.1:${config.dbPort}`, { dbName: 'console', serverSelectionTimeoutMS: 1500 }).asPromise();
    } catch {
      embedded = await startEmbeddedDb({ dir: path.resolve(config.dbDir), port: 0, logger });
      conn = await mongoose.createConnection(embedded.uri, { dbName: 'console', serverSelectionTimeoutMS: 5000 }).asPromise();
    }
  }
  const models = createModels(conn);
  await ensureIndexes(models);
  return {
    models,
    async close() {
      await conn.close();
      await embedded?.close();
    },
  };
}
