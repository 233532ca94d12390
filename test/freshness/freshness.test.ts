import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPicture } from '../../shared/schemas/customer.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let agent: string;
let ids: Awaited<ReturnType<typeof seedFixtures>>['customers'];
const DAY = 86_400_000;

beforeAll(async () => {
  t = await startTestApp({ contactStaleDays: 30 });
  ids = (await seedFixtures(t.models)).customers;
  agent = (await t.login('agent')).token;
});
afterAll(() => t?.close());

const picture = (id: unknown) => t.api<CustomerPicture>('GET', `/api/customers/${id}/picture`, { token: agent });

describe('contact freshness', () => {
  it('flags contact details confirmed longer ago than the configured window, and not fresher ones', async () => {
    // Both joined long ago; Ada's last purchase (2 months) is outside the 30-day window too.
    const longAgo = new Date(Date.now() - 400 * DAY);
    await t.models.Customer.collection.updateMany({ _id: { $in: [ids.ada, ids.ben] } }, { $set: { createdAt: longAgo } });
    await t.models.Customer.updateOne({ _id: ids.ada }, { $set: { contactConfirmedAt: new Date(Date.now() - 31 * DAY) } });
    await t.models.Customer.updateOne({ _id: ids.ben }, { $set: { contactConfirmedAt: new Date(Date.now() - 29 * DAY) } });
    expect((await picture(ids.ada)).body.profile.freshness).toMatchObject({ stale: true });
    expect((await picture(ids.ben)).body.profile.freshness).toMatchObject({ stale: false });
    // Never confirmed: counted from when the record was made (just now in the fixtures).
    expect((await picture(ids.acme)).body.profile.freshness).toEqual({ stale: false });
  });

  it("clears the flag when the agent confirms, and logs it on the agent's interaction", async () => {
    const screen = await t.agentSocket(agent);
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    const call = await t.cti({ type: 'call.ringing', callId: 'fresh-1', from: '+447700900001', agentId: 'agent' });
    const interactionId = call.body.interactionId!;
    await eventually(() => screen.pops.length > 0, 5000, 'the pop');
    const res = await t.api<CustomerPicture>('POST', `/api/customers/${ids.ada}/confirm-contact`, { token: agent, body: { interactionId } });
    expect(res.status).toBe(200);
    expect(res.body.profile.freshness!.stale).toBe(false);
    expect(Date.now() - new Date(res.body.profile.freshness!.contactConfirmedAt!).getTime()).toBeLessThan(5000);
    expect((await picture(ids.ada)).body.profile.freshness!.stale).toBe(false);
    const interaction = await t.models.Interaction.findById(interactionId).lean();
    expect(interaction!.changes.map((c) => c.what)).toContain('contact-confirmed');
  });

  it('answers 404 for an unknown customer', async () => {
    expect((await t.api('POST', '/api/customers/0123456789abcdef01234567/confirm-contact', { token: agent, body: {} })).status).toBe(404);
  });
});
