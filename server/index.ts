import path from 'node:path';
import pino from 'pino';
import { createApp } from './app.js';
import { disableDemoLogins } from './auth/demo-logins.js';
import { loadConfigOrExit } from './config.js';
import { backfillSearchTokens } from './customers/search-tokens-backfill.js';
import { openDatabase } from './db/open-database.js';
import { createStartup } from './ops/startup-steps.js';
import { DEMO_USERS } from './seed/generate.js';
import { seedDemoData } from './seed/seed.js';

/** Reads the environment, opens the database (embedded unless MONGODB_URI is set), and serves the console. */
const config = loadConfigOrExit();
const logger = pino({ level: config.logLevel });
for (const w of config.warnings) logger.warn(`!!! ${w}`);

const db = await openDatabase(config, logger, { for: 'console' });
const console_ = await createApp({ config, conn: db.conn, logger, clientDir: path.resolve(config.clientDir) });
const { models, services } = console_;

/** A progress line on a terminal, rewritten in place (the log has the same figures every second). */
const line = (text: string) => process.stdout.write(`\r${text.padEnd(70)}`);
let seeded = false;
const startup = createStartup(logger, [
  {
    name: config.demoMode ? 'demo data' : 'demo logins disabled',
    required: true,
    async run() {
      if (!config.demoMode) return disableDemoLogins(models, logger);
      const started = Date.now();
      const result = await seedDemoData(models, { customers: config.seedCustomers, now: new Date(), log: line });
      seeded = result.seeded;
      if (seeded) process.stdout.write(`\ndemo data seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      return { seeded };
    },
  },
  {
    // Call lists of seeded campaigns (and any left half-built by a restart) are built from their segments.
    // A failure leaves them "building": the next start resumes them.
    name: 'call lists',
    async run() {
      const built = await services.campaigns.buildPending((name, done, total) => line(`building call list “${name}” ${done}/${total}`));
      if (built) process.stdout.write(`\n${built} call list(s) built\n`);
      return { built };
    },
  },
  // Customers from an earlier version get their search tokens.
  { name: 'search tokens', background: true, run: () => backfillSearchTokens(models, logger) },
  {
    // Fresh demo data has scores but no basket rules or stored cut points yet: derive them.
    name: 'first recompute',
    background: true,
    run: (progress) => (seeded ? services.analytics.recomputeAll(new Date(), (phase, done, total) => progress(done, total, phase)) : Promise.resolve('not needed')),
  },
  // The pictures' read model: snapshots that are missing (new data, an import) or old are built; until
  // then a pop reads its customer's parts from their collections.
  { name: 'customer pictures', background: true, run: (progress) => services.pictures.warm(progress) },
  // The back office's rows of every customer (segment previews, the duplicates scan), made before the
  // first supervisor asks; on its own thread, at a lower priority than the floor.
  { name: 'back office', background: true, run: () => services.backOffice.run('warm') },
  // Report rollups of data they never saw (an upgrade, demo data just seeded) are rebuilt once.
  { name: 'report rollups', background: true, run: (progress) => services.rollups.rebuildIfEmpty((phase, done, total) => progress(done, total, phase)) },
]);
await startup.foreground();

const port = await console_.listen();
process.stdout.write(`\nAgent console ready on http://localhost:${port}\n`);
void startup.background();
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
  await db.close();
  logger.info('shutdown complete');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
