import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateList, MergeResult } from '../../shared/schemas/duplicates.js';
import { findDuplicates } from '../../server/duplicates/detect.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let supervisor: string;
let agent: string;
let ids: Awaited<ReturnType<typeof seedFixtures>>['customers'];
const ada2 = new Types.ObjectId();
const grace1 = new Types.ObjectId();
const grace2 = new Types.ObjectId();
const base = { timezone: 'Europe/London', purpose: 'customer-service', version: 0, kind: 'person' };

beforeAll(async () => {
  t = await startTestApp();
  ids = (await seedFixtures(t.models)).customers;
  supervisor = (await t.login('supervisor')).token;
  agent = (await t.login('agent')).token;
  const at = (iso: string) => new Date(iso);
  await t.models.Customer.insertMany([
    // Ada again, as a chat created her: same e-mail, another phone, a newer marketing consent and a DNC wish.
    {
      _id: ada2,
      ...base,
      externalId: 'CRM-ADA',
      displayName: 'Ada Lovelace',
      phones: [{ label: 'work', number: '+442079460555' }],
      emails: [{ label: 'chat', address: 'ada@example.com' }],
      consents: [{ purpose: 'marketing', channel: 'phone', granted: false, source: 'chat', at: at('2026-06-01T00:00:00Z') }, { purpose: 'marketing', channel: 'email', granted: true, source: 'chat', at: at('2026-06-01T00:00:00Z') }],
      doNotCall: true,
    },
    { _id: grace1, ...base, displayName: 'Grace Hopper', addresses: [{ label: 'home', line1: '1 Navy Rd', city: 'Leeds', postcode: 'LS1 1AA', region: '', country: 'GB' }] },
    { _id: grace2, ...base, displayName: 'Grace Hoper', addresses: [{ label: 'home', line1: '1 Navy Road', city: 'Leeds', postcode: 'ls11aa', region: '', country: 'GB' }] },
  ]);
  await t.models.Transaction.create({ customerId: ada2, at: new Date(), total: 100, channel: 'web', items: [{ sku: 'TAB-50', name: 'Tablets', category: 'dishwasher-tablets', qty: 1, price: 100 }] });
  await t.models.Complaint.create({ customerId: ada2, subject: 'Chat complaint', category: 'service', severity: 'low', status: 'open', openedAt: new Date() });
  await t.models.Survey.create({ customerId: ada2, type: 'csat', score: 4, at: new Date() });
  await t.models.Interaction.create({ customerId: ada2, channel: 'chat', direction: 'inbound', callId: 'dup-chat', from: 'ada@example.com', to: 'chat', state: 'ended' });
  await t.models.Customer.updateOne({ _id: ids.ben }, { $push: { relations: { customerId: ada2, type: 'household' } } });
});
afterAll(() => t?.close());

describe('duplicate detection', () => {
  it('finds records sharing a phone, an e-mail, or a near-identical name at one postcode', async () => {
    const res = await t.api<DuplicateList>('GET', '/api/duplicates', { token: supervisor });
    expect(res.status).toBe(200);
    const pairs = res.body.items.map((p) => ({ names: [p.a.displayName, p.b.displayName].sort(), reasons: p.reasons }));
    expect(pairs).toContainEqual({ names: ['Ada Lovelace', 'Ada Lovelace'], reasons: ['same-email'] });
    expect(pairs).toContainEqual({ names: ['Tim Twin', 'Tom Twin'], reasons: ['same-phone'] });
    expect(pairs).toContainEqual({ names: ['Grace Hoper', 'Grace Hopper'], reasons: ['similar-name'] });
    expect(pairs).toHaveLength(3);
  });

  it('tells an identical name at the same postcode from a merely similar one, and ignores different people', () => {
    const probe = (id: string, displayName: string, postcode: string) => ({ id, displayName, phones: [], emails: [], postcodes: [postcode] });
    const pairs = findDuplicates([probe('1', 'José Álvarez', 'N1 1AA'), probe('2', 'jose alvarez', 'n11aa'), probe('3', 'Jane Smith', 'N1 1AA'), probe('4', 'John Smith', 'N1 1AA')]);
    expect(pairs).toEqual([{ a: '1', b: '2', reasons: ['same-name-postcode'], details: [expect.stringContaining('N11AA')] }]);
  });

  it('is for supervisors and admins only', async () => {
    expect((await t.api('GET', '/api/duplicates', { token: agent })).status).toBe(403);
    expect((await t.api('POST', '/api/duplicates/merge', { token: agent, body: { keepId: String(ids.ada), mergeId: String(ada2) } })).status).toBe(403);
  });
});

describe('merging duplicates', () => {
  it('keeps every transaction, interaction, complaint, survey and consent of both and removes the other', async () => {
    const res = await t.api<MergeResult>('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(ids.ada), mergeId: String(ada2) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ merged: true, moved: { transactions: 1, interactions: 1, complaints: 1, surveys: 1 } });
    expect(await t.models.Customer.exists({ _id: ada2 })).toBeNull();

    const ada = await t.models.Customer.findById(ids.ada).lean();
    expect(ada!.phones.map((p) => p.number).sort()).toEqual(['+442079460555', '+447700900001']);
    expect(ada!.emails.map((e) => e.address)).toEqual(['ada@example.com']);
    expect(ada!.externalId).toBe('CRM-ADA');
    expect(ada!.doNotCall).toBe(true);
    const consents = Object.fromEntries(ada!.consents.map((c) => [`${c.purpose}/${c.channel}`, c.granted]));
    // The newer "no" to marketing calls wins over the older "yes"; the other consents of both stay.
    expect(consents).toEqual({ 'marketing/phone': false, 'service/phone': true, 'marketing/email': true });
    expect(ada!.totals).toMatchObject({ count: 3, spend: 611 });
    expect(ada!.owned.map((o) => o.sku)).toEqual(['DW-100', 'TAB-50']);
    expect(ada!.searchTokens).toContain('442079460555');

    expect(await t.models.Transaction.countDocuments({ customerId: ids.ada })).toBe(3);
    expect(await t.models.Complaint.countDocuments({ customerId: ids.ada })).toBe(2);
    expect(await t.models.Survey.countDocuments({ customerId: ids.ada })).toBe(2);
    expect(await t.models.Interaction.countDocuments({ customerId: ids.ada })).toBe(1);
    const ben = await t.models.Customer.findById(ids.ben).lean();
    expect(ben!.relations.map((r) => String(r.customerId))).toEqual([String(ids.ada), String(ids.ada)]);

    const picture = await t.api<{ complaints: unknown[] }>('GET', `/api/customers/${ids.ada}/picture`, { token: agent });
    expect(picture.body.complaints).toHaveLength(2);
  });

  it('is safe to retry: a second merge changes nothing', async () => {
    const before = await t.models.Customer.findById(ids.ada).lean();
    const res = await t.api<MergeResult>('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(ids.ada), mergeId: String(ada2) } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ merged: false, moved: { transactions: 0, interactions: 0, complaints: 0, surveys: 0, campaignContacts: 0 } });
    const after = await t.models.Customer.findById(ids.ada).lean();
    expect(after!.totals).toEqual(before!.totals);
    expect(after!.consents).toEqual(before!.consents);
  });

  it('refuses to merge a record into itself or into one that does not exist', async () => {
    expect((await t.api('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(ids.ada), mergeId: String(ids.ada) } })).status).toBe(400);
    expect((await t.api('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(new Types.ObjectId()), mergeId: String(ids.ben) } })).status).toBe(404);
  });
});
