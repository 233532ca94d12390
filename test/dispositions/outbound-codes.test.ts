import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DispositionCode, DispositionCodeInput } from '../../shared/schemas/dispositions.js';
import { addAdmin } from '../access/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { TUESDAY_10, createCampaign, dispose, next, seedCallListCustomers, testClock } from '../campaigns/support.js';

describe('a campaign’s own disposition codes', () => {
  let t: TestApp;
  let sup: string;
  let tm: string;
  let admin: string;
  const clock = testClock();

  beforeEach(async () => {
    clock.set(TUESDAY_10);
    t = await startTestApp({}, { now: clock.now });
    await seedFixtures(t.models);
    await seedCallListCustomers(t.models);
    sup = (await t.login('supervisor')).token;
    tm = (await t.login('telemarketer')).token;
    admin = (await addAdmin(t)).token;
  });
  afterEach(() => t.close());

  const code = (over: Partial<DispositionCodeInput>): DispositionCodeInput => ({ code: 'x', label: 'x', labels: {}, scope: 'all', direction: 'outbound', endsContact: true, action: 'none', active: true, ...over });

  it('schedules what the code says: a retry, a callback at the time given, or nothing; only on its campaign', async () => {
    const c = await createCampaign(t, sup);
    const other = await createCampaign(t, sup, { name: 'Another campaign' });
    const mine = `campaign:${c.id}`;
    for (const body of [
      code({ code: 'line-engaged', label: 'Line engaged', scope: mine, action: 'retry', endsContact: false }),
      code({ code: 'call-me-later', label: 'Call me later', scope: mine, action: 'callback', endsContact: false }),
      code({ code: 'already-owns', label: 'Already owns one', scope: mine }),
    ])
      expect((await t.api('POST', '/api/dispositions', { token: admin, body })).status).toBe(201);
    const picker = await t.api<DispositionCode[]>('GET', `/api/dispositions?campaignId=${c.id}`, { token: tm });
    expect(picker.body.map((d) => d.code)).toEqual(expect.arrayContaining(['sale', 'no-answer', 'line-engaged', 'call-me-later', 'already-owns']));
    expect((await t.api<DispositionCode[]>('GET', `/api/dispositions?campaignId=${other.id}`, { token: tm })).body.map((d) => d.code)).not.toContain('line-engaged');

    // Another campaign's contact cannot have this campaign's code.
    const elsewhere = (await next(t, tm, other.id)).body.contact!;
    const refused = await dispose(t, tm, other.id, elsewhere.entryId, { disposition: 'line-engaged' });
    expect(refused.status).toBe(400);
    expect((refused.body as unknown as { error: { code: string } }).error.code).toBe('DISPOSITION_NOT_ALLOWED');
    expect((await dispose(t, tm, other.id, elsewhere.entryId, { disposition: 'not-interested' })).status).toBe(200);

    const first = (await next(t, tm, c.id)).body.contact!;
    const retry = await dispose(t, tm, c.id, first.entryId, { disposition: 'line-engaged' });
    expect(retry.body).toMatchObject({ next: 'retry', dueAt: new Date(TUESDAY_10.getTime() + 60 * 60_000).toISOString() });
    expect(retry.body.progress).toMatchObject({ attempted: 1, reached: 0 });

    const second = (await next(t, tm, c.id)).body.contact!;
    const noTime = await dispose(t, tm, c.id, second.entryId, { disposition: 'call-me-later' });
    expect(noTime.status).toBe(400);
    expect((noTime.body as unknown as { error: { code: string } }).error.code).toBe('CALLBACK_NEEDS_TIME');
    const at = new Date(TUESDAY_10.getTime() + 24 * 3600_000);
    const callback = await dispose(t, tm, c.id, second.entryId, { disposition: 'call-me-later', callbackAt: at.toISOString() });
    expect(callback.body).toMatchObject({ next: 'callback', dueAt: at.toISOString() });
    expect(callback.body.progress).toMatchObject({ reached: 1, callbacks: 1, byDisposition: { 'line-engaged': 1, 'call-me-later': 1 } });
  });

  it('refuses an archived outbound code, and the console’s own code once an admin archives it', async () => {
    const c = await createCampaign(t, sup);
    const voicemail = (await t.api<DispositionCode[]>('GET', '/api/dispositions?status=all&direction=outbound', { token: sup })).body.find((d) => d.code === 'voicemail')!;
    expect((await t.api('DELETE', `/api/dispositions/${voicemail.id}`, { token: admin })).status).toBe(200);
    const contact = (await next(t, tm, c.id)).body.contact!;
    const res = await dispose(t, tm, c.id, contact.entryId, { disposition: 'voicemail' });
    expect(res.status).toBe(400);
    expect((await dispose(t, tm, c.id, contact.entryId, { disposition: 'busy' })).body).toMatchObject({ next: 'retry' });
  });
});
