import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackOffice } from '../../server/ops/back-office-thread.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
});
afterAll(() => t.close());

describe('the back-office thread', () => {
  it('counts a segment preview on its thread as the preview route answers it', async () => {
    const backOffice = createBackOffice(t.models.Customer.db, pino({ level: 'silent' }));
    try {
      const preview = await backOffice.run('segmentPreview', {}, true, Date.now());
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

  it('fails the jobs of a thread that dies, and starts a new thread for the next job', async () => {
    const backOffice = createBackOffice(t.models.Customer.db, pino({ level: 'silent' }));
    try {
      const first = backOffice.run('duplicatePairs', []);
      // The thread ends under its job (as a crash would).
      const dying = backOffice.close();
      await expect(first).rejects.toThrow(/back-office thread exited/);
      await dying;
      const pairs = await backOffice.run('duplicatePairs', []);
      expect(Array.isArray(pairs)).toBe(true);
    } finally {
      await backOffice.close();
    }
  });
});
