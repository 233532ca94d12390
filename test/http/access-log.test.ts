import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let logged = '';
beforeAll(async () => {
  const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void ((logged += chunk.toString()), done()) });
  t = await startTestApp({}, { logger: pino({ level: 'info' }, sink) });
  await seedFixtures(t.models);
});
afterAll(() => t?.close());

/** The access log's lines for requests to `path` (pino-http's, the ones with a response time). */
const linesFor = (path: string) =>
  logged
    .split('\n')
    .filter((l) => l.includes('"responseTime"'))
    .map((l) => JSON.parse(l) as { req: Record<string, unknown>; res: Record<string, unknown>; responseTime: number })
    .filter((e) => String(e.req.url).startsWith(path));

it('logs who asked what and the answer, never a token, a signature or a search term', async () => {
  const { token } = await t.login('agent');
  await t.api('GET', '/api/customers?q=Lovelace', { token, headers: { 'user-agent': 'console-test/1.0' } });
  await t.cti({ type: 'call.ringing', callId: 'access-log-1', from: '+447700900123' });
  const [search] = linesFor('/api/customers');
  expect(search.req).toEqual({ id: expect.anything(), method: 'GET', url: '/api/customers?q=…', remoteAddress: expect.any(String), userAgent: 'console-test/1.0' });
  expect(search.res).toEqual({ statusCode: 200 });
  expect(search.responseTime).toEqual(expect.any(Number));
  const [event] = linesFor('/api/cti/events');
  expect(event.req).toMatchObject({ method: 'POST', url: '/api/cti/events' });
  expect(event.res).toEqual({ statusCode: 200 });
  expect(logged).not.toContain(token);
  expect(logged).not.toContain('Lovelace');
  expect(logged).not.toMatch(/x-cti-signature|authorization/i);
});
