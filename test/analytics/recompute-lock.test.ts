import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnalyticsService } from '../../server/analytics/analytics.service.js';
import { startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

describe('the scheduled recompute with several console processes', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  const logger = pino({ level: 'silent' });
  // Two processes' schedules over one database (each its own service, as in two processes).
  let a: ReturnType<ReturnType<typeof createAnalyticsService>['schedule']>;
  let b: typeof a;

  beforeAll(async () => {
    t = await startTestApp();
    await seedFixtures(t.models);
    a = createAnalyticsService(t.models, logger).schedule(3600_000, 'process-a');
    b = createAnalyticsService(t.models, logger).schedule(3600_000, 'process-b');
    a.stop();
    b.stop();
  });
  afterAll(() => t.close());

  it('runs in one process per period, however many fire at once', async () => {
    const ran = await Promise.all([a.tick(), b.tick(), a.tick(), b.tick()]);
    expect(ran.filter(Boolean)).toHaveLength(1);
    // The same period again: nobody runs it a second time.
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([false, false]);
    const lock = await t.models.JobLock.findById('recompute').lean();
    expect(lock?.until?.getTime()).toBeLessThanOrEqual(Date.now()); // freed at the end
  });

  it('runs again once the period has passed, in whichever process fires first', async () => {
    await t.models.JobLock.updateOne({ _id: 'recompute' }, { $set: { lastRunAt: new Date(Date.now() - 2 * 3600_000) } });
    expect(await b.tick()).toBe(true);
    expect(await a.tick()).toBe(false);
  });

  it('waits for a claim held by a process that died mid-run to lapse, then takes it', async () => {
    const old = new Date(Date.now() - 2 * 3600_000);
    await t.models.JobLock.updateOne({ _id: 'recompute' }, { $set: { holder: 'dead', until: new Date(Date.now() + 60_000), lastRunAt: old } });
    expect(await Promise.all([a.tick(), b.tick()])).toEqual([false, false]);
    await t.models.JobLock.updateOne({ _id: 'recompute' }, { $set: { until: new Date(Date.now() - 1) } });
    expect((await Promise.all([a.tick(), b.tick()])).filter(Boolean)).toHaveLength(1);
  });
});
