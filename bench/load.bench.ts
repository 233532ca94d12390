import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { hashPassword } from '../server/auth/password.js';
import { createTokens } from '../server/auth/tokens.js';
import { SNAPSHOT_MAX_AGE_MS, createPictureSnapshots } from '../server/customers/picture-snapshots.js';
import { createModels } from '../server/db/models.js';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { Storage } from '../server/embedded-db/storage.js';
import { createAnalyticsService } from '../server/analytics/analytics.service.js';
import pino from 'pino';
import { sign } from '../server/telephony/signature.js';
import { bareRoundTrip } from './baseline.js';
import { row, summarize, type Summary } from './stats.js';
import { histogramSvg } from './svg-histogram.js';

const root = path.resolve(import.meta.dirname, '..');
const JWT_SECRET = 'bench-jwt-secret-0123456789';
const CTI_SECRET = 'bench-cti-secret-0123456789';

export interface LoadOptions {
  customers: number;
  agents: number;
  rate: number;
  seconds: number;
  callSeconds: number;
  /** Writes a V8 CPU profile of the server process to bench/results/profiles/ (open it in Chrome DevTools). */
  profile?: boolean;
  /** Console processes sharing the traffic through the Redis Streams adapter (1: no Redis). */
  processes?: number;
  redisUrl?: string;
  /** Appends the server processes' log (warnings and errors) to this file. */
  serverLog?: string;
  /** Logs database commands slower than this many ms (with --server-log). */
  slowMs?: number;
}

let serverLog: string | undefined;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

/** Runs the real console (`server/index.ts`) as a child process over `dir`, and waits until it serves. */
async function startServer(dir: string, dbPort: number, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []) {
  // The whole data set lives in the embedded database's memory: give the heap room for 100k customers.
  // Larger semi-spaces (young generation) cut the console thread's garbage-collection time by a third
  // under load; production should run with the same flag (README, "Benchmarks").
  const child = spawn(process.execPath, ['--max-old-space-size=12288', '--max-semi-space-size=64', ...nodeArgs, '--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DB_DIR: dir,
      DB_PORT: String(dbPort),
      PORT: '0',
      HOST: '127.0.0.1',
      // With --server-log, warnings too (slow database commands among them) go to that file.
      LOG_LEVEL: serverLog ? 'warn' : 'error',
      JWT_SECRET,
      CTI_SECRET,
      DEMO_MODE: 'true',
      NODE_ENV: 'development',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (serverLog) child.stdout!.pipe(fs.createWriteStream(serverLog, { flags: 'a' }));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const last = out.split('\r').at(-1)!;
      if (/seeding/.test(last)) process.stderr.write(`\r  ${last.trim().slice(0, 70).padEnd(70)}`);
      const m = /ready on (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

/** Builds (once) a data directory with the demo data set at `customers` scale plus `agents` agent users. */
async function cachedDataDir(customers: number, agents: number): Promise<string> {
  const dir = path.join(root, 'bench/.cache', `db-${customers}-${agents}`);
  if (fs.existsSync(path.join(dir, 'READY'))) {
    // Caches made before the pictures' read model existed get their snapshots once, and again before
    // they are old enough for the console to rebuild them while the load runs.
    const pictures = path.join(dir, 'PICTURES');
    if (!fs.existsSync(pictures) || Date.now() - fs.statSync(pictures).mtimeMs > SNAPSHOT_MAX_AGE_MS / 2) await warmPictures(dir);
    return dir;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  console.log(`  building the bench data set (${customers.toLocaleString()} customers, ${agents} agents) once; cached in ${path.relative(root, dir)}`);
  const dbPort = await freePort();
  const { child } = await startServer(dir, dbPort, { SEED_CUSTOMERS: String(customers) });
  process.stderr.write('\n');
  // Stop as soon as it has seeded (its first recompute is cut short), then add the agents and run the
  // full recompute here, alone, so the cached data set has scores, cut points and basket rules.
  await stop(child);
  const db = await startEmbeddedDb({ dir });
  const conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
  const models = createModels(conn);
  const hash = await hashPassword('bench');
  for (let i = 0; i < agents; i += 500) {
    await models.User.insertMany(
      Array.from({ length: Math.min(500, agents - i) }, (_, k) => ({ username: `load${i + k}`, role: 'agent', passwordHash: hash, team: `team-${(i + k) % 10}` })),
    );
  }
  await createAnalyticsService(models, pino({ level: 'silent' })).recomputeAll(new Date(), (phase, done, total) =>
    process.stderr.write(`\r  recompute: ${phase} ${done}/${total}`.padEnd(70)),
  );
  process.stderr.write('\n');
  await conn.close();
  await db.close();
  await warmPictures(dir);
  fs.writeFileSync(path.join(dir, 'READY'), new Date().toISOString());
  return dir;
}

/** Builds the pictures' read model (one snapshot per customer) into a data directory, as a console start would. */
async function warmPictures(dir: string) {
  const db = await startEmbeddedDb({ dir });
  const conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
  const { built } = await createPictureSnapshots(createModels(conn)).warm((done, total) => process.stderr.write(`\r  customer pictures ${done}/${total}`.padEnd(70)));
  process.stderr.write(`\n  ${built} customer pictures built\n`);
  await conn.close();
  await db.close();
  // Fold the journal into a snapshot now, so every run starts from a compact copy.
  await (await Storage.open({ dir })).close();
  fs.writeFileSync(path.join(dir, 'PICTURES'), new Date().toISOString());
}

/** CPU seconds (user + system) a process has used so far. */
const cpuOf = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second)
};
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * The scale benchmark: the real server over the embedded database at 100k customers / ~1.3M
 * transactions, N connected agents, M signed CTI calls per second; pop latency, CTI ack, interaction
 * write and supervisor feed lag as p50/p95/p99 and as ratios to a bare Socket.IO round trip.
 */
export async function benchLoad(opts: LoadOptions) {
  serverLog = opts.serverLog;
  const cache = await cachedDataDir(opts.customers, opts.agents);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-load-'));
  fs.cpSync(cache, dir, { recursive: true });
  // Flush the copy to disk now: its writeback would otherwise run during the load and hold up the
  // journal's fdatasync calls (every durable write) for tens of milliseconds at a time.
  execFileSync('sync');
  fs.rmSync(path.join(dir, 'LOCK'), { force: true });
  const dbPort = await freePort();
  const started = performance.now();
  const profileArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/results/profiles')}`] : [];
  const processes = Math.max(1, opts.processes ?? 1);
  // Several processes: the first hosts the embedded database, the others use it as their MongoDB, and all
  // share Socket.IO traffic and the supervisors' feed through Redis (a stream of their own per run).
  const shared: Record<string, string> = {
    ...(processes > 1 ? { REDIS_URL: opts.redisUrl ?? 'redis://127.0.0.1:6379', REDIS_STREAM: `bench-${randomUUID()}` } : {}),
    ...(opts.slowMs !== undefined ? { DB_SLOW_MS: String(opts.slowMs) } : {}),
  };
  const servers = [await startServer(dir, dbPort, shared, profileArgs)];
  for (let n = 1; n < processes; n++) servers.push(await startServer(dir, 0, { ...shared, MONGODB_URI: `mongodb://127.0.0.1:${dbPort}/console` }, profileArgs));
  const { child, url } = servers[0];
  const urls = servers.map((s) => s.url);
  const children = servers.map((s) => s.child);
  const startSecs = (performance.now() - started) / 1000;

  const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${dbPort}`, { dbName: 'console' }).asPromise();
  const models = createModels(conn);
  const users = await models.User.find({ username: /^load/ }, { username: 1 }).limit(opts.agents).lean();
  const phones = (await models.Customer.find({}, { phones: 1 }).limit(20_000).lean()).flatMap((c) => c.phones.map((p) => p.number));
  const supervisorUser = await models.User.findOne({ username: 'supervisor' }).lean();
  const tokens = createTokens(JWT_SECRET, '2h');

  const rssTotal = () => children.reduce((sum, c) => sum + rssOf(c.pid!), 0);
  const rssBefore = rssTotal();
  const popAt = new Map<string, number>();
  const popOwner = new Map<string, Socket>();
  const sockets: Socket[] = [];
  let lostConnects = 0;
  for (let i = 0; i < users.length; i += 100) {
    await Promise.all(
      users.slice(i, i + 100).map(async (u, k) => {
        const token = await tokens.sign({ userId: String(u._id), username: u.username, role: 'agent' });
        const home = urls[(i + k) % urls.length];
        const s = connect(home, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
        sockets.push(s);
        s.on('screen-pop', (p, ack) => {
          ack(true);
          if (!popAt.has(p.callId)) {
            popAt.set(p.callId, performance.now());
            popOwner.set(p.callId, s);
          }
        });
        await new Promise<void>((resolve) => {
          s.once('connect', () => resolve());
          s.once('connect_error', () => (lostConnects++, resolve()));
        });
        Object.assign(s, { token, home });
        await s.emitWithAck('agent:state', { state: 'available' });
      }),
    );
    process.stderr.write(`\r  connecting agents ${Math.min(i + 100, users.length)}/${users.length}`);
  }
  process.stderr.write('\n');
  await new Promise((r) => setTimeout(r, 1000));
  const rssAgents = rssTotal();

  // The supervisor measures feed lag: from sending `call.ringing` to seeing `started` in the feed.
  const supToken = await tokens.sign({ userId: String(supervisorUser!._id), username: 'supervisor', role: 'supervisor' });
  // On the last process: with several, the feed it shows includes what the others logged (relayed via Redis).
  const sup = connect(urls.at(-1)!, { auth: { token: supToken }, transports: ['websocket'], forceNew: true });
  await new Promise<void>((r) => sup.once('connect', () => r()));
  const sentAt = new Map<string, number>();
  const interactionCall = new Map<string, string>();
  const feedLag: number[] = [];
  // By interaction: a feed event can arrive before the CTI answer that tells which call it is.
  const startedSeen = new Map<string, number>();
  sup.on('feed:batch', (events: Array<{ kind: string; interactionId: string }>) => {
    const now = performance.now();
    for (const e of events) if (e.kind === 'started' && !startedSeen.has(e.interactionId)) startedSeen.set(e.interactionId, now);
  });
  await sup.emitWithAck('supervision:subscribe', {});

  type Loop = { p50: number; p99: number; max: number };
  const metricsOf = async (u: string) => (await (await fetch(`${u}/api/ops/metrics`, { headers: { authorization: `Bearer ${supToken}` } })).json()) as { eventLoopDelayMs: Loop };
  // The worst process's event-loop delay (each histogram resets when read: what follows covers the load only).
  const metrics = async () => {
    const all = await Promise.all(urls.map(metricsOf));
    const worst = (k: keyof Loop) => Math.max(...all.map((m) => m.eventLoopDelayMs[k]));
    return { eventLoopDelayMs: { p50: worst('p50'), p99: worst('p99'), max: worst('max') } };
  };
  await metrics();
  const cpuTotal = () => children.reduce((sum, c) => sum + cpuOf(c.pid!), 0);
  const cpuAtStart = { server: cpuTotal(), bench: process.cpuUsage(), at: performance.now() };
  const ctiAck: number[] = [];
  const popLatency: number[] = [];
  const writeLatency: number[] = [];
  let failedPosts = 0;
  const failures = new Map<string, number>();
  const failed = (what: string, status: number) => {
    failedPosts++;
    failures.set(`${what} ${status}`, (failures.get(`${what} ${status}`) ?? 0) + 1);
  };
  const post = async (body: object, to = url) => {
    const raw = JSON.stringify(body);
    const t = performance.now();
    try {
      const res = await fetch(`${to}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, CTI_SECRET) }, body: raw });
      const json = (await res.json()) as { interactionId?: string };
      if (!res.ok) failed('CTI', res.status);
      return { ms: performance.now() - t, json };
    } catch {
      // A saturated server may not even accept the connection in time: counted, not fatal.
      failed('CTI', 0);
      return { ms: performance.now() - t, json: {} as { interactionId?: string } };
    }
  };

  const total = Math.round(opts.rate * opts.seconds);
  const calls: Array<Promise<void>> = [];
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const due = t0 + (k / opts.rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const callId = `load-${randomUUID()}`;
    const base = { callId, channel: 'voice', from: phones[k % phones.length], to: '+442079460000' };
    // A load balancer's round robin: each call's events to one process, calls spread over all.
    const via = urls[k % urls.length];
    calls.push(
      (async () => {
        sentAt.set(callId, performance.now());
        const r = await post({ ...base, eventId: randomUUID(), type: 'call.ringing', at: new Date().toISOString() }, via);
        ctiAck.push(r.ms);
        if (r.json.interactionId) interactionCall.set(r.json.interactionId, callId);
        await new Promise((res) => setTimeout(res, 1000));
        await post({ ...base, eventId: randomUUID(), type: 'call.answered', at: new Date().toISOString() }, via);
        await new Promise((res) => setTimeout(res, opts.callSeconds * 1000));
        await post({ ...base, eventId: randomUUID(), type: 'call.ended', at: new Date().toISOString() }, via);
        const owner = popOwner.get(callId);
        if (owner && r.json.interactionId) {
          const t = performance.now();
          const { token, home } = owner as unknown as { token: string; home: string };
          const res = await fetch(`${home}/api/interactions/${r.json.interactionId}`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ notes: 'bench call', disposition: 'information' }),
          }).catch(() => null);
          writeLatency.push(performance.now() - t);
          if (!res?.ok) failed('PATCH', res?.status ?? 0);
        }
      })(),
    );
    if (k % opts.rate === 0) process.stderr.write(`\r  calls sent ${k}/${total}`);
  }
  await Promise.all(calls);
  const wallSecs = (performance.now() - cpuAtStart.at) / 1000;
  const benchCpu = process.cpuUsage(cpuAtStart.bench);
  // Share of one core used during the load: the server (all its threads) and this load generator.
  const cpu = {
    serverCores: (cpuTotal() - cpuAtStart.server) / wallSecs,
    benchCores: (benchCpu.user + benchCpu.system) / 1e6 / wallSecs,
  };
  const loopDelay = (await metrics()).eventLoopDelayMs;
  process.stderr.write(`\r  calls sent ${total}/${total}\n`);
  for (const [callId, at] of popAt) popLatency.push(at - sentAt.get(callId)!);
  for (const [interactionId, at] of startedSeen) {
    const callId = interactionCall.get(interactionId);
    if (callId && sentAt.has(callId)) feedLag.push(at - sentAt.get(callId)!);
  }
  const lostPops = total - popAt.size;

  for (const s of sockets) s.disconnect();
  sup.disconnect();
  await conn.close();
  // The database host last: the others are its clients.
  for (const c of children.slice(1)) await stop(c);
  await stop(child);
  fs.rmSync(dir, { recursive: true, force: true });

  const base = summarize(await bareRoundTrip(1000));
  const memPerAgentKb = (rssAgents - rssBefore) / Math.max(1, users.length) / 1024;
  console.log(
    `\nLoad: ${opts.customers.toLocaleString()} customers, ${users.length} agents, ${opts.rate} calls/s for ${opts.seconds} s (${total} calls, ${opts.callSeconds} s talk); ${processes > 1 ? `${processes} server processes over Redis` : 'one server process'}, started in ${startSecs.toFixed(1)} s`,
  );
  const results: Record<string, Summary> = {
    baseline: base,
    popLatency: summarize(popLatency),
    ctiAck: summarize(ctiAck),
    interactionWrite: summarize(writeLatency),
    supervisorFeedLag: summarize(feedLag),
  };
  console.log(row('bare Socket.IO round trip (baseline)', base));
  console.log(row('CTI event → pop on agent socket', results.popLatency, base));
  console.log(row('CTI event acknowledged', results.ctiAck, base));
  console.log(row('interaction write (PATCH acked)', results.interactionWrite, base));
  console.log(row('supervisor feed lag', results.supervisorFeedLag, base));
  console.log(`  server event-loop delay during the load${processes > 1 ? ' (worst process)' : ''}: p50 ${loopDelay.p50} ms, p99 ${loopDelay.p99} ms, max ${loopDelay.max} ms`);
  console.log(`  CPU during the load: server ${cpu.serverCores.toFixed(2)} cores (event loop + database thread), load generator ${cpu.benchCores.toFixed(2)} cores, of ${os.cpus().length}`);
  console.log(`  lost pops ${lostPops}, failed requests ${failedPosts}${failures.size ? ` (${[...failures].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}, failed connects ${lostConnects}, server memory per connected agent ${memPerAgentKb.toFixed(0)} kB`);

  const out = path.join(root, 'bench/results');
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(
    path.join(out, 'load-latency.svg'),
    histogramSvg(`Latency distribution: ${users.length} agents, ${opts.rate} calls/s`, [
      { label: 'pop latency', samples: popLatency, color: '#1a4f9c' },
      { label: 'CTI ack', samples: ctiAck, color: '#2e8b57' },
      { label: 'interaction write', samples: writeLatency, color: '#c0392b' },
      { label: 'feed lag', samples: feedLag, color: '#8e44ad' },
    ]),
  );
  return { ...results, processes, eventLoopDelayMs: loopDelay, cpu, lostPops, failedPosts, lostConnects, memPerAgentKb, startSecs };
}
