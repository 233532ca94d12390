import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConnectionLimits } from '../../server/security/connection-limits.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { capturingLogger } from './support.js';

let t: TestApp;
let log: ReturnType<typeof capturingLogger>;

beforeAll(async () => {
  log = capturingLogger();
  t = await startTestApp({ connections: { ...defaultConnectionLimits(), perIp: 50, headersTimeoutMs: 1500, socketsPerUser: 5 } }, { logger: log.logger });
  await seedFixtures(t.models);
});
afterAll(() => t?.close());

/** A slowloris connection from `from`: a request line and then one header byte now and then, never finished. */
function slowClient(from: string) {
  const port = Number(new URL(t.base).port);
  const socket = net.connect({ host: '127.0.0.1', port, localAddress: from });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => {});
  socket.once('connect', () => socket.write('GET /api/health HTTP/1.1\r\nHost: console\r\nX-Slow: '));
  const drip = setInterval(() => !socket.destroyed && socket.write('a'), 200);
  void closed.then(() => clearInterval(drip));
  return { socket, closed };
}

describe('connection exhaustion', () => {
  it('keeps health and pops answering while one address holds hundreds of slow connections, cutting them by cap and header timeout', async () => {
    const mark = log.lines.length;
    const attack = Array.from({ length: 300 }, () => slowClient('127.0.0.2'));
    // Over the per-address cap: closed at once.
    const refusedAtOnce = await Promise.race([
      Promise.all(attack.slice(50).map((c) => c.closed)).then(() => true),
      new Promise((r) => setTimeout(() => r(false), 3000)), // the deadline of "at once", part of the case
    ]);
    expect(refusedAtOnce).toBe(true);
    expect(log.since(mark, /too many open connections/).length).toBeGreaterThan(0);

    // Meanwhile, from another address: health answers, a call pops on an agent's screen.
    expect((await t.api('GET', '/api/health')).status).toBe(200);
    const agent = await t.agentSocket((await t.login('agent')).token);
    expect(await agent.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data');
    await t.cti({ type: 'call.ringing', callId: 'slowloris-call', from: '+447700900001' });
    await eventually(() => agent.pops.find((p) => p.callId === 'slowloris-call'), 5000, 'the pop during the attack');

    // The admitted slow ones are cut once their headers are late.
    await Promise.all(attack.map((c) => c.closed));
    expect((await t.api('GET', '/api/health')).status).toBe(200);
  }, 30_000);

  it('lets one user keep five screens: a sixth closes the oldest', async () => {
    const token = (await t.login('agent2')).token;
    const screens: Array<Awaited<ReturnType<TestApp['agentSocket']>>> = [];
    for (let i = 0; i < 7; i++) screens.push(await t.agentSocket(token));
    await eventually(() => screens.filter((s) => s.socket.connected).length === 5, 5000, 'five screens');
    expect(screens.slice(0, 2).map((s) => s.socket.connected)).toEqual([false, false]);
    expect(screens.slice(2).every((s) => s.socket.connected)).toBe(true);
    expect(log.since(0, /too many screens/).length).toBeGreaterThan(0);
  });
});
