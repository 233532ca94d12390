import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type KamailioSettings, writeKamailioConfig } from './kamailio-config.js';

/** Where Debian installs Kamailio (`apt-get install kamailio`), else the first one on PATH; null without one. */
export function kamailioBinary(): string | null {
  const candidates = ['/usr/sbin/kamailio', ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'kamailio'))];
  return (
    candidates.find((p) => {
      try {
        fs.accessSync(p, fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    }) ?? null
  );
}

/** Resolves once something accepts TCP connections on host:port (polled, each attempt a real connect). */
async function untilListening(host: string, port: number, deadline: number, alive: () => boolean): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (!alive()) throw new Error('kamailio exited while starting');
    if (Date.now() > deadline) throw new Error(`kamailio did not listen on ${host}:${port} in time`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export interface KamailioProcess {
  pid: number;
  configFile: string;
  /** Everything Kamailio logged so far (it logs to stderr in the foreground). */
  log(): string;
  /** How much has been logged so far: a mark for waitForLog's `after`. */
  logMark(): number;
  /** Resolves once the log after `after` (a logMark) matches `pattern`, already or when it comes. */
  waitForLog(pattern: RegExp, opts?: { after?: number; ms?: number }): Promise<string>;
  /** SIGTERM, then SIGKILL to the whole process group if it lingers; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts Kamailio in the foreground (-DD: no daemon, -E: log to stderr) with the configuration rendered
 * into a directory of its own, and resolves once evapi listens (the last thing it opens: SIP is up by
 * then). Its workers are its children, in a process group of their own, so stop() leaves none behind.
 */
export async function startKamailio(settings: KamailioSettings & { workDir?: string; startTimeoutMs?: number; onLog?: (text: string) => void }): Promise<KamailioProcess> {
  const binary = kamailioBinary();
  if (!binary) throw new Error('kamailio is not installed (apt-get install kamailio kamailio-extra-modules)');
  const workDir = settings.workDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kamailio-'));
  const ownDir = !settings.workDir;
  let configFile: string;
  try {
    configFile = writeKamailioConfig(workDir, settings);
  } catch (err) {
    if (ownDir) fs.rmSync(workDir, { recursive: true, force: true });
    throw err;
  }
  const runDir = path.join(workDir, 'run');
  fs.mkdirSync(runDir, { recursive: true });
  const child: ChildProcess = spawn(binary, ['-DD', '-E', '-f', configFile, '-Y', runDir], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  let logged = '';
  /** Characters logged since the start (`logged` keeps the recent part only). */
  let total = 0;
  const watchers = new Set<() => void>();
  child.stderr!.on('data', (b: Buffer) => {
    // auth_ephemeral prints its secret at start (info level): it never leaves this process.
    const text = b.toString().replaceAll(settings.authSecret, '[secret]');
    settings.onLog?.(text);
    logged += text;
    total += text.length;
    // Kamailio at info level is chatty; keep the recent part only.
    if (logged.length > 2_000_000) logged = logged.slice(-1_000_000);
    for (const w of watchers) w();
  });
  let exited = false;
  // Kamailio runs in a process group of its own: should this process end without stopping it (a
  // crash, process.exit), the whole group goes with it rather than hold the ports.
  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', killGroup);
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      process.off('exit', killGroup);
      for (const w of watchers) w();
      resolve();
    });
  });

  const stop = async () => {
    if (!exited && child.pid) {
      child.kill('SIGTERM');
      const timer = setTimeout(killGroup, 5000);
      await exit;
      clearTimeout(timer);
    }
    if (ownDir) fs.rmSync(workDir, { recursive: true, force: true });
  };

  try {
    await untilListening(settings.evapiAddress, settings.evapiPort, Date.now() + (settings.startTimeoutMs ?? 15_000), () => !exited);
  } catch (err) {
    const out = logged.split('\n').slice(-30).join('\n');
    await stop();
    throw new Error(`${(err as Error).message}\n${out}`, { cause: err });
  }

  return {
    pid: child.pid!,
    configFile,
    log: () => logged,
    logMark: () => total,
    waitForLog(pattern, { after = 0, ms = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const m = pattern.exec(logged.slice(Math.max(0, after - (total - logged.length))));
          if (m) {
            done();
            resolve(m[0]);
          } else if (exited) {
            done();
            reject(new Error(`kamailio exited before logging ${pattern}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`kamailio did not log ${pattern} within ${ms} ms`));
        }, ms);
        const done = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
    stop,
  };
}
