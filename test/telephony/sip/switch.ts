import { freePort } from '../../support/console-process.js';
import { type KamailioProcess, kamailioBinary, startKamailio } from '../../../server/telephony/sip/kamailio-process.js';
import type { KamailioSettings } from '../../../server/telephony/sip/kamailio-config.js';
import { ephemeralPassword, sipCredentialsFor } from '../../../server/telephony/sip/sip-credentials.js';
import { expect } from 'vitest';
import { startTestApp, type TestApp } from '../../support/app.js';
import { freeUdpPort, runSipp, type Sipp } from './sipp.js';

/** Whether the SIP tests can run here: they need Kamailio and sipp from Debian's packages (.ci/run installs them). */
export const hasSwitch = !!kamailioBinary();
if (!hasSwitch) console.warn('SIP tests skipped: kamailio is not installed (apt-get install kamailio kamailio-extra-modules sip-tester)');

export const SIP_DOMAIN = 'console.test';
/** The secret the test switch and the test console share (agents' ephemeral credentials). */
export const SIP_AUTH_SECRET = 'switch-test-auth-secret-0123456789';

/** The credential settings of a test console talking to a test switch. */
export const sipCredentialSettings = (wsPort = 5066) => ({ authSecret: SIP_AUTH_SECRET, wsUrl: `ws://127.0.0.1:${wsPort}`, credentialTtlMs: 3600_000 });

/** A Kamailio of the test file's own on free loopback ports. */
export async function startSwitch(overrides: Partial<KamailioSettings> = {}): Promise<{ kamailio: KamailioProcess; sipPort: number; wsPort: number; evapiPort: number; target: string }> {
  const sipPort = overrides.sipPort ?? (await freeUdpPort());
  const wsPort = overrides.wsPort ?? (await freePort());
  const evapiPort = overrides.evapiPort ?? (await freePort());
  const kamailio = await startKamailio({
    sipAddress: '127.0.0.1',
    sipPort,
    wsPort,
    authSecret: SIP_AUTH_SECRET,
    sipDomain: SIP_DOMAIN,
    evapiAddress: '127.0.0.1',
    evapiPort,
    maxWaitMs: 60_000,
    agentRingMs: 5000,
    // Shorter than the calls' waits in the tests: a call waiting on the console must not be timed out by it.
    tryingMs: 1500,
    ...overrides,
  });
  return { kamailio, sipPort, wsPort, evapiPort, target: `127.0.0.1:${sipPort}` };
}

/**
 * sipp's digest credentials (-au, -ap) for `agent`, made as the console makes them; `as` overrides the
 * agent named in them, `validForMs` their lifetime (negative: already expired), `secret` the key.
 */
export function sippCredentials(agent: string, o: { as?: string; validForMs?: number; secret?: string } = {}): string[] {
  const c = sipCredentialsFor(o.as ?? agent, { ...sipCredentialSettings(), credentialTtlMs: o.validForMs ?? 3600_000, sipDomain: SIP_DOMAIN, now: Date.now() });
  return ['-au', c.username, '-ap', o.secret ? ephemeralPassword(o.secret, c.username) : c.password];
}

/**
 * An agent's desk phone (sipp): registers as sip:<username>@<domain> with the console's credentials and
 * answers what it is sent with the `answers` scenario; resolves once the switch has registered it.
 */
export async function deskPhone(sw: Awaited<ReturnType<typeof startSwitch>>, username: string, answers = 'agent-answer.xml'): Promise<Sipp> {
  const mark = sw.kamailio.logMark();
  const phone = runSipp({
    scenario: 'agent-register.xml',
    ooc: answers,
    target: sw.target,
    localPort: await freeUdpPort(),
    keys: { agent: username, domain: SIP_DOMAIN },
    args: ['-m', '1', '-d', '120000', ...sippCredentials(username)],
  });
  await sw.kamailio.waitForLog(new RegExp(`registered sip:${username}@${SIP_DOMAIN.replace('.', '\\.')}`), { after: mark });
  return phone;
}

export type Switch = Awaited<ReturnType<typeof startSwitch>>;

/** A test console's telephony settings for the test switch `sw`. */
export const sipTelephony = (sw: Pick<Switch, 'evapiPort' | 'wsPort'>, maxWaitMs: number) =>
  ({ mode: 'sip', evapiHost: '127.0.0.1', evapiPort: sw.evapiPort, sipDomain: SIP_DOMAIN, maxWaitMs, ...sipCredentialSettings(sw.wsPort) }) as const;

/** Resolves once the console's evapi link is up and the switch counts it: calls are taken from then on. */
export async function linkedToSwitch(t: TestApp, sw: Switch): Promise<void> {
  await t.app.services.sip!.whenConnected();
  await sw.kamailio.waitForLog(/console connected from 127\.0\.0\.1:\d+\n(?![\s\S]*console disconnected)/);
}

/** Logs `username` in on a screen of their own and makes them available; returns the screen. */
export async function availableAgent(t: TestApp, username: string) {
  const { token } = await t.login(username);
  const screen = await t.agentSocket(token);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
  return screen;
}

/**
 * A console and its switch, for browser tests. The switch lets only the console's own pages open its
 * WebSocket, so it must know the console's address: the console listens first, on a port the system
 * gives it (a port picked ahead and bound later can be taken meanwhile), set up for the ports the switch
 * will listen on; its evapi link comes up once the switch has started.
 */
export async function consoleAndSwitch(o: {
  maxWaitMs: number;
  clientDir: string;
  switch?: Partial<KamailioSettings>;
  /** More of the console's SIP settings (`trunkUri`). */
  telephony?: { trunkUri?: string };
}): Promise<{ t: TestApp; sw: Switch }> {
  const wsPort = await freePort();
  const evapiPort = await freePort();
  const t = await startTestApp({ telephony: { ...sipTelephony({ wsPort, evapiPort }, o.maxWaitMs), ...o.telephony } }, { clientDir: o.clientDir });
  const sw = await startSwitch({ maxWaitMs: o.maxWaitMs, ...o.switch, wsPort, evapiPort, wsOrigins: [t.base] });
  await linkedToSwitch(t, sw);
  return { t, sw };
}
