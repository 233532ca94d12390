import path from 'node:path';
import pino from 'pino';
import { startEmbeddedDb } from './server.js';

/** `npm run db`: the embedded database on its own, so several console processes can share it. */
const logger = pino({ name: 'embedded-db' });
const dir = path.resolve(process.env.DB_DIR ?? './data');
const port = process.env.DB_PORT !== undefined ? Number(process.env.DB_PORT) : 27017;
const host = process.env.DB_HOST ?? '127.0.0.1';

const repair = process.env.DB_REPAIR === '1';
let db;
try {
  db = await startEmbeddedDb({ dir, port, host, logger, repair });
} catch (err) {
  // Damaged files or a directory in use: say why in one line and exit (a supervisor must not loop on it silently).
  logger.fatal({ dir }, (err as Error).message);
  process.stderr.write(`embedded database did not start: ${(err as Error).message}\n`);
  process.exit(1);
}
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
