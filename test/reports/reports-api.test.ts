import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentReportRow, CampaignReportRow, OfferReportRow, QueueReportRow, Report, ReportKind, SatisfactionReportRow } from '../../shared/schemas/reports.js';
import { REPORT_COLUMNS } from '../../shared/schemas/reports.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import type { AgentLiveState } from '../../shared/realtime/agent-state.js';
import { widgetRatingModel } from '../../server/widget/widget-rating.model.js';
import { addAdmin } from '../access/support.js';
import { createReportService } from '../../server/reports/reports.service.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

/**
 * The reports over a scripted day (10 March 2026, UTC) whose figures are worked out by hand below.
 * Interactions are stored as the repository stores them and announced on the bus as it does (their
 * times must be set exactly); two calls come in through the signed CTI webhook; the state log is
 * written as routing writes it, followed by its `agent:changed`.
 *
 * Queue "sales" (threshold 20 s):
 *   c1 voice  Ann  rings 09:00:00, connected +10 s, talk 300 s, ACW 60 s   (within)
 *   c2 voice  Ann  rings 09:10:00, connected +30 s, talk 240 s, ACW 30 s   (late)
 *   c3 voice  —    rings 09:20:00, ended +4 s                               (abandoned, short)
 *   c4 chat   Ben  rings 10:00:00, connected +5 s,  talk 600 s, ACW 60 s   (within)
 *   c5 voice  Ben  rings 10:40:00, connected +20 s, talk 240 s, ACW 120 s  (within; wrapped up later)
 *   offered 5, answered 4, within 3, abandoned 1 → service level 3 / 5 = 0.6;
 *   ASA (10+30+5+20)/4 = 16.25; talk (300+240+600+240)/4 = 345; ACW (60+30+60+120)/4 = 67.5; AHT 412.5.
 * Queue "service" (CTI): rings 12:00:00 ended +3 s; rings 12:10:00 ended +60 s → offered 2, abandoned 2, short 1.
 *
 * Ann's state log: 08:00 not ready (login), 08:30 available, on call 09:00:10–09:05:10, ACW to 09:06:10,
 * available, on call 09:10:30–09:14:30, ACW to 09:15:00, available, 12:00–12:45 lunch, available, 17:00 offline.
 *   available 1810 + 260 + 9900 + 15300 = 27270; on call 540; ACW 90; login 1800; lunch 2700; offline 17:00–24:00 = 25200;
 *   logged in 32400 (08:00–17:00); occupancy (540 + 90) / (630 + 27270) = 630 / 27900.
 */
const NOW = new Date('2026-03-11T06:00:00Z');
const at = (hhmmss: string, day = '2026-03-10') => new Date(`${day}T${hhmmss}Z`);

let t: TestApp;
const tok = {} as Record<'admin' | 'ann' | 'supervisor' | 'telemarketer', string>;
let ann: string;
let ben: string;
let campaignId: string;
let offerId: string;
let customerId: Types.ObjectId;

/** A fixture's write of an interaction as the repository would store it (any of its fields). */
async function store(fields: Record<string, unknown> & { channel: string; ringingAt: Date; endedAt?: Date }) {
  const doc = new t.models.Interaction({ callId: `call-${new Types.ObjectId()}`, from: '+447700900001', to: '+442079460000', state: fields.endedAt ? 'ended' : 'active', ...fields });
  await doc.save();
  return announce(String(doc._id));
}
/** As the repository does after each write: one `interaction:changed` with the document as saved. */
async function announce(id: string, set?: Record<string, unknown>) {
  const doc = set
    ? await t.models.Interaction.findByIdAndUpdate(id, { $set: set }, { returnDocument: 'after' }).lean<InteractionDoc>()
    : await t.models.Interaction.findById(id).lean<InteractionDoc>();
  t.app.bus.emit('interaction:changed', { id, cause: 'event', doc: doc! });
  return id;
}
async function stateLog(userId: string, changes: Array<[string, AgentLiveState, string?]>) {
  let from: AgentLiveState = 'offline';
  for (const [time, to, reason] of changes) {
    await t.models.AgentStateLog.create({ userId, username: 'x', from, to, reason, at: at(time), by: 'system' });
    t.app.bus.emit('agent:changed', { agentUserId: userId });
    from = to;
  }
}

const get = <T>(token: string, path: string) => t.api<T & { error?: { code: string; message: string } }>('GET', path, { token });
const report = <R = Record<string, unknown>>(kind: ReportKind, query: string, token = tok.admin) =>
  get<Omit<Report<ReportKind>, 'rows' | 'totals'> & { rows: R[]; totals: R }>(token, `/api/reports/${kind}?${query}`);
async function csv(kind: ReportKind, query: string, token = tok.admin) {
  const res = await fetch(`${t.base}/api/reports/${kind}?${query}&format=csv`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, disposition: res.headers.get('content-disposition'), type: res.headers.get('content-type'), lines: res.ok ? (parseCsv(text) as string[][]) : [] };
}
const settle = async () => {
  await t.idle();
  await t.app.services.rollups.idle();
};

beforeAll(async () => {
  t = await startTestApp({}, { now: () => NOW });
  await seedFixtures(t.models);
  await t.models.User.updateOne({ username: 'agent' }, { $set: { displayName: 'Ann', team: 'north' } });
  await t.models.User.updateOne({ username: 'agent2' }, { $set: { displayName: 'Ben', team: 'south' } });
  await t.models.User.updateOne({ username: 'supervisor' }, { $set: { team: 'north' } });
  tok.admin = (await addAdmin(t)).token;
  for (const [k, u] of [['ann', 'agent'], ['supervisor', 'supervisor'], ['telemarketer', 'telemarketer']] as const) tok[k] = (await t.login(u)).token;
  ann = String((await t.models.User.findOne({ username: 'agent' }).lean())!._id);
  ben = String((await t.models.User.findOne({ username: 'agent2' }).lean())!._id);
  offerId = String((await t.models.Offer.findOne({ code: 'TABLETS' }).lean())!._id);
  customerId = (await t.models.Customer.findOne({}).lean())!._id;
  await t.models.Customer.updateOne({ _id: customerId }, { $set: { 'value.segment': 'champions' } });

  const sales = { queue: 'sales', direction: 'inbound' as const };
  await store({
    ...sales,
    channel: 'voice',
    agentId: new Types.ObjectId(ann),
    customerId,
    ringingAt: at('09:00:00'),
    connectedAt: at('09:00:10'),
    endedAt: at('09:05:10'),
    wrappedUpAt: at('09:06:10'),
    presentedOffers: [{ offerId, title: 'Dishwasher tablets subscription', price: 9.99, at: at('09:00:10') }],
    offers: [{ offerId, title: 'Dishwasher tablets subscription', price: 9.99, outcome: 'accepted', at: at('09:04:00') }],
  });
  await store({
    ...sales,
    channel: 'voice',
    agentId: new Types.ObjectId(ann),
    ringingAt: at('09:10:00'),
    connectedAt: at('09:10:30'),
    endedAt: at('09:14:30'),
    wrappedUpAt: at('09:15:00'),
    presentedOffers: [{ offerId, title: 'Dishwasher tablets subscription', price: 9.99, at: at('09:10:30') }],
    offers: [{ offerId, title: 'Dishwasher tablets subscription', price: 9.99, outcome: 'declined', at: at('09:12:00') }],
  });
  await store({ ...sales, channel: 'voice', ringingAt: at('09:20:00'), endedAt: at('09:20:04') });
  await store({ ...sales, channel: 'chat', agentId: new Types.ObjectId(ben), ringingAt: at('10:00:00'), connectedAt: at('10:00:05'), endedAt: at('10:10:05'), wrappedUpAt: at('10:11:05') });
  // c5 is seen answered, then ended, then wrapped up: each write replaces what it added before.
  const c5 = await store({ ...sales, channel: 'voice', agentId: new Types.ObjectId(ben), ringingAt: at('10:40:00'), connectedAt: at('10:40:20') });
  await announce(c5, { endedAt: at('10:44:20'), state: 'ended' });
  await announce(c5, { wrappedUpAt: at('10:46:20') });
  await announce(c5);

  // Two calls through the platform's webhook: nobody takes them, both hang up.
  for (const [id, rings, ends] of [['cti-1', '12:00:00', '12:00:03'], ['cti-2', '12:10:00', '12:11:00']] as const) {
    expect((await t.cti({ type: 'call.ringing', callId: id, from: '+447700900999', queue: 'service', at: at(rings).toISOString() })).status).toBe(200);
    expect((await t.cti({ type: 'call.ended', callId: id, from: '+447700900999', queue: 'service', at: at(ends).toISOString() })).status).toBe(200);
  }

  await stateLog(ann, [
    ['08:00:00', 'not-ready', 'login'],
    ['08:30:00', 'available'],
    ['09:00:10', 'on-call'],
    ['09:05:10', 'after-call-work'],
    ['09:06:10', 'available'],
    ['09:10:30', 'on-call'],
    ['09:14:30', 'after-call-work'],
    ['09:15:00', 'available'],
    ['12:00:00', 'not-ready', 'lunch'],
    ['12:45:00', 'available'],
    ['17:00:00', 'offline'],
  ]);

  // A telemarketer's campaign: a sale, no answer, a callback agreed, and that callback kept (not interested).
  const campaign = await t.models.Campaign.create({ name: 'Spring', channel: 'phone', status: 'active' });
  campaignId = String(campaign._id);
  const tm = (await t.models.User.findOne({ username: 'telemarketer' }).lean())!._id;
  const outbound = { direction: 'outbound' as const, channel: 'voice', campaignId: campaign._id, agentId: tm, customerId };
  const callbackSet = new Types.ObjectId();
  const callbackKept = new Types.ObjectId();
  await t.models.CallListEntry.create({
    campaignId: campaign._id,
    customerId,
    status: 'done',
    history: [
      { at: at('14:05:00'), disposition: 'callback', interactionId: callbackSet },
      { at: at('16:05:00'), disposition: 'not-interested', interactionId: callbackKept },
    ],
  });
  await store({ ...outbound, customerId: null, ringingAt: at('14:00:00'), connectedAt: at('14:00:10'), endedAt: at('14:03:10'), wrappedUpAt: at('14:03:30'), disposition: 'sale' });
  await store({ ...outbound, customerId: null, ringingAt: at('14:30:00'), endedAt: at('14:30:30'), wrappedUpAt: at('14:30:40'), disposition: 'no-answer' });
  await store({ ...outbound, _id: callbackSet, ringingAt: at('14:04:00'), connectedAt: at('14:04:05'), endedAt: at('14:05:00'), wrappedUpAt: at('14:05:00'), disposition: 'callback' });
  await store({ ...outbound, _id: callbackKept, ringingAt: at('16:04:00'), connectedAt: at('16:04:05'), endedAt: at('16:05:00'), wrappedUpAt: at('16:05:00'), disposition: 'not-interested' });

  // Satisfaction: widget ratings (with the copy the widget keeps in the customer's surveys) and NPS surveys.
  const ratings = widgetRatingModel(t.models.User.db);
  const site = new Types.ObjectId();
  await ratings.create({ interactionId: new Types.ObjectId(), siteId: site, queue: 'sales', agentId: ann, score: 5, at: at('09:30:00'), customerId });
  await t.models.Survey.create({ customerId, type: 'csat', score: 5, at: at('09:30:00') });
  await ratings.create({ interactionId: new Types.ObjectId(), siteId: site, queue: 'sales', agentId: ann, score: 4, at: at('09:40:00') });
  await ratings.create({ interactionId: new Types.ObjectId(), siteId: site, queue: 'sales', agentId: ben, score: 2, at: at('10:20:00') });
  await t.models.Survey.create({ customerId, type: 'nps', score: 10, at: at('11:00:00') });
  await t.models.Survey.create({ customerId, type: 'nps', score: 3, at: at('11:30:00') });
  await settle();
}, 60_000);
afterAll(() => t.close());

const DAY = 'from=2026-03-10&to=2026-03-10';

describe('queues report', () => {
  it('counts the scripted day as worked out by hand', async () => {
    const r = await report<QueueReportRow>('queues', DAY);
    expect(r.status).toBe(200);
    expect(r.body.rows).toEqual([
      { period: '2026-03-10', queue: 'sales', offered: 5, answered: 4, abandoned: 1, abandonedShort: 1, answeredWithinThreshold: 3, serviceLevel: 0.6, asaSec: 16.3, talkSec: 345, acwSec: 67.5, ahtSec: 412.5, transfers: 0 },
      { period: '2026-03-10', queue: 'service', offered: 2, answered: 0, abandoned: 2, abandonedShort: 1, answeredWithinThreshold: 0, serviceLevel: 0, asaSec: null, talkSec: null, acwSec: null, ahtSec: null, transfers: 0 },
    ]);
    // 3 within of 4 + 3 closed.
    expect(r.body.totals).toMatchObject({ period: 'total', queue: 'all', offered: 7, answered: 4, abandoned: 3, abandonedShort: 2, serviceLevel: 3 / 7, talkSec: 345 });
    expect(Date.parse(r.body.asOf)).toBeGreaterThan(0);
  });

  it('filters by channel, queue and agent, and groups by hour', async () => {
    const voice = await report<QueueReportRow>('queues', `${DAY}&queue=sales&channel=voice`);
    // c1, c2, c3, c5: within c1 and c5 of 3 answered + 1 abandoned.
    expect(voice.body.rows.map((r) => [r.offered, r.answered, r.answeredWithinThreshold, r.serviceLevel])).toEqual([[4, 3, 2, 0.5]]);
    const anns = await report<QueueReportRow>('queues', `${DAY}&agentId=${ann}`);
    expect(anns.body.rows.map((r) => [r.queue, r.offered, r.answered])).toEqual([['sales', 2, 2]]);
    const hourly = await report<QueueReportRow>('queues', `${DAY}&queue=sales&groupBy=hour`);
    expect(hourly.body.rows.map((r) => [r.period, r.offered, r.serviceLevel])).toEqual([
      ['2026-03-10T09:00', 3, 1 / 3],
      ['2026-03-10T10:00', 2, 1],
    ]);
    expect(hourly.body.totals.serviceLevel).toBe(0.6);
  });

  it('groups exactly by half-hour offsets: Tehran (+03:30) splits 10:00–11:00 UTC into two local hours', async () => {
    const r = await report<QueueReportRow>('queues', `${DAY}&queue=sales&groupBy=hour&tz=Asia/Tehran`);
    expect(r.body.rows.map((x) => [x.period, x.offered])).toEqual([
      ['2026-03-10T12:00', 3],
      ['2026-03-10T13:00', 1],
      ['2026-03-10T14:00', 1],
    ]);
  });

  it('answers bad queries with VALIDATION and unknown kinds with 404', async () => {
    expect((await report('queues', 'from=2026-03-10&to=2026-03-01')).body.error?.code).toBe('VALIDATION');
    expect((await report('queues', `${DAY}&tz=Mars/Olympus`)).body.error?.code).toBe('VALIDATION');
    expect((await report('queues', `${DAY}&groupBy=fortnight`)).status).toBe(400);
    expect((await report('queues', `${DAY}&colour=red`)).body.error?.code).toBe('VALIDATION');
    expect((await report('queues', `${DAY}&format=xml`)).body.error?.code).toBe('VALIDATION');
    const unknown = await get(tok.admin, `/api/reports/weather?${DAY}`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.message).toMatch(/reports\/weather/);
  });
});

describe('agents report', () => {
  it('handled work and time in each state from the state log, with occupancy', async () => {
    const r = await report<AgentReportRow>('agents', DAY);
    const row = r.body.rows.find((x) => x.agentId === ann)!;
    expect(row).toEqual({
      period: '2026-03-10',
      agentId: ann,
      agentName: 'Ann',
      team: 'north',
      handledVoice: 2,
      handledChat: 0,
      handledOutbound: 0,
      talkSec: 540,
      acwSec: 90,
      ahtSec: 315,
      transfersOut: 0,
      states: { available: 27270, offered: 0, onCall: 540, onChat: 0, afterCallWork: 90, notReady: { login: 1800, lunch: 2700 }, offline: 25200 },
      loggedInSec: 32400,
      occupancy: 630 / 27900,
    });
    expect(r.body.rows.find((x) => x.agentId === ben)).toMatchObject({ agentName: 'Ben', handledVoice: 1, handledChat: 1, talkSec: 840, acwSec: 180, ahtSec: 510, occupancy: null });
    expect(r.body.totals).toMatchObject({ period: 'total', agentName: 'all', handledVoice: 3, handledChat: 1, handledOutbound: 3, loggedInSec: 32400 });
  });

  it('cuts the day at local midnight: in Tehran the day ends at 20:30 UTC, so 3.5 h of Ann\'s evening offline', async () => {
    const r = await report<AgentReportRow>('agents', `${DAY}&tz=Asia/Tehran&agentId=${ann}`);
    expect(r.body.rows.map((x) => [x.period, x.states.offline, x.loggedInSec])).toEqual([['2026-03-10', 12600, 32400]]);
  });

  it('the CSV is the JSON table: same rows, REPORT_COLUMNS order, a column per not-ready reason, totals last', async () => {
    const json = await report<AgentReportRow>('agents', DAY);
    const file = await csv('agents', DAY);
    expect(file.status).toBe(200);
    expect(file.type).toMatch(/^text\/csv/);
    expect(file.disposition).toBe('attachment; filename="agents-2026-03-10-2026-03-10.csv"');
    const [header, ...lines] = file.lines;
    expect(header).toEqual([...REPORT_COLUMNS.agents.filter((c) => c !== 'states.notReady' && c !== 'states.offline'), 'states.notReady.login', 'states.notReady.lunch', 'states.offline']);
    const cell = (v: unknown) => (v === undefined || v === null ? '' : String(v));
    const expected = [...json.body.rows, json.body.totals].map((row) =>
      header.map((h) => {
        if (h.startsWith('states.notReady.')) return cell(row.states.notReady[h.slice('states.notReady.'.length)] ?? 0);
        const path = h.split('.');
        return cell(path.reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], row));
      }),
    );
    expect(lines).toEqual(expected);
  });
});

describe('reports taking turns', () => {
  it('answers every report one user asks for at once (they queue behind each other, none is refused)', async () => {
    const kinds = ['queues', 'agents', 'campaigns', 'offers', 'satisfaction', 'queues', 'agents'] as const;
    const answers = await Promise.all(kinds.map((k) => report(k, `${DAY}&groupBy=hour`)));
    expect(answers.map((a) => a.status)).toEqual(kinds.map(() => 200));
  });
});

describe('daily and half-hour rollups', () => {
  it.each(['day', 'week', 'month'] as const)('answer every report alike by %s (the daily ones in the reporting zone, the half-hour ones otherwise)', async (groupBy) => {
    const admin = { userId: String((await t.models.User.findOne({ role: 'admin' }).lean())!._id), username: 'admin', role: 'admin' as const };
    const { rollups } = t.app.services;
    // The app's reports keep days in UTC; one whose days are Tehran's answers a UTC query from half-hours.
    const daily = createReportService({ models: t.models, rollups, timeZone: 'UTC', now: () => NOW });
    const halfHourly = createReportService({ models: t.models, rollups, timeZone: 'Asia/Tehran', now: () => NOW });
    const q = { from: '2026-03-01', to: '2026-03-31', tz: 'UTC', groupBy };
    for (const kind of ['queues', 'agents', 'campaigns', 'offers'] as const) {
      const [a, b] = await Promise.all([daily.report(kind, q, admin), halfHourly.report(kind, q, admin)]);
      expect(a.rows.length, kind).toBeGreaterThan(0);
      expect([a.rows, a.totals], kind).toEqual([b.rows, b.totals]);
    }
  });
});

describe('rebuild', () => {
  it('recomputes the same figures from the collections', async () => {
    const before = await Promise.all((['queues', 'agents', 'campaigns', 'offers'] as const).map((k) => report(k, `${DAY}&groupBy=hour`)));
    const done = await t.app.services.rollups.rebuild();
    expect(done).toEqual({ interactions: 11, agents: 1 });
    const after = await Promise.all((['queues', 'agents', 'campaigns', 'offers'] as const).map((k) => report(k, `${DAY}&groupBy=hour`)));
    expect(after.map((r) => [r.body.rows, r.body.totals])).toEqual(before.map((r) => [r.body.rows, r.body.totals]));
  });

  it('rebuilds on start-up when the rollups are empty but interactions exist', async () => {
    const { rollups } = t.app.services;
    const before = await report('agents', DAY);
    // As after an upgrade on old data: the reports' own collections are empty.
    await Promise.all([t.models.ReportRollup, t.models.ReportDay, t.models.ReportField, t.models.ReportFact, t.models.ReportAgentCursor].map((m) => (m as typeof t.models.ReportFact).deleteMany({})));
    expect((await report('agents', DAY)).body.rows).toEqual([]);
    expect(await rollups.rebuildIfEmpty()).toEqual({ interactions: 11, agents: 1 });
    expect((await report('agents', DAY)).body.rows).toEqual(before.body.rows);
    expect(await rollups.rebuildIfEmpty()).toBe('not needed');
  });

  it('counts a change published during a rebuild once', async () => {
    const running = t.app.services.rollups.rebuild();
    await store({ queue: 'late', direction: 'inbound', channel: 'voice', ringingAt: at('09:00:00', '2026-03-12'), endedAt: at('09:01:00', '2026-03-12') });
    await running;
    await settle();
    const r = await report<QueueReportRow>('queues', 'from=2026-03-12&to=2026-03-12');
    expect(r.body.rows.map((x) => [x.queue, x.offered, x.abandoned])).toEqual([['late', 1, 1]]);
  });
});

describe('bursts of changes', () => {
  it('counts an interaction once however many times, and in whatever bursts, it is published', async () => {
    const id = await store({ queue: 'burst', direction: 'inbound', channel: 'voice', ringingAt: at('09:00:00', '2026-03-13') });
    // Published again and again in one turn, as it changes: only the latest counts.
    const doc = (await t.models.Interaction.findById(id).lean<InteractionDoc>())!;
    for (let n = 1; n <= 30; n++) t.app.bus.emit('interaction:changed', { id, cause: 'event', doc: { ...doc, endedAt: new Date(doc.ringingAt!.getTime() + n * 1000), state: 'ended' } });
    // And a burst of others, some of them twice.
    const others: string[] = [];
    for (let n = 0; n < 40; n++) others.push(await store({ queue: 'burst', direction: 'inbound', channel: 'chat', ringingAt: at('10:00:00', '2026-03-13') }));
    for (const other of others.slice(0, 10)) await announce(other);
    await settle();
    const r = await report<QueueReportRow>('queues', 'from=2026-03-13&to=2026-03-13&queue=burst');
    // The last version of the first call ended 30 s after ringing: abandoned, not short.
    expect(r.body.totals).toMatchObject({ offered: 41, abandoned: 1, abandonedShort: 0 });
    expect(await t.models.ReportFact.countDocuments({ _id: { $in: [id, ...others].map((x) => new Types.ObjectId(x)) } })).toBe(41);
  });
});

describe('a daylight-saving day (Europe/Bucharest, 29 March 2026: 23 hours)', () => {
  it('labels each call by its local hour and keeps the next local day out', async () => {
    for (const ring of ['2026-03-28T22:10:00Z', '2026-03-29T00:30:00Z', '2026-03-29T01:00:00Z', '2026-03-29T21:10:00Z']) {
      await store({ queue: 'dst', direction: 'inbound', channel: 'voice', ringingAt: new Date(ring), endedAt: new Date(Date.parse(ring) + 60_000) });
    }
    await settle();
    const r = await report<QueueReportRow>('queues', 'from=2026-03-29&to=2026-03-29&queue=dst&groupBy=hour&tz=Europe/Bucharest');
    // 00:10 (+2), 02:30 (+2), 04:00 (+3: 03:00 never happened); 00:10 on the 30th is the next day.
    expect(r.body.rows.map((x) => [x.period, x.offered])).toEqual([
      ['2026-03-29T00:00', 1],
      ['2026-03-29T02:00', 1],
      ['2026-03-29T04:00', 1],
    ]);
    expect(r.body.totals.offered).toBe(3);
  });
});

describe('campaigns, offers and satisfaction reports', () => {
  it('campaign attempts, reached, conversion and callbacks kept', async () => {
    const r = await report<CampaignReportRow>('campaigns', `${DAY}&campaignId=${campaignId}`);
    // 4 attempts; reached: sale, callback, not interested; conversion 1 / 3.
    expect(r.body.rows).toEqual([
      {
        period: '2026-03-10',
        campaignId,
        campaignName: 'Spring',
        attempts: 4,
        reached: 3,
        conversions: 1,
        conversionRate: 1 / 3,
        byDisposition: { sale: 1, 'no-answer': 1, callback: 1, 'not-interested': 1 },
        callbacksScheduled: 1,
        callbacksKept: 1,
      },
    ]);
    const byHour = await report<CampaignReportRow>('campaigns', `${DAY}&groupBy=hour-of-day`);
    expect(byHour.body.rows.map((x) => [x.period, x.attempts, x.reached])).toEqual([
      ['14:00', 3, 2],
      ['16:00', 1, 1],
    ]);
    const file = await csv('campaigns', `${DAY}&groupBy=hour-of-day`);
    expect(file.lines[0]).toEqual(['period', 'campaignName', 'attempts', 'reached', 'conversions', 'conversionRate', 'byDisposition.callback', 'byDisposition.no-answer', 'byDisposition.not-interested', 'byDisposition.sale', 'callbacksScheduled', 'callbacksKept']);
    expect(file.lines.at(-1)).toEqual(['total', 'all', '4', '3', '1', String(1 / 3), '1', '1', '1', '1', '1', '1']);
  });

  it('offers presented, accepted, declined and revenue at the quoted price, by segment', async () => {
    const r = await report<OfferReportRow>('offers', DAY);
    expect(r.body.rows).toEqual([
      { period: '2026-03-10', offerId, title: 'Dishwasher tablets subscription', segment: 'champions', channel: 'voice', presented: 1, accepted: 1, declined: 0, acceptRate: 1, revenue: 9.99, currency: 'GBP' },
      { period: '2026-03-10', offerId, title: 'Dishwasher tablets subscription', segment: 'unknown', channel: 'voice', presented: 1, accepted: 0, declined: 1, acceptRate: 0, revenue: 0, currency: 'EUR' },
    ]);
    // Two currencies: the totals count offers but add up no revenue.
    expect(r.body.totals).toMatchObject({ presented: 2, accepted: 1, declined: 1, acceptRate: 0.5, revenue: null, currency: '', channel: 'all' });
  });

  it('CSAT and NPS by queue and agent; the widget\'s survey copy counted once', async () => {
    const r = await report<SatisfactionReportRow>('satisfaction', DAY);
    expect(r.body.rows.map((x) => [x.queue, x.agentName ?? '', x.csatCount, x.csatAverage, x.npsCount, x.nps])).toEqual([
      ['all', '', 0, null, 2, 0],
      ['sales', 'Ann', 2, 4.5, 0, null],
      ['sales', 'Ben', 1, 2, 0, null],
    ]);
    expect(r.body.totals).toMatchObject({ csatCount: 3, csatAverage: 3.67, npsCount: 2, nps: 0 });
    expect(r.body.totals.csatSatisfied).toBeCloseTo(2 / 3, 10);
  });
});

describe('who sees what', () => {
  it('an agent sees only their own agents row (My day), and nothing else', async () => {
    const mine = await report<AgentReportRow>('agents', DAY, tok.ann);
    expect(mine.status).toBe(200);
    expect(mine.body.rows.map((x) => x.agentId)).toEqual([ann]);
    for (const kind of ['queues', 'campaigns', 'offers', 'satisfaction'] as const) {
      const r = await report(kind, DAY, tok.ann);
      expect([r.status, r.body.error?.code]).toEqual([403, 'REPORT_OUT_OF_SCOPE']);
    }
    expect((await report('agents', `${DAY}&agentId=${ben}`, tok.ann)).body.error?.code).toBe('REPORT_OUT_OF_SCOPE');
    expect((await csv('queues', DAY, tok.ann)).status).toBe(403);
    const options = await get<{ agents: Array<{ id: string }>; queues: string[] }>(tok.ann, '/api/reports/options');
    expect(options.body).toEqual({ queues: [], teams: [], agents: [{ id: ann, name: 'Ann', team: 'north' }], campaigns: [] });
  });

  it('a supervisor sees whole queues but only their team\'s agents', async () => {
    const agents = await report<AgentReportRow>('agents', DAY, tok.supervisor);
    expect(agents.body.rows.map((x) => x.agentName)).toEqual(['Ann']);
    expect(agents.body.totals.handledVoice).toBe(2);
    expect((await report('agents', `${DAY}&agentId=${ben}`, tok.supervisor)).body.error?.code).toBe('REPORT_OUT_OF_SCOPE');
    expect((await report('agents', `${DAY}&team=south`, tok.supervisor)).body.error?.code).toBe('REPORT_OUT_OF_SCOPE');
    expect((await report<QueueReportRow>('queues', DAY, tok.supervisor)).body.totals.offered).toBe(7);
    const sat = await report<SatisfactionReportRow>('satisfaction', DAY, tok.supervisor);
    expect(sat.body.rows.map((x) => x.agentName ?? '')).toEqual(['', 'Ann']);
    const options = await get<{ agents: Array<{ name: string }>; teams: string[]; queues: string[]; campaigns: Array<{ name: string }> }>(tok.supervisor, '/api/reports/options');
    expect(options.body.agents.map((a) => a.name)).toEqual(['Ann']);
    expect(options.body.teams).toEqual(['north']);
    expect(options.body.queues).toEqual(expect.arrayContaining(['sales', 'service']));
    expect(options.body.campaigns).toEqual([{ id: campaignId, name: 'Spring' }]);
  });

  it('an admin filters by team', async () => {
    const south = await report<AgentReportRow>('agents', `${DAY}&team=south`);
    expect(south.body.rows.map((x) => x.agentName)).toEqual(['Ben']);
    const options = await get<{ teams: string[] }>(tok.admin, '/api/reports/options');
    expect(options.body.teams).toEqual(['north', 'south']);
  });
});
