import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startDbProcess } from '../../test/support/db-process.js';

/**
 * Measures how closely the embedded database behaves like MongoDB where mongoose relies on it: runs
 * mongoose's own mocha suite (a checkout of github.com/Automattic/mongoose with its dev dependencies
 * installed by `npm install --ignore-scripts`) against a fresh embedded database in a temp dir.
 *
 *   npx tsx bench/fidelity/mongoose-suite.ts --mongoose=/tmp/mongoose [--out=report.json]
 *        [--files=test/model.updateOne.test.js,...] [--grep=pattern] [--timeout=10000] [--list-failures]
 *   npx tsx bench/fidelity/mongoose-suite.ts --mongoose=/tmp/mongoose --report=earlier.json   (summarise again)
 *
 * MONGOOSE_TEST_URI points mongoose's test setup at our database, so mongodb-memory-server never starts.
 * Prints passed/failed/pending totals and the pass rate, both overall and excluding the tests that need
 * what the embedded database refuses by design (EXCLUSIONS below, each with its count).
 */
const { values } = parseArgs({
  options: {
    mongoose: { type: 'string' },
    out: { type: 'string' },
    report: { type: 'string' },
    files: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '10000' },
    'list-failures': { type: 'boolean', default: false },
  },
});

/**
 * What we refuse by design, matched against a test's file and full title (first matching rule wins).
 * Kept explicit so the figures say exactly what was left out.
 */
const EXCLUSIONS: Array<{ rule: string; file?: RegExp; title?: RegExp; error?: RegExp }> = [
  { rule: 'transactions', file: /transactions/i, title: /transaction/i },
  { rule: 'change streams', file: /model\.watch\.test/, title: /change ?stream|\bwatch\(|\bwatch\b/i },
  { rule: 'replica sets', title: /replica ?set|replset|readPreference/i },
  // maxTimeMS tests use a slow $where to time out: matched on the refusal itself.
  { rule: '$where', title: /\$where/, error: /\$where operator requires/ },
  { rule: '$out/$merge', title: /\$out\b|\$merge\b/ },
  { rule: 'views', title: /\bviews?\b|viewOn/i },
  { rule: 'auth', title: /authenticat|createUser|\bauth\b/i },
  { rule: 'geo', file: /geojson/i, title: /\bgeo|2dsphere|\b2d index|\$near|\$within|\$centerSphere|\$box|\$polygon|minDistance|maxDistance/i },
  { rule: '$lookup/populate across databases', title: /useDb|cross[- ]db|across (?:connections|databases)|different (?:db|database)/i },
  { rule: 'GridFS', title: /gridfs|GridFSBucket/i },
  { rule: 'timeseries', title: /time ?series/i },
  { rule: 'capped collections', file: /capped/i, title: /capped/i },
  { rule: 'client-side encryption', file: /encrypt/i, title: /encrypt|csfle|\bqe\b/i },
  { rule: 'sharding', file: /shard/i, title: /shard/i },
];

interface TestResult {
  title: string;
  fullTitle: string;
  file?: string;
  err?: { message?: string; stack?: string };
}
interface MochaJson {
  stats: { tests: number; passes: number; failures: number; pending: number; duration: number };
  passes: TestResult[];
  failures: TestResult[];
  pending: TestResult[];
}

const exclusionOf = (t: TestResult) =>
  EXCLUSIONS.find(
    (r) =>
      (r.file && t.file && r.file.test(t.file)) ||
      (r.title && r.title.test(t.fullTitle)) ||
      (r.error && t.err?.message && r.error.test(t.err.message)),
  )?.rule;

const pct = (a: number, b: number) => (b === 0 ? '0.0' : ((100 * a) / b).toFixed(1));

async function main() {
  const mongooseDir = values.mongoose && path.resolve(values.mongoose);
  if (!mongooseDir || !fs.existsSync(path.join(mongooseDir, 'test/common.js'))) {
    throw new Error('--mongoose=/path/to/mongoose-checkout (with node_modules installed) is required');
  }
  const out = values.report ? path.resolve(values.report) : await run(mongooseDir);
  summarise(mongooseDir, out);
}

/** Runs the suite against a fresh embedded database; returns the path of mocha's JSON report. */
async function run(mongooseDir: string): Promise<string> {
  const dbDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mongoose-suite-db-'));
  const out = path.resolve(values.out ?? path.join(os.tmpdir(), `mongoose-suite-${Date.now()}.json`));
  const db = await startDbProcess(dbDir);
  try {
    const files = values.files ? values.files.split(',') : ['./test/**/*.test.js'];
    const args = [
      path.join(mongooseDir, 'node_modules/mocha/bin/mocha.js'),
      '--exit',
      '--timeout', values.timeout!,
      '--ignore', 'test/encryption/**/*.test.js',
      '--reporter', 'json',
      '--reporter-option', `output=${out}`,
      ...(values.grep ? ['--grep', values.grep] : []),
      ...files,
    ];
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, args, {
        cwd: mongooseDir,
        env: { ...process.env, MONGOOSE_TEST_URI: `${db.uri}/mongoose_test` },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.on('exit', (c) => resolve(c));
    });
    if (!fs.existsSync(out)) throw new Error(`mocha exited with ${code} and wrote no report`);
  } finally {
    await db.stop();
    fs.rmSync(dbDir, { recursive: true, force: true });
  }
  return out;
}

function summarise(mongooseDir: string, out: string) {
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as MochaJson;
  const passed = report.passes.length;
  const failed = report.failures.length;
  const pending = report.pending.length;
  const ran = passed + failed;
  console.log(`mongoose suite against the embedded database (${report.stats.duration} ms; report: ${out})`);
  console.log(`total ${passed + failed + pending}  passed ${passed}  failed ${failed}  pending ${pending}`);
  console.log(`passed ${pct(passed, ran)}% of the tests that ran`);

  const perRule = new Map<string, { passed: number; failed: number }>(EXCLUSIONS.map((r) => [r.rule, { passed: 0, failed: 0 }]));
  let keptPassed = 0;
  let keptFailed = 0;
  for (const [list, outcome] of [[report.passes, 'passed'], [report.failures, 'failed']] as const) {
    for (const t of list) {
      const rule = exclusionOf(t);
      if (rule) perRule.get(rule)![outcome]++;
      else if (outcome === 'passed') keptPassed++;
      else keptFailed++;
    }
  }
  console.log(`excluding what we refuse by design: passed ${keptPassed} failed ${keptFailed} -> ${pct(keptPassed, keptPassed + keptFailed)}%`);
  for (const [rule, n] of perRule) console.log(`  excluded by ${rule}: ${n.passed + n.failed} (${n.failed} failing, ${n.passed} passing)`);

  if (values['list-failures']) {
    for (const t of report.failures) {
      const rule = exclusionOf(t);
      const file = t.file ? path.relative(mongooseDir!, t.file) : '?';
      console.log(`FAIL ${rule ? `[${rule}] ` : ''}${file} :: ${t.fullTitle}\n     ${(t.err?.message ?? '').split('\n')[0].slice(0, 300)}`);
    }
  }
}

await main();
