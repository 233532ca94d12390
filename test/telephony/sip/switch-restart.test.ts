import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, eventually, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { freeUdpPort, killAllSipp, runSipp } from './sipp.js';
import { availableAgent, hasSwitch, linkedToSwitch, SIP_DOMAIN, sippCredentials, sipTelephony, startSwitch } from './switch.js';

describe.skipIf(!hasSwitch)('the switch restarting under the console', () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;
  let t: TestApp;

  beforeAll(async () => {
    sw = await startSwitch({ maxWaitMs: 5000 });
    t = await startTestApp({ telephony: sipTelephony(sw, 5000) });
    await seedFixtures(t.models);
    await t.app.services.sip!.whenConnected();
  });
  afterAll(async () => {
    await killAllSipp();
    await t?.close();
    await sw?.kamailio.stop();
  });

  it('reconnects on its own and routes the next call (the phones register again)', async () => {
    const sip = t.app.services.sip!;
    await sw.kamailio.stop();
    await eventually(() => !sip.connected, 5000, 'the link down');
    sw = await startSwitch({ sipPort: sw.sipPort, evapiPort: sw.evapiPort, maxWaitMs: 5000 });
    await linkedToSwitch(t, sw);

    // The new switch knows no registrations: the agent's phone registers again, as phones do.
    const mark = sw.kamailio.logMark();
    runSipp({
      scenario: 'agent-register.xml',
      ooc: 'agent-answer.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { agent: 'agent', domain: SIP_DOMAIN },
      args: ['-m', '1', '-d', '60000', ...sippCredentials('agent')],
    });
    await sw.kamailio.waitForLog(/registered sip:agent@/, { after: mark });
    await availableAgent(t, 'agent');

    const caller = runSipp({
      scenario: 'caller.xml',
      target: sw.target,
      localPort: await freeUdpPort(),
      keys: { caller: '+447700900001' },
      args: ['-s', '5000', '-m', '1', '-d', '200'],
    });
    expect(await caller.exited, caller.errors()).toBe(0);
    const ended = await eventually(
      async () => {
        const i = await t.models.Interaction.findOne({ from: '+447700900001', callId: /^sip:/ }).lean();
        return i?.state === 'ended' ? i : null;
      },
      5000,
      'the call ended',
    );
    expect(ended).toMatchObject({ agentName: 'agent' });
    expect(ended.connectedAt).toBeInstanceOf(Date);
  });
});
