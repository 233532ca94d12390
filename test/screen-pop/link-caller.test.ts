import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/schemas/audit.js';
import type { CustomerPicture, CustomerSummary } from '../../shared/schemas/customer.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let agent: string;
let agent2: string;
let screen: Awaited<ReturnType<TestApp['agentSocket']>>;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  agent = (await t.login('agent')).token;
  agent2 = (await t.login('agent2')).token;
  screen = await t.agentSocket(agent);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
});
afterAll(() => t?.close());

/** Rings from `from`, waits for the pop on the agent's screen, and ends the call (the agent keeps it to wrap up). */
async function ring(callId: string, from: string) {
  await t.cti({ type: 'call.ringing', callId, from });
  const pop = await eventually(() => screen.pops.find((p) => p.callId === callId), 5000, `pop of ${callId}`);
  await t.cti({ type: 'call.ended', callId, from });
  return pop;
}
async function wrapUp(interactionId: string) {
  expect((await t.api('PATCH', `/api/interactions/${interactionId}`, { token: agent, body: { disposition: 'no-action' } })).status).toBe(200);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
}

describe('linking an unknown caller to an existing customer', () => {
  it('adds the caller’s number to the customer found by search, attaches the call, and knows the next call from that number', async () => {
    const first = await ring('c-new-mobile', '07700 900555');
    expect(first.customer).toBeNull();
    expect(first.candidates).toEqual([]);

    // The agent finds Ada by name with the console's search and links the call to her.
    const found = await t.api<{ items: CustomerSummary[] }>('GET', '/api/customers?q=lovelace', { token: agent });
    const ada = found.body.items.find((c) => c.displayName === 'Ada Lovelace')!;
    const res = await t.api<{ customer: CustomerSummary; picture: CustomerPicture }>('POST', `/api/customers/${ada.id}/link-caller`, { token: agent, body: { interactionId: first.interactionId } });
    expect(res.status).toBe(200);
    expect(res.body.customer.id).toBe(String(fx.customers.ada));
    expect(res.body.picture.profile.displayName).toBe('Ada Lovelace');

    const stored = await t.models.Customer.findById(fx.customers.ada).lean();
    expect(stored!.phones.map((p) => p.number)).toEqual(['+447700900001', '+447700900555']);
    expect(stored!.searchTokens).toContain('447700900555');
    const interaction = await t.models.Interaction.findById(first.interactionId).lean();
    expect(String(interaction!.customerId)).toBe(String(fx.customers.ada));
    expect(interaction!.changes.at(-1)).toMatchObject({ what: 'caller linked' });
    await wrapUp(first.interactionId);

    const next = await ring('c-new-mobile-again', '+44 7700 900555');
    expect(next.customerId).toBe(String(fx.customers.ada));
    expect(next.customer?.profile.displayName).toBe('Ada Lovelace');
    await wrapUp(next.interactionId);

    const admin = (await addAdmin(t)).token;
    const audit = await t.api<AuditPage>('GET', '/api/audit?action=customer.caller-linked', { token: admin });
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ actor: { username: 'agent' }, customerId: String(fx.customers.ada), detail: { interactionId: first.interactionId, added: 'phone' } });
  });

  it('refuses another agent’s call, a call already linked to someone else, unknown ids and extra fields, and changes nothing', async () => {
    const pop = await ring('c-hostile', '07700 900666');
    const ada = String(fx.customers.ada);
    const ben = String(fx.customers.ben);
    const before = await t.models.Customer.find({}).sort({ _id: 1 }).lean();
    const link = (customerId: string, body: unknown, token = agent) => t.api<{ error: { message: string } }>('POST', `/api/customers/${customerId}/link-caller`, { token, body });

    expect((await link(ada, { interactionId: pop.interactionId }, agent2)).status).toBe(403);
    expect((await link(String(new Types.ObjectId()), { interactionId: pop.interactionId })).status).toBe(404);
    expect((await link('not-an-id', { interactionId: pop.interactionId })).status).toBe(400);
    expect((await link(ada, { interactionId: String(new Types.ObjectId()) })).status).toBe(404);
    expect((await link(ada, { interactionId: pop.interactionId, phone: '+447700900999' })).status).toBe(400);
    expect((await link(ada, {})).status).toBe(400);
    expect(await t.models.Customer.find({}).sort({ _id: 1 }).lean()).toEqual(before);
    expect((await t.models.Interaction.findById(pop.interactionId).lean())!.customerId).toBeNull();

    expect((await link(ben, { interactionId: pop.interactionId })).status).toBe(200);
    const taken = await link(ada, { interactionId: pop.interactionId });
    expect(taken.status).toBe(409);
    expect(taken.body.error.message).toMatch(/already linked to another customer/);
    expect((await t.models.Customer.findById(fx.customers.ada).lean())!.phones.map((p) => p.number)).not.toContain('+447700900666');
    await wrapUp(pop.interactionId);
  });

  it('refuses to link a withheld number with a clear message', async () => {
    const pop = await ring('c-withheld', 'anonymous');
    const res = await t.api<{ error: { message: string } }>('POST', `/api/customers/${fx.customers.ben}/link-caller`, { token: agent, body: { interactionId: pop.interactionId } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/withheld/);
    expect((await t.models.Interaction.findById(pop.interactionId).lean())!.customerId).toBeNull();
    await wrapUp(pop.interactionId);
  });
});
