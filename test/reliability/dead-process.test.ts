import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import mongoose, { type Connection } from 'mongoose';
import pino from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import { type App, createApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';
import { sign } from '../../server/telephony/signature.js';
import { eventually } from '../support/app.js';
import { spawnConsole } from '../support/console-process.js';

const config = { ...testConfig(), processLeaseMs: 1500 };
let db: EmbeddedDb;
let child: ChildProcess | undefined;
let conn: Connection | undefined;
let app: App | undefined;
let screen: Socket | undefined;

afterAll(async () => {
  screen?.disconnect();
  child?.kill('SIGKILL');
  await app?.close();
  await new Promise((r) => app?.server.close(r));
  await conn?.close();
  await db?.close();
});

/** A console process of its own over the shared database, with a short lease. */
async function startConsoleProcess(uri: string): Promise<string> {
  const started = await spawnConsole(
    { MONGODB_URI: uri, DEMO_MODE: 'true', SEED_CUSTOMERS: '50', JWT_SECRET: config.jwtSecret, CTI_SECRET: config.ctiSecret, PROCESS_LEASE_MS: '1500' },
    (c) => (child = c),
  );
  return started.base;
}

describe('a console process killed with kill -9', () => {
  it("takes its agents' connections back once its lease expires: they show offline and are offered nothing", async () => {
    db = await startEmbeddedDb();
    const uri = `${db.uri}/console`;
    const base = await startConsoleProcess(uri);
    const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent2', password: 'demo' }) });
    const { token } = (await res.json()) as { token: string };
    screen = connect(base, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    await new Promise<void>((resolve, reject) => { screen!.once('connect', () => resolve()); screen!.once('connect_error', reject); });
    expect(await screen.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data');

    conn = await mongoose.createConnection(uri).asPromise();
    const Agent = conn.collection('agents');
    expect(await Agent.findOne({ username: 'agent2' })).toMatchObject({ state: 'available', connections: 1 });

    const exited = once(child!, 'exit');
    child!.kill('SIGKILL');
    await exited;
    screen.disconnect();
    // Nobody ran the disconnect bookkeeping: the count stays until a live process sweeps.
    expect(await Agent.findOne({ username: 'agent2' })).toMatchObject({ connections: 1 });

    app = await createApp({ config, conn, logger: pino({ level: 'silent' }) });
    const other = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    await eventually(async () => (await Agent.findOne({ username: 'agent2' }))?.connections === 0, 10_000, 'the dead process swept');

    // A chat now waits in the queue instead of being offered to the screen that is gone.
    const raw = JSON.stringify({ eventId: 'after-kill', type: 'chat.started', callId: 'chat-after-kill', channel: 'chat', from: 'nobody@example.com', to: 'support@example.com', at: new Date().toISOString() });
    const cti = await fetch(`${other}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, config.ctiSecret) }, body: raw });
    expect(cti.status).toBe(200);
    await eventually(async () => (await conn!.collection('interactions').findOne({ callId: 'chat-after-kill' }))?.state === 'queued', 5000, 'the chat queued');
    expect((await conn.collection('interactions').findOne({ callId: 'chat-after-kill' }))?.agentId ?? null).toBeNull();
  }, 90_000);
});
