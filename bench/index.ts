import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { benchBrowser } from './browser.bench.js';
import { benchDbMemory } from './db-memory.bench.js';
import { benchEmbeddedDb } from './embedded-db.bench.js';
import { benchLoad } from './load.bench.js';
import { benchPeer } from './peer.bench.js';
import { benchMixed } from './mixed.bench.js';
import { benchRecompute } from './recompute.bench.js';
import { benchReports } from './reports.bench.js';
import { benchScreenPop } from './screen-pop.bench.js';

/**
 * `npm run bench [-- --only=db,pop,browser,load,peer,mixed,recompute --db-sizes=100000,1000000 --ops=2000 --calls=300
 * --customers=100000 --agents=1000 --rate=50 --seconds=30 --transactions=1000000 --profile --processes=1]`.
 * --profile writes CPU profiles of the load or mixed benchmark's server (one per thread) to bench/results/profiles/.
 * --server-log=FILE appends the server's warnings to FILE; with --slow-ms=N they include every database
 * command slower than N ms (the embedded database's slow-command log).
 * --peer-rows=N and --peer-url=URL: the PostgreSQL peer (`peer`) compares the embedded database with
 * PostgreSQL on N rows (default 50000; --ops operations each); it is skipped if PostgreSQL is unreachable.
 * --processes=N runs N console processes over Redis (--redis-url) sharing the first one's database, agents
 * and calls spread across them as a load balancer would.
 * --only=mixed runs the mixed load (calls at --rate, --chat-rate chats/s, --supervisors previewing segments and
 * scanning duplicates, --reporters supervisors reading reports, --searchers agents searching, an import of --import-rows customers) for --seconds and
 * prints each figure against the targets.
 * --only=browser: in Chromium, each role's first load (bytes, requests, time to usable) and --pops calls
 * timed from the CTI post to the pop painted on the agent's screen (--browser-customers demo customers).
 * Without --only it runs db, pop, browser, load and peer (under ten minutes here once the load data set is cached);
 * the full recompute (about 5 minutes at 100k customers / 1M transactions) runs with --only=recompute.
 * --only=reports: --report-interactions (1M) interactions over 90 days and --report-agents agents' state logs;
 * prints the rollups' rebuild time, each report's time over the 90 days, and CTI ack p99 while five reports run.
 * --only=memory: the embedded database's heap and recovery time over the cached --customers data set, with
 * documents kept as objects and with the console's large collections kept as BSON (--runs of each, alternated).
 */
const { values } = parseArgs({
  options: {
    'db-sizes': { type: 'string', default: '100000,1000000' },
    ops: { type: 'string', default: '2000' },
    only: { type: 'string' },
    calls: { type: 'string', default: '300' },
    customers: { type: 'string', default: '100000' },
    agents: { type: 'string', default: '1000' },
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '30' },
    'call-seconds': { type: 'string', default: '8' },
    transactions: { type: 'string', default: '1000000' },
    profile: { type: 'boolean', default: false },
    'server-log': { type: 'string' },
    'slow-ms': { type: 'string' },
    processes: { type: 'string', default: '1' },
    'redis-url': { type: 'string', default: 'redis://127.0.0.1:6379' },
    'peer-rows': { type: 'string', default: '50000' },
    'peer-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
    'chat-rate': { type: 'string', default: '20' },
    supervisors: { type: 'string', default: '5' },
    reporters: { type: 'string', default: '1' },
    searchers: { type: 'string', default: '20' },
    'import-rows': { type: 'string', default: '10000' },
    'search-think-ms': { type: 'string', default: '250' },
    'supervisor-think-ms': { type: 'string', default: '1000' },
    'browser-pops': { type: 'string', default: '10' },
    pops: { type: 'string', default: '60' },
    'browser-customers': { type: 'string', default: '300' },
    'report-interactions': { type: 'string', default: '1000000' },
    'report-agents': { type: 'string', default: '200' },
    runs: { type: 'string', default: '2' },
  },
});

const wanted = new Set((values.only ?? 'db,pop,browser,load,peer').split(','));
const results: Record<string, unknown> = { at: new Date().toISOString(), cpus: (await import('node:os')).cpus().length };
// The load first, while this process (the load generator) has a clean heap: the in-process database
// and pop benchmarks leave garbage whose collection would otherwise run beside the load.
if (wanted.has('load')) {
  results.load = await benchLoad({
    customers: Number(values.customers),
    agents: Number(values.agents),
    rate: Number(values.rate),
    seconds: Number(values.seconds),
    callSeconds: Number(values['call-seconds']),
    profile: values.profile,
    serverLog: values['server-log'],
    slowMs: values['slow-ms'] !== undefined ? Number(values['slow-ms']) : undefined,
    processes: Number(values.processes),
    redisUrl: values['redis-url']!,
  });
}
if (wanted.has('mixed')) {
  results.mixed = await benchMixed({
    customers: Number(values.customers),
    agents: Number(values.agents),
    seconds: Number(values.seconds),
    callRate: Number(values.rate),
    callSeconds: Number(values['call-seconds']),
    chatRate: Number(values['chat-rate']),
    supervisors: Number(values.supervisors),
    reporters: Number(values.reporters),
    searchers: Number(values.searchers),
    importRows: Number(values['import-rows']),
    searchThinkMs: Number(values['search-think-ms']),
    supervisorThinkMs: Number(values['supervisor-think-ms']),
    browserPops: Number(values['browser-pops']),
    serverLog: values['server-log'],
    profile: values.profile,
  });
}
if (wanted.has('db')) {
  results.embeddedDb = await benchEmbeddedDb(values['db-sizes']!.split(',').map(Number), Number(values.ops));
}
if (wanted.has('pop')) {
  results.screenPop = await benchScreenPop(Number(values.calls));
}
if (wanted.has('browser')) {
  results.browser = await benchBrowser({ pops: Number(values.pops), customers: Number(values['browser-customers']) });
}
if (wanted.has('peer')) {
  results.peer = await benchPeer({ rows: Number(values['peer-rows']), ops: Number(values.ops), pgUrl: values['peer-url'] });
}
if (wanted.has('recompute')) {
  results.recompute = await benchRecompute({ customers: Number(values.customers), transactions: Number(values.transactions) });
}
if (wanted.has('reports')) {
  results.reports = await benchReports({ interactions: Number(values['report-interactions']), agents: Number(values['report-agents']), callRate: Number(values.rate) > 20 ? 20 : Number(values.rate) });
}
if (wanted.has('memory')) {
  results.memory = await benchDbMemory({ customers: Number(values.customers), agents: Number(values.agents), runs: Number(values.runs) });
}
const out = path.resolve('bench/results');
fs.mkdirSync(out, { recursive: true });
const file = path.join(out, `bench-${Date.now()}.json`);
fs.writeFileSync(file, JSON.stringify(results, null, 2));
console.log(`\nresults written to ${path.relative(process.cwd(), file)}`);
