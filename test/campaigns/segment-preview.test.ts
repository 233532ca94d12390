import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentFilter } from '../../shared/schemas/campaign.js';
import { previewTally } from '../../server/campaigns/preview-tally.js';
import { SEGMENT_FIELDS, segmentToFilter } from '../../server/campaigns/segment-filter.js';
import { segmentQuery } from '../../server/campaigns/segment-query.js';
import { previewSegment } from '../../server/campaigns/segment-preview.js';
import type { CustomerDoc } from '../../server/customers/customer.model.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';
import { seedCallListCustomers } from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  await seedCallListCustomers(t.models);
  // Customers last changed an hour ago: a later count need not read them again.
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

/** A segment with every criterion the builder offers. */
const EVERY: Required<SegmentFilter> = {
  kind: 'person',
  segments: ['loyal'],
  atRisk: true,
  boughtCategories: ['washing-machines'],
  notBoughtCategories: ['tv'],
  regions: ['London'],
  ageBands: ['25-34'],
  minSpend: 10,
  notContactedForDays: 90,
  contactedWithinDays: 30,
  phoneConsent: 'granted',
};

/** Every field path a filter reads (`$elemMatch` conditions under their array's path). */
function pathsOf(filter: unknown, prefix = ''): string[] {
  if (Array.isArray(filter)) return filter.flatMap((f) => pathsOf(f, prefix));
  if (!filter || typeof filter !== 'object' || filter instanceof Types.ObjectId) return [];
  return Object.entries(filter).flatMap(([k, v]) => {
    if (k === '$elemMatch') return pathsOf(v, prefix);
    if (k.startsWith('$')) return pathsOf(v, prefix);
    const path = prefix ? `${prefix}.${k}` : k;
    const inner = pathsOf(v, path);
    return inner.length ? inner : [path];
  });
}

/** What the preview counted when it streamed the segment out of the database (the copy must agree). */
async function fromDatabase(segment: SegmentFilter, onePerHousehold: boolean, now: Date) {
  const tally = previewTally(onePerHousehold);
  const filter = await segmentQuery(t.models, segment, now);
  for (const c of await t.models.Customer.find(filter).lean<CustomerDoc[]>())
    tally.add({ ...c, consents: c.consents ?? [], phones: c.phones ?? [], id: String(c._id), value: c.value?.lifetimeValue ?? 0 });
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
        await fromDatabase(segment, onePerHousehold, now),
      );
}

describe('a segment preview over the back office\'s copy of the base', () => {
  it('keeps every field a segment filters on (a new criterion on a field not kept fails here)', () => {
    expect(Object.keys(SegmentFilter.shape).sort()).toEqual(Object.keys(EVERY).sort());
    const read = pathsOf(segmentToFilter(EVERY, { contactedSince: [new Types.ObjectId()], contactedRecently: [new Types.ObjectId()] })).filter((p) => p !== '_id');
    expect(read.length).toBeGreaterThan(8);
    for (const path of read) expect(SEGMENT_FIELDS, path).toContain(path);
  });

  it('counts every segment as the database answers it, as customers are added, changed, contacted and removed', async () => {
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

  it('reads only the customers changed since its last count', async () => {
    await previewSegment(t.models, {}, true, new Date());
    const before = await t.models.Customer.countDocuments({});
    await t.models.Customer.updateOne({ displayName: 'Ben Lovelace' }, { $set: { doNotCall: true } });
    const commands = await commandsDuring(t.models.Customer.db, () => previewSegment(t.models, {}, true, new Date()));
    const reads = commands.filter((c) => c.collection === 'customers' && c.name === 'find');
    expect(reads).toHaveLength(1);
    expect(reads[0].command.filter).toMatchObject({ updatedAt: { $gte: expect.any(Date) } });
    // Fewer than the base: the customers changed in the last minute or so (this test's and the last's).
    const read = await t.models.Customer.countDocuments(reads[0].command.filter as object);
    expect(read).toBeGreaterThan(0);
    expect(read).toBeLessThan(before);
  });
});
