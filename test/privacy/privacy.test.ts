import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerExport, EraseResult } from '../../shared/schemas/privacy.js';
import { CustomerPicture, type CustomerSearchResult } from '../../shared/schemas/customer.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from '../access/support.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
  agent = (await t.login('agent')).token;
  const campaign = await t.models.Campaign.create({ name: 'Spring tablets', channel: 'phone', startsAt: new Date() });
  await t.models.CampaignContact.create({ campaignId: campaign._id, customerId: fx.customers.ada, channel: 'phone', at: new Date(), response: 'opened' });
});
afterAll(async () => {
  // Let the server finish the agents' disconnect bookkeeping before the database goes.
  await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
  await t.close();
});

/** A chat with Ada: notes and a transcript to find again (or not) afterwards. */
async function chatWithAda() {
  const screen = await t.agentSocket(agent);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data');
  const started = await t.cti({ type: 'chat.started', callId: 'privacy-chat', from: 'ada@example.com' });
  await t.cti({ type: 'chat.message', callId: 'privacy-chat', from: 'ada@example.com', text: 'I live at 12 Analytical St, call me on 07700 900001' });
  await eventually(() => screen.pops.length > 0, 5000, 'pop');
  const id = started.body.interactionId!;
  expect((await t.api('PATCH', `/api/interactions/${id}`, { token: agent, body: { notes: 'Ada Lovelace asked about her dishwasher' } })).status).toBe(200);
  await t.cti({ type: 'chat.ended', callId: 'privacy-chat', from: 'ada@example.com' });
  expect((await t.api('PATCH', `/api/interactions/${id}`, { token: agent, body: { disposition: 'information' } })).status).toBe(200);
  screen.socket.disconnect();
  return id;
}

describe('access request', () => {
  it('exports everything held about the customer, each record with its purpose', async () => {
    const ada = String(fx.customers.ada);
    const interactionId = await chatWithAda();
    const res = await t.api('GET', `/api/privacy/customers/${ada}/export`, { token: admin });
    expect(res.status).toBe(200);
    const x = CustomerExport.parse(res.body);
    expect(x.profile).toMatchObject({ displayName: 'Ada Lovelace', purpose: 'customer-service' });
    expect(x.consents.length).toBe(2);
    expect(x.transactions.map((tx) => tx.total)).toEqual([499, 12]);
    expect(x.transactions[0].purpose).toMatch(/contract/);
    const chat = x.interactions.find((i) => i._id === interactionId)!;
    expect(chat.notes).toBe('Ada Lovelace asked about her dishwasher');
    expect(JSON.stringify(chat.transcript)).toContain('12 Analytical St');
    expect(chat.purpose).toBe('customer-service');
    expect(x.complaints[0]).toMatchObject({ subject: 'Late delivery', purpose: expect.stringContaining('complaint') });
    expect(x.surveys[0]).toMatchObject({ type: 'nps', score: 9 });
    expect(x.campaignContacts).toHaveLength(1);
    expect(x.audit.map((e) => e.action)).toContain('privacy.exported');
    expect(x.purposes.customer).toBe('customer-service');
  });
});

describe('opt-out', () => {
  it('withdraws marketing consent on every channel at once, with source and time', async () => {
    const ada = String(fx.customers.ada);
    const res = await t.api('POST', `/api/customers/${ada}/opt-out`, { token: agent, body: { source: 'unsubscribe-link' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ channels: ['phone', 'email', 'sms', 'post'], source: 'unsubscribe-link:agent' });
    const picture = CustomerPicture.parse((await t.api('GET', `/api/customers/${ada}/picture`, { token: agent })).body);
    const marketing = picture.consents.items.filter((c) => c.purpose === 'marketing');
    expect(marketing.map((c) => c.channel).sort()).toEqual(['email', 'phone', 'post', 'sms']);
    expect(marketing.every((c) => !c.granted && c.source === 'unsubscribe-link:agent')).toBe(true);
    expect(picture.consents.marketingOptOut).toBe(true);
    // Service consent is untouched; no marketing offer is made any more.
    expect(picture.consents.items.find((c) => c.purpose === 'service')?.granted).toBe(true);
    expect(picture.nextBestOffers).toEqual([]);
  });

  it('withdraws one channel only when asked', async () => {
    const acme = String(fx.customers.acme);
    const res = await t.api('POST', `/api/customers/${acme}/opt-out`, { token: agent, body: { channel: 'email' } });
    expect(res.body).toMatchObject({ channels: ['email'] });
    const picture = CustomerPicture.parse((await t.api('GET', `/api/customers/${acme}/picture`, { token: agent })).body);
    expect(picture.consents.items.filter((c) => c.purpose === 'marketing').map((c) => c.channel)).toEqual(['email']);
  });
});

describe('erasure', () => {
  it('leaves no personal data anywhere but keeps anonymous aggregates, with an audit entry', async () => {
    const ada = String(fx.customers.ada);
    // She also chatted from a shop's website: the widget kept her pre-chat answers and her rating's comment.
    const chat = await t.models.Interaction.findOne({ customerId: fx.customers.ada, channel: 'chat' }).lean();
    const siteId = new Types.ObjectId();
    await t.models.VisitorSession.create({ tokenHash: 'a'.repeat(64), siteId, interactionId: chat!._id, name: 'Ada Lovelace', email: 'ada@example.com', phone: '+447700900001', marketingConsent: { granted: true, at: new Date(), email: 'ada@example.com' } });
    await t.models.WidgetRating.create({ interactionId: chat!._id, siteId, queue: 'service', score: 2, comment: 'Lovelace asked twice, nobody answered', at: new Date() });
    expect((await t.api('POST', `/api/privacy/customers/${ada}/erase`, { token: admin, body: { confirm: String(fx.customers.ben) } })).status).toBe(400);
    const res = await t.api('POST', `/api/privacy/customers/${ada}/erase`, { token: admin, body: { confirm: ada } });
    expect(res.status).toBe(200);
    const result = EraseResult.parse(res.body);
    expect(result.counts.interactions).toBeGreaterThan(0);
    expect(result.counts).toMatchObject({ widgetSessions: 1, chatRatingComments: 1 });
    // The score stays, as an anonymous figure.
    expect(await t.models.WidgetRating.findOne({ interactionId: chat!._id }, { _id: 0, score: 1, comment: 1 }).lean()).toEqual({ score: 2, comment: '' });

    for (const q of ['Lovelace', 'Ada', '07700 900001', '+447700900001', 'ada@example.com']) {
      const found = await t.api<CustomerSearchResult>('GET', `/api/customers?q=${encodeURIComponent(q)}`, { token: agent });
      expect(found.body.items.map((c) => c.id), q).not.toContain(ada);
    }
    // Ben is still findable, but no longer related to Ada.
    const ben = await t.models.Customer.findById(fx.customers.ben).lean();
    expect(ben!.relations).toEqual([]);

    const x = CustomerExport.parse((await t.api('GET', `/api/privacy/customers/${ada}/export`, { token: admin })).body);
    const held = JSON.stringify({ ...x, audit: [] });
    for (const s of ['Ada', 'Lovelace', '900001', 'ada@example.com', 'Analytical', 'her dishwasher', 'Late delivery']) expect(held, s).not.toContain(s);
    expect(x.profile).toMatchObject({ displayName: 'Erased customer', phones: [], emails: [], addresses: [], searchTokens: [] });
    expect(x.campaignContacts).toEqual([]);
    expect(x.interactions.every((i) => i.from === '[erased]')).toBe(true);
    expect(JSON.stringify(x.interactions.map((i) => i.transcript))).not.toContain('Analytical');
    // Aggregates stay: transaction amounts, dates and products; totals and scores.
    expect(x.transactions.map((tx) => tx.total)).toEqual([499, 12]);
    expect((x.transactions[0].items as Array<{ sku: string }>)[0].sku).toBe('DW-100');
    expect(x.profile.totals).toMatchObject({ count: 2, spend: 511 });
    expect((await t.models.Interaction.countDocuments({ customerId: fx.customers.ada })) > 0).toBe(true);
    expect(x.audit.map((e) => e.action)).toContain('privacy.erased');
    // Nothing in the whole database still holds her phone number or e-mail.
    const db = t.models.User.db;
    for (const name of (await db.listCollections()).map((c) => c.name).filter((n) => n !== 'auditlog')) {
      const docs = JSON.stringify(await db.collection(name).find({}).toArray());
      expect(docs, name).not.toContain('ada@example.com');
      expect(docs, name).not.toContain('+447700900001');
      expect(docs, name).not.toContain('Lovelace asked');
    }
  });
});

describe('erasure and stored answers', () => {
  it("replaces a replayable answer holding the erased customer's name and phone with 410 Gone", async () => {
    const key = 'quick-create-erase-0001';
    const body = { firstName: 'Grace', lastName: 'Erasable', phone: '+447700900777' };
    const created = await t.api<{ customer: { id: string } }>('POST', '/api/customers', { token: agent, body, headers: { 'idempotency-key': key } });
    expect(created.status).toBe(201);
    const replay = await fetch(`${t.base}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}`, 'idempotency-key': key }, body: JSON.stringify(body) });
    expect(await replay.text()).toMatch(/Erasable/);

    expect((await t.api('POST', `/api/privacy/customers/${created.body.customer.id}/erase`, { token: admin, body: { confirm: created.body.customer.id } })).status).toBe(200);
    const after = await fetch(`${t.base}/api/customers`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${agent}`, 'idempotency-key': key }, body: JSON.stringify(body) });
    const text = await after.text();
    expect(after.status).toBe(410);
    expect(text).not.toMatch(/Erasable|900777/);
    // And the request did not run again.
    expect(await t.models.Customer.countDocuments({ lastName: 'Erasable' })).toBe(0);
  });
});
