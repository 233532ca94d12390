import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { duplicatePairs } from '../../server/duplicates/duplicate-scan.js';
import { createBackOffice } from '../../server/ops/back-office-thread.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
});
afterAll(() => t.close());

/** Finds the database has run on the customers collection so far (its `top`). */
async function customerQueries(): Promise<number> {
  const { totals } = await t.models.Customer.db.db!.admin().command({ top: 1 });
  return (totals as Record<string, { queries: { count: number } }>)[`${t.models.Customer.db.name}.${t.models.Customer.collection.collectionName}`]?.queries.count ?? 0;
}

describe('the back-office thread', () => {
  it('counts a segment preview on its thread as the preview route answers it', async () => {
    const backOffice = createBackOffice(t.models.Customer.db, pino({ level: 'silent' }));
    try {
      const preview = await backOffice.run('segmentPreview', {}, true, Date.now(), Date.now());
      expect(preview.matched).toBe(await t.models.Customer.countDocuments({}));
      // The same answer the preview route gives a supervisor.
      const supervisor = (await t.login('supervisor')).token;
      const viaRoute = await t.api('POST', '/api/campaigns/preview', { token: supervisor, body: { segment: {} } });
      expect(viaRoute.status).toBe(200);
      expect(viaRoute.body).toEqual(preview);
    } finally {
      await backOffice.close();
    }
  });

  it('makes the rows of every customer and the duplicate pairs on its thread when the console starts, reading the customers once', async () => {
    const backOffice = createBackOffice(t.models.Customer.db, pino({ level: 'silent' }));
    try {
      await t.idle();
      const before = await customerQueries();
      const warmed = await backOffice.run('warm');
      // One find over the customers for both views (its batches are getMores): no second pass for the pairs.
      expect((await customerQueries()) - before).toBe(1);
      expect(warmed.customers).toBe(await t.models.Customer.countDocuments({}));
      expect(warmed.pairs).toBe((await backOffice.run('duplicatePairs', [], Date.now())).length);
    } finally {
      await backOffice.close();
    }
  });

  it('fails the jobs of a thread that dies, and starts a new thread for the next job', async () => {
    const backOffice = createBackOffice(t.models.Customer.db, pino({ level: 'silent' }));
    try {
      const first = backOffice.run('duplicatePairs', [], Date.now());
      // The thread ends under its job (as a crash would).
      const dying = backOffice.close();
      await expect(first).rejects.toThrow(/back-office thread exited/);
      await dying;
      const pairs = await backOffice.run('duplicatePairs', [], Date.now());
      expect(Array.isArray(pairs)).toBe(true);
    } finally {
      await backOffice.close();
    }
  });
});

describe('the duplicates scan', () => {
  it('finds pairs among customers added or changed since its last scan, and drops the merged-away', async () => {
    const models = t.models;
    const base = { kind: 'person' as const, timezone: 'Europe/London', purpose: 'customer-service' };
    const before = await duplicatePairs(models, []);
    const [a, b] = await models.Customer.insertMany([
      { ...base, displayName: 'Nell Quarry', phones: [{ label: 'home', number: '+441134961234' }] },
      { ...base, displayName: 'Nell Quarrie', phones: [{ label: 'home', number: '+441134961234' }] },
    ]);
    const pairOf = (pairs: Array<{ a: string; b: string }>) => pairs.find((p) => [p.a, p.b].sort().join() === [String(a._id), String(b._id)].sort().join());
    expect(pairOf(before)).toBeUndefined();
    expect(pairOf(await duplicatePairs(models, []))).toBeDefined();
    // A changed number parts them; the change is read on the next scan.
    await models.Customer.updateOne({ _id: b._id }, { $set: { displayName: 'Otto Field', phones: [{ label: 'home', number: '+441134969999' }] } });
    expect(pairOf(await duplicatePairs(models, []))).toBeUndefined();
    await models.Customer.updateOne({ _id: b._id }, { $set: { displayName: 'Nell Quarrie', phones: [{ label: 'home', number: '+441134961234' }] } });
    expect(pairOf(await duplicatePairs(models, []))).toBeDefined();
    // One of them gone (merged away) while another customer arrives: the base holds as many customers as
    // before, one fewer than the probes, so the ids are read and the missing one's probe goes with its pair.
    await models.Customer.deleteOne({ _id: b._id });
    await models.Customer.create({ ...base, displayName: 'Pia Arrival', phones: [{ label: 'home', number: '+441134965555' }] });
    expect(pairOf(await duplicatePairs(models, []))).toBeUndefined();
  });
});
