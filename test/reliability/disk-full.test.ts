import { randomUUID } from 'node:crypto';
import path from 'node:path';
import mongoose, { type Connection } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../server/app.js';
import { createTokens } from '../../server/auth/tokens.js';
import { testConfig } from '../../server/config.js';
import { sign } from '../../server/telephony/signature.js';
import { capturingLogger } from '../abuse/support.js';
import { eventually } from '../support/app.js';
import { startDbProcess } from '../support/db-process.js';
import { seedFixtures } from '../support/fixtures.js';
import { type SmallDisk, mountSmallDisk } from '../support/small-disk.js';

/**
 * The console over an embedded database whose disk fills up: a real tmpfs of 16 MB, filled to the
 * last byte while the console runs. Needs the right to mount (root with CAP_SYS_ADMIN, as on our
 * machines and CI).
 */
const probe = mountSmallDisk(64);
probe?.unmount();

let disk: SmallDisk;
let db: Awaited<ReturnType<typeof startDbProcess>>;
let conn: Connection;
let app: App;
let base: string;
let token: string;
const config = testConfig();
const log = capturingLogger();

beforeAll(async () => {
  if (!probe) return;
  disk = mountSmallDisk(16 * 1024)!;
  db = await startDbProcess(path.join(disk.dir, 'data'));
  conn = await mongoose.createConnection(db.uri, { dbName: 'console', heartbeatFrequencyMS: 500, serverSelectionTimeoutMS: 2000 }).asPromise();
  app = await createApp({ config, conn, logger: log.logger });
  base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
  await seedFixtures(app.models);
  const agent = (await app.models.User.findOne({ username: 'agent' }).lean())!;
  token = await createTokens(config.jwtSecret, '1h').sign({ userId: String(agent._id), username: 'agent', role: 'agent' });
}, 60_000);
afterAll(async () => {
  if (!probe) return;
  await app?.close();
  await new Promise((r) => app?.server.close(r));
  await conn?.close().catch(() => {});
  await db?.stop();
  disk?.unmount();
});

async function cti(raw: string) {
  const res = await fetch(`${base}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, config.ctiSecret) }, body: raw });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as { duplicate?: boolean; interactionId?: string; error?: { message: string } } };
}
async function quickCreate(key: string, lastName: string) {
  const res = await fetch(`${base}/api/customers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
    body: JSON.stringify({ firstName: 'Disk', lastName }),
  });
  return { status: res.status, replayed: res.headers.get('idempotent-replayed') };
}
const health = async () => {
  const res = await fetch(`${base}/api/health`);
  return { status: res.status, body: (await res.json()) as { db: string; reason?: string } };
};

describe.runIf(probe)('console on a full disk', () => {
  it('answers 503 with Retry-After and reports degraded health while nothing can be stored, then applies the retried CTI event and Idempotency-Key request', async () => {
    const event = () => {
      const callId = `disk-full-${randomUUID()}`;
      return { callId, raw: JSON.stringify({ eventId: randomUUID(), type: 'call.ringing', callId, channel: 'voice', from: '+447700900123', to: '+442079460000', at: new Date().toISOString() }) };
    };
    const mark = log.lines.length;

    disk.fill();
    // The journal's last page may still hold a call or two: calls are stored until it is full.
    let refused: Awaited<ReturnType<typeof cti>> | undefined;
    let callId = '';
    let raw = '';
    for (let i = 0; i < 20 && !refused; i++) {
      ({ callId, raw } = event());
      const res = await cti(raw);
      if (res.status !== 200) refused = res;
    }
    if (!refused) throw new Error('no call was refused on a full disk');
    expect(refused.status).toBe(503);
    expect(refused.retryAfter).toBe('5');
    expect(refused.body.error!.message).toMatch(/could not store the change/);
    expect(log.since(mark, /disk is full/).length).toBeGreaterThan(0);
    expect(await health()).toMatchObject({ status: 503, body: { db: 'degraded', reason: expect.stringMatching(/ENOSPC/) } });
    expect(await app.models.Interaction.countDocuments({ callId })).toBe(0);
    const key = `disk-full-${randomUUID()}`;
    const lastName = `Full-${randomUUID().slice(0, 8)}`;
    expect((await quickCreate(key, lastName)).status).toBe(503);

    disk.free();
    // The platform retries the same event: it is applied, not mistaken for a duplicate.
    const retried = await cti(raw);
    expect(retried.status).toBe(200);
    expect(retried.body.duplicate).toBe(false);
    expect((await cti(raw)).body.duplicate).toBe(true);
    await eventually(async () => (await health()).status === 200, 10_000, 'health to recover');
    // The same Idempotency-Key runs the request now, once: what the refused try may have stored before
    // the disk filled (its customer) is found, not stored again.
    expect(await quickCreate(key, lastName)).toEqual({ status: 201, replayed: null });
    expect(await quickCreate(key, lastName)).toEqual({ status: 201, replayed: 'true' });
    expect(await app.models.Customer.countDocuments({ lastName })).toBe(1);

    // Durable: a database restarted from its directory has the call.
    const port = Number(new URL(db.uri).port);
    await db.stop('SIGKILL');
    db = await startDbProcess(path.join(disk.dir, 'data'), port);
    await eventually(async () => (await app.models.Interaction.countDocuments({ callId }).catch(() => 0)) === 1, 15_000, 'the call after restart');
  }, 60_000);
});
