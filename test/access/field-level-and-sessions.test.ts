import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pictureFor } from '../../server/access/picture-filter.js';
import { CustomerPicture } from '../../shared/schemas/customer.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from './support.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());

describe('field-level access to the picture', () => {
  it("gives a telemarketer complaint counts and status, not what the complaint was about", async () => {
    const ada = String(fx.customers.ada);
    const { token } = await t.login('telemarketer');
    const res = await t.api<CustomerPicture>('GET', `/api/customers/${ada}/picture`, { token });
    expect(res.status).toBe(200);
    expect(CustomerPicture.safeParse(res.body).success).toBe(true);
    expect(res.body.complaints).toHaveLength(1);
    expect(res.body.complaints[0]).toMatchObject({ status: 'open', severity: 'medium', subject: 'restricted', category: 'restricted' });
    expect(JSON.stringify(res.body)).not.toContain('Late delivery');

    const agent = await t.api<CustomerPicture>('GET', `/api/customers/${ada}/picture`, { token: (await t.login('agent')).token });
    expect(agent.body.complaints[0].subject).toBe('Late delivery');
  });

  it('pictureFor drops notes, survey comments and business intelligence for telemarketers only', async () => {
    const acme = String(fx.customers.acme);
    await t.models.Customer.updateOne({ _id: fx.customers.acme }, { $set: { business: { competitors: ['Rival plc'], shareOfWallet: 0.4, buyingPractices: 'tenders', buyingTeam: [] } } });
    const { token } = await t.login('supervisor');
    const full = (await t.api<CustomerPicture>('GET', `/api/customers/${acme}/picture`, { token })).body;
    const withNotes = { ...full, interactions: [{ id: 'i1', channel: 'voice', direction: 'inbound' as const, at: new Date(), state: 'ended', notes: 'angry about price' }] };
    const filtered = pictureFor('telemarketer', CustomerPicture.parse(withNotes));
    expect(filtered.interactions[0].notes).toBeUndefined();
    expect(filtered.profile.business?.competitors).toEqual([]);
    expect(filtered.profile.business?.shareOfWallet).toBeUndefined();
    expect(pictureFor('agent', CustomerPicture.parse(withNotes))).toEqual(CustomerPicture.parse(withNotes));
  });
});

describe('sessions', () => {
  it("refuses a disabled user's requests and cuts their open socket at once", async () => {
    const agent2 = await t.login('agent2');
    const screen = await t.agentSocket(agent2.token);
    const cut = new Promise<string>((resolve) => screen.socket.once('disconnect', resolve));

    const res = await t.api('PATCH', `/api/users/${agent2.user.id}`, { token: admin, body: { disabled: true } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'agent2', disabled: true });
    expect(await cut).toBe('io server disconnect');

    // Every route refuses the token at once: disabling in this process drops the user from the active-user cache.
    expect((await t.api('GET', '/api/customers?q=ada', { token: agent2.token })).status).toBe(401);
    // A reconnect with the same, unexpired token is refused too.
    const again = t.agentSocket(agent2.token);
    await expect(again).rejects.toThrow(/unauthorized/);
    expect((await t.api('POST', '/api/auth/login', { body: { username: 'agent2', password: 'demo' } })).status).toBe(401);

    const audit = await t.api<{ items: Array<{ action: string; entity: { id: string } }> }>('GET', '/api/audit?action=user.', { token: admin });
    expect(audit.body.items[0]).toMatchObject({ action: 'user.disabled', entity: { id: agent2.user.id } });
  });
});
