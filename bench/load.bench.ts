import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { io as connect } from 'socket.io-client';
import { createModels } from '../server/db/models.js';
import { bareRoundTrip } from './baseline.js';
import { type AgentSocket, benchTokens, runCall, cachedDataDir, connectAgents, cpuOf, failureCounter, freePort, postCti, root, rssOf, runCopyOf, startServer, stop } from './harness.js';
import { row, summarize, type Summary } from './stats.js';
import { histogramSvg } from './svg-histogram.js';

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

/**
 * The scale benchmark: the real server over the embedded database at 100k customers / ~1.3M
 * transactions, N connected agents, M signed CTI calls per second; pop latency, CTI ack, interaction
 * write and supervisor feed lag as p50/p95/p99 and as ratios to a bare Socket.IO round trip.
 */
export async function benchLoad(opts: LoadOptions) {
  const serverOpts = { serverLog: opts.serverLog };
  const cache = await cachedDataDir(opts.customers, opts.agents, serverOpts);
  const dir = runCopyOf(cache, 'bench-load-');
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
  const servers = [await startServer(dir, dbPort, shared, profileArgs, serverOpts)];
  for (let n = 1; n < processes; n++) servers.push(await startServer(dir, 0, { ...shared, MONGODB_URI: `mongodb://127.0.0.1:${dbPort}/console` }, profileArgs, serverOpts));
  const { child, url } = servers[0];
  const urls = servers.map((s) => s.url);
  const children = servers.map((s) => s.child);
  const startSecs = (performance.now() - started) / 1000;

  const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${dbPort}`, { dbName: 'console' }).asPromise();
  const models = createModels(conn);
  const users = await models.User.find({ username: /^load/ }, { username: 1 }).limit(opts.agents).lean();
  const phones = (await models.Customer.find({}, { phones: 1 }).limit(20_000).lean()).flatMap((c) => c.phones.map((p) => p.number));
  const supervisorUser = await models.User.findOne({ username: 'supervisor' }).lean();
  const tokens = benchTokens();

  const rssTotal = () => children.reduce((sum, c) => sum + rssOf(c.pid!), 0);
  const rssBefore = rssTotal();
  const popAt = new Map<string, number>();
  const popOwner = new Map<string, AgentSocket>();
  const { sockets, lostConnects } = await connectAgents(urls, users, tokens, (p, s) => {
    if (!popAt.has(p.callId)) {
      popAt.set(p.callId, performance.now());
      popOwner.set(p.callId, s);
    }
  });
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
  const failures = failureCounter();
  const post = async (body: object, to = url) => {
    const r = await postCti(to, body);
    if (r.status < 200 || r.status >= 300) failures.add('CTI', r.status);
    return r;
  };

  const total = Math.round(opts.rate * opts.seconds);
  const calls: Array<Promise<void>> = [];
  const t0 = performance.now();
  for (let k = 0; k < total; k++) {
    const due = t0 + (k / opts.rate) * 1000;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    // A load balancer's round robin: each call's events to one process, calls spread over all.
    const via = urls[k % urls.length];
    calls.push(
      runCall(via, phones[k % phones.length], opts.callSeconds, {
        post,
        sending: (callId) => sentAt.set(callId, performance.now()),
        ringing: (callId, r) => {
          ctiAck.push(r.ms);
          if (r.json.interactionId) interactionCall.set(r.json.interactionId, callId);
        },
        ownerOf: (callId) => popOwner.get(callId),
        wrote: (ms, status) => {
          writeLatency.push(ms);
          if (status < 200 || status >= 300) failures.add('PATCH', status);
        },
      }),
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
  console.log(`  lost pops ${lostPops}, failed requests ${failures.total}${failures}, failed connects ${lostConnects}, server memory per connected agent ${memPerAgentKb.toFixed(0)} kB`);

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
  return { ...results, processes, eventLoopDelayMs: loopDelay, cpu, lostPops, failedPosts: failures.total, lostConnects, memPerAgentKb, startSecs };
}
