import pino from 'pino';
import { loadConfigOrExit } from '../config.js';
import { openDatabase } from '../db/open-database.js';
import { createAnalyticsService } from './analytics.service.js';

/**
 * `npm run recompute`: recomputes every customer's value, the RFM quintile cut points and the basket rules,
 * with a progress bar. Uses MONGODB_URI, else the running console's embedded database (DB_PORT), else
 * starts the embedded database on DB_DIR itself.
 */
const config = loadConfigOrExit();
const logger = pino({ level: process.env.LOG_LEVEL ?? 'warn' });

function bar(label: string, done: number, total: number) {
  const share = total ? Math.min(1, done / total) : 1;
  const width = 30;
  const filled = Math.round(share * width);
  process.stdout.write(`\r${label.padEnd(22)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(share * 100)).padStart(3)}%  ${done}/${total}   `);
}

const db = await openDatabase(config, logger, { for: 'tool' });
const { models } = db;
let phase = '';
const report = await createAnalyticsService(models, logger).recomputeAll(new Date(), (p, done, total) => {
  if (phase && p !== phase) process.stdout.write('\n');
  phase = p;
  bar(p === 'read' ? 'reading transactions' : 'writing customers', done, total);
});
process.stdout.write(
  `\nrecomputed ${report.customers} customers from ${report.transactions} transactions; ${report.rules} basket rules; ` +
    `${(report.ms.total / 1000).toFixed(1)} s (read ${report.ms.read} ms, score and mine ${report.ms.score} ms, write ${report.ms.write} ms)\n`,
);
await db.close();
