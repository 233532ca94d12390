import { Query } from 'mingo';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SegmentFilter } from '../../shared/schemas/campaign.js';
import { previewTally } from '../../server/campaigns/preview-tally.js';
import { segmentQuery } from '../../server/campaigns/segment-query.js';
import { previewSegment } from '../../server/campaigns/segment-preview.js';
import type { CustomerDoc } from '../../server/customers/customer.model.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { seedCallListCustomers } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  await seedCallListCustomers(t.models);
  // Customers stored through the driver, as imports store them: some without phones, products or households.
  const hourAgo = new Date(Date.now() - 3600_000);
  await t.models.Customer.collection.insertMany(
    Array.from({ length: 20 }, (_, i) => ({
      kind: 'person',
      displayName: `Old Customer ${i}`,
      timezone: 'Europe/London',
      purpose: 'customer-service',
      doNotCall: i % 5 === 0,
      phones: i % 7 ? [{ label: 'mobile', number: `+44770090${String(1000 + i)}` }] : [],
      consents: [],
      householdId: i % 4 ? undefined : 'H-old',
      owned: i % 2 ? [{ sku: 'WM-9', category: 'washing-machines', at: hourAgo }] : [],
      totals: { count: i, spend: i * 100 },
      value: { segment: i % 3 ? 'loyal' : 'champions', lifetimeValue: i * 100, atRisk: i % 2 === 0 },
      version: 0,
      createdAt: hourAgo,
      updatedAt: hourAgo,
    })),
    { ignoreUndefined: true },
  );
});
afterAll(() => t.close());

/**
 * The segment's customers as mingo picks them out of the whole base (no index, no planner), tallied as the
 * call list's rules say: what the preview, streamed through the database's planner with a few fields each,
 * must give.
 */
async function fromWholeBase(segment: SegmentFilter, onePerHousehold: boolean, now: Date) {
  const tally = previewTally(onePerHousehold);
  const filter = new Query(await segmentQuery(t.models, segment, now));
  for (const c of await t.models.Customer.find({}).lean<CustomerDoc[]>())
    if (filter.test(c)) tally.add({ ...c, consents: c.consents ?? [], phones: c.phones ?? [], id: String(c._id), value: c.value?.lifetimeValue ?? 0 });
  return tally.result();
}

const SEGMENTS: SegmentFilter[] = [
  {},
  { boughtCategories: ['washing-machines'] },
  { boughtCategories: ['washing-machines'], segments: ['champions'] },
  { segments: ['loyal', 'champions'], phoneConsent: 'granted' },
  { atRisk: true },
  { atRisk: false, kind: 'person' },
  { notBoughtCategories: ['washing-machines'] },
  { minSpend: 500 },
  { regions: ['London'] },
  { notContactedForDays: 30 },
  { contactedWithinDays: 30 },
];

async function expectSameAsDatabase(now = new Date()) {
  for (const segment of SEGMENTS)
    for (const onePerHousehold of [true, false])
      expect(await previewSegment(t.models, segment, onePerHousehold, now), `${JSON.stringify(segment)} one per household: ${onePerHousehold}`).toEqual(
        await fromWholeBase(segment, onePerHousehold, now),
      );
}

describe('a segment preview', () => {
  it('counts every segment as its customers read whole say, as customers are added, changed, contacted and removed', async () => {
    await expectSameAsDatabase();
    const ada = (await t.models.Customer.findOne({ displayName: 'Ada Lovelace' }).lean<CustomerDoc>())!;
    // Added, opted out, moved segment, a household formed, contacted, one removed.
    const base = { kind: 'person', timezone: 'Europe/London', purpose: 'customer-service' };
    await t.models.Customer.insertMany([
      { ...base, displayName: 'Iris New', phones: [{ label: 'mobile', number: '+447700900777' }], owned: [{ sku: 'WM-1', category: 'washing-machines', at: new Date() }], householdId: 'H9' },
      { ...base, displayName: 'Jo New', phones: [], totals: { count: 1, spend: 900 } },
    ]);
    await t.models.Customer.updateOne({ _id: ada._id }, { $set: { doNotCall: true, 'value.segment': 'champions', 'addresses.0.region': 'Leeds' } });
    const cara = (await t.models.Customer.findOne({ displayName: 'Cara Callable' }).lean<CustomerDoc>())!;
    await t.models.Customer.updateOne({ _id: cara._id }, { $set: { consents: [{ purpose: 'marketing', channel: 'phone', granted: false, source: 'call', at: new Date() }] } });
    await t.models.Interaction.create({ callId: 'seg-1', channel: 'voice', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'ended', customerId: ada._id });
    await t.models.Customer.deleteOne({ displayName: 'Dan Declined' });
    await expectSameAsDatabase();
  });
});
