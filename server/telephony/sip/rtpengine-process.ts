import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';

/** Debian's rtpengine (`apt-get install rtpengine-daemon`), or null when it is not installed. */
export function rtpengineBinary(): string | null {
  return ['/usr/bin/rtpengine', '/usr/sbin/rtpengine'].find((p) => fs.existsSync(p)) ?? null;
}

export interface RtpengineProcess {
  /** host:port of its ng control (UDP), for Kamailio's rtpengine module. */
  ng: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts rtpengine in the foreground, in userspace only (no kernel forwarding table: nothing to load
 * as root), without Debian's configuration file, relaying media on `address` between `portMin` and
 * `portMax`; resolves once it says its start is complete.
 */
export async function startRtpengine(o: {
  address: string;
  ngPort: number;
  portMin: number;
  portMax: number;
  onLog?: (text: string) => void;
  /** More of rtpengine's own options (`--dtmf-log-dest=…`). */
  extraArgs?: string[];
}): Promise<RtpengineProcess> {
  const binary = rtpengineBinary();
  if (!binary) throw new Error('rtpengine is not installed (apt-get install rtpengine-daemon)');
  const child: ChildProcess = spawn(
    binary,
    ['--config-file=none', '--foreground', '--log-stderr', '--table=-1', `--interface=${o.address}`, `--listen-ng=${o.address}:${o.ngPort}`, `--port-min=${o.portMin}`, `--port-max=${o.portMax}`, '--log-level=6', ...(o.extraArgs ?? [])],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let logged = '';
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => ((exited = true), resolve())));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`rtpengine did not start in time\n${logged}`)), 10_000);
    child.stderr!.on('data', (b: Buffer) => {
      const text = b.toString();
      o.onLog?.(text);
      logged = (logged + text).slice(-1_000_000);
      if (/Startup complete/.test(logged)) {
        clearTimeout(timer);
        resolve();
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`rtpengine exited while starting\n${logged}`));
    });
  });
  return {
    ng: `${o.address}:${o.ngPort}`,
    log: () => logged,
    async stop() {
      process.off('exit', kill);
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(kill, 5000);
        await exit;
        clearTimeout(timer);
      }
    },
  };
}
