import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign, SegmentPreview } from '../../shared/schemas/campaign.js';
import type { CustomerPicture } from '../../shared/schemas/customer.js';
import type { AgentBoardEntry, FeedEvent } from '../../shared/schemas/supervision.js';
import { seedFixtures } from '../support/fixtures.js';
import { eventually, startTestApp, type TestApp } from '../support/app.js';
import { TUESDAY_10, addTelemarketers, campaignInput, createCampaign, dispose, next, seedCallListCustomers, testClock } from './support.js';

describe('outbound call lists', () => {
  let t: TestApp;
  let ids: Awaited<ReturnType<typeof seedCallListCustomers>>;
  let sup: string;
  let tm: string;
  const clock = testClock();

  beforeEach(async () => {
    clock.set(TUESDAY_10);
    t = await startTestApp({}, { now: clock.now });
    await seedFixtures(t.models);
    ids = await seedCallListCustomers(t.models);
    sup = (await t.login('supervisor')).token;
    tm = (await t.login('telemarketer')).token;
  });
  afterEach(() => t.close());

  const nameOf = (picture: CustomerPicture) => picture.profile.displayName;

  it('previews the segment live and keeps the reason of every exclusion', async () => {
    const preview = await t.api<SegmentPreview>('POST', '/api/campaigns/preview', { token: sup, body: { segment: { boughtCategories: ['washing-machines'] }, onePerHousehold: true } });
    expect(preview.status).toBe(200);
    expect(preview.body.matched).toBe(7);
    expect(preview.body.eligible).toBe(3);
    expect(preview.body.excluded).toEqual({ 'opted-out': 1, 'do-not-call': 1, 'no-phone': 1, household: 1 });

    const narrower = await t.api<SegmentPreview>('POST', '/api/campaigns/preview', { token: sup, body: { segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } } });
    expect(narrower.body).toMatchObject({ matched: 1, eligible: 1, sample: [{ displayName: 'Cara Callable' }] });

    const campaign = await createCampaign(t, sup);
    expect(campaign.progress).toMatchObject({ total: 3, remaining: 3, attempted: 0, excluded: { 'opted-out': 1, 'do-not-call': 1, 'no-phone': 1, household: 1 } });
  });

  it('never serves an excluded contact nor one outside their calling hours, most valuable first', async () => {
    const c = await createCampaign(t, sup);
    const served: string[] = [];
    for (;;) {
      const res = await next(t, tm, c.id);
      expect(res.status).toBe(200);
      if (!res.body.contact) {
        expect(res.body.message).toMatch(/outside their calling hours/);
        // Tokyo opens at 09:00 local on Wednesday: 00:00 UTC.
        expect(new Date(res.body.nextAt!).toISOString()).toBe('2026-11-25T00:00:00.000Z');
        break;
      }
      served.push(nameOf(res.body.contact.picture));
      expect((await dispose(t, tm, c.id, res.body.contact.entryId, { disposition: 'not-interested' })).status).toBe(200);
    }
    expect(served).toEqual(['Cara Callable', 'Gus Home']);

    clock.set(new Date('2026-11-25T00:30:00Z'));
    const tokyo = await next(t, tm, c.id);
    expect(nameOf(tokyo.body.contact!.picture)).toBe('Ian Tokyo');
  });

  it('serves a callback at its agreed time, not before, and ahead of fresh contacts', async () => {
    const c = await createCampaign(t, sup, { segment: { boughtCategories: ['washing-machines'], segments: ['champions', 'loyal'] } });
    const first = (await next(t, tm, c.id)).body.contact!;
    expect(first.reason).toBe('fresh');
    const callbackAt = new Date(TUESDAY_10.getTime() + 2 * 3600_000);
    const res = await dispose(t, tm, c.id, first.entryId, { disposition: 'callback', callbackAt: callbackAt.toISOString() });
    expect(res.body).toMatchObject({ next: 'callback', dueAt: callbackAt.toISOString() });

    const second = (await next(t, tm, c.id)).body.contact!;
    expect(nameOf(second.picture)).toBe('Gus Home');
    await dispose(t, tm, c.id, second.entryId, { disposition: 'sale' });

    clock.set(new Date(callbackAt.getTime() - 60_000));
    const early = await next(t, tm, c.id);
    expect(early.body.contact).toBeNull();
    expect(early.body.message).toMatch(/No contact is due/);
    expect(new Date(early.body.nextAt!).toISOString()).toBe(callbackAt.toISOString());

    clock.set(callbackAt);
    const due = (await next(t, tm, c.id)).body.contact!;
    expect(nameOf(due.picture)).toBe('Cara Callable');
    expect(due.reason).toBe('callback');
  });

  it('serves a callback to the telemarketer who agreed it, and to colleagues only after a grace period', async () => {
    await addTelemarketers(t.models, ['tm-colleague']);
    const colleague = (await t.login('tm-colleague')).token;
    const c = await createCampaign(t, sup, { segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } });
    const contact = (await next(t, tm, c.id)).body.contact!;
    const callbackAt = new Date(TUESDAY_10.getTime() + 3600_000);
    await dispose(t, tm, c.id, contact.entryId, { disposition: 'callback', callbackAt: callbackAt.toISOString() });

    clock.set(callbackAt);
    const early = await next(t, colleague, c.id);
    expect(early.body.contact).toBeNull();
    expect(new Date(early.body.nextAt!).toISOString()).toBe(new Date(callbackAt.getTime() + 15 * 60_000).toISOString());
    clock.advance(15);
    const taken = (await next(t, colleague, c.id)).body.contact!;
    expect(taken).toMatchObject({ entryId: contact.entryId, reason: 'callback' });
  });

  it('refuses a callback outside the customer’s calling hours or in the past', async () => {
    const c = await createCampaign(t, sup);
    const contact = (await next(t, tm, c.id)).body.contact!;
    const evening = await dispose(t, tm, c.id, contact.entryId, { disposition: 'callback', callbackAt: '2026-11-24T19:00:00Z' });
    expect(evening.status).toBe(400);
    expect(evening.body.error!.message).toMatch(/outside calling hours/);
    const past = await dispose(t, tm, c.id, contact.entryId, { disposition: 'callback', callbackAt: '2026-11-24T09:00:00Z' });
    expect(past.status).toBe(400);
    const missing = await dispose(t, tm, c.id, contact.entryId, { disposition: 'callback' });
    expect(missing.status).toBe(400);
    // Still in hand after the refusals.
    expect((await next(t, tm, c.id)).body.contact!.entryId).toBe(contact.entryId);
  });

  it('spaces retries and stops after the maximum attempts', async () => {
    const c = await createCampaign(t, sup, { maxAttempts: 2, retryMinutes: 60, segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } });
    const first = (await next(t, tm, c.id)).body.contact!;
    const r1 = await dispose(t, tm, c.id, first.entryId, { disposition: 'no-answer' });
    expect(r1.body).toMatchObject({ next: 'retry', dueAt: new Date(TUESDAY_10.getTime() + 3600_000).toISOString() });

    clock.advance(59);
    expect((await next(t, tm, c.id)).body.contact).toBeNull();
    clock.advance(1);
    const retry = (await next(t, tm, c.id)).body.contact!;
    expect(retry).toMatchObject({ entryId: first.entryId, reason: 'retry', attempts: 1 });
    const r2 = await dispose(t, tm, c.id, retry.entryId, { disposition: 'busy' });
    expect(r2.body.next).toBe('done');

    clock.advance(24 * 60);
    const after = await next(t, tm, c.id);
    expect(after.body.contact).toBeNull();
    expect(after.body.message).toMatch(/worked/);
    expect(r2.body.progress).toMatchObject({ total: 1, attempted: 1, reached: 0, remaining: 0, byDisposition: { 'no-answer': 1, busy: 1 } });
  });

  it('never gives two telemarketers asking at once the same contact', async () => {
    const names = Array.from({ length: 8 }, (_, i) => `tm${i}`);
    await addTelemarketers(t.models, names);
    const extra = Array.from({ length: 12 }, (_, i) => ({
      kind: 'person',
      displayName: `Extra ${i}`,
      timezone: 'Europe/London',
      phones: [{ label: 'mobile', number: `+4477009100${String(i).padStart(2, '0')}` }],
      owned: [{ sku: 'WM-100', category: 'washing-machines', at: new Date('2021-01-01') }],
    }));
    await t.models.Customer.insertMany(extra);
    const c = await createCampaign(t, sup);
    expect(c.progress.total).toBe(15);
    const tokens = await Promise.all(names.map(async (n) => (await t.login(n)).token));

    // Two rounds of eight simultaneous requests, each telemarketer disposing before asking again.
    const seen = new Map<string, string>();
    for (let round = 0; round < 2; round++) {
      const got = await Promise.all(tokens.map((tok) => next(t, tok, c.id)));
      for (const [k, res] of got.entries()) {
        const contact = res.body.contact;
        if (!contact) continue;
        expect(seen.has(contact.entryId), `entry served twice: ${contact.entryId}`).toBe(false);
        seen.set(contact.entryId, names[k]);
      }
      await Promise.all(got.map((res, k) => (res.body.contact ? dispose(t, tokens[k], c.id, res.body.contact.entryId, { disposition: 'not-interested' }) : undefined)));
    }
    // Everyone but Ian (Tokyo, outside calling hours) was served exactly once.
    expect(seen.size).toBe(14);
    // Someone else's contact cannot be disposed.
    const stolen = await dispose(t, tm, c.id, [...seen.keys()][0], { disposition: 'sale' });
    expect(stolen.status).toBe(409);
  });

  it('takes a customer who asks for do-not-call off every list at once', async () => {
    const a = await createCampaign(t, sup, { name: 'List A' });
    const b = await createCampaign(t, sup, { name: 'List B' });
    const c = await createCampaign(t, sup, { name: 'List C' });
    // An inbound agent records do-not-call on Cara's picture.
    const agent = (await t.login('agent')).token;
    const res = await t.api('PATCH', `/api/customers/${ids.cara}/preferences`, { token: agent, body: { doNotCall: true } });
    expect(res.status).toBe(200);
    for (const list of [a, b, c]) {
      const got = await t.api<Campaign>('GET', `/api/campaigns/${list.id}`, { token: sup });
      expect(got.body.progress.excluded['do-not-call']).toBe(2);
    }
    const served: string[] = [];
    for (let contact = (await next(t, tm, a.id)).body.contact; contact; contact = (await next(t, tm, a.id)).body.contact) {
      served.push(nameOf(contact.picture));
      await dispose(t, tm, a.id, contact.entryId, { disposition: 'not-interested' });
    }
    expect(served).toEqual(['Gus Home']);

    // Do-not-call as a disposition: flag and withdrawn consent on the customer, off the other list too.
    const gusOnB = (await next(t, tm, b.id)).body.contact!;
    expect(nameOf(gusOnB.picture)).toBe('Gus Home');
    await dispose(t, tm, b.id, gusOnB.entryId, { disposition: 'do-not-call' });
    const gus = await t.models.Customer.findById(ids.gus).lean();
    expect(gus!.doNotCall).toBe(true);
    expect(gus!.consents).toContainEqual(expect.objectContaining({ purpose: 'marketing', channel: 'phone', granted: false, source: 'telemarketing:telemarketer' }));
    const onC = await t.models.CallListEntry.findOne({ customerId: ids.gus, campaignId: c.id }).lean();
    expect(onC).toMatchObject({ status: 'excluded', reason: 'do-not-call' });
    const servedOnC: string[] = [];
    for (let contact = (await next(t, tm, c.id)).body.contact; contact; contact = (await next(t, tm, c.id)).body.contact) {
      servedOnC.push(nameOf(contact.picture));
      await dispose(t, tm, c.id, contact.entryId, { disposition: 'not-interested' });
    }
    expect(servedOnC).toEqual([]);
  });

  it('withdraws a contact during the call, and still logs the telemarketer’s disposition', async () => {
    const c = await createCampaign(t, sup, { segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } });
    const contact = (await next(t, tm, c.id)).body.contact!;
    const agent = (await t.login('agent')).token;
    await t.api('POST', `/api/customers/${ids.cara}/opt-out`, { token: agent, body: { channel: 'phone' } });
    const res = await dispose(t, tm, c.id, contact.entryId, { disposition: 'not-interested', notes: 'asked to be left alone' });
    expect(res.status).toBe(200);
    expect(res.body.next).toBe('done');
    expect(res.body.progress).toMatchObject({ total: 1, attempted: 1, remaining: 0, excluded: { 'opted-out': 1 } });
    const i = await t.models.Interaction.findById(contact.interactionId).lean();
    expect(i).toMatchObject({ state: 'ended', disposition: 'not-interested', direction: 'outbound', campaignName: 'Washing machine trade-in' });
  });

  it('stores script answers on the customer, where the next pop shows them', async () => {
    const c = await createCampaign(t, sup, { segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } });
    const contact = (await next(t, tm, c.id)).body.contact!;
    expect(contact.offers).toMatchObject([{ offerId: 'TABLETS', price: 9.99 }]);
    const res = await dispose(t, tm, c.id, contact.entryId, {
      disposition: 'sale',
      answers: { 'contact-time': 'evening', satisfaction: '4', machine: 'getting noisy', interest: 'Coffee' },
    });
    expect(res.status).toBe(200);
    const picture = (await t.api<CustomerPicture>('GET', `/api/customers/${ids.cara}/picture`, { token: sup })).body;
    expect(picture.preferences.contactTime).toBe('evening');
    expect(picture.profile.psychographics.interests).toContain('coffee');
    expect(picture.profile.psychographics.attitude).toBe('getting noisy');
    expect(picture.satisfaction.latestCsat).toBe(4);
    expect(picture.campaigns[0]).toMatchObject({ name: 'Washing machine trade-in', channel: 'phone', response: 'purchased' });
    const i = await t.models.Interaction.findById(contact.interactionId).lean();
    expect(i!.offers).toMatchObject([{ offerId: 'TABLETS', outcome: 'accepted', price: 9.99 }]);
  });

  it('refuses answers that do not fit the script', async () => {
    const c = await createCampaign(t, sup, { segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } });
    const contact = (await next(t, tm, c.id)).body.contact!;
    for (const answers of [{ nope: 'x' }, { 'contact-time': 'midnight' }, { satisfaction: '9' }]) {
      const res = await dispose(t, tm, c.id, contact.entryId, { disposition: 'sale', answers });
      expect(res.status, JSON.stringify(answers)).toBe(400);
    }
    const cara = await t.models.Customer.findById(ids.cara).lean();
    expect(cara!.version).toBe(0);
  });

  it('adds up progress on a scripted day and exports it as CSV', async () => {
    const c = await createCampaign(t, sup, { onePerHousehold: false });
    // Cara, Gus and Hal in London on Tuesday morning; Ian once Tokyo's day starts.
    const outcomes = ['sale', 'no-answer', 'callback', 'wrong-number'];
    for (const disposition of outcomes) {
      if (disposition === 'wrong-number') clock.set(new Date('2026-11-25T00:30:00Z'));
      const contact = (await next(t, tm, c.id)).body.contact!;
      const body: Record<string, unknown> = { disposition };
      if (disposition === 'callback') body.callbackAt = '2026-11-26T11:00:00Z';
      expect((await dispose(t, tm, c.id, contact.entryId, body)).status).toBe(200);
    }
    const got = (await t.api<Campaign>('GET', `/api/campaigns/${c.id}`, { token: tm })).body;
    expect(got.progress).toEqual({
      total: 4,
      attempted: 4,
      reached: 2,
      converted: 1,
      remaining: 2,
      callbacks: 1,
      byDisposition: { sale: 1, 'no-answer': 1, callback: 1, 'wrong-number': 1 },
      excluded: { 'opted-out': 1, 'do-not-call': 1, 'no-phone': 1 },
    });
    const csv = await fetch(`${t.base}/api/campaigns/${c.id}/export`, { headers: { authorization: `Bearer ${sup}` } });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^customerId,name,phone/);
    expect(lines).toHaveLength(8);
    expect(lines.find((l) => l.includes('Cara Callable'))).toMatch(/,done,sale,1,true,true,sale,/);
    expect(lines.find((l) => l.includes('Cara Callable'))).toMatch(new RegExp(`^${ids.cara},Cara Callable,`));
    expect(lines.find((l) => l.includes('Dan Declined'))).toMatch(/,excluded,opted-out,0,/);
  });

  it('exports names that look like spreadsheet formulas as text, never as formulas', async () => {
    const c = await createCampaign(t, sup, { onePerHousehold: false });
    const entries = await t.models.CallListEntry.find({ campaignId: c.id }).sort({ order: 1 }).lean();
    const dangerous = ['=HYPERLINK("http://evil.example","click")', '+1+1', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];
    expect(entries.length).toBeGreaterThanOrEqual(dangerous.length);
    for (const [i, name] of dangerous.entries()) await t.models.Customer.updateOne({ _id: entries[i].customerId }, { $set: { displayName: name } });
    const res = await fetch(`${t.base}/api/campaigns/${c.id}/export`, { headers: { authorization: `Bearer ${sup}` } });
    const rows = parseCsv(await res.text(), { columns: true }) as Array<{ customerId: string; name: string; attempts: string }>;
    for (const [i, name] of dangerous.entries()) {
      const row = rows.find((r) => r.customerId === String(entries[i].customerId))!;
      expect(row.name).toBe(`'${name}`);
    }
    // Numbers stay numbers.
    expect(rows.every((r) => /^\d+$/.test(r.attempts))).toBe(true);
  });

  it('pushes progress live to supervisors and telemarketers, and shows the calls in the feed by campaign', async () => {
    const c = await createCampaign(t, sup);
    const watcher = await t.agentSocket(sup);
    const colleague = await t.agentSocket(tm);
    const seen: Campaign[] = [];
    const colleagueSaw: Campaign[] = [];
    const feed: FeedEvent[] = [];
    watcher.socket.on('campaign:changed', (x) => seen.push(x));
    colleague.socket.on('campaign:changed', (x) => colleagueSaw.push(x));
    watcher.socket.on('feed:batch', (events) => feed.push(...events));
    const board: AgentBoardEntry[] = [];
    watcher.socket.on('agents:changed', (agents) => board.push(...agents));
    const sub = await watcher.socket.emitWithAck('supervision:subscribe', { campaign: 'Washing machine trade-in' });
    expect('data' in sub).toBe(true);
    const contact = (await next(t, tm, c.id)).body.contact!;
    // The agents board shows the telemarketer on an outbound call, with the customer.
    await eventually(() => board.find((a) => a.username === 'telemarketer' && a.state === 'outbound' && a.customerName === 'Cara Callable'), 3000, 'telemarketer on the board');
    board.length = 0;
    await dispose(t, tm, c.id, contact.entryId, { disposition: 'sale' });
    await eventually(() => board.find((a) => a.username === 'telemarketer' && a.state === 'offline'), 3000, 'telemarketer off the call');
    const pushed = await eventually(() => seen.find((x) => x.id === c.id && x.progress.converted === 1), 3000, 'progress push');
    expect(pushed.progress.attempted).toBe(1);
    await eventually(() => colleagueSaw.find((x) => x.progress.converted === 1), 3000, 'progress push to telemarketers');
    await eventually(() => feed.find((e) => e.kind === 'wrapped-up'), 3000, 'outbound call in the feed');
    expect(feed.map((e) => e.kind)).toEqual(expect.arrayContaining(['started', 'answered', 'offer', 'ended', 'wrapped-up']));
    expect(feed.every((e) => e.campaign === 'Washing machine trade-in' && e.interactionId === contact.interactionId)).toBe(true);
    expect(feed.find((e) => e.kind === 'wrapped-up')).toMatchObject({ disposition: 'sale', customerName: 'Cara Callable', agentName: 'telemarketer' });
  });

  it('keeps campaign set-up to supervisors and the dialer to telemarketers', async () => {
    const agent = (await t.login('agent')).token;
    expect((await t.api('POST', '/api/campaigns', { token: tm, body: campaignInput() })).status).toBe(403);
    expect((await t.api('GET', '/api/campaigns', { token: agent })).status).toBe(403);
    const c = await createCampaign(t, sup);
    expect((await next(t, agent, c.id)).status).toBe(403);
    expect((await next(t, sup, c.id)).status).toBe(403);
    const bad = await t.api('POST', '/api/campaigns/preview', { token: sup, body: { segment: { regions: { $ne: 'x' } } } });
    expect(bad.status).toBe(400);
    const unknownField = await t.api('POST', '/api/campaigns/preview', { token: sup, body: { segment: { $where: 'sleep(1)' } } });
    expect(unknownField.status).toBe(400);
    const badOffer = await t.api('POST', '/api/campaigns', { token: sup, body: campaignInput({ offerCodes: ['NOPE'] }) });
    expect(badOffer.status).toBe(400);
    expect((await t.api('GET', '/api/campaigns/0123456789abcdef01234567', { token: sup })).status).toBe(404);
  });

  it('locks one contact to a telemarketer who clicks twice', async () => {
    const c = await createCampaign(t, sup);
    const both = await Promise.all([next(t, tm, c.id), next(t, tm, c.id)]);
    expect(both[0].body.contact!.entryId).toBe(both[1].body.contact!.entryId);
    expect(await t.models.CallListEntry.countDocuments({ campaignId: c.id, status: 'locked' })).toBe(1);
  });

  it('gives a lapsed lock to the next telemarketer and ends the abandoned call', async () => {
    await addTelemarketers(t.models, ['tm-late']);
    const other = (await t.login('tm-late')).token;
    const c = await createCampaign(t, sup, { segment: { boughtCategories: ['washing-machines'], segments: ['champions'] } });
    const first = (await next(t, tm, c.id)).body.contact!;
    expect((await next(t, other, c.id)).body.contact).toBeNull();
    clock.advance(31);
    const taken = (await next(t, other, c.id)).body.contact!;
    expect(taken.entryId).toBe(first.entryId);
    expect(taken.interactionId).not.toBe(first.interactionId);
    expect(await t.models.Interaction.findById(first.interactionId).lean()).toMatchObject({ state: 'ended' });
    // The first telemarketer's late outcome is refused: the contact is someone else's now.
    expect((await dispose(t, tm, c.id, first.entryId, { disposition: 'sale' })).status).toBe(409);
  });

  it('serves nothing while a campaign is paused', async () => {
    const c = await createCampaign(t, sup);
    expect((await t.api('PATCH', `/api/campaigns/${c.id}`, { token: sup, body: { status: 'paused' } })).status).toBe(200);
    const res = await next(t, tm, c.id);
    expect(res.body).toMatchObject({ contact: null, message: 'This campaign is paused.' });
  });
});
