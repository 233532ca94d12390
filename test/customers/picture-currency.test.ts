import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPicture } from '../../shared/schemas/customer.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let token: string;
const ioana = new Types.ObjectId();
const hans = new Types.ObjectId();

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  const base = { kind: 'person', timezone: 'Europe/Bucharest', purpose: 'customer-service', version: 0, relations: [], consents: [] };
  await t.models.Customer.insertMany([
    {
      ...base,
      _id: ioana,
      firstName: 'Ioana',
      lastName: 'Popescu',
      displayName: 'Ioana Popescu',
      phones: [{ label: 'mobile', number: '+40721555014' }],
      addresses: [{ label: 'home', line1: 'Strada Memorandumului 12', city: 'Cluj-Napoca', postcode: '400114', region: 'Cluj', country: 'RO' }],
      totals: { count: 1, spend: 1249.9 },
    },
    {
      ...base,
      _id: hans,
      firstName: 'Hans',
      lastName: 'Weber',
      displayName: 'Hans Weber',
      // Lives in Hungary, pays in euros: his own currency overrides the country's.
      currency: 'EUR',
      addresses: [{ label: 'home', line1: 'Andrássy út 1', city: 'Budapest', postcode: '1061', region: 'Budapest', country: 'HU' }],
    },
  ]);
  // The admin's translated title, as the offer catalogue stores it (written past the model, which may not list it yet).
  await t.models.Offer.collection.updateOne({ code: 'TABLETS' }, { $set: { titleTranslations: { fa: 'اشتراک قرص ماشین ظرف‌شویی', ro: 'Abonament tablete pentru mașina de spălat vase' } } });
  token = (await t.login('supervisor')).token;
});
afterAll(() => t.close());

async function picture(id: Types.ObjectId) {
  const res = await t.api<CustomerPicture>('GET', `/api/customers/${String(id)}/picture`, { token });
  expect(res.status).toBe(200);
  return res.body;
}

describe('the currency on the customer picture', () => {
  it('is RON for a customer from Romania', async () => {
    const p = await picture(ioana);
    expect(p.currency).toBe('RON');
    expect(p.profile.currency).toBeUndefined();
  });

  it("is the customer's own when the record states one, over their country's", async () => {
    const p = await picture(hans);
    expect(p.currency).toBe('EUR');
    expect(p.profile.currency).toBe('EUR');
  });

  it("is the country's for a British customer, and their offers without a currency of their own are read in it", async () => {
    const p = await picture(fx.customers.ada);
    expect(p.currency).toBe('GBP');
    const tablets = p.nextBestOffers.find((o) => o.offerId === 'TABLETS');
    expect(tablets).toBeDefined();
    expect(tablets!.currency).toBeUndefined();
  });

  it("carries the offer's title translations from the catalogue", async () => {
    const p = await picture(fx.customers.ada);
    const tablets = p.nextBestOffers.find((o) => o.offerId === 'TABLETS')!;
    expect(tablets.title).toBe('Dishwasher tablets subscription');
    expect(tablets.titleTranslations).toEqual({ fa: 'اشتراک قرص ماشین ظرف‌شویی', ro: 'Abonament tablete pentru mașina de spălat vase' });
    // An offer without translations carries none.
    for (const o of p.nextBestOffers.filter((x) => x.offerId !== 'TABLETS')) expect(o.titleTranslations).toBeUndefined();
  });

  it('refuses a currency that is not an ISO 4217 code on the record', async () => {
    await expect(t.models.Customer.updateOne({ _id: hans }, { $set: { currency: 'euro' } }, { runValidators: true })).rejects.toThrow();
  });
});
