import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { createApp } from './app.js';
import { loadConfigOrExit } from './config.js';
import { startEmbeddedDbThread, type EmbeddedDbThread } from './embedded-db/thread.js';
import { seedDemoData } from './seed/seed.js';
import { DEMO_USERS } from './seed/generate.js';
import { disableDemoLogins } from './auth/demo-logins.js';
import { backfillSearchTokens } from './customers/search-tokens-backfill.js';

/** Reads the environment, starts the database if none is configured, and serves the console. */
const config = loadConfigOrExit();
const logger = pino({ level: config.logLevel });
for (const w of config.warnings) logger.warn(`!!! ${w}`);

let embedded: EmbeddedDbThread | undefined;
let uri = config.mongodbUri;
if (!uri) {
  // On a thread of its own: the database's work runs on another core, beside the console's event loop.
  embedded = await startEmbeddedDbThread({ dir: path.resolve(config.dbDir), port: config.dbPort, slowMs: config.dbSlowMs, repair: config.dbRepair, logger });
  uri = embedded.uri;
  logger.info({ uri, dir: path.resolve(config.dbDir) }, 'embedded database started (set MONGODB_URI to use a real MongoDB)');
}
// Heartbeats every 2 s: the console notices the database leaving (and answers 503) and coming back quickly.
const conn = await mongoose
  .createConnection(uri, { ...(embedded ? { dbName: 'console' } : {}), serverSelectionTimeoutMS: 5000, heartbeatFrequencyMS: 2000 })
  .asPromise();
const console_ = await createApp({ config, conn, logger, clientDir: path.resolve('dist/client') });

if (!config.demoMode) await disableDemoLogins(console_.models, logger);
if (config.demoMode) {
  const started = Date.now();
  const result = await seedDemoData(console_.models, {
    customers: config.seedCustomers,
    now: new Date(),
    log: (line) => process.stdout.write(`\r${line.padEnd(60)}`),
  });
  if (result.seeded) process.stdout.write(`\ndemo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  // Fresh demo data has scores but no basket rules or stored cut points yet: derive them in the background.
  if (result.seeded) void console_.services.analytics.recomputeAll().catch((err) => logger.error({ err }, 'first recompute failed'));
}

// Customers from an earlier version get their search tokens in the background.
void backfillSearchTokens(console_.models, logger).catch((err) => logger.error({ err }, 'indexing customers for search failed'));

// Call lists of seeded campaigns (and any left half-built by a restart) are built from their segments.
// A failure here is logged, not fatal: the console serves calls, and the next start resumes the build.
try {
  const built = await console_.services.campaigns.buildPending((name, done, total) => process.stdout.write(`\rbuilding call list “${name}” ${done}/${total}`.padEnd(70)));
  if (built) process.stdout.write(`\n${built} call list(s) built\n`);
} catch (err) {
  logger.error({ err }, 'building call lists failed; they stay "building" and are resumed at the next start');
}

const port = await console_.listen();
const url = `http://localhost:${port}`;
process.stdout.write(`\nAgent console ready on ${url}\n`);
// The pictures' read model: snapshots that are missing (new data, an import) or old are built in the
// background; until then a pop reads its customer's parts from their collections.
void console_.services.pictures
  .warm((done, total) => {
    if (done === total || done % 10_000 === 0) logger.info({ done, total }, 'preparing customer pictures');
  })
  .then(({ built, customers }) => built && logger.info({ built, customers }, 'customer pictures ready'))
  .catch((err) => logger.error({ err }, 'preparing customer pictures failed'));
if (config.demoMode) {
  process.stdout.write(`Demo logins (password "demo"): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}\n`);
  process.stdout.write(`Send calls and chats with: npm run simulate\n\n`);
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'shutting down: finishing in-flight work');
  const force = setTimeout(() => {
    logger.error('shutdown: in-flight work did not finish within 10 s; exiting anyway');
    process.exit(1);
  }, 10_000);
  force.unref();
  // 1. Stop accepting connections; requests already being handled run to completion (server.close
  //    waits for them and closes idle keep-alive connections at once).
  const drained = new Promise<void>((resolve) => console_.server.close(() => resolve()));
  console_.server.closeIdleConnections();
  // 2. Disconnect sockets (screens reconnect to another process) and stop timers.
  await console_.close();
  // 3. Only when every in-flight request has answered: close the database.
  await drained;
  await conn.close();
  await embedded?.close();
  logger.info('shutdown complete');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
