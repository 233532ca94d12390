import { SignJWT } from 'jose';
import type { Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { defaultLimits } from '../../server/security/rate-limit.js';
import { sign } from '../../server/telephony/signature.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { capturingLogger, fingerprint } from './support.js';

let t: TestApp;
let conn: Connection;
let log: ReturnType<typeof capturingLogger>;
let agentToken: string;
let interactionOfAgent2: string;

beforeAll(async () => {
  log = capturingLogger();
  t = await startTestApp({}, { logger: log.logger });
  conn = t.models.User.db;
  await seedFixtures(t.models);
  agentToken = (await t.login('agent')).token;
  const agent2 = (await t.models.User.findOne({ username: 'agent2' }).lean())!;
  const i = await t.models.Interaction.create({ callId: 'c-agent2', channel: 'voice', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'active', agentId: agent2._id });
  interactionOfAgent2 = String(i._id);
});
afterAll(() => t?.close());

type Res = { status: number; body: unknown };

/**
 * Runs one abusive request and checks the four promises of the abuse suite: a 4xx, a logged reason,
 * the server still answering, and not one document changed.
 */
async function abuse(send: () => Promise<Res>, expected: { status: number | number[]; logged: RegExp }) {
  // What the earlier requests set going in the background (audit notes, pops, routing) is written first.
  await t.idle();
  const before = await fingerprint(conn);
  const mark = log.lines.length;
  const res = await send();
  expect([expected.status].flat()).toContain(res.status);
  expect(res.body).toHaveProperty('error.code');
  expect(log.since(mark, expected.logged).length).toBeGreaterThan(0);
  expect((await t.api('GET', '/api/health')).status).toBe(200);
  expect(await fingerprint(conn)).toBe(before);
  return res;
}

/** A raw request (the test helper's `api` always sends JSON it can build). */
async function raw(method: string, path: string, body: string | Uint8Array<ArrayBuffer>, headers: Record<string, string> = {}) {
  const res = await fetch(t.base + path, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('abuse over HTTP', () => {
  it('answers malformed JSON with 400 and logs why', async () => {
    await abuse(() => raw('PATCH', `/api/interactions/${interactionOfAgent2}`, '{"notes": ', bearer(agentToken)), { status: 400, logged: /not valid JSON/ });
    await abuse(() => raw('POST', '/api/auth/login', '{username:agent}'), { status: 400, logged: /not valid JSON/ });
  });

  it('answers wrong types with 400 naming the field', async () => {
    const res = await abuse(() => t.api('POST', '/api/auth/login', { body: { username: 42, password: ['demo'] } }), { status: 400, logged: /invalid login/ });
    expect(JSON.stringify(res.body)).toMatch(/username/);
    await abuse(() => t.api('PATCH', `/api/interactions/${interactionOfAgent2}`, { token: agentToken, body: { notes: { text: 'x' } } }), { status: 400, logged: /invalid interaction update/ });
    await abuse(() => t.api('GET', '/api/interactions/not-an-id', { token: agentToken }), { status: 400, logged: /24-character hex id/ });
  });

  it('refuses a 10 MB body with 413 without reading it all', async () => {
    const big = new Uint8Array(10 * 1024 * 1024).fill(0x61);
    const started = Date.now();
    await abuse(() => raw('POST', '/api/auth/login', big).catch(() => ({ status: 413, body: { error: { code: 'TOO_LARGE' } } })), { status: 413, logged: /too large/ });
    await abuse(() => raw('POST', '/api/cti/events', big, { 'x-cti-signature': 'sha256=00' }).catch(() => ({ status: 413, body: { error: { code: 'TOO_LARGE' } } })), {
      status: 413,
      logged: /too large/,
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('refuses $ne, $gt and $where operators in bodies with 400', async () => {
    await abuse(() => t.api('POST', '/api/auth/login', { body: { username: 'agent', password: { $ne: null } } }), { status: 400, logged: /forbidden key|\$ne/ });
    await abuse(() => t.api('POST', '/api/auth/login', { body: { username: { $gt: '' }, password: 'demo' } }), { status: 400, logged: /\$gt/ });
    await abuse(() => t.api('PATCH', `/api/interactions/${interactionOfAgent2}`, { token: agentToken, body: { notes: 'x', $where: 'sleep(1000)' } }), {
      status: 400,
      logged: /\$where/,
    });
  });

  it('refuses $ne, $gt and $where operators in query strings with 400', async () => {
    await abuse(() => t.api('GET', '/api/customers?q[$ne]=x', { token: agentToken }), { status: 400, logged: /\$ne/ });
    await abuse(() => t.api('GET', '/api/customers?q[$gt]=', { token: agentToken }), { status: 400, logged: /\$gt/ });
    await abuse(() => t.api('GET', '/api/customers?$where=1', { token: agentToken }), { status: 400, logged: /\$where/ });
  });

  it('refuses __proto__ and constructor keys with 400', async () => {
    await abuse(() => raw('POST', '/api/auth/login', '{"username":"agent","password":"demo","__proto__":{"role":"admin"}}'), { status: 400, logged: /__proto__/ });
    await abuse(() => raw('PATCH', `/api/interactions/${interactionOfAgent2}`, '{"notes":"x","constructor":{"prototype":{"admin":true}}}', bearer(agentToken)), {
      status: 400,
      logged: /constructor/,
    });
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it('refuses JSON nested deeper than 32 levels with 400, even with an Idempotency-Key', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    await abuse(() => raw('POST', '/api/customers', deep, { ...bearer(agentToken), 'idempotency-key': 'deep-json-0001' }), { status: 400, logged: /nested too deeply/ });
    const notes = JSON.stringify({ notes: 'x', extra: JSON.parse(`${'{"a":'.repeat(40)}1${'}'.repeat(40)}`) });
    await abuse(() => raw('PATCH', `/api/interactions/${interactionOfAgent2}`, notes, bearer(agentToken)), { status: 400, logged: /nested too deeply/ });
  });

  it('refuses a CTI event dated more than 24 hours from the server clock with 400 and the reason', async () => {
    for (const at of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z', new Date(Date.now() - 25 * 3600e3).toISOString()]) {
      const body = JSON.stringify({ eventId: `skew-${at}`, type: 'call.ringing', callId: `skew-${at}`, channel: 'voice', from: '+447700900001', to: '+442079460000', at });
      const res = await abuse(() => raw('POST', '/api/cti/events', body, { 'x-cti-signature': sign(body, t.config.ctiSecret) }), { status: 400, logged: /event time out of range/ });
      expect(JSON.stringify(res.body)).toMatch(/within 24 hours/);
    }
  });

  it('keeps search terms (names, phones) out of the request log', async () => {
    const mark = log.lines.length;
    expect((await t.api('GET', '/api/customers?q=Lovelace', { token: agentToken })).status).toBe(200);
    await abuse(() => t.api('GET', '/api/customers?q=07700900001&$where=1', { token: agentToken }), { status: 400, logged: /forbidden key/ });
    const written = JSON.stringify(log.lines.slice(mark));
    expect(written).toMatch(/\/api\/customers\?q=…/);
    expect(written).not.toMatch(/Lovelace|07700900001/);
  });

  it('serves a policy that works over plain HTTP: no upgrade-insecure-requests, no HSTS (unless TRUST_HTTPS)', async () => {
    const plain = await fetch(`${t.base}/api/health`);
    expect(plain.headers.get('content-security-policy')).not.toMatch(/upgrade-insecure-requests/);
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await startTestApp({ trustHttps: true });
    try {
      const res = await fetch(`${tls.base}/api/health`);
      expect(res.headers.get('content-security-policy')).toMatch(/upgrade-insecure-requests/);
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=/);
    } finally {
      await tls.close();
    }
  });

  it('refuses a CTI event with a forged signature with 401', async () => {
    const body = JSON.stringify({ eventId: 'forged-1', type: 'call.ringing', callId: 'c-forged', channel: 'voice', from: '+447700900001', to: '+442079460000', at: new Date().toISOString() });
    await abuse(() => raw('POST', '/api/cti/events', body, { 'x-cti-signature': sign(body, 'not-the-real-secret-0123') }), { status: 401, logged: /bad or missing signature/ });
    await abuse(() => raw('POST', '/api/cti/events', body), { status: 401, logged: /bad or missing signature/ });
  });

  it('takes a replayed CTI event as a duplicate that changes nothing', async () => {
    // The contract answers a repeated eventId 200 {duplicate: true} so platform retries are safe;
    // what matters is that a captured, validly signed event replayed later has no effect.
    const body = JSON.stringify({ eventId: 'replay-1', type: 'call.ringing', callId: 'c-replay', channel: 'voice', from: '+447700900001', to: '+442079460000', at: new Date().toISOString() });
    const headers = { 'x-cti-signature': sign(body, t.config.ctiSecret) };
    expect((await raw('POST', '/api/cti/events', body, headers)).status).toBe(200);
    // Routing settles: the call is queued (nobody is available) or given to an agent, and written.
    await eventually(async () => {
      const i = await t.models.Interaction.findOne({ callId: 'c-replay' }).lean();
      return i && (i.state === 'queued' || i.agentId);
    }, 5000, 'the call routed');
    await t.idle();
    const before = await fingerprint(conn);
    const mark = log.lines.length;
    const again = await raw('POST', '/api/cti/events', body, headers);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(log.lines.slice(mark).some((l) => /duplicate event ignored/.test(l.msg))).toBe(true);
    expect(await fingerprint(conn)).toBe(before);
  });

  it('refuses an expired token with 401', async () => {
    const agent = (await t.models.User.findOne({ username: 'agent' }).lean())!;
    const expired = await new SignJWT({ username: 'agent', role: 'agent' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(String(agent._id))
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(t.config.jwtSecret));
    await abuse(() => t.api('GET', `/api/customers?q=ada`, { token: expired }), { status: 401, logged: /invalid or expired token/ });
  });

  it('refuses the token of a user disabled since it was issued with 401', async () => {
    await t.models.User.create({ username: 'leaver', role: 'agent', passwordHash: (await t.models.User.findOne({ username: 'agent' }).lean())!.passwordHash });
    const { token } = await t.login('leaver');
    expect((await t.api('GET', '/api/customers?q=ada', { token })).status).toBe(200);
    // Disabled behind this process's back (another process, or by hand): noticed once its cache (5 s) expires.
    await t.models.User.updateOne({ username: 'leaver' }, { $set: { disabled: true } });
    // The console runs in this process: its clock moves on past the cache's 5 s, timers stay real.
    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    try {
      vi.setSystemTime(Date.now() + 5001);
      expect((await t.api('GET', '/api/customers?q=ada', { token })).status).toBe(401);
      await abuse(() => t.api('GET', '/api/customers?q=ada', { token }), { status: [401, 403], logged: /disabled/ });
    } finally {
      vi.useRealTimers();
    }
  });

  it('ends every session of a user at logout: all their tokens refused at once, their screens disconnected', async () => {
    await t.models.User.create({ username: 'shift-end', role: 'agent', passwordHash: (await t.models.User.findOne({ username: 'agent' }).lean())!.passwordHash });
    const desk = (await t.login('shift-end')).token;
    const phone = (await t.login('shift-end')).token;
    const screen = await t.agentSocket(desk);
    const cut = new Promise((r) => screen.socket.once('disconnect', r));
    expect((await t.api('POST', '/api/auth/logout', { token: desk })).status).toBe(200);
    await cut;
    // The server's disconnect bookkeeping is done before the next checks compare the database.
    // (counted out, then the agent's state reconciled to offline and logged).
    await eventually(async () => {
      const a = await t.models.Agent.findOne({ username: 'shift-end' }).lean();
      return a?.connections === 0 && a.state === 'offline';
    }, 5000, 'screen counted out');
    await t.idle();
    for (const token of [desk, phone]) await abuse(() => t.api('GET', '/api/customers?q=ada', { token }), { status: 401, logged: /session has ended/ });
    // A new login works.
    expect((await t.api('GET', '/api/customers?q=ada', { token: (await t.login('shift-end')).token })).status).toBe(200);
  });

  it('does not revive tokens issued before a user was disabled when the user is enabled again', async () => {
    const user = await t.models.User.create({ username: 'returner', role: 'agent', passwordHash: (await t.models.User.findOne({ username: 'agent' }).lean())!.passwordHash });
    const old = (await t.login('returner')).token;
    const admin = (await addAdmin(t, 'sessions-admin')).token;
    expect((await t.api('PATCH', `/api/users/${String(user._id)}`, { token: admin, body: { disabled: true } })).status).toBe(200);
    expect((await t.api('GET', '/api/customers?q=ada', { token: old })).status).toBe(401);
    expect((await t.api('PATCH', `/api/users/${String(user._id)}`, { token: admin, body: { disabled: false } })).status).toBe(200);
    await abuse(() => t.api('GET', '/api/customers?q=ada', { token: old }), { status: 401, logged: /session has ended/ });
    expect((await t.api('GET', '/api/customers?q=ada', { token: (await t.login('returner')).token })).status).toBe(200);
  });

  it("refuses an agent reading another agent's interaction with 403", async () => {
    await abuse(() => t.api('GET', `/api/interactions/${interactionOfAgent2}`, { token: agentToken }), { status: 403, logged: /another agent/ });
    await abuse(() => t.api('PATCH', `/api/interactions/${interactionOfAgent2}`, { token: agentToken, body: { notes: 'mine now' } }), { status: 403, logged: /another agent/ });
  });
});

describe('rate limits over HTTP', () => {
  let limited: TestApp;
  let limitedLog: ReturnType<typeof capturingLogger>;
  beforeAll(async () => {
    limitedLog = capturingLogger();
    limited = await startTestApp(
      { limits: { ...defaultLimits(), loginPerIp: { points: 8, duration: 60 }, loginFailuresPerUser: { points: 3, duration: 60 }, ctiPerIp: { points: 5, duration: 60 } } },
      { logger: limitedLog.logger },
    );
    await seedFixtures(limited.models);
  });
  afterAll(() => limited?.close());

  const login = (username: string, password: string, ip: string) =>
    limited.api('POST', '/api/auth/login', { body: { username, password }, headers: { 'x-forwarded-for': ip } });

  it('slows repeated failed logins of one username from one address, and never locks the user out from elsewhere', async () => {
    for (let i = 0; i < 3; i++) expect((await login('agent', 'wrong', '10.0.0.1')).status).toBe(401);
    const mark = limitedLog.lines.length;
    const res = await login('agent', 'demo', '10.0.0.1');
    expect(res.status).toBe(429);
    expect(JSON.stringify(res.body)).toMatch(/too many failed logins for this user from this address; try again in 1 s/);
    expect(limitedLog.since(mark, /rate limited/).length).toBeGreaterThan(0);
    // The real user, from their own desk, logs in at once.
    expect((await login('agent', 'demo', '10.0.0.9')).status).toBe(200);
    // Another user is unaffected.
    expect((await login('agent2', 'demo', '10.0.0.1')).status).toBe(200);
  });

  it.each([
    [0, 0],
    [2, 0],
    [3, 1],
    [4, 2],
    [7, 16],
    [40, 900],
  ])('after %i failures the next attempt waits %i s (3 free, at most 900 s)', async (failures, wait) => {
    const { loginDelaySeconds } = await import('../../server/security/rate-limit.js');
    expect(loginDelaySeconds(failures, 3, 900)).toBe(wait);
  });

  it('answers 429 to one address trying too many logins', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await login(`nobody${i}`, 'x', '10.0.1.1')).status);
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect((await login('supervisor', 'demo', '10.0.1.2')).status).toBe(200);
  });

  it('answers 429 to one address sending too many CTI events', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const body = JSON.stringify({ eventId: `rl-${i}`, type: 'call.ringing', callId: `c-rl-${i}`, channel: 'voice', from: '+447700900001', to: '+442079460000', at: new Date().toISOString() });
      const res = await limited.api('POST', '/api/cti/events', { raw: body, headers: { 'x-cti-signature': sign(body, limited.config.ctiSecret), 'x-forwarded-for': '10.0.2.1' } });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    expect(await limited.models.Interaction.countDocuments({ callId: /^c-rl-/ })).toBe(5);
    expect((await limited.api('GET', '/api/health')).status).toBe(200);
  });
});
