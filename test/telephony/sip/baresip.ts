import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeUdpPort } from './sipp.js';

/** Whether Debian's baresip is installed (`apt-get install baresip`): a real phone that takes REFER. */
export const hasBaresip = fs.existsSync('/usr/bin/baresip');

export interface Baresip {
  /** Everything it printed so far. */
  log(): string;
  /** Resolves when its output matches `re` (rejects after `ms`, with what it printed). */
  waitForLog(re: RegExp, ms?: number): Promise<void>;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * A caller's phone (baresip) that dials `uri` as `caller` and plays a tone: unlike sipp, a full SIP
 * phone, so it takes a blind transfer (REFER) by calling the address it is referred to. Its own
 * configuration in a temporary directory: UDP on loopback, G.711, no sound card (a sine wave out, a
 * file in), no registration.
 */
export async function startBaresip(o: { uri: string; caller: string; seconds?: number }): Promise<Baresip> {
  // baresip listens on its port over UDP and TCP, and on the next one for TLS: a port free for UDP
  // can be another process's TCP port at that moment. It says so and gives up; another port is tried.
  let last = '';
  for (let attempt = 0; attempt < 5; attempt++) {
    const phone = startOnce(o, await freeUdpPort());
    const started = await Promise.race([
      phone.waitForLog(/baresip is ready\.|Address already in use|init failed/, 10_000).then(
        () => !/Address already in use|init failed/.test(phone.log()),
        () => false,
      ),
      phone.exited.then(() => false),
    ]);
    if (started) return phone;
    last = phone.log();
    await phone.stop();
  }
  throw new Error(`baresip did not start on five ports:\n${last.slice(-2000)}`);
}

function startOnce(o: { uri: string; caller: string; seconds?: number }, port: number): Baresip {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'baresip-'));
  fs.writeFileSync(
    path.join(dir, 'config'),
    [
      'poll_method epoll',
      `sip_listen 127.0.0.1:${port}`,
      'module_path /usr/lib/baresip/modules',
      'module g711.so',
      'module ausine.so',
      'module aufile.so',
      'module menu.so',
      'module account.so',
      'audio_source ausine,440',
      `audio_player aufile,${path.join(dir, 'heard.wav')}`,
      `audio_alert aufile,${path.join(dir, 'alert.wav')}`,
      // ausine makes 48 kHz stereo only: baresip resamples it for G.711.
      'ausrc_srate 48000',
      'auplay_srate 48000',
      'ausrc_channels 2',
      'auplay_channels 2',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(path.join(dir, 'accounts'), `<sip:${o.caller}@127.0.0.1>;regint=0\n`);
  const child: ChildProcess = spawn('baresip', ['-f', dir, '-n', '127.0.0.1', '-e', `/dial ${o.uri}`, '-t', String(o.seconds ?? 60)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let logged = '';
  const waiters = new Set<() => void>();
  const take = (b: Buffer) => {
    // Its call timer redraws one line many times a second: kept out of the log.
    logged += b.toString().replace(/\[\d+:\d\d:\d\d\] audio=[^\r\n]*?\(bit\/s\)\s*/g, '');
    for (const w of waiters) w();
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const kill = () => child.kill('SIGKILL');
  process.once('exit', kill);
  void exited.then(() => {
    process.off('exit', kill);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    log: () => logged,
    waitForLog: (re, ms = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!re.test(logged)) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`baresip did not print ${re} within ${ms} ms:\n${logged.slice(-3000)}`));
        }, ms);
        waiters.add(check);
        check();
      }),
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(kill, 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
