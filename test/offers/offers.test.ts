import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPicture } from '../../shared/schemas/customer.js';
import type { Offer, OfferStats } from '../../shared/schemas/offers.js';
import { hashPassword } from '../../server/auth/password.js';
import { eventually, startTestApp, type TestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let admin: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  await t.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') });
  admin = (await t.login('admin')).token;
});
afterAll(() => t?.close());

const tablets = (p: CustomerPicture) => p.nextBestOffers.find((o) => o.offerId === 'TABLETS');

describe('one customer, one price', () => {
  it('quotes the same offer at the same price on voice and chat, to every agent, after a list-price change', async () => {
    const one = await t.login('agent');
    const two = await t.login('agent2');
    const voice = await t.agentSocket(one.token);
    await voice.socket.emitWithAck('agent:state', { state: 'available' });
    await t.cti({ type: 'call.ringing', callId: 'v-ada', from: '07700 900001' });
    const voicePop = await eventually(() => voice.pops.find((p) => p.callId === 'v-ada'), 5000, 'voice pop');
    const quoted = tablets(voicePop.customer!)!;
    expect(quoted.price).toBe(9.99);
    expect(quoted.quoteExpiresAt).toBeDefined();

    const offer = await t.models.Offer.findOne({ code: 'TABLETS' }).lean();
    const changed = await t.api<Offer>('PUT', `/api/offers/${offer!._id}`, {
      token: admin,
      body: { code: 'TABLETS', title: 'Dishwasher tablets subscription', kind: 'complement', sku: 'TAB-50', triggerCategory: 'dishwashers', price: 14.99 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.price).toBe(14.99);

    const chat = await t.agentSocket(two.token);
    await chat.socket.emitWithAck('agent:state', { state: 'available' });
    await t.cti({ type: 'chat.started', callId: 'c-ada', from: 'ada@example.com' });
    // Routing picks whichever agent is free for chats; the price must not depend on which.
    const chatPop = await eventually(() => [...chat.pops, ...voice.pops].find((p) => p.callId === 'c-ada'), 5000, 'chat pop');
    expect(chatPop.channel).toBe('chat');
    expect(tablets(chatPop.customer!)).toMatchObject({ price: 9.99, quoteExpiresAt: quoted.quoteExpiresAt });
  });

  it('requotes at the list price once the quote has expired', async () => {
    await t.models.Quote.updateOne({ customerId: fx.customers.ada, offerCode: 'TABLETS' }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const { token } = await t.login('agent2');
    const res = await t.api<CustomerPicture>('GET', `/api/customers/${fx.customers.ada}/picture`, { token });
    expect(tablets(res.body)?.price).toBe(14.99);
  });
});

describe('offer outcomes', () => {
  it('gives an opted-out customer no marketing offer', async () => {
    const { token } = await t.login('agent');
    const res = await t.api<CustomerPicture>('GET', `/api/customers/${fx.customers.ben}/picture`, { token });
    expect(res.status).toBe(200);
    expect(res.body.nextBestOffers).toEqual([]);
  });

  it('records a decline at the quoted price and suppresses the offer for that customer', async () => {
    const { token } = await t.login('agent');
    const i = await t.models.Interaction.findOne({ callId: 'v-ada' }).lean();
    const res = await t.api('PATCH', `/api/interactions/${i!._id}`, { token, body: { offer: { offerId: 'TABLETS', outcome: 'declined' } } });
    expect(res.status).toBe(200);
    const saved = await t.models.Interaction.findById(i!._id).lean();
    expect(saved!.offers.at(-1)).toMatchObject({ offerId: 'TABLETS', outcome: 'declined', price: 14.99 });
    const picture = await t.api<CustomerPicture>('GET', `/api/customers/${fx.customers.ada}/picture`, { token });
    expect(tablets(picture.body)).toBeUndefined();
    expect(picture.body.nextBestOffers.map((o) => o.offerId)).toContain('LOYAL-500');
  });

  it('gives supervisors acceptance rates per offer and per segment', async () => {
    const { token } = await t.login('supervisor');
    const res = await t.api<OfferStats>('GET', '/api/offers/stats', { token });
    expect(res.status).toBe(200);
    expect(res.body.byOffer.find((r) => r.offerId === 'TABLETS')).toMatchObject({ declined: 1, accepted: 0, acceptanceRate: 0 });
    expect(res.body.bySegment.find((r) => r.offerId === 'TABLETS')).toMatchObject({ segment: 'loyal', declined: 1 });
    const agent = await t.login('agent');
    expect((await t.api('GET', '/api/offers/stats', { token: agent.token })).status).toBe(403);
  });
});

describe('offers admin', () => {
  const body = { code: 'WARRANTY-5Y', title: 'Five-year warranty', kind: 'up-sell', triggerCategory: 'dishwashers', price: 79, purpose: 'service', eligibility: { segments: ['loyal', 'champions'] } };

  it('lets an admin add an offer that reaches the next pop', async () => {
    const res = await t.api<Offer>('POST', '/api/offers', { token: admin, body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ code: 'WARRANTY-5Y', active: true, suppressDays: 90, quoteDays: 14, consentRule: 'opt-in', priceKind: 'amount' });
    const list = await t.api<Offer[]>('GET', '/api/offers', { token: admin });
    expect(list.body.map((o) => o.code)).toContain('WARRANTY-5Y');
    const { token } = await t.login('agent');
    const picture = await t.api<CustomerPicture>('GET', `/api/customers/${fx.customers.ada}/picture`, { token });
    expect(picture.body.nextBestOffers.map((o) => o.offerId)).toContain('WARRANTY-5Y');
  });

  it('refuses a duplicate code, a bad body and non-admins', async () => {
    expect((await t.api('POST', '/api/offers', { token: admin, body })).status).toBe(409);
    expect((await t.api('POST', '/api/offers', { token: admin, body: { ...body, code: 'x', price: -1 } })).status).toBe(400);
    const badRule = await t.api<{ error: { message: string } }>('POST', '/api/offers', { token: admin, body: { ...body, code: 'OTHER', consentRule: 'whenever' } });
    expect(badRule.status).toBe(400);
    const badPercent = await t.api<{ error: { message: string } }>('POST', '/api/offers', { token: admin, body: { ...body, code: 'OTHER', priceKind: 'percent', price: 150 } });
    expect(badPercent.status).toBe(400);
    expect(badPercent.body.error.message).toMatch(/percentage off/);
    const { token } = await t.login('supervisor');
    expect((await t.api('POST', '/api/offers', { token, body: { ...body, code: 'OTHER' } })).status).toBe(403);
  });
});
