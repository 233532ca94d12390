import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../server/app.js';
import { createTokens } from '../../server/auth/tokens.js';
import { testConfig } from '../../server/config.js';
import { capturingLogger } from '../abuse/support.js';
import { eventually } from '../support/app.js';
import { startDbProcess } from '../support/db-process.js';
import { seedFixtures } from '../support/fixtures.js';

/**
 * The console over an embedded database running as a process of its own, which the test kills with
 * SIGKILL in the middle of a burst of writes and then starts again on the same port and directory.
 */
let dir: string;
let db: Awaited<ReturnType<typeof startDbProcess>>;
let conn: Connection;
let app: App;
let base: string;
let token: string;
let chatId: string;
const log = capturingLogger();

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outage-'));
  db = await startDbProcess(dir);
  // Heartbeats every 500 ms so the driver notices the database leaving and returning quickly.
  conn = await mongoose.createConnection(db.uri, { dbName: 'console', heartbeatFrequencyMS: 500, serverSelectionTimeoutMS: 2000 }).asPromise();
  const config = testConfig();
  app = await createApp({ config, conn, logger: log.logger });
  base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  await seedFixtures(app.models);
  const agent = (await app.models.User.findOne({ username: 'agent' }).lean())!;
  token = await createTokens(config.jwtSecret, '1h').sign({ userId: String(agent._id), username: 'agent', role: 'agent' });
  const chat = await app.models.Interaction.create({ callId: 'chat-outage', channel: 'chat', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'active', agentId: agent._id });
  chatId = String(chat._id);
}, 60_000);
afterAll(async () => {
  await app?.close();
  await new Promise((r) => app?.server.close(r));
  await conn?.close().catch(() => {});
  await db?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function send(text: string) {
  const started = performance.now();
  try {
    const res = await fetch(`${base}/api/interactions/${chatId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ text }),
    });
    const body = (await res.json()) as { error?: { message: string } };
    return { status: res.status, body, ms: performance.now() - started };
  } catch {
    return { status: 0, body: {}, ms: performance.now() - started };
  }
}
const health = async () => {
  const res = await fetch(`${base}/api/health`);
  return { status: res.status, body: (await res.json()) as { db: string } };
};

describe('database outage', () => {
  it('keeps every acknowledged write across a kill -9 of the database, answers 503 fast meanwhile, and recovers by itself', async () => {
    const acknowledged: string[] = [];
    const statuses: number[] = [];
    const unexpected: unknown[] = [];
    let stop = false;
    let killed = false;
    let n = 0;
    /** Per writer, the answers it got since the kill: its second one is to a request sent after the kill. */
    const answeredSinceKill = [0, 0, 0, 0, 0, 0];
    // Six concurrent writers, each recording a write only once it is acknowledged (201).
    const writers = answeredSinceKill.map(async (_, w) => {
      while (!stop) {
        const text = `burst message ${n++}`;
        const res = await send(text);
        if (killed) answeredSinceKill[w]!++;
        statuses.push(res.status);
        if (res.status === 201) acknowledged.push(text);
        else if (res.status !== 503) unexpected.push(res);
        else await new Promise((r) => setTimeout(r, 50)); // a client's back-off after a 503, part of the case
      }
    });
    // Killed in the middle of the burst, once writes are being acknowledged.
    await eventually(() => acknowledged.length >= 20, 10_000, 'writes acknowledged');
    await db.stop('SIGKILL');
    killed = true;

    // While it is away: health says so, and requests fail fast with a clear 503.
    const down = await eventually(async () => {
      const h = await health();
      return h.status === 503 ? h : null;
    }, 10_000, 'health 503');
    expect(down.body.db).toBe('down');
    const refused = await send('while the database is away');
    expect(refused.status).toBe(503);
    expect(refused.body.error?.message).toMatch(/database is unreachable/);
    expect(refused.ms).toBeLessThan(1000);
    expect(log.lines.some((l) => /database unreachable/.test(l.msg))).toBe(true);
    // Why, as the driver saw it, once: not a line per request.
    expect(log.lines.filter((l) => /^database unreachable: requests that need it answer 503/.test(l.msg))).toHaveLength(1);

    // Stay away until the requests caught in flight by the kill are answered too (503, after the
    // driver's 2 s server selection timeout) rather than waiting for the database to return.
    await eventually(() => answeredSinceKill.every((k) => k >= 2), 10_000, 'requests caught by the kill answered');
    expect((await health()).body.db).toBe('down');

    // It comes back on the same port and directory; the console reconnects by itself.
    db = await startDbProcess(dir, Number(new URL(db.uri).port));
    await eventually(async () => (await health()).status === 200, 20_000, 'health 200 again');
    expect(log.lines.filter((l) => /^database reachable again/.test(l.msg))).toHaveLength(1);
    await eventually(() => statuses.slice(-5).every((s) => s === 201) && statuses.length > 5, 10_000, 'writes succeeding again');
    stop = true;
    await Promise.all(writers);

    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(unexpected).toEqual([]);
    const stored = await app.models.ChatMessage.find({ interactionId: chatId }).lean();
    const texts = new Set(stored.map((m) => m.text));
    expect(acknowledged.length).toBeGreaterThan(5);
    expect(acknowledged.filter((t) => !texts.has(t))).toEqual([]);
    console.log(`outage: ${acknowledged.length} writes acknowledged, all present after restart; ${statuses.filter((s) => s === 503).length} answered 503 while the database was away; a refused request took ${refused.ms.toFixed(0)} ms`);
  }, 60_000);
});
