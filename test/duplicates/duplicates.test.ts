import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuplicateList, MergeResult, NotDuplicate, RecentMergeList, UndoResult } from '../../shared/schemas/duplicates.js';
import { findDuplicates } from '../../server/duplicates/detect.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from '../access/support.js';
import type { AuditPage } from '../../shared/schemas/audit.js';

let t: TestApp;
let supervisor: string;
let agent: string;
let admin: string;
/** The audit trail's entries whose action starts with `action`, oldest first, as an admin reads them. */
const auditOf = async (action: string) => (await t.api<AuditPage>('GET', `/api/audit?action=${action}`, { token: admin })).body.items.reverse();
let ids: Awaited<ReturnType<typeof seedFixtures>>['customers'];
const ada2 = new Types.ObjectId();
const grace1 = new Types.ObjectId();
const grace2 = new Types.ObjectId();
// Spouses sharing a landline, linked both ways; their son linked (one way) to each; flatmates in one household.
const sam = new Types.ObjectId();
const sally = new Types.ObjectId();
const son = new Types.ObjectId();
const flat1 = new Types.ObjectId();
const flat2 = new Types.ObjectId();
const base = { timezone: 'Europe/London', purpose: 'customer-service', version: 0, kind: 'person' };

beforeAll(async () => {
  t = await startTestApp();
  ids = (await seedFixtures(t.models)).customers;
  supervisor = (await t.login('supervisor')).token;
  agent = (await t.login('agent')).token;
  admin = (await addAdmin(t)).token;
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
  const landline = [{ label: 'home', number: '+441134960000' }];
  await t.models.Customer.insertMany([
    { _id: sam, ...base, displayName: 'Sam Spouse', phones: landline, relations: [{ customerId: sally, type: 'spouse' }] },
    { _id: sally, ...base, displayName: 'Sally Spouse', phones: landline, relations: [{ customerId: sam, type: 'spouse' }] },
    { _id: son, ...base, displayName: 'Sonny Spouse', phones: landline, relations: [{ customerId: sam, type: 'parent' }, { customerId: sally, type: 'parent' }] },
    { _id: flat1, ...base, displayName: 'Flo Mate', householdId: 'H-FLAT', phones: [{ label: 'home', number: '+441134960001' }] },
    { _id: flat2, ...base, displayName: 'Fay Mate', householdId: 'H-FLAT', phones: [{ label: 'home', number: '+441134960001' }] },
  ]);
  await t.models.Transaction.create({ customerId: ada2, at: new Date(), total: 100, channel: 'web', items: [{ sku: 'TAB-50', name: 'Tablets', category: 'dishwasher-tablets', qty: 1, price: 100 }] });
  await t.models.Complaint.create({ customerId: ada2, subject: 'Chat complaint', category: 'service', severity: 'low', status: 'open', openedAt: new Date() });
  await t.models.Survey.create({ customerId: ada2, type: 'csat', score: 4, at: new Date() });
  // She chatted on the shop's website as this record: her visitor session and her chat's rating name it.
  const siteId = new Types.ObjectId();
  await t.models.VisitorSession.create({ tokenHash: 'b'.repeat(64), siteId, customerId: ada2, name: 'Ada' });
  await t.models.WidgetRating.create({ interactionId: new Types.ObjectId(), siteId, customerId: ada2, score: 4, at: new Date() });
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

  it('never proposes spouses, other related customers or one household sharing a phone as the same person', async () => {
    const res = await t.api<DuplicateList>('GET', '/api/duplicates', { token: supervisor });
    const named = res.body.items.flatMap((p) => [p.a.displayName, p.b.displayName]);
    for (const name of ['Sam Spouse', 'Sally Spouse', 'Sonny Spouse', 'Flo Mate', 'Fay Mate']) expect(named).not.toContain(name);
  });

  it.each([
    ['related both ways', [{ related: ['2'] }, { related: ['1'] }], []],
    ['related one way only', [{ related: ['2'] }, {}], []],

    ['one household', [{ householdId: 'H' }, { householdId: 'H' }], []],
    ['marked not a duplicate', [{}, {}], ['1|2']],
    ['different households', [{ householdId: 'H' }, { householdId: 'K' }], null],
    // The same person recorded twice, each record linked to their spouse: still a candidate.
    ['both related to a third', [{ related: ['3'] }, { related: ['3'] }], null],
    ['unrelated', [{}, {}], null],
  ] as const)('on a shared phone, %s: %s', (_name, extra, dismissed) => {
    const probe = (id: string, more: object) => ({ id, displayName: `Person ${id}`, phones: ['+441134960000'], emails: [], postcodes: [], ...more });
    const pairs = findDuplicates([probe('1', extra[0]), probe('2', extra[1])], dismissed ?? []);
    expect(pairs).toEqual(dismissed === null ? [{ a: '1', b: '2', reasons: ['same-phone'], details: [expect.any(String)] }] : []);
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
    expect(await t.models.VisitorSession.countDocuments({ customerId: ids.ada })).toBe(1);
    expect(await t.models.WidgetRating.countDocuments({ customerId: ids.ada })).toBe(1);
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

  it('undoes a merge: both customers as they were, with their own transactions, interactions, complaints and surveys', async () => {
    const recent = await t.api<RecentMergeList>('GET', '/api/duplicates/merges', { token: supervisor });
    const merge = recent.body.items.find((m) => m.merged.id === String(ada2))!;
    expect(merge).toMatchObject({ keep: { id: String(ids.ada), displayName: 'Ada Lovelace' }, by: 'supervisor', moved: { transactions: 1, interactions: 1, complaints: 1, surveys: 1 } });
    expect(new Date(merge.until).getTime() - Date.now()).toBeGreaterThan(29 * 24 * 3600_000);

    const res = await t.api<UndoResult>('POST', `/api/duplicates/merges/${merge.id}/undo`, { token: supervisor });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ keepId: String(ids.ada), restoredId: String(ada2), movedBack: { transactions: 1, interactions: 1, complaints: 1, surveys: 1, campaignContacts: 0, visitorSessions: 1, chatRatings: 1 } });
    expect(await t.models.VisitorSession.countDocuments({ customerId: ada2 })).toBe(1);
    expect(await t.models.WidgetRating.countDocuments({ customerId: ada2 })).toBe(1);

    const back = await t.models.Customer.findById(ada2).lean();
    expect(back).toMatchObject({ displayName: 'Ada Lovelace', externalId: 'CRM-ADA', doNotCall: true });
    expect(back!.phones.map((p) => p.number)).toEqual(['+442079460555']);
    expect(back!.totals).toMatchObject({ count: 1, spend: 100 });
    const ada = await t.models.Customer.findById(ids.ada).lean();
    expect(ada!.phones.map((p) => p.number)).toEqual(['+447700900001']);
    expect(ada!.externalId).toBeUndefined();
    expect(ada!.doNotCall).toBe(false);
    expect(Object.fromEntries(ada!.consents.map((c) => [`${c.purpose}/${c.channel}`, c.granted]))).toEqual({ 'marketing/phone': true, 'service/phone': true });
    expect(ada!.totals).toMatchObject({ count: 2, spend: 511 });
    expect(ada!.searchTokens).not.toContain('442079460555');

    expect(await t.models.Transaction.countDocuments({ customerId: ada2 })).toBe(1);
    expect(await t.models.Complaint.countDocuments({ customerId: ada2 })).toBe(1);
    expect(await t.models.Survey.countDocuments({ customerId: ada2 })).toBe(1);
    expect(await t.models.Interaction.countDocuments({ customerId: ada2 })).toBe(1);
    expect(await t.models.Interaction.countDocuments({ customerId: ids.ada })).toBe(0);
    const ben = await t.models.Customer.findById(ids.ben).lean();
    expect(ben!.relations.map((r) => String(r.customerId))).toEqual([String(ids.ada), String(ada2)]);

    const audit = await auditOf('customer.merge');
    expect(audit.map((a) => [a.action, a.entity.id])).toEqual([
      ['customer.merged', String(ids.ada)],
      ['customer.merged', String(ids.ada)],
      ['customer.merge-undone', String(ada2)],
    ]);
    // The pair is a candidate again, and the undone merge is listed as undone.
    const pairs = await t.api<DuplicateList>('GET', '/api/duplicates', { token: supervisor });
    expect(pairs.body.items.some((p) => [p.a.id, p.b.id].includes(String(ada2)))).toBe(true);
    const after = await t.api<RecentMergeList>('GET', '/api/duplicates/merges', { token: supervisor });
    expect(after.body.items.find((m) => m.id === merge.id)).toMatchObject({ undoneBy: 'supervisor' });
  });

  it('refuses to undo a merge twice, or one whose kept customer changed since, and changes nothing', async () => {
    const merged = await t.api<MergeResult>('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(grace1), mergeId: String(grace2) } });
    const undoId = merged.body.undo!.id;
    // An agent records a consent on the kept record after the merge: undoing would silently lose it.
    const changed = await t.api('PATCH', `/api/customers/${grace1}/preferences`, { token: agent, body: { consents: [{ purpose: 'marketing', channel: 'email', granted: true }] } });
    expect(changed.status).toBe(200);
    const before = await t.models.Customer.findById(grace1).lean();
    const res = await t.api<{ error: { code: string; message: string; details: { changed: string[] } } }>('POST', `/api/duplicates/merges/${undoId}/undo`, { token: supervisor });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/consents changed since the merge/);
    expect(await t.models.Customer.exists({ _id: grace2 })).toBeNull();
    expect(await t.models.Customer.findById(grace1).lean()).toEqual(before);

    const recent = await t.api<RecentMergeList>('GET', '/api/duplicates/merges', { token: supervisor });
    const undone = recent.body.items.find((m) => m.undoneAt)!;
    const twice = await t.api<{ error: { message: string } }>('POST', `/api/duplicates/merges/${undone.id}/undo`, { token: supervisor });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/already undone/);
  });

  it('refuses to undo a merge older than 30 days, an unknown merge or a malformed id, and changes nothing', async () => {
    const twin = await t.api<MergeResult>('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(ids.twinA), mergeId: String(ids.twinB) } });
    await t.models.CustomerMerge.updateOne({ _id: twin.body.undo!.id }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
    const before = await t.models.Customer.findById(ids.twinA).lean();
    const expired = await t.api<{ error: { message: string } }>('POST', `/api/duplicates/merges/${twin.body.undo!.id}/undo`, { token: supervisor });
    expect(expired.status).toBe(410);
    expect(expired.body.error.message).toMatch(/older than 30 days/);
    expect(await t.models.Customer.exists({ _id: ids.twinB })).toBeNull();
    expect(await t.models.Customer.findById(ids.twinA).lean()).toEqual(before);
    // Expired merges are not offered for undoing.
    const recent = await t.api<RecentMergeList>('GET', '/api/duplicates/merges', { token: supervisor });
    expect(recent.body.items.map((m) => m.id)).not.toContain(twin.body.undo!.id);

    expect((await t.api('POST', `/api/duplicates/merges/${new Types.ObjectId()}/undo`, { token: supervisor })).status).toBe(404);
    expect((await t.api('POST', '/api/duplicates/merges/not-an-id/undo', { token: supervisor })).status).toBe(400);
    expect((await t.api('POST', `/api/duplicates/merges/${twin.body.undo!.id}/undo`, { token: agent })).status).toBe(403);
  });

  it('forgets the undo records of a customer who is erased, so no undo can bring their data back', async () => {
    const before = await t.api<RecentMergeList>('GET', '/api/duplicates/merges', { token: supervisor });
    const grace = before.body.items.find((m) => m.keep.id === String(grace1))!;
    expect(grace).toBeDefined();
    const erased = await t.api<{ counts: Record<string, number> }>('POST', `/api/privacy/customers/${grace1}/erase`, { token: admin, body: { confirm: String(grace1) } });
    expect(erased.status).toBe(200);
    expect(erased.body.counts.mergesForgotten).toBe(1);
    expect(await t.models.CustomerMerge.countDocuments({ $or: [{ keepId: grace1 }, { mergeId: grace1 }] })).toBe(0);
    expect((await t.api('POST', `/api/duplicates/merges/${grace.id}/undo`, { token: supervisor })).status).toBe(404);
  });

  it('refuses to merge a record into itself or into one that does not exist', async () => {
    expect((await t.api('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(ids.ada), mergeId: String(ids.ada) } })).status).toBe(400);
    expect((await t.api('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId: String(new Types.ObjectId()), mergeId: String(ids.ben) } })).status).toBe(404);
  });
});

describe('not a duplicate', () => {
  it('remembers a pair for everyone until it is withdrawn', async () => {
    const twinPair = (list: DuplicateList) => list.items.some((p) => [p.a.displayName, p.b.displayName].sort().join() === 'Fred Twin,Frida Twin');
    await t.models.Customer.insertMany([
      { ...base, displayName: 'Fred Twin', phones: [{ label: 'home', number: '+441134960077' }] },
      { ...base, displayName: 'Frida Twin', phones: [{ label: 'home', number: '+441134960077' }] },
    ]);
    const list = await t.api<DuplicateList>('GET', '/api/duplicates', { token: supervisor });
    expect(twinPair(list.body)).toBe(true);
    const pair = list.body.items.find((p) => p.a.displayName.endsWith(' Twin') && p.a.phone === '+441134960077')!;

    const marked = await t.api<NotDuplicate>('POST', '/api/duplicates/not-duplicates', { token: supervisor, body: { aId: pair.b.id, bId: pair.a.id } });
    expect(marked.status).toBe(201);
    // A second "not a duplicate" of the same pair, either way round, is the same decision.
    const again = await t.api<NotDuplicate>('POST', '/api/duplicates/not-duplicates', { token: supervisor, body: { aId: pair.a.id, bId: pair.b.id } });
    expect(again.body.id).toBe(marked.body.id);
    expect(twinPair((await t.api<DuplicateList>('GET', '/api/duplicates', { token: admin })).body)).toBe(false);
    const decisions = await t.api<{ items: NotDuplicate[] }>('GET', '/api/duplicates/not-duplicates', { token: admin });
    expect(decisions.body.items).toHaveLength(1);
    expect(decisions.body.items[0]).toMatchObject({ by: 'supervisor', a: { displayName: expect.stringMatching(/Twin$/) } });

    const withdrawn = await t.api('DELETE', `/api/duplicates/not-duplicates/${marked.body.id}`, { token: admin });
    expect(withdrawn.status).toBe(200);
    expect(twinPair((await t.api<DuplicateList>('GET', '/api/duplicates', { token: supervisor })).body)).toBe(true);
    const audit = await auditOf('customer.not-duplicate');
    expect(audit.map((a) => [a.action, a.actor.username])).toEqual([
      ['customer.not-duplicate', 'supervisor'],
      ['customer.not-duplicate', 'supervisor'],
      ['customer.not-duplicate-withdrawn', 'admin'],
    ]);
  });

  it('answers a pair of one customer twice, an unknown customer or a bad id with a 4xx and stores nothing', async () => {
    const count = () => t.models.NotDuplicate.countDocuments();
    const before = await count();
    const one = await t.api<{ error: { message: string } }>('POST', '/api/duplicates/not-duplicates', { token: supervisor, body: { aId: String(ids.ben), bId: String(ids.ben) } });
    expect(one.status).toBe(400);
    expect(one.body.error.message).toMatch(/must differ/);
    expect((await t.api('POST', '/api/duplicates/not-duplicates', { token: supervisor, body: { aId: String(ids.ben), bId: String(new Types.ObjectId()) } })).status).toBe(404);
    expect((await t.api('POST', '/api/duplicates/not-duplicates', { token: supervisor, body: { aId: 'x', bId: String(ids.ben) } })).status).toBe(400);
    expect((await t.api('POST', '/api/duplicates/not-duplicates', { token: supervisor, body: { aId: String(ids.ben), bId: String(ids.acme), extra: 1 } })).status).toBe(400);
    expect((await t.api('POST', '/api/duplicates/not-duplicates', { token: agent, body: { aId: String(ids.ben), bId: String(ids.acme) } })).status).toBe(403);
    expect((await t.api('DELETE', `/api/duplicates/not-duplicates/${new Types.ObjectId()}`, { token: supervisor })).status).toBe(404);
    expect((await t.api('DELETE', '/api/duplicates/not-duplicates/nope', { token: supervisor })).status).toBe(400);
    expect(await count()).toBe(before);
  });
});
