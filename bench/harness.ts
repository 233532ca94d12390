import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { createAnalyticsService } from '../server/analytics/analytics.service.js';
import { hashPassword } from '../server/auth/password.js';
import { createTokens } from '../server/auth/tokens.js';
import { SNAPSHOT_MAX_AGE_MS, createPictureSnapshots } from '../server/customers/picture-snapshots.js';
import { createModels } from '../server/db/models.js';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { Storage } from '../server/embedded-db/storage.js';
import { sign } from '../server/telephony/signature.js';

/**
 * What the benchmarks that drive the real console share: the cached data set, the server as a child
 * process, agents on Socket.IO and signed CTI posts. The load and mixed-load scenarios both use it, so
 * their figures come from the same set-up.
 */

export const root = path.resolve(import.meta.dirname, '..');
export const JWT_SECRET = 'bench-jwt-secret-0123456789';
export const CTI_SECRET = 'bench-cti-secret-0123456789';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

export interface ServerOptions {
  /** Appends the server's stdout (its log) to this file. */
  serverLog?: string;
  /** The server's LOG_LEVEL (default: warn with serverLog, else error). */
  logLevel?: string;
  /**
   * Writes the server's stdout straight to this file instead of a pipe, read back by polling it. A log
   * at info level (every request) then never waits on this process reading a pipe under load.
   */
  stdoutFile?: string;
  /** Runs the server under `--trace-gc`: V8's line for each garbage collection of each thread goes to its stdout (gc-trace.ts reads it). */
  traceGc?: boolean;
}

/** Milliseconds from spawn to the database's recovery line (seen only at info level) and to "ready on". */
export interface StartupTimes {
  recoveredMs?: number;
  readyMs: number;
  /** The recovery line itself ("embedded database recovered from …: N documents, M journal records replayed"). */
  recoveredLine?: string;
}

/** Runs the real console (`server/index.ts`) as a child process over `dir`, and waits until it serves. */
export async function startServer(dir: string, dbPort: number, extraEnv: Record<string, string> = {}, nodeArgs: string[] = [], opts: ServerOptions = {}) {
  const fileOut = opts.stdoutFile ? fs.openSync(opts.stdoutFile, 'w') : undefined;
  const spawnedAt = performance.now();
  // The whole data set lives in the embedded database's memory: give the heap room for 100k customers.
  // Larger semi-spaces (young generation) cut the console thread's garbage-collection time by a third
  // under load; production should run with the same flag (README, "Benchmarks").
  const child = spawn(process.execPath, ['--max-old-space-size=12288', '--max-semi-space-size=64', ...(opts.traceGc ? ['--trace-gc'] : []), ...nodeArgs, '--import', 'tsx', 'server/index.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DB_DIR: dir,
      DB_PORT: String(dbPort),
      PORT: '0',
      HOST: '127.0.0.1',
      // With --server-log, warnings too (slow database commands among them) go to that file.
      LOG_LEVEL: opts.logLevel ?? (opts.serverLog ? 'warn' : 'error'),
      JWT_SECRET,
      CTI_SECRET,
      DEMO_MODE: 'true',
      NODE_ENV: 'development',
      ...extraEnv,
    },
    stdio: ['ignore', fileOut ?? 'pipe', 'inherit'],
  });
  if (fileOut !== undefined) fs.closeSync(fileOut);
  // A benchmark that crashes must not leave its server running (and holding the data directory).
  const orphan = () => child.kill('SIGKILL');
  process.once('exit', orphan);
  child.once('exit', () => process.off('exit', orphan));
  if (opts.serverLog && child.stdout) child.stdout.pipe(fs.createWriteStream(opts.serverLog, { flags: 'a' }));
  const startup: Partial<StartupTimes> = {};
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const seen = (text: string) => {
      out += text;
      const last = out.split('\r').at(-1)!;
      if (/seeding/.test(last)) process.stderr.write(`\r  ${last.trim().slice(0, 70).padEnd(70)}`);
      if (startup.recoveredMs === undefined) {
        const r = /embedded database recovered[^"\n]*/.exec(out);
        if (r) Object.assign(startup, { recoveredMs: performance.now() - spawnedAt, recoveredLine: r[0] });
      }
      const m = /ready on (http:\/\/\S+)/.exec(out);
      if (m) {
        startup.readyMs = performance.now() - spawnedAt;
        resolve(m[1].replace('localhost', '127.0.0.1'));
        return true;
      }
      return false;
    };
    if (child.stdout) child.stdout.on('data', (b: Buffer) => seen(b.toString()));
    else {
      // Polled every 20 ms: the recovery and ready times are as precise as that.
      let read = 0;
      const timer = setInterval(() => {
        const buf = fs.readFileSync(opts.stdoutFile!);
        const text = buf.subarray(read).toString();
        read = buf.length;
        if (seen(text)) clearInterval(timer);
      }, 20);
      child.once('exit', () => clearInterval(timer));
    }
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { child, url, startup: startup as StartupTimes };
}

export async function stop(child: ChildProcess) {
  if (child.exitCode !== null) return;
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await done;
}

/** Builds (once) a data directory with the demo data set at `customers` scale plus `agents` agent users. */
export async function cachedDataDir(customers: number, agents: number, opts: ServerOptions = {}): Promise<string> {
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
  const { child } = await startServer(dir, dbPort, { SEED_CUSTOMERS: String(customers) }, [], opts);
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

/** A throw-away copy of a cached data directory for one run (the run writes to it). */
export function runCopyOf(cache: string, prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  fs.cpSync(cache, dir, { recursive: true });
  // Flush the copy to disk now: its writeback would otherwise run during the load and hold up the
  // journal's fdatasync calls (every durable write) for tens of milliseconds at a time.
  execFileSync('sync');
  fs.rmSync(path.join(dir, 'LOCK'), { force: true });
  return dir;
}

/** CPU seconds (user + system) a process has used so far, all its threads. */
export const cpuOf = (pid: number) => ticksOf(`/proc/${pid}/stat`);
/**
 * CPU seconds its main thread alone has used (the console's event loop: its HTTP, socket.io and driver
 * work; the database's thread, file writes and GC helpers are the process's other threads).
 */
export const mainThreadCpuOf = (pid: number) => ticksOf(`/proc/${pid}/task/${pid}/stat`);
function ticksOf(statFile: string) {
  const stat = fs.readFileSync(statFile, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (100 per second)
}
/**
 * The whole machine's CPU seconds so far (every process, this one and the browser included): busy,
 * and stolen by the host from this virtual machine (time its cores were runnable but not given a CPU).
 */
export function machineCpu(): { busy: number; steal: number; waited: number } {
  const [, ...ticks] = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, _idle, _iowait, irq, softirq, steal] = ticks.map(Number);
  return { busy: (user + nice + system + irq + softirq) / 100, steal: (steal ?? 0) / 100, waited: cpuPressure() };
}
/**
 * Seconds so far in which some runnable thread of the machine waited for a core (the kernel's pressure
 * stall information, "some"); 0 where the kernel does not keep it.
 */
function cpuPressure(): number {
  try {
    const some = /^some .*total=(\d+)/m.exec(fs.readFileSync('/proc/pressure/cpu', 'utf8'));
    return some ? Number(some[1]) / 1e6 : 0;
  } catch {
    return 0;
  }
}
const statusField = (pid: number, field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
export const rssOf = (pid: number) => statusField(pid, 'VmRSS');
/** The process's peak resident set size so far (the kernel's high-water mark), in bytes. */
export const peakRssOf = (pid: number) => statusField(pid, 'VmHWM');

export type Tokens = ReturnType<typeof createTokens>;
export const benchTokens = (): Tokens => createTokens(JWT_SECRET, '2h');

/** A bearer token for a user of the data set, as a login would issue it. */
export const tokenFor = (tokens: Tokens, u: { _id: unknown; username: string; role: string }) =>
  tokens.sign({ userId: String(u._id), username: u.username, role: u.role as 'agent' });

export type AgentSocket = Socket & { token: string; home: string };

/**
 * Connects agents (100 at a time) to the consoles at `urls` (round robin), each acknowledging its pops
 * and set available. `onPop` sees each pop with the socket that received it.
 */
export async function connectAgents(
  urls: string[],
  users: Array<{ _id: unknown; username: string }>,
  tokens: Tokens,
  onPop: (pop: { callId: string; interactionId?: string }, socket: AgentSocket) => void,
) {
  const sockets: AgentSocket[] = [];
  let lostConnects = 0;
  for (let i = 0; i < users.length; i += 100) {
    await Promise.all(
      users.slice(i, i + 100).map(async (u, k) => {
        const token = await tokenFor(tokens, { ...u, role: 'agent' });
        const home = urls[(i + k) % urls.length];
        const s = Object.assign(connect(home, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false }), { token, home });
        sockets.push(s);
        s.on('screen-pop', (p, ack) => {
          ack(true);
          onPop(p, s);
        });
        await new Promise<void>((resolve) => {
          s.once('connect', () => resolve());
          s.once('connect_error', () => (lostConnects++, resolve()));
        });
        await s.emitWithAck('agent:state', { state: 'available' });
      }),
    );
    process.stderr.write(`\r  connecting agents ${Math.min(i + 100, users.length)}/${users.length}`);
  }
  process.stderr.write('\n');
  return { sockets, lostConnects };
}

/**
 * The platform's connections to the console: a telephony or chat platform posts its events over a few
 * persistent connections and queues on them, it does not open one per event in flight (fetch's default
 * pool grows without bound, so a saturated console saw thousands of connection attempts overflow its
 * accept queue). The time an event waits for a free connection counts in its acknowledgement.
 */
export const PLATFORM_CONNECTIONS = 32;
const platformAgent = new http.Agent({ keepAlive: true, maxSockets: PLATFORM_CONNECTIONS, scheduling: 'fifo' });

/**
 * Posts one signed CTI (or chat platform) event; `ok: false` with status 0 when the server did not answer.
 * `queuedMs`: of `ms`, the time the event waited for one of the platform's connections (each carries one
 * request at a time), before it was sent.
 */
export async function postCti(url: string, body: object): Promise<{ ms: number; queuedMs: number; status: number; json: { interactionId?: string } }> {
  const raw = JSON.stringify(body);
  const t = performance.now();
  let queuedMs = 0;
  try {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        `${url}/api/cti/events`,
        { method: 'POST', agent: platformAgent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(raw), 'x-cti-signature': sign(raw, CTI_SECRET) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      // A free connection takes the request at once; a busy pool hands it one when an answer frees it.
      req.once('socket', () => (queuedMs = performance.now() - t));
      req.end(raw);
    });
    let json: { interactionId?: string } = {};
    try {
      json = text ? (JSON.parse(text) as { interactionId?: string }) : {};
    } catch {
      // Not JSON (a proxy's error page): the status says what happened.
    }
    return { ms: performance.now() - t, queuedMs, status, json };
  } catch {
    // A saturated server may not even accept the connection in time: counted by the caller, not fatal.
    return { ms: performance.now() - t, queuedMs, status: 0, json: {} };
  }
}

/** Counts failed requests by what and status ("CTI 503": 2). */
export function failureCounter() {
  const byKind = new Map<string, number>();
  let total = 0;
  return {
    add(what: string, status: number) {
      total++;
      byKind.set(`${what} ${status}`, (byKind.get(`${what} ${status}`) ?? 0) + 1);
    },
    get total() {
      return total;
    },
    get byKind() {
      return Object.fromEntries(byKind);
    },
    toString() {
      return byKind.size ? ` (${[...byKind].map(([k, n]) => `${k}: ${n}`).join(', ')})` : '';
    },
  };
}

export type CtiResult = Awaited<ReturnType<typeof postCti>>;

/**
 * One call as the telephony platform sends it: `call.ringing`, answered a second later, ended after
 * `callSeconds`; then the agent whose screen took the pop saves notes and a disposition (PATCH).
 */
export async function runCall(
  via: string,
  from: string,
  callSeconds: number,
  h: {
    post: (body: object, to: string) => Promise<CtiResult>;
    /** Just before `call.ringing` is posted (pop latency is measured from here). */
    sending?: (callId: string) => void;
    ringing?: (callId: string, r: CtiResult) => void;
    ownerOf: (callId: string) => AgentSocket | undefined;
    wrote?: (ms: number, status: number) => void;
  },
) {
  const callId = `load-${randomUUID()}`;
  const base = { callId, channel: 'voice', from, to: '+442079460000' };
  const event = (type: string) => ({ ...base, eventId: randomUUID(), type, at: new Date().toISOString() });
  h.sending?.(callId);
  const r = await h.post(event('call.ringing'), via);
  h.ringing?.(callId, r);
  await sleep(1000);
  await h.post(event('call.answered'), via);
  await sleep(callSeconds * 1000);
  await h.post(event('call.ended'), via);
  const owner = h.ownerOf(callId);
  if (owner && r.json.interactionId) {
    const t = performance.now();
    const res = await fetch(`${owner.home}/api/interactions/${r.json.interactionId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.token}` },
      body: JSON.stringify({ notes: 'bench call', disposition: 'information' }),
    }).catch(() => null);
    h.wrote?.(performance.now() - t, res?.status ?? 0);
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
