import { freePort } from '../../support/console-process.js';
import { type KamailioProcess, kamailioBinary, startKamailio } from '../../../server/telephony/sip/kamailio-process.js';
import type { KamailioSettings } from '../../../server/telephony/sip/kamailio-config.js';
import { freeUdpPort } from './sipp.js';

/** Whether the SIP tests can run here: they need Kamailio and sipp from Debian's packages (.ci/run installs them). */
export const hasSwitch = !!kamailioBinary();
if (!hasSwitch) console.warn('SIP tests skipped: kamailio is not installed (apt-get install kamailio kamailio-extra-modules sip-tester)');

export const SIP_DOMAIN = 'console.test';

/** A Kamailio of the test file's own on free loopback ports. */
export async function startSwitch(overrides: Partial<KamailioSettings> = {}): Promise<{ kamailio: KamailioProcess; sipPort: number; evapiPort: number; target: string }> {
  const sipPort = overrides.sipPort ?? (await freeUdpPort());
  const evapiPort = overrides.evapiPort ?? (await freePort());
  const kamailio = await startKamailio({
    sipAddress: '127.0.0.1',
    sipPort,
    sipDomain: SIP_DOMAIN,
    evapiAddress: '127.0.0.1',
    evapiPort,
    maxWaitMs: 60_000,
    agentRingMs: 5000,
    // Shorter than the calls' waits in the tests: a call waiting on the console must not be timed out by it.
    tryingMs: 1500,
    ...overrides,
  });
  return { kamailio, sipPort, evapiPort, target: `127.0.0.1:${sipPort}` };
}
