import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { freeUdpPort, killAllSipp, runSipp } from './sipp.js';
import { hasSwitch, linkedToSwitch, sipTelephony, startSwitch } from './switch.js';

// Nobody is available: every call the switch lets through waits this long, then hears 480.
const MAX_WAIT_MS = 500;
const FLOOD = { density: 5, unitSeconds: 2 };

describe.skipIf(!hasSwitch)('an INVITE flood', () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;
  let t: TestApp;

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: MAX_WAIT_MS, pike: FLOOD });
    t = await startTestApp({ telephony: sipTelephony(sw, MAX_WAIT_MS) });
    await seedFixtures(t.models);
    await linkedToSwitch(t, sw);
  });
  afterAll(async () => {
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });

  it('from one address is refused with 503 past the limit, and only the calls let through become interactions; another address still gets through', async () => {
    const calls = 40;
    const flood = runSipp({
      scenario: 'caller-refused.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { caller: '+15550100' },
      // 40 calls at 400 a second: far past 5 in 2 s.
      args: ['-s', '5000', '-m', String(calls), '-r', '400', '-l', String(calls)],
    });
    expect(await flood.exited, flood.errors()).toBe(0);
    const outcomes = flood.logLines();
    expect(outcomes).toHaveLength(calls);
    const refused = outcomes.filter((l) => l === 'refused 503').length;
    const waited = outcomes.filter((l) => l === 'refused 480').length;
    expect(refused + waited).toBe(calls);
    expect(refused).toBeGreaterThanOrEqual(calls - 2 * FLOOD.density);
    expect(waited).toBeGreaterThan(0);
    // The console saw exactly the calls the switch let through, each abandoned after the wait.
    const opened = await eventually(
      async () => {
        const all = await t.models.Interaction.find({ from: '+15550100' }).lean();
        return all.every((i) => i.state === 'ended') ? all : null;
      },
      5000,
      'the waiting calls ended',
    );
    expect(opened).toHaveLength(waited);
    expect(opened.filter((i) => i.connectedAt)).toEqual([]);

    // The flood's address is blocked, not the switch: a caller elsewhere is taken (and waits, as nobody is free).
    const other = runSipp({
      scenario: 'caller-refused.xml',
      target: sw.target,
      localAddress: '127.0.0.2',
      localPort: await freeUdpPort('127.0.0.2'),
      keys: { caller: '+15550199' },
      args: ['-s', '5000', '-m', '1'],
    });
    expect(await other.exited, other.errors()).toBe(0);
    expect(other.logLines()).toEqual(['refused 480']);
    expect(await t.models.Interaction.countDocuments({ from: '+15550199' })).toBe(1);
  });
});
