import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentBoardEntry, FeedEvent, QueueBoard } from '../../shared/schemas/supervision.js';
import { SupervisionSnapshot } from '../../shared/schemas/supervision.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import { EventBus } from '../../server/events.js';
import { createSupervisionService } from '../../server/supervision/supervision.service.js';
import { type ClientSocket, type TestApp, delivered, eventually, startTestApp } from '../support/app.js';
import { middayZone } from '../support/clock.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let tokens: Record<'agent' | 'agent2' | 'supervisor' | 'telemarketer', string>;

beforeAll(async () => {
  // The queue figures count the contact centre's today: a centre where it is midday keeps a run (and the
  // scripted calls of five minutes ago) from falling on either side of its midnight.
  t = await startTestApp({ reportsTimeZone: middayZone() });
  await seedFixtures(t.models);
  tokens = {
    agent: (await t.login('agent')).token,
    agent2: (await t.login('agent2')).token,
    supervisor: (await t.login('supervisor')).token,
    telemarketer: (await t.login('telemarketer')).token,
  };
});
afterAll(() => t.close());

/** A connected screen that records everything the supervision stream sends it. */
async function watcher(token: string) {
  const { socket } = await t.agentSocket(token);
  const feed: FeedEvent[] = [];
  const agents: AgentBoardEntry[][] = [];
  const queues: QueueBoard[] = [];
  socket.on('feed:batch', (events) => feed.push(...events));
  socket.on('agents:changed', (a) => agents.push(a));
  socket.on('queues:changed', (b) => queues.push(b));
  return { socket, feed, agents, queues };
}

async function subscribe(socket: ClientSocket, filter = {}) {
  const res = await socket.emitWithAck('supervision:subscribe', filter);
  if (!('data' in res)) throw new Error(`subscribe failed: ${JSON.stringify(res)}`);
  return SupervisionSnapshot.parse(res.data);
}

async function available(token: string) {
  const screen = await t.agentSocket(token);
  const res = await screen.socket.emitWithAck('agent:state', { state: 'available' });
  expect(res).toHaveProperty('data.state', 'available');
  return screen;
}

async function offline(...screens: Array<{ socket: { disconnect(): void } }>) {
  for (const s of screens) s.socket.disconnect();
  await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
  await t.freshAgents();
}

const kindsOf = (feed: FeedEvent[], interactionId: string) => feed.filter((e) => e.interactionId === interactionId).map((e) => e.kind);

describe('supervision', () => {
  it('shows a call another process logged and routed before this one read it, but not a long-forgotten one', async () => {
    const sup = await watcher(tokens.supervisor);
    await subscribe(sup.socket);
    const agent = (await t.models.User.findOne({ username: 'agent' }).lean())!;
    const base = { channel: 'voice' as const, from: '+447700900001', to: '+442079460000', agentId: agent._id, agentName: 'agent', state: 'offered' as const };
    // As the other process's relay delivers it: by id, read after routing already claimed it (version 1).
    const fresh = await t.models.Interaction.create({ ...base, callId: 'c-relayed', ringingAt: new Date(), version: 1 });
    const old = await t.models.Interaction.create({ ...base, callId: 'c-old', ringingAt: new Date(Date.now() - 3600_000), version: 3 });
    t.app.bus.emit('interaction:changed-elsewhere', { id: String(fresh._id) });
    t.app.bus.emit('interaction:changed-elsewhere', { id: String(old._id) });
    await eventually(() => kindsOf(sup.feed, String(fresh._id)).includes('offered'), 3000, 'relayed call in the feed');
    expect(kindsOf(sup.feed, String(fresh._id))).toEqual(['started', 'offered']);
    // Both changes recorded and flushed, and what was sent is here.
    await t.app.services.supervision.settle();
    await delivered(sup.socket);
    expect(kindsOf(sup.feed, String(old._id))).toEqual([]);
    sup.socket.disconnect();
    await t.models.Interaction.deleteMany({ callId: { $in: ['c-relayed', 'c-old'] } });
  });

  it('an agent or telemarketer can never receive feed events', async () => {
    const sup = await watcher(tokens.supervisor);
    await subscribe(sup.socket);
    const agentScreen = await watcher(tokens.agent2);
    const tele = await watcher(tokens.telemarketer);
    for (const w of [agentScreen, tele]) {
      const res = await w.socket.emitWithAck('supervision:subscribe', {});
      expect(res).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }

    const a = await available(tokens.agent);
    const res = await t.cti({ type: 'call.ringing', callId: 'sv-forbidden', from: '07700 900001' });
    await eventually(() => a.pops.find((p) => p.callId === 'sv-forbidden'), 5000, 'pop');
    await t.cti({ type: 'call.answered', callId: 'sv-forbidden', from: '07700 900001' });
    await t.cti({ type: 'call.ended', callId: 'sv-forbidden', from: '07700 900001' });
    await eventually(() => kindsOf(sup.feed, res.body.interactionId!).includes('ended'), 5000, 'supervisor sees the end');
    // Past a feed flush and a queues flush after the end, and what they sent is here.
    const queuesBefore = sup.queues.length;
    await t.app.services.supervision.settle();
    await eventually(() => sup.queues.length > queuesBefore, 5000, 'a queues flush');
    for (const w of [agentScreen, tele]) await delivered(w.socket);
    for (const w of [agentScreen, tele]) {
      expect(w.feed).toEqual([]);
      expect(w.agents).toEqual([]);
      expect(w.queues).toEqual([]);
    }
    await offline(a, agentScreen, tele, sup);
  });

  it('a supervisor sees a call appear, get answered, held and resumed, and end, in order, in the feed', async () => {
    const sup = await watcher(tokens.supervisor);
    await subscribe(sup.socket);
    const a = await available(tokens.agent);
    const res = await t.cti({ type: 'call.ringing', callId: 'sv-order', from: '07700 900001', queue: 'service' });
    const id = res.body.interactionId!;
    await eventually(() => a.pops.find((p) => p.callId === 'sv-order'), 5000, 'pop');
    // The agents board follows the agent onto the call, with its customer.
    await eventually(() => sup.agents.flat().some((e) => e.username === 'agent' && e.interactionId === id && e.customerName === 'Ada Lovelace'), 5000, 'agent on the call');
    const t0 = Date.now();
    const ago = (s: number) => new Date(t0 - s * 1000).toISOString();
    await t.cti({ type: 'call.answered', callId: 'sv-order', from: '07700 900001', at: ago(30) });
    // The caller on hold for 15 s: the feed shows it, the interaction times it.
    await t.cti({ type: 'call.held', callId: 'sv-order', from: '07700 900001', at: ago(20) });
    await t.cti({ type: 'call.resumed', callId: 'sv-order', from: '07700 900001', at: ago(5) });
    expect(await t.models.Interaction.findById(id, { heldAt: 1, holdMs: 1, holdCount: 1 }).lean()).toMatchObject({ holdMs: 15_000, holdCount: 1 });
    const offer = await t.api('PATCH', `/api/interactions/${id}`, { token: tokens.agent, body: { offer: { offerId: 'TABLETS', outcome: 'accepted' } } });
    expect(offer.status).toBe(200);
    const complaint = await t.api<{ id: string }>('POST', `/api/customers/${a.pops[0].customer!.profile.id}/complaints`, {
      token: tokens.agent,
      body: { subject: 'Noisy pump', category: 'product', severity: 'low', interactionId: id },
    });
    expect(complaint.status).toBe(201);
    await t.cti({ type: 'call.ended', callId: 'sv-order', from: '07700 900001' });
    const patch = await t.api('PATCH', `/api/interactions/${id}`, { token: tokens.agent, body: { disposition: 'resolved' } });
    expect(patch.status).toBe(200);

    await eventually(() => kindsOf(sup.feed, id).includes('wrapped-up'), 5000, 'wrap-up in the feed');
    expect(kindsOf(sup.feed, id)).toEqual(['started', 'offered', 'answered', 'held', 'resumed', 'offer', 'complaint', 'ended', 'wrapped-up']);
    expect(sup.feed.find((e) => e.interactionId === id && e.kind === 'offer')).toMatchObject({ offer: { offerId: 'TABLETS', outcome: 'accepted', title: 'Dishwasher tablets subscription' } });
    expect(sup.feed.find((e) => e.interactionId === id && e.kind === 'complaint')).toMatchObject({ complaintOpened: true });
    const ended = sup.feed.find((e) => e.interactionId === id && e.kind === 'ended')!;
    expect(ended).toMatchObject({ channel: 'voice', queue: 'service', agentName: 'agent', customerName: 'Ada Lovelace', from: '07700 900001' });
    expect(sup.feed.find((e) => e.interactionId === id && e.kind === 'wrapped-up')).toMatchObject({ disposition: 'resolved' });
    // Event ids are unique.
    expect(new Set(sup.feed.map((e) => e.id)).size).toBe(sup.feed.length);
    // Off the call, the board shows the agent free of it.
    await eventually(() => sup.agents.flat().some((e) => e.username === 'agent' && !e.interactionId), 5000, 'agent off the call');
    await offline(a, sup);
  });

  it('the snapshot on subscribe holds the latest events and the agents board', async () => {
    const sup = await watcher(tokens.supervisor);
    const snap = await subscribe(sup.socket);
    const order = snap.feed.filter((e) => e.interactionId === snap.feed.find((f) => f.kind === 'wrapped-up')!.interactionId).map((e) => e.kind);
    expect(order).toEqual(['started', 'offered', 'answered', 'held', 'resumed', 'offer', 'complaint', 'ended', 'wrapped-up']);
    expect(snap.agents.map((a) => a.username)).toEqual(['agent', 'agent2', 'telemarketer']);
    expect(snap.agents.find((a) => a.username === 'agent')).toMatchObject({ state: 'offline' });
    expect(snap.queues.thresholdSec).toBe(20);
    expect(snap.queues.day.map((q) => q.queue)).toContain('service');

    const filtered = await subscribe(sup.socket, { queue: 'nobody-here' });
    expect(filtered.feed).toEqual([]);
    const byChannel = await subscribe(sup.socket, { channel: 'voice' });
    expect(byChannel.feed.length).toBe(snap.feed.length);
    const bad = await sup.socket.emitWithAck('supervision:subscribe', { colour: 'red' } as never);
    expect(bad).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    sup.socket.disconnect();
  });

  it('queue figures of a scripted mix of calls and chats match the hand-worked numbers', async () => {
    await t.freshAgents();
    const sup = await watcher(tokens.supervisor);
    await subscribe(sup.socket);
    // A third agent, for the chats: not ready while the calls are routed.
    await t.models.User.create({ username: 'chat-agent', role: 'agent', passwordHash: (await t.models.User.findOne({ username: 'agent' }).lean())!.passwordHash });
    const chatAgent = await t.agentSocket((await t.login('chat-agent')).token);
    const a = await available(tokens.agent);
    const b = await available(tokens.agent2);
    // The calls' times come from the platform and are scripted (threshold 20 s).
    const base = Date.now() - 5 * 60_000;
    const at = (sec: number) => new Date(base + sec * 1000).toISOString();
    const q = 'scripted';
    const from = '+447700111111';
    const state = async (callId: string) => (await t.models.Interaction.findOne({ callId }).lean())?.state;
    const ring = async (callId: string, sec: number, expected: string) => {
      await t.cti({ type: 'call.ringing', callId, from, queue: q, at: at(sec) });
      await eventually(async () => (await state(callId)) === expected, 5000, `${callId} ${expected}`);
    };
    await ring('v1', 0, 'offered'); // to an agent
    await ring('v2', 5, 'offered'); // to the other
    await ring('v3', 10, 'queued'); // nobody free
    await t.cti({ type: 'call.answered', callId: 'v3', from, queue: q, at: at(12) }); // the platform's IVR answers it: not an agent
    await ring('v4', 15, 'queued');
    await t.cti({ type: 'call.answered', callId: 'v1', from, queue: q, at: at(10) }); // 10 s: within
    await t.cti({ type: 'call.answered', callId: 'v2', from, queue: q, at: at(25) }); // 20 s: within (on the threshold)
    await t.cti({ type: 'call.ended', callId: 'v4', from, queue: q, at: at(35) }); // abandoned after 20 s
    await t.cti({ type: 'call.ended', callId: 'v3', from, queue: q, at: at(50) }); // abandoned: answered by the IVR, never by an agent
    await t.cti({ type: 'call.ended', callId: 'v1', from, queue: q, at: at(70) }); // handle 60 s
    await t.cti({ type: 'call.ended', callId: 'v2', from, queue: q, at: at(145) }); // handle 120 s
    // The chats: accepted when the agent's screen takes the pop (its answer time), and one abandoned.
    expect(await chatAgent.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
    const started = Date.now();
    await t.cti({ type: 'chat.started', callId: 'c1', from: 'mix@example.com', queue: q, at: new Date(started).toISOString() });
    await eventually(async () => (await state('c1')) === 'active', 5000, 'c1 accepted');
    await t.cti({ type: 'chat.ended', callId: 'c1', from: 'mix@example.com', queue: q, at: new Date(started + 60_000).toISOString() }); // handle 60 s less the acceptance
    expect(await chatAgent.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' })).toHaveProperty('data.presence', 'not-ready');
    await t.cti({ type: 'chat.started', callId: 'c2', from: 'gone@example.com', queue: q, at: new Date(started).toISOString() });
    await eventually(async () => (await state('c2')) === 'queued', 5000, 'c2 waits');
    await t.cti({ type: 'chat.ended', callId: 'c2', from: 'gone@example.com', queue: q, at: new Date(started + 15_000).toISOString() }); // abandoned

    // By hand: offered 6; answered 3 (v1, v2, c1), all within 20 s; abandoned 3 (v3, v4, c2);
    // service level 3 / (3 + 3) = 0.5; abandon rate 0.5; handle (60 + 120 + 60 − acceptance) / 3 ≈ 80 s.
    const expected = { queue: q, offered: 6, answered: 3, answeredWithinThreshold: 3, abandoned: 3, serviceLevel: 0.5, abandonRate: 0.5, waiting: 0 };
    const board = await eventually(() => sup.queues.findLast((x) => x.day.find((f) => f.queue === q)?.abandoned === 3), 5000, 'queue figures');
    const day = board.day.find((f) => f.queue === q)!;
    expect(day).toMatchObject(expected);
    expect(day.averageHandleSec).toBeGreaterThan(79);
    expect(day.averageHandleSec).toBeLessThanOrEqual(80);
    expect(board.lastHour.find((f) => f.queue === q)).toMatchObject(expected);
    expect(board.series).toHaveLength(180);
    expect(board.series.reduce((n, p) => n + p.offered, 0)).toBeGreaterThanOrEqual(6);
    // The feed never says an agent answered the call only the IVR answered.
    expect(kindsOf(sup.feed, String((await t.models.Interaction.findOne({ callId: 'v3' }).lean())!._id))).not.toContain('answered');
    sup.socket.disconnect();
    await offline(a, b, chatAgent);
  });

  it("warms the queue figures from today's interactions at start-up", async () => {
    // A second process starting now over the same database finds the scripted morning.
    const fresh = createSupervisionService({ models: t.models, io: t.app.io, logger: pino({ level: 'silent' }), bus: new EventBus(), timeZone: t.config.reportsTimeZone });
    try {
      await fresh.warm();
      const snap = await fresh.subscribe('no-socket', {});
      expect(snap.queues.day.find((f) => f.queue === 'scripted')).toMatchObject({ offered: 6, answered: 3, answeredWithinThreshold: 3, abandoned: 3, serviceLevel: 0.5, abandonRate: 0.5 });
    } finally {
      await fresh.close();
    }
  });

  it('a slow consumer does not grow server memory without bound', async () => {
    const limits = { flushMs: 20, maxBufferedBytes: 256_000, maxWriteBuffer: 16, maxPending: 500 };
    const slow = await startTestApp({}, { supervision: limits });
    try {
      await seedFixtures(slow.models);
      const { token } = await slow.login('supervisor');
      const { socket } = await slow.agentSocket(token);
      let received = 0;
      socket.on('feed:batch', (events) => (received += events.length));
      await socket.emitWithAck('supervision:subscribe', {});
      // The browser stops reading: its TCP socket is paused, so the server's writes back up.
      const tcp = (socket.io.engine.transport as unknown as { ws: { _socket: { pause(): void; resume(): void } } }).ws._socket;
      tcp.pause();

      const server = slow.app.io.sockets.sockets.get(socket.id!)!;
      const ws = (server.conn as unknown as { transport: { socket: { bufferedAmount: number } }; writeBuffer: unknown[] });
      const supervision = slow.app.services.supervision;
      const big = 'x'.repeat(2000);
      let maxBytes = 0;
      let maxPackets = 0;
      for (let round = 0; round < 40; round++) {
        for (let k = 0; k < 250; k++) {
          const n = round * 250 + k;
          const doc = { _id: `${n.toString(16).padStart(24, '0')}`, version: 0, state: 'ringing', channel: 'voice', from: big, ringingAt: new Date(), offers: [], complaintIds: [] } as unknown as InteractionDoc;
          slow.app.bus.emit('interaction:changed', { id: String(doc._id), doc, cause: 'opened' });
        }
        await new Promise((r) => setTimeout(r, 25));
        maxBytes = Math.max(maxBytes, ws.transport.socket.bufferedAmount);
        maxPackets = Math.max(maxPackets, ws.writeBuffer.length);
        const s = supervision.stats();
        expect(s.pending).toBeLessThanOrEqual(limits.maxPending);
        expect(s.feed).toBeLessThanOrEqual(200);
      }
      await supervision.settle();
      const stats = supervision.stats();
      expect(stats.droppedBatches).toBeGreaterThan(0);
      // One batch may go out while under the limit: the buffer is capped near the limit plus one batch.
      const oneBatch = limits.maxPending * 2200;
      expect(maxBytes).toBeLessThan(limits.maxBufferedBytes + oneBatch);
      expect(maxPackets).toBeLessThanOrEqual(limits.maxWriteBuffer + 4);
      expect(stats.feed).toBe(200);

      // Reading again, the browser gets going again (it would re-subscribe for a fresh snapshot).
      tcp.resume();
      const snap = await subscribe(socket);
      expect(snap.feed).toHaveLength(200);
      expect(received).toBeLessThan(10_000);
    } finally {
      await slow.close();
    }
  });
});
