import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchEmbeddedDb } from './embedded-db.bench.js';
import { benchScreenPop } from './screen-pop.bench.js';

/** `npm run bench [-- --db-sizes=100000,1000000 --ops=2000 --calls=300 --only=db|pop]` */
const { values } = parseArgs({
  options: {
    'db-sizes': { type: 'string', default: '100000,1000000' },
    ops: { type: 'string', default: '2000' },
    only: { type: 'string' },
    calls: { type: 'string', default: '300' },
  },
});

const results: Record<string, unknown> = { at: new Date().toISOString(), cpus: (await import('node:os')).cpus().length };
if (!values.only || values.only === 'db') {
  results.embeddedDb = await benchEmbeddedDb(values['db-sizes']!.split(',').map(Number), Number(values.ops));
}
if (!values.only || values.only === 'pop') {
  results.screenPop = await benchScreenPop(Number(values.calls));
}
const out = path.resolve('bench/results');
fs.mkdirSync(out, { recursive: true });
const file = path.join(out, `bench-${Date.now()}.json`);
fs.writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
