import type { TestProject } from 'vitest/node';
import { PACKED_COLLECTIONS } from '../../server/db/open-database.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    mongoUri: string;
  }
}

let db: EmbeddedDb | undefined;

/**
 * Tests talk to MONGODB_URI when it is set (a real MongoDB); otherwise to one in-memory embedded
 * database started here, shared by all test files, each of which uses its own database name. It keeps
 * the collections the console's own keeps as BSON the same way, so every test reads them as it would.
 */
export async function setup(project: TestProject) {
  let uri = process.env.MONGODB_URI;
  if (!uri) {
    db = await startEmbeddedDb({ packed: PACKED_COLLECTIONS });
    uri = db.uri;
  }
  project.provide('mongoUri', uri);
}

export async function teardown() {
  await db?.close();
}
