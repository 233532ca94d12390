import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PresenceChanged } from '../../shared/realtime/events.js';
import { CustomerPicture } from '../../shared/schemas/customer.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let agent: string;
let agent2: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  agent = (await t.login('agent')).token;
  agent2 = (await t.login('agent2')).token;
});
afterAll(async () => {
  // Let the server finish the agents' disconnect bookkeeping before the database goes.
  await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
  await t.close();
});

describe('optimistic concurrency', () => {
  it('refuses a preferences save based on a stale version with 409 and the current values', async () => {
    const ben = String(fx.customers.ben);
    const read = CustomerPicture.parse((await t.api('GET', `/api/customers/${ben}/picture`, { token: agent })).body);
    const first = await t.api('PATCH', `/api/customers/${ben}/preferences`, { token: agent2, body: { preferences: { language: 'fr' }, expectedVersion: read.profile.version } });
    expect(first.status).toBe(200);

    const stale = await t.api<{ error: { code: string; details: { version: number; current: { preferences: { language?: string } } } } }>(
      'PATCH',
      `/api/customers/${ben}/preferences`,
      { token: agent, body: { preferences: { language: 'de' }, expectedVersion: read.profile.version } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe('CHANGED_MEANWHILE');
    expect(stale.body.error.details.version).toBe(read.profile.version + 1);
    expect(stale.body.error.details.current.preferences.language).toBe('fr');

    // Reapplied on the current version, it lands.
    const again = await t.api('PATCH', `/api/customers/${ben}/preferences`, { token: agent, body: { preferences: { language: 'de' }, expectedVersion: stale.body.error.details.version } });
    expect(again.status).toBe(200);
    expect((await t.models.Customer.findById(ben).lean())!.preferences!.language).toBe('de');
  });

  it('refuses an interaction save based on a stale version with 409 and the current notes', async () => {
    const screen = await t.agentSocket(agent);
    expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data');
    const call = await t.cti({ type: 'call.ringing', callId: 'stale-1', from: '+447700900002' });
    await eventually(() => screen.pops.length > 0, 5000, 'pop');
    const id = call.body.interactionId!;
    const supervisor = (await t.login('supervisor')).token;
    const read = (await t.api<{ version: number }>('GET', `/api/interactions/${id}`, { token: agent })).body.version;
    expect((await t.api('PATCH', `/api/interactions/${id}`, { token: supervisor, body: { notes: 'Supervisor: customer is VIP', expectedVersion: read } })).status).toBe(200);
    const stale = await t.api<{ error: { details: { current: { notes: string } } } }>('PATCH', `/api/interactions/${id}`, {
      token: agent,
      body: { notes: 'my notes', expectedVersion: read },
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.notes).toBe('Supervisor: customer is VIP');
    expect((await t.models.Interaction.findById(id).lean())!.notes).toBe('Supervisor: customer is VIP');
    await t.cti({ type: 'call.ended', callId: 'stale-1', from: '+447700900002' });
    screen.socket.disconnect();
  });
});

describe('presence', () => {
  it('shows each of two viewers of one customer the other, and drops a viewer who leaves or disconnects', async () => {
    const ada = String(fx.customers.ada);
    const a = await t.agentSocket(agent);
    const b = await t.agentSocket(agent2);
    const seenByA: PresenceChanged[] = [];
    const seenByB: PresenceChanged[] = [];
    a.socket.on('presence:changed', (p) => seenByA.push(p));
    b.socket.on('presence:changed', (p) => seenByB.push(p));

    const ackA = await a.socket.emitWithAck('customer:viewing', { customerId: ada });
    expect(ackA).toEqual({ data: { customerId: ada, viewers: [expect.objectContaining({ username: 'agent' })] } });
    await b.socket.emitWithAck('customer:viewing', { customerId: ada });
    const names = (p?: PresenceChanged) => (p?.viewers ?? []).map((v) => v.username).sort();
    await eventually(() => names(seenByA.at(-1)).join() === 'agent,agent2', 2000, 'A sees B');
    await eventually(() => names(seenByB.at(-1)).join() === 'agent,agent2', 2000, 'B sees A');

    // Someone looking at another customer is not shown.
    const other = await t.agentSocket((await t.login('supervisor')).token);
    await other.socket.emitWithAck('customer:viewing', { customerId: String(fx.customers.ben) });
    b.socket.emit('customer:left', { customerId: ada });
    await eventually(() => names(seenByA.at(-1)).join() === 'agent', 2000, 'B left');
    await b.socket.emitWithAck('customer:viewing', { customerId: ada });
    await eventually(() => names(seenByA.at(-1)).join() === 'agent,agent2', 2000, 'B back');
    b.socket.disconnect();
    await eventually(() => names(seenByA.at(-1)).join() === 'agent', 2000, 'B disconnected');
    expect(seenByA.every((p) => p.customerId === ada)).toBe(true);
    a.socket.disconnect();
    other.socket.disconnect();
  });

  it('refuses a malformed customer id', async () => {
    const a = await t.agentSocket(agent);
    expect(await a.socket.emitWithAck('customer:viewing', { customerId: { $ne: 1 } } as never)).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    a.socket.disconnect();
  });
});
