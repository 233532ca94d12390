import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import { ImportFormat, ImportType } from '../../shared/schemas/imports.js';
import { loadConfigOrExit } from '../config.js';
import { openDatabase } from '../db/open-database.js';
import { createAnalyticsService } from '../analytics/analytics.service.js';
import { createImportService } from './imports.service.js';

/**
 * `npm run import -- <file> [--type customers|transactions|consents] [--format csv|json]`: imports one file
 * straight into the database the console uses (MONGODB_URI, else the running console's embedded database,
 * else the embedded one in DB_DIR opened by the tool itself). The type defaults from the file name, the format
 * from its extension.
 */
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { type: { type: 'string' }, format: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: npm run import -- <file> [--type customers|transactions|consents] [--format csv|json]\n');
  process.exit(2);
}
const base = path.basename(file).toLowerCase();
const type = ImportType.parse(values.type ?? ImportType.options.find((t) => base.includes(t)) ?? 'customers');
const format = ImportFormat.parse(values.format ?? (base.endsWith('.json') ? 'json' : 'csv'));

const config = loadConfigOrExit();
const logger = pino({ level: 'warn' });
const db = await openDatabase(config, logger, { for: 'tool' });
const { models } = db;

const started = Date.now();
const bar = (done: number, total: number) => {
  const width = 30;
  const share = total ? done / total : 1;
  const filled = Math.round(share * width);
  const rate = Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
  process.stdout.write(`\r${type} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} rows · ${rate} rows/s`);
};

try {
  const analytics = createAnalyticsService(models, logger);
  const report = await createImportService(models, { rescore: (id) => analytics.rescore(id) }).run({ type, format, content: fs.readFileSync(file, 'utf8') }, bar);
  process.stdout.write('\n');
  process.stdout.write(
    `${report.rows} rows: ${report.created} created, ${report.updated} updated, ${report.rejected} rejected` +
      (report.customersRefreshed ? `, ${report.customersRefreshed} customers' totals refreshed` : '') +
      ` in ${(report.durationMs / 1000).toFixed(1)} s\n`,
  );
  for (const r of report.rejections) process.stdout.write(`  line ${r.row}: ${r.reason}\n`);
  if (report.rejected > report.rejections.length) process.stdout.write(`  … and ${report.rejected - report.rejections.length} more\n`);
  process.exitCode = report.rejected ? 1 : 0;
} catch (err) {
  process.stderr.write(`\nimport failed: ${(err as Error).message}\n`);
  process.exitCode = 2;
} finally {
  await db.close();
}
