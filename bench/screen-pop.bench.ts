import { randomUUID } from 'node:crypto';
import pino from 'pino';
import mongoose from 'mongoose';
import { io as connect } from 'socket.io-client';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { seedDemoData } from '../server/seed/seed.js';
import { sign } from '../server/telephony/signature.js';
import { bareRoundTrip } from './baseline.js';
import { row, summarize } from './stats.js';

/**
 * Screen pop on the demo data (2,000 customers): server-side picture build, CTI acknowledgement,
 * and CTI event → pop on the agent's socket, against a bare Socket.IO round trip.
 */
export async function benchScreenPop(calls = 300) {
  const db = await startEmbeddedDb();
  const conn = await mongoose.createConnection(db.uri, { dbName: 'bench' }).asPromise();
  const config = testConfig({ popAckTimeoutMs: 30_000 });
  const app = await createApp({ config, conn, logger: pino({ level: 'silent' }) });
  await seedDemoData(app.models, { customers: 2000, log: (l) => process.stderr.write(`\r  ${l.padEnd(50)}`) });
  // As the console does when it starts: every customer's picture snapshot is ready before calls come.
  await app.services.pictures.warm((done, total) => process.stderr.write(`\r  customer pictures ${done}/${total}`.padEnd(52)));
  process.stderr.write('\n');
  const port = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;

  const customers = await app.models.Customer.find({}, { phones: 1 }).limit(calls).lean();
  const ids = customers.map((c) => String(c._id));

  // 1. The picture itself, built in-process (no network): what a pop costs the server.
  const build: number[] = [];
  for (const id of ids) {
    const t = performance.now();
    await app.services.pictures.build(id);
    build.push(performance.now() - t);
  }

  // 2. End to end: signed CTI event → pop on the agent's socket. The agent hangs up each call and
  // records a disposition, so it is free for the next one.
  const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'demo' }) })).json();
  const agent = connect(base, { auth: { token: login.token }, transports: ['websocket'] });
  await new Promise<void>((r) => agent.once('connect', () => r()));
  await agent.emitWithAck('agent:state', { state: 'available' });
  const popLatency: number[] = [];
  const ctiAck: number[] = [];
  const post = async (body: object) => {
    const raw = JSON.stringify(body);
    const t = performance.now();
    const res = await fetch(`${base}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, config.ctiSecret) }, body: raw });
    const json = await res.json();
    return { ms: performance.now() - t, json };
  };
  for (const c of customers) {
    const callId = `bench-${randomUUID()}`;
    const ev = { callId, channel: 'voice', from: c.phones[0].number, to: '+442079460000', at: new Date().toISOString() };
    const popped = new Promise<number>((resolve) => {
      const onPop = (p: { callId: string }, ack: (ok: boolean) => void) => {
        ack(true);
        if (p.callId !== callId) return;
        agent.off('screen-pop', onPop);
        resolve(performance.now());
      };
      agent.on('screen-pop', onPop);
    });
    const sent = performance.now();
    const r = await post({ ...ev, eventId: randomUUID(), type: 'call.ringing' });
    ctiAck.push(r.ms);
    popLatency.push((await popped) - sent);
    await post({ ...ev, eventId: randomUUID(), type: 'call.ended' });
    await fetch(`${base}/api/interactions/${r.json.interactionId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
      body: JSON.stringify({ disposition: 'information' }),
    });
  }
  agent.disconnect();
  const bare = summarize(await bareRoundTrip(calls));

  console.log(`\nScreen pop on the demo data (2,000 customers), ${calls} calls, one agent`);
  console.log(row('bare Socket.IO round trip (baseline)', bare));
  console.log(row('picture build (server-side)', summarize(build), bare));
  console.log(row('CTI event acknowledged', summarize(ctiAck), bare));
  console.log(row('CTI event → pop on agent socket', summarize(popLatency), bare));

  await app.close();
  await new Promise<void>((r) => app.server.close(() => r()));
  await conn.close();
  await db.close();
  return { baseline: bare, pictureBuild: summarize(build), ctiAck: summarize(ctiAck), popLatency: summarize(popLatency) };
}
