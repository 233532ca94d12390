import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueHours, QueueHoursView } from '../../shared/schemas/queue-hours.js';
import { addAdmin } from '../access/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let sup: string;
let admin: string;
let agent: string;

const closed: never[] = [];
const hours: QueueHours = {
  timeZone: 'Europe/London',
  week: [closed, [{ from: '09:00', to: '17:00' }], [{ from: '09:00', to: '17:00' }], closed, closed, closed, closed],
  holidays: ['2026-12-25'],
};

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  await t.models.User.updateOne({ username: 'agent' }, { $set: { skills: ['sales'] } });
  sup = (await t.login('supervisor')).token;
  agent = (await t.login('agent')).token;
  admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());

describe('queue business hours', () => {
  it('round-trips a queue’s hours, applies them at once, and removing them opens the queue again', async () => {
    expect((await t.api<QueueHoursView>('GET', '/api/queues/sales/hours', { token: sup })).body).toEqual({ queue: 'sales', hours: null });
    expect(await t.app.services.queueHours.isOpen('sales', new Date('2026-11-24T20:00:00Z'))).toBe(true);

    const put = await t.api<QueueHoursView>('PUT', '/api/queues/sales/hours', { token: sup, body: hours });
    expect(put.status).toBe(200);
    expect((await t.api<QueueHoursView>('GET', '/api/queues/sales/hours', { token: admin })).body).toEqual({ queue: 'sales', hours });
    // Monday 23 November 2026: open at 10:00 London, closed at 20:00; no restart in between.
    expect(await t.app.services.queueHours.isOpen('sales', new Date('2026-11-23T10:00:00Z'))).toBe(true);
    expect(await t.app.services.queueHours.isOpen('sales', new Date('2026-11-23T20:00:00Z'))).toBe(false);

    const changed = { ...hours, week: hours.week.map(() => [{ from: '00:00', to: '00:00' }]) };
    expect((await t.api('PUT', '/api/queues/sales/hours', { token: admin, body: changed })).status).toBe(200);
    expect(await t.app.services.queueHours.isOpen('sales', new Date('2026-11-23T20:00:00Z'))).toBe(true);

    expect((await t.api('DELETE', '/api/queues/sales/hours', { token: sup })).status).toBe(200);
    expect((await t.api<QueueHoursView>('GET', '/api/queues/sales/hours', { token: sup })).body.hours).toBeNull();
    expect(await t.app.services.queueHours.isOpen('sales', new Date('2026-12-25T10:00:00Z'))).toBe(true);

    const audit = await t.api<{ items: Array<{ action: string; before: unknown; after: unknown }> }>('GET', '/api/audit?entity=setting:queue-hours.sales', { token: admin });
    expect(audit.body.items.map((e) => e.action)).toEqual(['queue-hours.removed', 'queue-hours.changed', 'queue-hours.changed']);
    expect(audit.body.items[2]!.before ?? null).toBeNull();
    expect(audit.body.items[2]!.after).toEqual(hours);
    expect(audit.body.items[0]!.before).toEqual(changed);
  });

  it('refuses invalid hours with 400 naming the field, and changes nothing', async () => {
    await t.api('PUT', '/api/queues/service/hours', { token: sup, body: hours });
    const bad = [
      { ...hours, timeZone: 'Mars/Olympus' },
      { ...hours, week: hours.week.slice(1) },
      { ...hours, week: [[{ from: '17:00', to: '09:00' }], ...hours.week.slice(1)] },
      { ...hours, holidays: ['Christmas'] },
      { ...hours, openOnSundays: true },
    ];
    for (const body of bad) {
      const res = await t.api<{ error: { code: string; message: string } }>('PUT', '/api/queues/service/hours', { token: sup, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await t.api('PUT', '/api/queues/no%20such%20queue/hours', { token: sup, body: hours })).status).toBe(400);
    expect((await t.api<QueueHoursView>('GET', '/api/queues/service/hours', { token: sup })).body.hours).toEqual(hours);
  });

  it('lets only supervisors and admins read or change hours; everyone lists the queues', async () => {
    expect((await t.api('GET', '/api/queues/sales/hours', { token: agent })).status).toBe(403);
    expect((await t.api('PUT', '/api/queues/sales/hours', { token: agent, body: hours })).status).toBe(403);
    expect((await t.api('DELETE', '/api/queues/sales/hours', { token: agent })).status).toBe(403);
    const queues = await t.api<string[]>('GET', '/api/queues', { token: agent });
    expect(queues.body).toEqual(expect.arrayContaining(['sales', 'service']));
  });
});
