import { type ChildProcess, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const SCENARIOS = path.join(import.meta.dirname, 'scenarios');

/** A UDP port free now on `address` (SIP here is UDP only). */
export async function freeUdpPort(address = '127.0.0.1'): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => s.bind(0, address, resolve));
  const { port } = s.address();
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

export interface Sipp {
  child: ChildProcess;
  /** Resolves with sipp's exit code (0: every call went through its scenario). */
  exited: Promise<number>;
  /** The lines the scenario logged (<log message>), read after it exited. */
  logLines(): string[];
  /** sipp's error trace (unexpected messages), for failure messages. */
  errors(): string;
  kill(): Promise<void>;
}

const running = new Set<Sipp>();

/**
 * Runs sipp with one of scenarios/*.xml against `target` (host:port), from `local` (address and port),
 * with -key values and extra options. Every run is remembered so a test file's afterAll kills them all.
 */
export function runSipp(opts: { scenario: string; target: string; localAddress?: string; localPort: number; keys?: Record<string, string>; args?: string[]; ooc?: string }): Sipp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sipp-'));
  const logFile = path.join(dir, 'scenario.log');
  const errorFile = path.join(dir, 'errors.log');
  const args = [
    '-sf',
    path.join(SCENARIOS, opts.scenario),
    ...(opts.ooc ? ['-oocsf', path.join(SCENARIOS, opts.ooc)] : []),
    '-i',
    opts.localAddress ?? '127.0.0.1',
    '-p',
    String(opts.localPort),
    '-trace_logs',
    '-log_file',
    logFile,
    '-trace_err',
    '-error_file',
    errorFile,
    // No statistics screen: sipp runs without a terminal.
    '-nostdin',
    ...Object.entries(opts.keys ?? {}).flatMap(([k, v]) => ['-key', k, v]),
    ...(opts.args ?? []),
    opts.target,
  ];
  const child = spawn('sipp', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8') : '');
  const sipp: Sipp = {
    child,
    exited,
    logLines: () =>
      read(logFile)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    errors: () => `${stderr}\n${read(errorFile)}`.trim(),
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      running.delete(sipp);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  running.add(sipp);
  void exited.then(() => undefined);
  return sipp;
}

/** One call from `caller` that expects to be refused (caller-refused.xml logs `refused <code>`). */
export async function refusedCall(target: string, caller: string, dialled = '5000'): Promise<Sipp> {
  return runSipp({ scenario: 'caller-refused.xml', target, localPort: await freeUdpPort(), keys: { caller }, args: ['-s', dialled, '-m', '1'] });
}

/** Kills every sipp this test file started. */
export async function killAllSipp(): Promise<void> {
  await Promise.all([...running].map((s) => s.kill()));
}
