import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportReport } from '../../shared/schemas/imports.js';
import pino from 'pino';
import { createApp } from '../../server/app.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { adminToken } from './support.js';

let t: TestApp;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  admin = await adminToken(t);
  agent = (await t.login('agent')).token;
});
afterAll(() => t?.close());

const importFile = (type: string, format: string, content: string, token = admin) =>
  t.api<ImportReport>('POST', '/api/imports', { token, body: { type, format, content } });

const CUSTOMERS_CSV = [
  'externalId,kind,firstName,lastName,companyName,phone,email,line1,city,postcode,country',
  'IMP-001,person,Grace,Hopper,,07700 900123,Grace.Hopper@Example.com,1 Navy Rd,Arlington,AR1 1AA,gb',
  'IMP-002,person,,,,not-a-phone,alan@example.com,,,,',
  'IMP-003,business,,,Initech Ltd,+44 20 7946 0777,,5 Office Park,Leeds,LS1 1AA,GB',
  ',person,Nobody,Known,,,,,,,',
  'IMP-004,person,Alan,Turing,,not-a-phone,,,,,',
  'IMP-005,robot,Robby,,,,,,,,',
].join('\n');

describe('importing customers', () => {
  it('names every rejected row with its line and reason and imports the rest, normalised', async () => {
    const res = await importFile('customers', 'csv', CUSTOMERS_CSV);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 6, created: 2, updated: 0, rejected: 4 });
    expect(res.body.rejections.map((r) => r.row)).toEqual([3, 5, 6, 7]);
    // Each as a code with parameters (what the console words), and in English.
    expect(res.body.rejections[0]).toMatchObject({ code: 'INVALID', params: { issues: [{ field: '', issue: 'name_required' }] } });
    expect(res.body.rejections[0].reason).toMatch(/a person needs a first or last name/);
    expect(res.body.rejections[1]).toMatchObject({ code: 'INVALID', params: { issues: [{ field: 'externalId', issue: 'required' }] } });
    expect(res.body.rejections[2]).toMatchObject({ code: 'BAD_PHONE', params: { phone: 'not-a-phone' } });
    expect(res.body.rejections[2].reason).toMatch(/phone: "not-a-phone" is not a phone number/);
    expect(res.body.rejections[3]).toMatchObject({ code: 'INVALID', params: { issues: [{ field: 'kind', issue: 'invalid_value' }] } });

    const grace = await t.models.Customer.findOne({ externalId: 'IMP-001' }).lean();
    expect(grace).toMatchObject({ displayName: 'Grace Hopper', kind: 'person' });
    expect(grace!.phones.map((p) => p.number)).toEqual(['+447700900123']);
    expect(grace!.emails.map((e) => e.address)).toEqual(['grace.hopper@example.com']);
    expect(grace!.addresses[0]).toMatchObject({ postcode: 'AR1 1AA', country: 'GB' });
    expect(grace!.searchTokens).toEqual(['grace', 'hopper', 'grace.hopper@example.com', '447700900123']);

    // The imported customer is found by the agent's search box, as any other.
    const found = await t.api<{ items: Array<{ displayName: string }> }>('GET', '/api/customers?q=07700900123', { token: agent });
    expect(found.body.items.map((c) => c.displayName)).toEqual(['Grace Hopper']);
  });

  it('updates on re-import instead of duplicating', async () => {
    const before = await t.models.Customer.countDocuments();
    const res = await importFile(
      'customers',
      'json',
      JSON.stringify([{ externalId: 'IMP-001', firstName: 'Grace', lastName: 'Brewster Hopper', phone: '+44 7700 900124', email: 'grace@example.com' }]),
    );
    expect(res.body).toMatchObject({ rows: 1, created: 0, updated: 1, rejected: 0 });
    expect(await t.models.Customer.countDocuments()).toBe(before);
    const grace = await t.models.Customer.findOne({ externalId: 'IMP-001' }).lean();
    expect(grace!.displayName).toBe('Grace Brewster Hopper');
    expect(grace!.phones.map((p) => p.number)).toEqual(['+447700900124']);
    expect(grace!.emails.map((e) => e.address)).toEqual(['grace@example.com']);
    // What the file does not mention is left as it was.
    expect(grace!.addresses[0]).toMatchObject({ postcode: 'AR1 1AA' });
  });

  it('stores an imported customer as the schema stores one created through it, and a re-import as mongoose writes an update', async () => {
    const row = { externalId: 'IMP-SHAPE', firstName: 'Ada', lastName: 'Byron', phone: '+44 7700 900555', email: 'ada@shape.example', line1: '1 Lane', city: 'Leeds', postcode: 'LS1 1AA', country: 'GB', language: 'en' };
    expect((await importFile('customers', 'json', JSON.stringify([row]))).body).toMatchObject({ created: 1, rejected: 0 });
    const imported = (await t.models.Customer.findOne({ externalId: 'IMP-SHAPE' }).lean())!;
    // The same values given to the schema: its defaults (lists, totals, version, zone, purpose) and nothing else.
    const { _id, createdAt, updatedAt, ...given } = imported;
    const created = await t.models.Customer.create({
      ...Object.fromEntries(['kind', 'firstName', 'lastName', 'displayName', 'phones', 'emails', 'addresses', 'searchTokens'].map((k) => [k, given[k as keyof typeof given]])),
      preferences: { language: 'en' },
    });
    const { _id: _otherId, createdAt: _c, updatedAt: _u, ...schemaMade } = (await t.models.Customer.findById(created._id).lean())!;
    expect(given).toEqual({ ...schemaMade, externalId: 'IMP-SHAPE' });
    expect(createdAt).toBeInstanceOf(Date);
    expect(updatedAt).toEqual(createdAt);
    await t.models.Customer.deleteOne({ _id: created._id });

    // A re-import that names only part of the record: the rest stays as it was, nothing is set to null.
    expect((await importFile('customers', 'json', JSON.stringify([{ externalId: 'IMP-SHAPE', firstName: 'Augusta' }]))).body).toMatchObject({ updated: 1 });
    const updated = (await t.models.Customer.findOne({ externalId: 'IMP-SHAPE' }).lean())!;
    expect(updated).toMatchObject({ displayName: 'Augusta Byron', version: 1, createdAt, preferences: { language: 'en', productInterests: [] } });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(updatedAt.getTime());
    expect(Object.keys(updated)).not.toContain('companyName');
    await t.models.Customer.deleteOne({ _id });
  });

  it('finds customers by external id from the index, not by scanning the base', async () => {
    const plan = (await t.models.Customer.find({ externalId: 'IMP-001' }).explain('executionStats')) as unknown as {
      executionStats: { totalDocsExamined: number; nReturned: number };
    };
    expect(plan.executionStats).toMatchObject({ nReturned: 1, totalDocsExamined: 1 });
    // The index is sparse: records without an external id are not in it, yet a lookup of "none" still finds them.
    expect(await t.models.Customer.countDocuments({ externalId: null })).toBe(5);
  });

  it('refuses an upload over the 10 MB limit with a 413', async () => {
    const res = await importFile('customers', 'csv', 'x'.repeat(13 * 1024 * 1024));
    expect(res.status).toBe(413);
  });

  it('refuses a file that is not CSV or JSON at all with a 400', async () => {
    const res = await importFile('customers', 'json', '{ not json');
    expect(res.status).toBe(400);
  });

  it('is for admins only', async () => {
    const res = await importFile('customers', 'csv', CUSTOMERS_CSV, agent);
    expect(res.status).toBe(403);
    const supervisor = (await t.login('supervisor')).token;
    expect((await importFile('customers', 'csv', CUSTOMERS_CSV, supervisor)).status).toBe(403);
    expect((await t.api('POST', '/api/imports', { body: { type: 'customers', format: 'csv', content: 'x' } })).status).toBe(401);
  });

  it('takes a file far larger than the 100 kB limit of other routes', async () => {
    const lines = ['externalId,firstName,lastName,email'];
    for (let i = 0; i < 5000; i++) lines.push(`BULK-${i},Person,Number${i},person${i}@bulk.example`);
    const res = await importFile('customers', 'csv', lines.join('\n'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ rows: 5000, created: 5000, rejected: 0 });
    const job = await t.api<{ state: string; processed: number; total: number }>('GET', `/api/imports/${res.body.jobId}`, { token: admin });
    expect(job.body).toMatchObject({ state: 'done', processed: 5000, total: 5000 });
  });

  it("pushes an import's progress to the admin who started it, and any console process answers how far it got", async () => {
    const { socket } = await t.agentSocket(admin);
    const pushed: Array<{ jobId: string; state: string; processed: number; total: number }> = [];
    socket.on('job:progress', (p) => pushed.push(p));
    const lines = ['externalId,firstName,lastName,email'];
    for (let i = 0; i < 3000; i++) lines.push(`PUSH-${i},Person,Pushed${i},pushed${i}@bulk.example`);
    const res = await importFile('customers', 'csv', lines.join('\n'));
    expect(res.status).toBe(200);
    const last = await eventually(() => pushed.find((p) => p.jobId === res.body.jobId && p.state === 'done'), 5000, 'the final push');
    expect(last).toMatchObject({ processed: 3000, total: 3000 });
    expect(pushed[0]).toMatchObject({ jobId: res.body.jobId, state: 'running', processed: 0, total: 3000 });
    socket.disconnect();

    // Another process on the same database (as behind a load balancer) reads the same job.
    const other = await createApp({ config: t.config, conn: t.models.Job.db, logger: pino({ level: 'silent' }) });
    try {
      const port = await other.listen(0, '127.0.0.1');
      const job = await fetch(`http://127.0.0.1:${port}/api/imports/${res.body.jobId}`, { headers: { authorization: `Bearer ${admin}` } });
      expect(job.status).toBe(200);
      expect(await job.json()).toMatchObject({ jobId: res.body.jobId, state: 'done', processed: 3000, total: 3000 });
    } finally {
      await other.close();
      other.server.close();
    }
  });
});

describe('importing transactions', () => {
  const csv = (price: number) =>
    [
      'transactionId,customerExternalId,at,channel,store,sku,qty,price',
      `T-1,IMP-001,2026-01-10T10:00:00Z,store,Leeds,DW-100,1,${price}`,
      'T-1,IMP-001,2026-01-10T10:00:00Z,store,Leeds,TAB-50,2,12',
      'T-2,IMP-001,2026-03-01T10:00:00Z,web,,TAB-50,1,12',
      'T-3,NOBODY,2026-03-01T10:00:00Z,web,,TAB-50,1,12',
      'T-4,IMP-001,yesterday-ish,web,,TAB-50,1,12',
    ].join('\n');

  it("groups lines into transactions, rejects unknown customers and bad dates, and updates the customer's totals", async () => {
    const res = await importFile('transactions', 'csv', csv(499));
    expect(res.body).toMatchObject({ rows: 5, created: 2, updated: 0, rejected: 2, customersRefreshed: 1 });
    expect(res.body.rejections).toEqual([
      { row: 5, code: 'NO_CUSTOMER', params: { externalId: 'NOBODY' }, reason: expect.stringMatching(/no customer NOBODY/) },
      { row: 6, code: 'INVALID', params: { issues: [{ field: 'at', issue: 'invalid_type' }] }, reason: expect.stringMatching(/^at:/) },
    ]);
    const grace = await t.models.Customer.findOne({ externalId: 'IMP-001' }).lean();
    expect(grace!.totals).toMatchObject({ count: 2, spend: 535 });
    // …and her value is rescored at once against the stored cut points.
    expect(grace!.value).toMatchObject({ lifetimeValue: 535, segment: expect.any(String) });
    expect(grace!.totals!.lastAt).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(grace!.owned.map((o) => [o.sku, o.category])).toEqual([
      ['DW-100', 'dishwashers'],
      ['TAB-50', 'dishwasher-tablets'],
    ]);
    const t1 = await t.models.Transaction.findOne({ externalId: 'T-1' }).lean();
    expect(t1).toMatchObject({ total: 523, channel: 'store', store: 'Leeds' });
    expect(t1!.items.map((i) => i.name)).toEqual(['Dishwasher DW-100', 'Dishwasher tablets x50']);
  });

  it('updates the same transactions on re-import, and the totals follow', async () => {
    const before = await t.models.Transaction.countDocuments();
    const res = await importFile('transactions', 'csv', csv(399));
    expect(res.body).toMatchObject({ created: 0, updated: 2 });
    expect(await t.models.Transaction.countDocuments()).toBe(before);
    const grace = await t.models.Customer.findOne({ externalId: 'IMP-001' }).lean();
    expect(grace!.totals).toMatchObject({ count: 2, spend: 435 });
  });
});

describe('importing consents', () => {
  it('sets consent per purpose and channel, keeping the newest on re-import', async () => {
    const rows = [
      { customerExternalId: 'IMP-001', purpose: 'marketing', channel: 'email', granted: 'yes', source: 'crm', at: '2026-01-01T00:00:00Z' },
      { customerExternalId: 'IMP-001', purpose: 'marketing', channel: 'phone', granted: 'no', at: '2026-01-01T00:00:00Z' },
      { customerExternalId: 'IMP-001', purpose: 'spam', channel: 'phone', granted: 'yes' },
    ];
    const first = await importFile('consents', 'json', JSON.stringify(rows));
    expect(first.body).toMatchObject({ created: 2, rejected: 1, rejections: [{ row: 3, code: 'INVALID', params: { issues: [{ field: 'purpose', issue: 'invalid_value' }] } }] });

    const again = await importFile(
      'consents',
      'csv',
      ['customerExternalId,purpose,channel,granted,at', 'IMP-001,marketing,email,no,2026-02-01T00:00:00Z', 'IMP-001,marketing,phone,yes,2025-01-01T00:00:00Z'].join('\n'),
    );
    expect(again.body).toMatchObject({ created: 0, updated: 2, rejected: 0 });
    const grace = await t.models.Customer.findOne({ externalId: 'IMP-001' }).lean();
    const byChannel = Object.fromEntries(grace!.consents.map((c) => [c.channel, c.granted]));
    // email: the newer "no" wins; phone: the older "yes" does not override the newer "no".
    expect(byChannel).toEqual({ email: false, phone: false });
    expect(grace!.consents).toHaveLength(2);
  });
});
