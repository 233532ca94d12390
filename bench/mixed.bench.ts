import fs from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import { hashPassword } from '../server/auth/password.js';
import { createModels } from '../server/db/models.js';
import { chatScenario } from '../server/demo/simulator.js';
import {
  type CtiResult,
  benchTokens,
  cachedDataDir,
  connectAgents,
  cpuOf,
  machineCpu,
  mainThreadCpuOf,
  failureCounter,
  freePort,
  peakRssOf,
  postCti,
  root,
  runCall,
  runCopyOf,
  sleep,
  startServer,
  stop,
  tokenFor,
} from './harness.js';
import { commandsBetween, readTop } from './db-top.js';
import type { JournalStats } from '../server/embedded-db/journal.js';
import { createLoopDelay } from '../server/ops/loop-delay.js';
import { journalBetween } from './journal-figures.js';
import { whyNotPopped } from './lost-pops.js';
import { customerCsv, searchTerms, segmentsOf } from './mixed-inputs.js';
import { databaseGcDuring } from './gc-trace.js';
import { browserCallers, browserPops, openBrowserAgent } from './mixed-browser.js';
import { ACK_TARGET_MS, printMixed, writeLatencySvg } from './mixed-report.js';
import { serverTimes, startupStepDone } from './server-log.js';
import { bySecond, summarize, type Summary } from './stats.js';
import { api, type Api } from './timed-api.js';
import { ReportKind } from '../shared/schemas/reports.js';

// Importable from here as it was before the log readers had a file of their own.
export { serverTimes };

export interface MixedOptions {
  customers: number;
  agents: number;
  seconds: number;
  /** Calls per second (ringing → answered 1 s later → ended after callSeconds), as the load scenario sends them. */
  callRate: number;
  callSeconds: number;
  /** Chats per second through the chat platform's webhook (chat.started, 2–4 messages, chat.ended). */
  chatRate: number;
  supervisors: number;
  /** Supervisors of their own reading historical reports in turn (90 days, each kind, two groupings). */
  reporters: number;
  searchers: number;
  importRows: number;
  /** Pause of each searching agent between two searches (someone typing, not a tight loop). */
  searchThinkMs: number;
  /** Pause of each supervisor between a preview + duplicates round and the next. */
  supervisorThinkMs: number;
  /** Calls whose pop is also timed in a real browser until painted (0: skipped). */
  browserPops: number;
  serverLog?: string;
  /** CPU profiles of the server's threads (the console's and the database's) to bench/results/profiles/. */
  profile?: boolean;
}

/**
 * Chats play four times faster than the demo simulator's (messages 0.4–2 s apart, over in 5–15 s):
 * at 20 chats a second the simulator's pace would keep ~900 chats open at once, more than the floor has
 * chat capacity for, and pops would then measure the queue rather than the console.
 */
const CHAT_SPEED = 4;

const REPORT_KINDS = ReportKind.options;

/**
 * The mixed load of a busy floor, all at once for `seconds`: agents taking calls and chats, supervisors
 * previewing campaign segments and scanning for duplicates, agents searching customers, and a 10k-row
 * customer import started at the beginning; `/api/health` polled every 200 ms shows event-loop stalls.
 * The server logs at info (the production default) into a file, so the database's recovery line is seen.
 */
export async function benchMixed(opts: MixedOptions) {
  const cache = await cachedDataDir(opts.customers, opts.agents, { serverLog: opts.serverLog });
  const dir = runCopyOf(cache, 'bench-mixed-');
  const outDir = path.join(root, 'bench/results');
  fs.mkdirSync(outDir, { recursive: true });
  const stdoutFile = path.join(outDir, 'mixed-server.log');
  const dbPort = await freePort();
  const profileArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(root, 'bench/results/profiles')}`] : [];
  const { child, url, startup } = await startServer(dir, dbPort, {}, profileArgs, { logLevel: 'info', stdoutFile, traceGc: true });
  const pid = child.pid!;
  console.log(
    `  server: database recovered ${startup.recoveredMs !== undefined ? `${(startup.recoveredMs / 1000).toFixed(2)} s` : '(line not seen)'} after spawn, ready after ${(startup.readyMs / 1000).toFixed(2)} s`,
  );

  const conn = await mongoose.createConnection(`mongodb://127.0.0.1:${dbPort}`, { dbName: 'console' }).asPromise();
  const models = createModels(conn);
  const users = await models.User.find({ username: /^load/ }, { username: 1 }).limit(opts.agents).lean();
  // Search terms, caller numbers and chat addresses from the data set itself, spread over it.
  const sample = await models.Customer.find({}, { firstName: 1, lastName: 1, companyName: 1, displayName: 1, phones: 1, emails: 1, addresses: 1, owned: 1 })
    .limit(20_000)
    .lean();
  const phones = sample.flatMap((c) => c.phones.map((p) => p.number));
  const emails = sample.flatMap((c) => (c.emails ?? []).map((e) => e.address));
  const terms = searchTerms(sample);
  const segments = segmentsOf(sample);
  // Supervisors of their own (per-user limits then apply as on a real floor); the demo admin imports.
  const hash = await hashPassword('bench');
  const supNames = Array.from({ length: opts.supervisors }, (_, k) => `mixed-sup${k}`);
  const repNames = Array.from({ length: opts.reporters }, (_, k) => `mixed-rep${k}`);
  for (const username of [...supNames, ...repNames]) await models.User.updateOne({ username }, { $setOnInsert: { username, role: 'supervisor', passwordHash: hash } }, { upsert: true });
  const supUsers = await models.User.find({ username: { $in: supNames } }, { username: 1, role: 1 }).lean();
  const repUsers = await models.User.find({ username: { $in: repNames } }, { username: 1, role: 1 }).lean();
  const adminUser = await models.User.findOne({ username: 'admin' }, { username: 1, role: 1 }).lean();
  const browserAgent = await models.User.findOne({ username: 'agent' }, { username: 1, role: 1 }).lean();
  const tokens = benchTokens();
  const supTokens = await Promise.all(supUsers.map((u) => tokenFor(tokens, u)));
  const repTokens = await Promise.all(repUsers.map((u) => tokenFor(tokens, u)));
  const adminToken = await tokenFor(tokens, adminUser!);

  const sentAt = new Map<string, number>();
  const popAt = new Map<string, number>();
  const popOwner = new Map<string, import('./harness.js').AgentSocket>();
  const { sockets, lostConnects } = await connectAgents([url], users, tokens, (p, s) => {
    if (!popAt.has(p.callId)) {
      popAt.set(p.callId, performance.now());
      popOwner.set(p.callId, s);
    }
  });
  const searcherTokens = sockets.slice(0, opts.searchers).map((s) => s.token);
  // The browser agent logs in before the load: only its pops are measured, not a login under load.
  const browserSession = opts.browserPops > 0 && browserAgent ? await openBrowserAgent(url) : undefined;
  // The back office makes its rows of every customer as the console starts; the load measures a floor
  // running, not that start (its time is printed with the start-up figures).
  const backOfficeWarm = await startupStepDone(stdoutFile, 'back office', 180_000);
  await sleep(1000);

  type Loop = { p50: number; p99: number; max: number };
  // Reading the event-loop histogram resets it: the second read covers the load only.
  const loopDelay = async () => ((await api(url, 'GET', '/api/ops/metrics', adminToken)).json as { eventLoopDelayMs?: Loop })?.eventLoopDelayMs;
  await loopDelay();

  const samples = {
    pop: [] as number[],
    ctiAck: [] as number[],
    /** Of each call's first acknowledgement, the wait for one of the platform's connections. */
    ctiAckQueued: [] as number[],
    chatAck: [] as number[],
    chatPop: [] as number[],
    interactionWrite: [] as number[],
    search: [] as number[],
    preview: [] as number[],
    duplicates: [] as number[],
    report: [] as number[],
    importPoll: [] as number[],
    health: [] as number[],
  };
  const failures = failureCounter();
  const rateLimited: Record<string, number> = {};
  let emptySearches = 0;
  const ok = (s: number) => s >= 200 && s < 300;

  /** The database's operation counts and its long readers' budget (both from one serverStatus). */
  const status = async () => {
    const s = await conn.db!.admin().command({ serverStatus: 1 });
    return {
      ops: s.opcounters as Record<string, number> | undefined,
      readers: s.embeddedReaders as { waits: number; waitedMs: number; chargedMs: number } | undefined,
      journal: s.embeddedJournal as JournalStats | undefined,
    };
  };
  const { ops: opsAtStart, readers: readersAtStart, journal: journalAtStart } = await status();
  const topAtStart = await readTop(conn);
  const cpuAtStart = { server: cpuOf(pid), console: mainThreadCpuOf(pid), machine: machineCpu(), bench: process.cpuUsage(), at: performance.now() };
  // The load generator's own event loop: when it stalls, the latencies it measures grow with it.
  const benchLoop = createLoopDelay();
  const t0 = performance.now();
  const t0Wall = Date.now();
  /** Each call's first CTI acknowledgement by when it was sent (ms into the load). */
  const ackAt: Array<{ at: number; ms: number }> = [];
  const deadline = t0 + opts.seconds * 1000;
  const running = () => performance.now() < deadline;

  /** A back-office request: 429 is a correct answer under load, counted apart and retried after Retry-After. */
  const backOffice = async (what: 'preview' | 'duplicates' | 'report', call: () => Promise<Api>) => {
    for (;;) {
      const r = await call();
      if (r.status === 429) {
        rateLimited[what] = (rateLimited[what] ?? 0) + 1;
        if (!running()) return r;
        await sleep(r.retryAfter * 1000);
        if (!running()) return r;
        continue;
      }
      if (ok(r.status)) samples[what].push(r.ms);
      else failures.add(what, r.status);
      return r;
    }
  };

  // Health: one request at a time, one every 200 ms; a stalled event loop shows as a slow answer.
  let healthOn = true;
  const health = (async () => {
    while (healthOn) {
      const t = performance.now();
      const r = await fetch(`${url}/api/health`).then(async (res) => (await res.arrayBuffer(), res.status), () => 0);
      samples.health.push(performance.now() - t);
      if (!ok(r)) failures.add('health', r);
      await sleep(Math.max(0, 200 - (performance.now() - t)));
    }
  })();

  // The import, started with the load and followed through its progress route as the admin screen does.
  const importCsv = opts.importRows > 0 ? customerCsv(opts.importRows) : '';
  const jobId = `mixed-${Date.now()}`;
  const importStarted = performance.now();
  let importDone = false;
  // --import-rows=0 leaves the import out (to see what the rest costs without it).
  const importRun = (async () => {
    if (opts.importRows <= 0) {
      importDone = true;
      return { ms: 0, status: 0, retryAfter: 0, json: undefined as unknown, wallMs: 0 };
    }
    for (;;) {
      const r = await api(url, 'POST', '/api/imports', adminToken, { type: 'customers', format: 'csv', content: importCsv, jobId });
      if (r.status === 429) {
        rateLimited.import = (rateLimited.import ?? 0) + 1;
        await sleep(r.retryAfter * 1000);
        continue;
      }
      importDone = true;
      if (!ok(r.status)) failures.add('import', r.status);
      // From the first attempt: a wait for the rate limit is part of what the admin sees.
      return { ...r, wallMs: performance.now() - importStarted };
    }
  })();
  const progress = (async () => {
    let last: unknown;
    while (!importDone) {
      await sleep(500);
      if (importDone) break;
      const r = await api(url, 'GET', `/api/imports/${jobId}`, adminToken);
      // 404 until the job is registered (the upload is still arriving).
      if (ok(r.status)) {
        samples.importPoll.push(r.ms);
        last = r.json;
      } else if (r.status !== 404) failures.add('import progress', r.status);
    }
    return last;
  })();

  const supervisors = supTokens.map(async (token, k) => {
    const preview = (n: number) => backOffice('preview', () => api(url, 'POST', '/api/campaigns/preview', token, { segment: segments[(k * 7 + n) % segments.length] }));
    const scan = () => backOffice('duplicates', () => api(url, 'GET', '/api/duplicates?limit=500', token));
    // Half start with the scan: when either is slow, both still get measured within a short run.
    const round = k % 2 ? [scan, preview] : [preview, scan];
    for (let n = 0; running(); n++) {
      await round[0](n);
      if (!running()) break;
      await round[1](n);
      await sleep(opts.supervisorThinkMs);
    }
  });

  // Reports as a supervisor reads them: the last 90 days, each kind in turn, by day in the centre's zone
  // and by week in another (Tehran's half-hour offset reads the half-hour rollups, not the daily ones).
  const reportDays = { from: new Date(Date.now() - 89 * 86_400_000).toISOString().slice(0, 10), to: new Date().toISOString().slice(0, 10) };
  const reporters = repTokens.map(async (token, k) => {
    for (let n = 0; running(); n++) {
      const kind = REPORT_KINDS[(k + n) % REPORT_KINDS.length];
      const grouping = n % 2 ? 'tz=Asia/Tehran&groupBy=week' : 'tz=UTC&groupBy=day';
      await backOffice('report', () => api(url, 'GET', `/api/reports/${kind}?from=${reportDays.from}&to=${reportDays.to}&${grouping}`, token));
      await sleep(opts.supervisorThinkMs);
    }
  });

  const searchers = searcherTokens.map(async (token, k) => {
    for (let n = 0; running(); n++) {
      const q = terms[(k * 997 + n * 31) % terms.length];
      const r = await api(url, 'GET', `/api/customers?q=${encodeURIComponent(q)}&limit=20`, token);
      if (ok(r.status)) {
        samples.search.push(r.ms);
        if ((r.json as { total?: number })?.total === 0) emptySearches++;
      } else failures.add('search', r.status);
      await sleep(opts.searchThinkMs);
    }
  });

  const post = async (body: object, to: string) => {
    const r = await postCti(to, body);
    if (!ok(r.status)) failures.add(`CTI ${(body as { channel: string }).channel}`, r.status);
    return r;
  };

  /** Starts `make(k)` at `rate` a second until the deadline; resolves when every one has finished. */
  const paced = async (rate: number, make: (k: number) => Promise<void>) => {
    const all: Array<Promise<void>> = [];
    if (!(rate > 0)) return;
    for (let k = 0; ; k++) {
      const due = t0 + (k / rate) * 1000;
      if (due >= deadline) break;
      if (due > performance.now()) await sleep(due - performance.now());
      all.push(make(k));
    }
    await Promise.all(all);
  };

  const calls = paced(opts.callRate, (k) =>
    runCall(url, phones[k % phones.length], opts.callSeconds, {
      post,
      sending: (callId) => sentAt.set(callId, performance.now()),
      ringing: (_callId, r) => {
        samples.ctiAck.push(r.ms);
        samples.ctiAckQueued.push(r.queuedMs);
        ackAt.push({ at: performance.now() - t0 - r.ms, ms: r.ms });
      },
      ownerOf: (callId) => popOwner.get(callId),
      wrote: (ms, status) => (ok(status) ? samples.interactionWrite.push(ms) : failures.add('PATCH', status)),
    }),
  );

  const chats = paced(opts.chatRate, async (k) => {
    const events = chatScenario(emails[(k * 13) % emails.length], { speed: CHAT_SPEED });
    const start = performance.now();
    sentAt.set(events[0].event.callId, start);
    for (const { afterMs, event } of events) {
      const wait = start + afterMs - performance.now();
      if (wait > 0) await sleep(wait);
      const r: CtiResult = await post(event, url);
      samples.chatAck.push(r.ms);
    }
  });

  const callers = browserCallers(sample, opts.browserPops);
  const browserRun =
    opts.browserPops > 0 && browserAgent
      ? sleep(2000).then(async () => browserPops(browserSession!, url, opts.browserPops, callers, await tokenFor(tokens, browserAgent), String(browserAgent._id), post, running))
      : Promise.resolve({ samples: [] as number[], missed: 0, missedWhy: [] as string[], note: 'pop painted in a browser: not measured (--browser-pops=0)' });

  const ticker = setInterval(() => {
    const s = Math.min(opts.seconds, Math.round((performance.now() - t0) / 1000));
    process.stderr.write(`\r  mixed load ${s}/${opts.seconds} s: pops ${popAt.size}, searches ${samples.search.length}, previews ${samples.preview.length}, scans ${samples.duplicates.length}, reports ${samples.report.length}`.padEnd(100));
  }, 1000);
  await Promise.all([calls, chats, ...supervisors, ...reporters, ...searchers]);
  const browser = await browserRun;
  const loadSecs = (performance.now() - t0) / 1000;
  const { ops: opsAtEnd, readers: readersAtEnd, journal: journalAtEnd } = await status();
  const topAtEnd = await readTop(conn);
  const loop = await loopDelay();
  const wallSecs = (performance.now() - cpuAtStart.at) / 1000;
  const serverCpuSecs = cpuOf(pid) - cpuAtStart.server;
  const serverCores = serverCpuSecs / wallSecs;
  const consoleCores = (mainThreadCpuOf(pid) - cpuAtStart.console) / wallSecs;
  const machineAtEnd = machineCpu();
  const machine = {
    cores: (machineAtEnd.busy - cpuAtStart.machine.busy) / wallSecs,
    steal: (machineAtEnd.steal - cpuAtStart.machine.steal) / wallSecs,
    /** The share of the time some thread waited for a core. */
    waitedShare: (machineAtEnd.waited - cpuAtStart.machine.waited) / wallSecs,
  };
  const benchCpu = process.cpuUsage(cpuAtStart.bench);
  const benchCores = (benchCpu.user + benchCpu.system) / 1e6 / wallSecs;
  const benchLoopMs = benchLoop.read();
  benchLoop.stop();
  if (!importDone) process.stderr.write('\n  waiting for the import to finish…');
  const imported = await importRun;
  const lastProgress = await progress;
  clearInterval(ticker);
  healthOn = false;
  await health;
  process.stderr.write('\n');
  const peakRss = peakRssOf(pid);

  for (const [callId, at] of popAt) {
    const sent = sentAt.get(callId);
    if (sent === undefined) continue;
    (callId.startsWith('chat-') ? samples.chatPop : samples.pop).push(at - sent);
  }
  const sentCalls = [...sentAt.keys()].filter((id) => !id.startsWith('chat-')).length;
  const sentChats = sentAt.size - sentCalls;
  const lostPops = { calls: sentCalls - samples.pop.length, chats: sentChats - samples.chatPop.length };
  const unpopped = [...sentAt.keys()].filter((id) => !popAt.has(id));
  const lostWhy = {
    calls: await whyNotPopped(models, unpopped.filter((id) => !id.startsWith('chat-'))),
    chats: await whyNotPopped(models, unpopped.filter((id) => id.startsWith('chat-'))),
  };


  for (const s of sockets) s.disconnect();
  await conn.close();
  await stop(child);
  fs.rmSync(dir, { recursive: true, force: true });

  const report = imported.json as { rows?: number; created?: number; updated?: number; rejected?: number; durationMs?: number } | undefined;
  const importResult = {
    status: imported.status,
    rows: opts.importRows,
    created: report?.created,
    updated: report?.updated,
    rejected: report?.rejected,
    wallMs: imported.wallMs,
    serverMs: report?.durationMs,
    rowsPerSec: ok(imported.status) ? opts.importRows / (imported.wallMs / 1000) : 0,
    lastProgress,
  };
  const serverSide = serverTimes(stdoutFile);
  const databaseGc = databaseGcDuring(stdoutFile, t0Wall, t0Wall + loadSecs * 1000);
  const summaries = Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, summarize(v)])) as Record<keyof typeof samples, Summary>;

  // Rates that do not move with the queues: under overload the latencies above swing 2x from run to
  // run, while what each call or chat costs the server changes only with the code.
  const interactions = sentCalls + sentChats;
  const perInteraction = {
    cpuMs: interactions ? (serverCpuSecs * 1000) / interactions : undefined,
    commands: interactions && topAtStart && topAtEnd ? commandsBetween(topAtStart, topAtEnd) / interactions : undefined,
  };
  const targets = printMixed({
    opts,
    actors: { agents: users.length, supervisors: supTokens.length, reporters: repTokens.length, searchers: searcherTokens.length },
    summaries,
    ackAt,
    stdoutFile,
    t0Wall,
    emptySearches,
    importResult,
    loadSecs,
    db: { opsAtStart, opsAtEnd, topAtStart, topAtEnd, readersAtStart, readersAtEnd, journalAtStart, journalAtEnd },
    sentCalls,
    sentChats,
    perInteraction,
    cpu: { peakRss, serverCores, consoleCores, machine, loop, benchCores, benchLoopMs },
    startup,
    backOfficeWarm,
    lostPops,
    lostConnects,
    failures,
    rateLimited,
    lostWhy,
    serverSide,
    databaseGc,
    browser,
  });
  writeLatencySvg(path.join(outDir, 'mixed-latency.svg'), users.length, opts, samples);
  return {
    ...summaries,
    targets,
    import: importResult,
    peakRssBytes: peakRss,
    serverCores,
    consoleThreadCores: consoleCores,
    machine,
    perInteraction,
    ctiAckBySecond: (({ seconds: _s, ...tail }) => tail)(bySecond(ackAt, ACK_TARGET_MS)),
    journal: journalAtStart && journalAtEnd ? journalBetween(journalAtStart, journalAtEnd) : undefined,
    loadGenerator: { cores: benchCores, eventLoopDelayMs: benchLoopMs },
    eventLoopDelayMs: loop,
    startup,
    loadSecs,
    sent: { calls: sentCalls, chats: sentChats },
    lostPops,
    lostWhy,
    lostConnects,
    emptySearches,
    failedRequests: failures.total,
    failures: failures.byKind,
    rateLimited,
    serverSide,
    databaseGc,
    browserPopPainted: { ...summarize(browser.samples), missed: browser.missed, missedWhy: browser.missedWhy, note: browser.note },
    serverLog: path.relative(root, stdoutFile),
  };
}
