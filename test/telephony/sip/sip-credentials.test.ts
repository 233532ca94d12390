import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ephemeralPassword, type SipCredentials } from '../../../server/telephony/sip/sip-credentials.js';
import { type TestApp, startTestApp } from '../../support/app.js';
import { seedFixtures } from '../../support/fixtures.js';
import { SIP_AUTH_SECRET, SIP_DOMAIN, sipCredentialSettings } from './switch.js';

describe('GET /api/telephony/sip-credentials', () => {
  let t: TestApp;
  let logged = '';

  beforeAll(async () => {
    // Everything the console logs, at the most talkative level: the password must not be in it.
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void ((logged += chunk.toString()), done()) });
    t = await startTestApp(
      { telephony: { mode: 'sip', evapiHost: '127.0.0.1', evapiPort: 1, sipDomain: SIP_DOMAIN, maxWaitMs: 5000, ...sipCredentialSettings(5066) } },
      { logger: pino({ level: 'trace' }, sink) },
    );
    await seedFixtures(t.models);
  });
  afterAll(() => t?.close());

  it.each(['agent', 'telemarketer'])('gives a %s short-lived credentials for their own address, which the switch can check with the shared secret', async (username) => {
    const { token } = await t.login(username);
    const before = Date.now();
    const res = await t.api<SipCredentials>('GET', '/api/telephony/sip-credentials', { token });
    expect(res.status).toBe(200);
    const c = res.body;
    expect(c.uri).toBe(`sip:${username}@${SIP_DOMAIN}`);
    expect(c.wsUrl).toBe('ws://127.0.0.1:5066');
    const [expiry, agent] = c.username.split(':');
    expect(agent).toBe(username);
    // An hour in the test settings, to the second, written in the username as the switch reads it.
    expect(Number(expiry) * 1000).toBeGreaterThanOrEqual(Math.floor((before + 3600_000) / 1000) * 1000);
    expect(Number(expiry) * 1000).toBeLessThanOrEqual(Date.now() + 3600_000);
    expect(new Date(c.expiresAt).getTime()).toBe(Number(expiry) * 1000);
    expect(c.password).toBe(ephemeralPassword(SIP_AUTH_SECRET, c.username));
    expect(logged).toContain('/api/telephony/sip-credentials');
    expect(logged).not.toContain(c.password);
    expect(logged).not.toContain(SIP_AUTH_SECRET);
  });

  it.each(['supervisor'])('refuses a %s, who takes no calls (403)', async (username) => {
    const { token } = await t.login(username);
    expect((await t.api('GET', '/api/telephony/sip-credentials', { token })).status).toBe(403);
  });

  it('refuses a request without a login (401)', async () => {
    expect((await t.api('GET', '/api/telephony/sip-credentials')).status).toBe(401);
  });

  it('answers 404 when the console does not carry SIP calls: the screen shows no phone', async () => {
    const webhook = await startTestApp();
    try {
      await seedFixtures(webhook.models);
      const { token } = await webhook.login('agent');
      const res = await webhook.api<{ error: { code: string } }>('GET', '/api/telephony/sip-credentials', { token });
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('SIP_OFF');
    } finally {
      await webhook.close();
    }
  });
});
