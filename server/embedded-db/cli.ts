import path from 'node:path';
import pino from 'pino';
import { startEmbeddedDb } from './server.js';

/** `npm run db`: the embedded database on its own, so several console processes can share it. */
const logger = pino({ name: 'embedded-db' });
const dir = path.resolve(process.env.DB_DIR ?? './data');
const port = process.env.DB_PORT !== undefined ? Number(process.env.DB_PORT) : 27017;
const host = process.env.DB_HOST ?? '127.0.0.1';

const db = await startEmbeddedDb({ dir, port, host, logger });
logger.info({ uri: db.uri, dir }, `embedded database listening on ${db.uri}`);
// A line other programs (tests, scripts) can wait for.
process.stdout.write(`READY ${db.uri}\n`);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, async () => {
    if (closing) return;
    closing = true;
    await db.close();
    process.exit(0);
  });
}
