import { randomUUID } from 'node:crypto';
import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenPop } from '../../shared/schemas/interaction.js';
import { type ClientSocket, type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let token: string;
let agentId: string;

beforeAll(async () => {
  t = await startTestApp(); // the default pop acknowledgement timeout, on purpose
  await seedFixtures(t.models);
  const login = await t.login('agent');
  token = login.token;
  agentId = login.user.id;
});
afterAll(() => t?.close());

async function chatFor(callId: string) {
  const i = await t.models.Interaction.create({ callId, channel: 'chat', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'active', agentId });
  return String(i._id);
}

describe('retried writes', () => {
  it('applies a chat reply retried with the same Idempotency-Key once and answers the retry with the first answer', async () => {
    const id = await chatFor('chat-idem-1');
    const key = randomUUID();
    const first = await t.api('POST', `/api/interactions/${id}/messages`, { token, body: { text: 'hello once' }, headers: { 'idempotency-key': key } });
    const retry = await t.api('POST', `/api/interactions/${id}/messages`, { token, body: { text: 'hello once' }, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    expect(retry).toEqual(first);
    expect(await t.models.ChatMessage.countDocuments({ interactionId: id })).toBe(1);

    const other = await t.api('POST', `/api/interactions/${id}/messages`, { token, body: { text: 'hello once' }, headers: { 'idempotency-key': randomUUID() } });
    expect(other.status).toBe(201);
    expect(await t.models.ChatMessage.countDocuments({ interactionId: id })).toBe(2);
  });

  it('marks a replayed answer and keeps one offer outcome for a retried PATCH', async () => {
    const id = await chatFor('chat-idem-2');
    const key = randomUUID();
    const send = () =>
      fetch(`${t.base}/api/interactions/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'idempotency-key': key },
        body: JSON.stringify({ offer: { offerId: 'TABLETS', outcome: 'accepted' } }),
      });
    const first = await send();
    const retry = await send();
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await retry.json()).toEqual(await first.json());
    expect((await t.models.Interaction.findById(id).lean())!.offers).toHaveLength(1);
  });

  it('replays a rejected answer too, refuses a malformed key with 400 and a key reused for another request with 422', async () => {
    const id = await chatFor('chat-idem-3');
    const key = randomUUID();
    const bad = await t.api('PATCH', `/api/interactions/${id}`, { token, body: { offer: { offerId: 'NOPE', outcome: 'accepted' } }, headers: { 'idempotency-key': key } });
    expect(bad.status).toBe(400);
    expect(await t.api('PATCH', `/api/interactions/${id}`, { token, body: { offer: { offerId: 'NOPE', outcome: 'accepted' } }, headers: { 'idempotency-key': key } })).toEqual(bad);
    const malformed = await t.api('PATCH', `/api/interactions/${id}`, { token, body: { notes: 'x' }, headers: { 'idempotency-key': 'short' } });
    expect(malformed.status).toBe(400);
    const reused = await t.api('PATCH', `/api/interactions/${id}`, { token, body: { notes: 'something else' }, headers: { 'idempotency-key': key } });
    expect(reused).toMatchObject({ status: 422, body: { error: { code: 'KEY_REUSED' } } });
    expect((await t.models.Interaction.findById(id).lean())!.notes ?? null).toBeNull();
  });

  // Each route that creates something and then writes its audit entry: a failure between the two (a
  // full disk, a lost connection) answers 5xx with the created document already stored.
  const creates = [
    { what: 'customer', action: 'customer.created', collection: 'customers', path: () => '/api/customers', body: (tag: string) => ({ firstName: 'Half', lastName: tag }), find: (tag: string) => ({ lastName: tag }) },
    { what: 'complaint', action: 'complaint.opened', collection: 'complaints', path: async () => `/api/customers/${(await t.models.Customer.findOne({ displayName: 'Ada Lovelace' }).lean())!._id}/complaints`, body: (tag: string) => ({ subject: tag, category: 'product', severity: 'low' }), find: (tag: string) => ({ subject: tag }) },
    { what: 'callback', action: 'callback.created', collection: 'callbacks', path: () => '/api/callbacks', body: (tag: string) => ({ queue: 'service', name: tag, phone: '+44 20 7946 0001' }), find: (tag: string) => ({ name: tag }) },
  ];
  it.each(creates)('stores one $what when its create failed after storing it and is retried with the same key', async (c) => {
    const db = t.models.Customer.db.db!;
    const tag = `Retried-${randomUUID().slice(0, 8)}`;
    const key = randomUUID();
    const path = await c.path();
    const create = (headers: Record<string, string> = { 'idempotency-key': key }) => t.api<{ id?: string; customer?: { id: string } }>('POST', path, { token, body: c.body(tag), headers });
    const stored = () => db.collection(c.collection).find(c.find(tag)).toArray();
    // The audit log refuses this request's entry, as a full disk would after the document was stored.
    await db.command({ collMod: 'auditlog', validator: { action: { $ne: c.action } } });
    try {
      expect((await create()).status).toBeGreaterThanOrEqual(500);
    } finally {
      await db.command({ collMod: 'auditlog', validator: {} });
    }
    expect(await stored()).toHaveLength(1);

    const retried = await create();
    expect(retried.status).toBe(201);
    const docs = await stored();
    expect(docs).toHaveLength(1);
    expect(retried.body.customer?.id ?? retried.body.id).toBe(String(docs[0]!._id));
    expect(await db.collection('auditlog').countDocuments({ action: c.action, 'entity.id': String(docs[0]!._id) })).toBe(1);
    expect(await create()).toEqual(retried);

    // Without a key, two requests are two documents (nothing ties them together).
    expect([(await create({})).status, (await create({})).status]).toEqual([201, 201]);
    expect(await stored()).toHaveLength(3);
  });
});

describe('unacknowledged pops', () => {
  it('re-routes a pop the screen never acknowledged to another agent within a few seconds', async () => {
    await t.freshAgents();
    // A screen that receives pops but never acknowledges them (a frozen browser tab).
    const frozen: ClientSocket = connectSocket(t.base, { auth: { token }, transports: ['websocket'], forceNew: true, reconnection: false });
    const frozenPops: ScreenPop[] = [];
    frozen.on('screen-pop', (pop) => void frozenPops.push(pop));
    await new Promise<void>((resolve) => frozen.once('connect', () => resolve()));
    expect(await frozen.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');

    await t.cti({ type: 'call.ringing', callId: 'c-frozen', from: '+447700900001' });
    await eventually(() => frozenPops.find((p) => p.callId === 'c-frozen'), 5000, 'pop on the frozen screen');
    const offeredAt = Date.now();

    const agent2 = await t.agentSocket((await t.login('agent2')).token);
    expect(await agent2.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
    await eventually(() => agent2.pops.find((p) => p.callId === 'c-frozen'), 10_000, 'the call re-routed to agent2');
    const rerouteMs = Date.now() - offeredAt;
    expect(rerouteMs).toBeLessThan(t.config.popAckTimeoutMs + 2500);
    expect(t.config.popAckTimeoutMs).toBeLessThanOrEqual(5000);
    const agent = await t.models.Agent.findOne({ userId: agentId }).lean();
    expect(agent).toMatchObject({ state: 'not-ready', reason: 'missed' });
    console.log(`unacknowledged pop re-routed after ${rerouteMs} ms (ack timeout ${t.config.popAckTimeoutMs} ms)`);
    frozen.disconnect();
    agent2.socket.disconnect();
  }, 20_000);
});
