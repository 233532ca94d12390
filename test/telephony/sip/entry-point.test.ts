import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, spawnConsole, stopConsole } from '../../support/console-process.js';
import { killAllSipp, refusedCall } from './sipp.js';
import { hasSwitch, SIP_AUTH_SECRET, SIP_DOMAIN, startSwitch } from './switch.js';

describe.skipIf(!hasSwitch)("TELEPHONY=sip through the console's own entry point (npm start)", () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;
  let dir: string;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: 1000 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'console-sip-'));
    const mark = sw.kamailio.logMark();
    ({ child } = await spawnConsole({
      PORT: String(await freePort()),
      DB_DIR: dir,
      DB_PORT: '0',
      DEMO_MODE: 'true',
      SEED_CUSTOMERS: '20',
      JWT_SECRET: 'sip-entry-jwt-secret-0123456789',
      CTI_SECRET: 'sip-entry-cti-secret-0123456789',
      TELEPHONY: 'sip',
      KAMAILIO_EVAPI_PORT: String(sw.evapiPort),
      SIP_DOMAIN,
      SIP_AUTH_SECRET,
      SIP_WS_URL: `ws://127.0.0.1:${sw.wsPort}`,
      SIP_MAX_WAIT_SECONDS: '1',
    }));
    await sw.kamailio.waitForLog(/console connected from 127\.0\.0\.1:\d+\n(?![\s\S]*console disconnected)/, { after: mark, ms: 20_000 });
  }, 120_000);
  afterAll(async () => {
    await killAllSipp();
    if (child && child.exitCode === null) await stopConsole(child);
    await sw?.kamailio.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects to the switch and decides its calls: with nobody available the caller hears 480 after SIP_MAX_WAIT_SECONDS', async () => {
    const started = Date.now();
    const caller = await refusedCall(sw.target, '+447700900001');
    expect(await caller.exited, caller.errors()).toBe(0);
    // 480 is the console's answer (the switch alone would say 503 without it, or 408 after its timers).
    expect(caller.logLines()).toEqual(['refused 480']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it('lets go of the switch when it stops: new calls are refused with 503', async () => {
    const mark = sw.kamailio.logMark();
    await stopConsole(child!);
    await sw.kamailio.waitForLog(/console disconnected/, { after: mark });
    const caller = await refusedCall(sw.target, '+447700900001');
    expect(await caller.exited, caller.errors()).toBe(0);
    expect(caller.logLines()).toEqual(['refused 503']);
  });
});
