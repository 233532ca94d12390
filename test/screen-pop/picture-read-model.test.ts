import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerPicture } from '../../shared/schemas/customer.js';
import type { CustomerDoc } from '../../server/customers/customer.model.js';
import type { PictureSnapshotDoc } from '../../server/customers/picture-snapshot.model.js';
import { createPictureSnapshots } from '../../server/customers/picture-snapshots.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let supervisor: string;
let ada: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  supervisor = (await t.login('supervisor')).token;
  ada = String(fx.customers.ada);
});
afterAll(() => t.close());

async function picture(id = ada) {
  const res = await t.api<CustomerPicture>('GET', `/api/customers/${id}/picture`, { token: supervisor });
  expect(res.status).toBe(200);
  return res.body;
}

/** The picture is read from a stored snapshot: wait until the last build has stored it. */
function snapshotStored(id = ada) {
  return eventually(async () => {
    const s = await t.models.PictureSnapshot.findById(id).lean();
    return s?.data ? s : null;
  }, 5000, 'the snapshot stored');
}

describe('the picture read model', () => {
  it('stores what a pop read, and the next pop is built from it', async () => {
    const first = await picture();
    const stored = await snapshotStored();
    expect((stored.data as { complaints: unknown[] }).complaints).toHaveLength(first.complaints.length);
    // Read from the snapshot: a document slipped into the collection behind the models' backs is not seen.
    await t.models.Complaint.collection.insertOne({ customerId: fx.customers.ada, subject: 'Invisible', category: 'x', severity: 'low', status: 'open', openedAt: new Date() });
    expect((await picture()).complaints.map((c) => c.subject)).not.toContain('Invisible');
    await t.models.Complaint.collection.deleteOne({ subject: 'Invisible' });
    await t.models.PictureSnapshot.deleteOne({ _id: fx.customers.ada });
  });

  it('shows every kind of change on the next picture, whichever way it was written', async () => {
    await picture();
    await snapshotStored();
    const opened = await t.api<{ id: string }>('POST', `/api/customers/${ada}/complaints`, { token: supervisor, body: { subject: 'Door seal leaks', category: 'product', severity: 'high' } });
    expect(opened.status).toBe(201);
    expect((await picture()).complaints.map((c) => c.subject)).toContain('Door seal leaks');

    await snapshotStored();
    expect((await t.api('PATCH', `/api/complaints/${opened.body.id}`, { token: supervisor, body: { status: 'resolved', resolution: 'Seal replaced' } })).status).toBe(200);
    expect((await picture()).complaints.find((c) => c.id === opened.body.id)).toMatchObject({ status: 'resolved', resolution: 'Seal replaced' });

    await snapshotStored();
    const bought = await t.api('POST', `/api/customers/${ada}/transactions`, { token: supervisor, body: { total: 42, channel: 'web', items: [{ sku: 'TAB-50', name: 'Tablets', category: 'dishwasher-tablets', qty: 1, price: 42 }] } });
    expect(bought.status).toBe(201);
    expect((await picture()).transactions.recent[0].total).toBe(42);

    await snapshotStored();
    await t.models.Survey.create({ customerId: fx.customers.ada, type: 'nps', score: 3, at: new Date() });
    expect((await picture()).satisfaction.latestNps).toBe(3);

    await snapshotStored();
    await t.models.Customer.updateOne({ _id: fx.customers.ben }, { $set: { displayName: 'Benjamin Lovelace' } });
    expect((await picture()).related[0].displayName).toBe('Benjamin Lovelace');

    await snapshotStored();
    // Moved to another customer (a merge): gone from this picture.
    await t.models.Survey.updateMany({ customerId: fx.customers.ada, type: 'nps' }, { $set: { customerId: fx.customers.ben } });
    expect((await picture()).satisfaction.latestNps).toBeUndefined();
    expect((await picture(String(fx.customers.ben))).satisfaction.latestNps).toBe(3);
  });

  it('never stores a snapshot that a write made while it was being built would contradict', async () => {
    const snapshots = createPictureSnapshots(t.models);
    const owner = (await t.models.Customer.findById(fx.customers.acme, { relations: 1 }).lean<CustomerDoc>())!;
    const seen = await t.models.PictureSnapshot.findById(owner._id).lean<PictureSnapshotDoc>();
    const parts = (await snapshots.readParts([owner])).get(String(owner._id))!;
    // A complaint lands after the parts were read and before they are stored.
    await t.models.Complaint.create({ customerId: owner._id, subject: 'Invoice wrong', category: 'billing', severity: 'medium', openedAt: new Date() });
    await snapshots.store([{ owner, seen, parts }]);
    expect((await t.models.PictureSnapshot.findById(owner._id).lean())?.data).toBeUndefined();
    expect((await picture(String(owner._id))).complaints.map((c) => c.subject)).toContain('Invoice wrong');
  });

  it('builds every missing snapshot when the console starts, reporting progress', async () => {
    await t.models.PictureSnapshot.deleteMany({});
    const steps: Array<[number, number]> = [];
    const report = await t.app.services.pictures.warm((done, total) => steps.push([done, total]));
    const customers = await t.models.Customer.countDocuments();
    expect(report).toEqual({ built: customers, customers });
    expect(steps.at(-1)).toEqual([customers, customers]);
    expect(await t.models.PictureSnapshot.countDocuments({ data: { $exists: true } })).toBe(customers);
    // Nothing to do the second time.
    expect((await t.app.services.pictures.warm()).built).toBe(0);
    const ada_ = (await t.models.PictureSnapshot.findById(ada).lean())!.data as { related: Array<{ displayName: string }>; transactions: unknown[] };
    expect(ada_.related.map((r) => r.displayName)).toEqual(['Benjamin Lovelace']);
    expect(ada_.transactions.length).toBeGreaterThan(0);
  });
});
