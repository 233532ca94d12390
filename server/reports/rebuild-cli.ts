import pino from 'pino';
import { loadConfigOrExit } from '../config.js';
import { openDatabase } from '../db/open-database.js';
import { createBackground } from '../ops/background.js';
import { createRollupRepository, type RebuildPhase } from './rollups.repository.js';
import { DEFAULT_SERVICE_LEVEL_SEC } from '../../shared/schemas/queue-settings.js';

/**
 * `npm run reports:rebuild`: recomputes every report rollup from the interactions and the agents' state
 * log (after a fix in how figures are counted, or on data imported without them), with a progress bar.
 * Uses MONGODB_URI, else the running console's embedded database (DB_PORT), else starts the embedded
 * database on DB_DIR itself. A console running meanwhile keeps adding its own changes; rebuild while it
 * is quiet, or restart it afterwards.
 */
const config = loadConfigOrExit();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

function bar(label: string, done: number, total: number) {
  const share = total ? Math.min(1, done / total) : 1;
  const width = 30;
  const filled = Math.round(share * width);
  process.stdout.write(`\r${label.padEnd(16)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${done}/${total}   `);
}

const db = await openDatabase(config, logger, { for: 'tool' });
const started = Date.now();
let phase: RebuildPhase | '' = '';
// Each queue's service-level threshold as its settings say now (the Queues screen), else the default.
const thresholds = new Map((await db.models.QueueSettings.find({}, { queue: 1, serviceLevelSec: 1 }).lean()).map((s) => [s.queue, s.serviceLevelSec]));
const serviceLevelOf = (queue: string) => thresholds.get(queue) ?? DEFAULT_SERVICE_LEVEL_SEC;
const rollups = createRollupRepository({ models: db.models, background: createBackground(logger), logger, serviceLevelOf, timeZone: config.reportsTimeZone });
const done = await rollups.rebuild((p, n, total) => {
  if (phase && p !== phase) process.stdout.write('\n');
  phase = p;
  bar(p, n, total);
});
process.stdout.write(`\nrebuilt the report rollups of ${done.interactions} interactions and ${done.agents} agents' state logs in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
await db.close();
