import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAllSipp, runSipp, freeUdpPort } from './sipp.js';
import { hasSwitch, SIP_AUTH_SECRET, SIP_DOMAIN, sippCredentials, startSwitch } from './switch.js';

describe.skipIf(!hasSwitch)('REGISTER needs the credentials the console issues', () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;

  beforeAll(async () => {
    sw = await startSwitch();
  });
  afterAll(async () => {
    await killAllSipp();
    await sw?.kamailio.stop();
  });

  const register = async (scenario: string, agent: string, credentials: string[]) => {
    const phone = runSipp({ scenario, target: sw.target, localPort: await freeUdpPort(), keys: { agent, domain: SIP_DOMAIN }, args: ['-m', '1', ...credentials] });
    return phone;
  };

  it("registers an agent's phone that answers the challenge with the agent's own credentials", async () => {
    const mark = sw.kamailio.logMark();
    const phone = await register('agent-register.xml', 'agent', sippCredentials('agent'));
    await sw.kamailio.waitForLog(new RegExp(`registered sip:agent@${SIP_DOMAIN.replace('.', '\\.')}`), { after: mark });
    await phone.kill();
  });

  it.each([
    ['with a password made with another secret', 'agent', sippCredentials('agent', { secret: 'not-the-switch-secret-0123456789' })],
    ['with credentials that have expired', 'agent', sippCredentials('agent', { validForMs: -60_000 })],
    ["as another agent, with that agent's own valid credentials", 'agent2', sippCredentials('agent')],
  ])('challenges a REGISTER without credentials (401), then refuses it %s (403)', async (_what, agent, credentials) => {
    const mark = sw.kamailio.logMark();
    const phone = await register('register-refused.xml', agent, credentials);
    expect(await phone.exited, phone.errors()).toBe(0);
    expect(phone.logLines()).toEqual(['refused 403']);
    await sw.kamailio.waitForLog(/REGISTER sip:agent2?@\S+ from 127\.0\.0\.1:\d+ refused/, { after: mark });
  });

  it('keeps the shared secret out of what the switch logs', () => {
    expect(sw.kamailio.log()).toContain('auth_ephemeral');
    expect(sw.kamailio.log()).not.toContain(SIP_AUTH_SECRET);
  });
});
