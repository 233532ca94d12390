import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedEvent, QueueBoard } from '../../shared/schemas/supervision.js';
import type { VisitorSession } from '../../shared/schemas/widget.js';
import { DEMO_SITE_ID } from '../../server/widget/sites.service.js';
import type { ScreenPop } from '../../shared/schemas/interaction.js';
import { startEmbeddedDb, type EmbeddedDb } from '../../server/embedded-db/server.js';
import { sign } from '../../server/telephony/signature.js';
import { eventually } from '../support/app.js';
import { spawnConsole } from '../support/console-process.js';

const CTI_SECRET = 'scale-cti-secret-0123456789';
const children: ChildProcess[] = [];
const sockets: Socket[] = [];
let db: EmbeddedDb;
let uri: string;
let stream: string;

/** One console process sharing the database and Redis with the others. */
async function startProcess(): Promise<string> {
  const { base } = await spawnConsole(
    {
      MONGODB_URI: uri,
      REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_STREAM: stream,
      DEMO_MODE: 'true',
      SEED_CUSTOMERS: '100',
      JWT_SECRET: 'scale-jwt-secret-0123456789',
      CTI_SECRET,
    },
    (child) => children.push(child),
  );
  return base;
}

async function login(base: string, username: string) {
  const res = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'demo' }) });
  return ((await res.json()) as { token: string }).token;
}

async function socketTo(base: string, token: string) {
  const s = connect(base, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

let A: string;
let B: string;

beforeAll(async () => {
  db = await startEmbeddedDb();
  stream = `test-${randomUUID()}`;
  uri = `${db.uri}/scale_${randomUUID().slice(0, 8)}`;
  A = await startProcess(); // seeds the shared database
  B = await startProcess();
}, 120_000);

afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null) return resolve();
          c.once('exit', () => resolve());
          c.kill('SIGTERM');
        }),
    ),
  );
  await db.close();
});

describe('two server processes over Redis', () => {
  it('pops a call posted to process A on an agent connected to B, and B’s supervisor sees it', async () => {
    const agent = await socketTo(B, await login(B, 'agent'));
    const pops: ScreenPop[] = [];
    agent.on('screen-pop', (pop, ack) => {
      pops.push(pop);
      ack(true);
    });
    expect(await agent.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');

    const supervisor = await socketTo(B, await login(B, 'supervisor'));
    const feed: FeedEvent[] = [];
    supervisor.on('feed:batch', (events) => feed.push(...events));
    await supervisor.emitWithAck('supervision:subscribe', {});

    const conn = await mongoose.createConnection(uri).asPromise();
    const customer = await conn.db!.collection('customers').findOne({ 'phones.0': { $exists: true } });
    await conn.close();
    const from = (customer!.phones as Array<{ number: string }>)[0].number;

    const raw = JSON.stringify({ eventId: randomUUID(), type: 'call.ringing', callId: 'scale-1', channel: 'voice', from, to: '+442079460000', at: new Date().toISOString() });
    const res = await fetch(`${A}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, CTI_SECRET) }, body: raw });
    expect(res.status).toBe(200);
    const { interactionId } = (await res.json()) as { interactionId: string };

    const pop = await eventually(() => pops.find((p) => p.callId === 'scale-1'), 10_000, 'pop on B');
    expect(pop.customer?.profile.id).toBe(String(customer!._id));
    await eventually(() => feed.find((e) => e.interactionId === interactionId && e.kind === 'started'), 10_000, 'feed on B');
  });

  it('counts a chat rated on process A in the satisfaction figures B’s supervisor sees', async () => {
    // The first test's call still rings at `agent`: the chat goes to the other service agent, on B.
    const agent = await socketTo(B, await login(B, 'agent2'));
    agent.on('screen-pop', (_pop, ack) => ack(true));
    expect(await agent.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
    const supervisor = await socketTo(B, await login(B, 'supervisor'));
    const boards: QueueBoard[] = [];
    supervisor.on('queues:changed', (b) => boards.push(b));
    await supervisor.emitWithAck('supervision:subscribe', {});

    // A visitor of the demo shop chats through A (demo mode registers the shop for localhost pages), ends it
    // and rates it.
    const visitor = connect(`${A}/visitor`, { auth: { site: DEMO_SITE_ID }, extraHeaders: { origin: 'http://localhost:3000' }, transports: ['websocket'], forceNew: true, reconnection: false });
    sockets.push(visitor);
    await new Promise<VisitorSession>((resolve, reject) => {
      visitor.once('visitor:session', resolve);
      visitor.once('connect_error', reject);
    });
    const ask = (event: string, ...args: unknown[]) => visitor.timeout(10_000).emitWithAck(event, ...args) as Promise<{ data?: unknown; error?: { code: string } }>;
    const started = await ask('chat:start', { name: 'Ada', email: 'ada.scale@example.com', question: 'Is my order on its way?', marketingConsent: false });
    expect(started.error).toBeUndefined();
    expect(await ask('chat:end')).toHaveProperty('data.state', 'ended');
    expect(await ask('chat:rate', { score: 4 })).toEqual({ data: { rated: true } });

    const service = await eventually(() => boards.at(-1)?.day.find((q) => q.queue === 'service' && q.csatCount > 0), 10_000, 'the rating on B');
    expect(service).toMatchObject({ csatCount: 1, csatAverage: 4 });
  });
});
