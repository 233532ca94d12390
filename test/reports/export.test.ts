import { parse as parseCsv } from 'csv-parse/sync';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERACTION_EXPORT_COLUMNS, type InteractionExportRow } from '../../shared/schemas/reports.js';
import { hashPassword } from '../../server/auth/password.js';
import { widgetRatingModel } from '../../server/widget/widget-rating.model.js';
import { addAdmin } from '../access/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
const tok = {} as Record<'admin' | 'agent' | 'supervisor' | 'floor' | 'telemarketer', string>;
const ids = {} as Record<'agent' | 'agent2', string>;
const campaignId = new Types.ObjectId();
const ada = new Types.ObjectId();
const HOSTILE = '=HYPERLINK("http://evil.example","x")';

/**
 * The scripted day, 2 May 2026 in Europe/Bucharest (UTC+3): [21:00Z on 1 May, 21:00Z on 2 May).
 * Written straight into the collection (this file only reads interactions), with times to the second.
 */
const ix = {
  a: new Types.ObjectId(), // agent's sale: rang 06:00:00, connected 06:00:20, ended 06:05:20, wrapped up 06:06:00
  b: new Types.ObjectId(), // agent2's chat at 23:30 local, transferred once
  c: new Types.ObjectId(), // abandoned in the sales queue: nobody answered
  d: new Types.ObjectId(), // 00:00 local on 3 May: outside the Bucharest day, inside the UTC one
  e: new Types.ObjectId(), // agent's campaign call: never rang, created 12:00
  f: new Types.ObjectId(), // 23:59:59 local on 1 May: outside
};

async function scriptInteractions() {
  const base = { from: '+447700900001', to: '+442079460000', direction: 'inbound', state: 'ended', transferCount: 0, version: 0 };
  const at = (iso: string) => new Date(iso);
  const agent = new Types.ObjectId(ids.agent);
  const agent2 = new Types.ObjectId(ids.agent2);
  await t.models.Interaction.collection.insertMany([
    {
      ...base, _id: ix.a, callId: 'x-a', channel: 'voice', queue: 'sales', agentId: agent, agentName: 'Alex Morgan', customerId: ada,
      ringingAt: at('2026-05-02T06:00:00Z'), answeredAt: at('2026-05-02T06:00:20Z'), connectedAt: at('2026-05-02T06:00:20Z'),
      endedAt: at('2026-05-02T06:05:20Z'), wrappedUpAt: at('2026-05-02T06:06:00Z'), createdAt: at('2026-05-02T06:00:00Z'),
      disposition: 'sale', notes: HOSTILE,
      offers: [{ offerId: 'TABLETS', outcome: 'accepted', at: at('2026-05-02T06:03:00Z') }, { offerId: 'LOYAL-500', outcome: 'declined', at: at('2026-05-02T06:04:00Z') }],
    },
    {
      ...base, _id: ix.b, callId: 'x-b', channel: 'chat', queue: 'service', agentId: agent2, agentName: 'agent2', transferCount: 1,
      ringingAt: at('2026-05-02T20:30:00Z'), connectedAt: at('2026-05-02T20:30:05Z'), endedAt: at('2026-05-02T20:40:05Z'), wrappedUpAt: at('2026-05-02T20:41:05Z'),
      createdAt: at('2026-05-02T20:30:00Z'), notes: 'asked about delivery',
    },
    { ...base, _id: ix.c, callId: 'x-c', channel: 'voice', queue: 'sales', agentId: null, ringingAt: at('2026-05-02T10:00:00Z'), endedAt: at('2026-05-02T10:00:30Z'), createdAt: at('2026-05-02T10:00:00Z') },
    {
      ...base, _id: ix.d, callId: 'x-d', channel: 'voice', queue: 'sales', agentId: agent, agentName: 'Alex Morgan',
      ringingAt: at('2026-05-02T21:00:00Z'), connectedAt: at('2026-05-02T21:00:03Z'), endedAt: at('2026-05-02T21:01:03Z'), createdAt: at('2026-05-02T21:00:00Z'),
    },
    {
      ...base, _id: ix.e, callId: 'x-e', channel: 'voice', direction: 'outbound', campaignId, campaignName: 'Spring', agentId: agent, agentName: 'Alex Morgan',
      connectedAt: at('2026-05-02T12:00:10Z'), endedAt: at('2026-05-02T12:02:10Z'), wrappedUpAt: at('2026-05-02T12:02:40Z'), createdAt: at('2026-05-02T12:00:00Z'), disposition: 'callback',
    },
    { ...base, _id: ix.f, callId: 'x-f', channel: 'voice', queue: 'sales', agentId: agent, ringingAt: at('2026-05-01T20:59:59Z'), endedAt: at('2026-05-01T21:00:30Z'), createdAt: at('2026-05-01T20:59:59Z') },
  ]);
  // The widget's ratings of two of them (a fixture's direct write).
  await widgetRatingModel(t.models.Interaction.db).collection.insertMany([
    { interactionId: ix.a, siteId: new Types.ObjectId(), score: 5, comment: '', at: at('2026-05-02T06:07:00Z') },
    { interactionId: ix.b, siteId: new Types.ObjectId(), score: 3, comment: '', at: at('2026-05-02T20:42:00Z') },
  ]);
}

const DAY = 'from=2026-05-02&to=2026-05-02&tz=Europe/Bucharest';

async function get(token: string, query: string) {
  const res = await fetch(`${t.base}/api/reports/interactions?${query}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', disposition: res.headers.get('content-disposition') ?? '', text: await res.text() };
}

/** The CSV's records as objects keyed by the header (which must be the contract's columns). */
async function csv(token: string, query: string) {
  const res = await get(token, query);
  expect(res.status, res.text).toBe(200);
  const [header, ...records] = parseCsv(res.text) as string[][];
  expect(header).toEqual(INTERACTION_EXPORT_COLUMNS);
  return records.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]])) as Record<keyof InteractionExportRow, string>);
}
const idsOf = (rows: Array<{ id: string }>) => rows.map((r) => r.id);

beforeAll(async () => {
  t = await startTestApp();
  const { users } = await seedFixtures(t.models);
  await t.models.User.updateOne({ username: 'agent' }, { $set: { displayName: 'Alex Morgan', team: 'north' } });
  await t.models.User.updateOne({ username: 'agent2' }, { $set: { team: 'south' } });
  await t.models.User.updateOne({ username: 'supervisor' }, { $set: { team: 'north' } });
  // A supervisor with no team of their own runs the whole floor (server/reports/scope.ts).
  await t.models.User.create({ username: 'floor', role: 'supervisor', passwordHash: await hashPassword('demo') });
  ids.agent = String(users.find((u) => u.username === 'agent')!._id);
  ids.agent2 = String(users.find((u) => u.username === 'agent2')!._id);
  tok.admin = (await addAdmin(t)).token;
  for (const u of ['agent', 'supervisor', 'floor', 'telemarketer'] as const) tok[u] = (await t.login(u)).token;
  await scriptInteractions();
});
afterAll(() => t.close());

describe('GET /api/reports/interactions', () => {
  it('writes one CSV row per interaction of the local days, in time order, with the hand-worked figures', async () => {
    const res = await get(tok.admin, DAY);
    expect(res.type).toMatch(/text\/csv/);
    expect(res.disposition).toBe('attachment; filename="interactions-2026-05-02-to-2026-05-02.csv"');

    const rows = await csv(tok.admin, DAY);
    // a 06:00, c 10:00, e created 12:00 (never rang), b 20:30; d (00:00 on 3 May) and f (23:59:59 on 1 May) are other days.
    expect(idsOf(rows)).toEqual([ix.a, ix.c, ix.e, ix.b].map(String));
    const [a, c, e, b] = rows;
    expect(a).toEqual({
      id: String(ix.a),
      channel: 'voice',
      direction: 'inbound',
      queue: 'sales',
      campaignName: '',
      agentName: 'Alex Morgan',
      customerId: String(ada),
      ringingAt: '2026-05-02T06:00:00.000Z',
      answeredAt: '2026-05-02T06:00:20.000Z',
      endedAt: '2026-05-02T06:05:20.000Z',
      wrappedUpAt: '2026-05-02T06:06:00.000Z',
      waitSec: '20',
      talkSec: '300',
      holdSec: '0',
      acwSec: '40',
      handleSec: '340',
      disposition: 'sale',
      offerOutcome: 'accepted:TABLETS;declined:LOYAL-500',
      csat: '5',
      transfers: '0',
      notes: '',
    });
    expect(b).toMatchObject({ channel: 'chat', queue: 'service', agentName: 'agent2', waitSec: '5', talkSec: '600', acwSec: '60', handleSec: '660', csat: '3', transfers: '1' });
    expect(c).toMatchObject({ agentName: '', answeredAt: '', waitSec: '', talkSec: '', handleSec: '', csat: '', ringingAt: '2026-05-02T10:00:00.000Z' });
    expect(e).toMatchObject({ direction: 'outbound', campaignName: 'Spring', ringingAt: '', waitSec: '', talkSec: '120', acwSec: '30', handleSec: '150', disposition: 'callback' });
  });

  it('takes the days in the asked time zone: in UTC the day holds the interaction at 21:00Z', async () => {
    expect(idsOf(await csv(tok.admin, 'from=2026-05-02&to=2026-05-02&tz=UTC'))).toEqual([ix.a, ix.c, ix.e, ix.b, ix.d].map(String));
    expect(idsOf(await csv(tok.admin, 'from=2026-05-01&to=2026-05-01&tz=Europe/Bucharest'))).toEqual([String(ix.f)]);
  });

  it('gives notes only when asked, formula-escaped', async () => {
    const withNotes = await csv(tok.admin, `${DAY}&notes=true`);
    expect(withNotes[0]!.notes).toBe(`'${HOSTILE}`);
    expect(withNotes[3]!.notes).toBe('asked about delivery');
    expect((await csv(tok.admin, `${DAY}&notes=false`)).every((r) => r.notes === '')).toBe(true);
  });

  it('writes NDJSON one object per line, notes only when asked', async () => {
    const res = await get(tok.admin, `${DAY}&format=ndjson`);
    expect(res.type).toMatch(/application\/x-ndjson/);
    expect(res.disposition).toContain('.ndjson');
    const lines = res.text.split('\n');
    expect(lines.pop()).toBe('');
    const rows = lines.map((l) => JSON.parse(l) as InteractionExportRow);
    expect(idsOf(rows)).toEqual([ix.a, ix.c, ix.e, ix.b].map(String));
    expect(rows[0]).toMatchObject({ waitSec: 20, handleSec: 340, csat: 5, offerOutcome: 'accepted:TABLETS;declined:LOYAL-500', transfers: 0 });
    expect(rows.some((r) => 'notes' in r)).toBe(false);
    const noted = (await get(tok.admin, `${DAY}&format=ndjson&notes=true`)).text.trim().split('\n').map((l) => JSON.parse(l) as InteractionExportRow);
    // JSON carries the note as typed: formula escaping is for spreadsheets.
    expect(noted[0]!.notes).toBe(HOSTILE);
  });

  it.each([
    ['queue', 'queue=sales', ['a', 'c']],
    ['channel', 'channel=chat', ['b']],
    ['team', 'team=north', ['a', 'e']],
    ['agent', 'agentId=AGENT2', ['b']],
    ['campaign', `campaignId=${String(campaignId)}`, ['e']],
  ] as const)('filters by %s', async (_what, filter, expected) => {
    const rows = await csv(tok.admin, `${DAY}&${filter.replace('AGENT2', ids.agent2)}`);
    expect(idsOf(rows)).toEqual(expected.map((k) => String(ix[k])));
  });

  it('limits a supervisor to their team\'s agents (no unanswered ones); one without a team sees the floor', async () => {
    expect(idsOf(await csv(tok.supervisor, DAY))).toEqual([ix.a, ix.e].map(String));
    for (const q of [`agentId=${ids.agent2}`, 'team=south']) {
      const res = await get(tok.supervisor, `${DAY}&${q}`);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'REPORT_OUT_OF_SCOPE' } });
    }
    expect(idsOf(await csv(tok.supervisor, `${DAY}&team=north&agentId=${ids.agent}`))).toEqual([ix.a, ix.e].map(String));
    expect(idsOf(await csv(tok.floor, DAY))).toEqual([ix.a, ix.c, ix.e, ix.b].map(String));
  });

  it('refuses agents and telemarketers', async () => {
    for (const token of [tok.agent, tok.telemarketer]) {
      const res = await get(token, DAY);
      expect(res.status).toBe(403);
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'FORBIDDEN' } });
    }
  });

  it.each([
    ['no range', 'tz=UTC'],
    ['a range ending before it starts', 'from=2026-05-03&to=2026-05-02'],
    ['more than 400 days', 'from=2025-01-01&to=2026-02-05'],
    ['an unknown time zone', 'from=2026-05-02&to=2026-05-02&tz=Mars/Olympus'],
    ['a day that is not a day', 'from=2 May&to=2026-05-02'],
    ['an unknown format', `${DAY}&format=xlsx`],
    ['an unknown filter', `${DAY}&customer=ada`],
    ['a bad agent id', `${DAY}&agentId=agent`],
  ])('answers 400 to %s', async (_what, query) => {
    const res = await get(tok.admin, query);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  it('takes exactly 400 days', async () => {
    // 2025-03-29 .. 2026-05-02 is 400 days, both ends included.
    expect(idsOf(await csv(tok.admin, 'from=2025-03-29&to=2026-05-02&tz=Europe/Bucharest'))).toEqual([ix.f, ix.a, ix.c, ix.e, ix.b].map(String));
    expect((await get(tok.admin, 'from=2025-03-28&to=2026-05-02')).status).toBe(400);
  });

  it('streams more interactions than one batch, every rating found in its batch', async () => {
    // 450 calls a minute apart from 00:00Z on 10 June; every seventh rated 1–5. Batches are 200 rows.
    const start = Date.parse('2026-06-10T00:00:00Z');
    const many = Array.from({ length: 450 }, (_, n) => ({
      _id: new Types.ObjectId(),
      callId: `bulk-${n}`,
      channel: 'voice',
      from: '+447700900002',
      to: '+442079460000',
      state: 'ended',
      queue: 'bulk',
      ringingAt: new Date(start + n * 60_000),
      createdAt: new Date(start + n * 60_000),
    }));
    await t.models.Interaction.collection.insertMany(many);
    const rated = many.filter((_, n) => n % 7 === 0);
    await widgetRatingModel(t.models.Interaction.db).collection.insertMany(rated.map((i, k) => ({ interactionId: i._id, siteId: new Types.ObjectId(), score: (k % 5) + 1, at: i.ringingAt })));

    const rows = await csv(tok.admin, 'from=2026-06-10&to=2026-06-10&tz=UTC&queue=bulk');
    expect(idsOf(rows)).toEqual(many.map((i) => String(i._id)));
    expect(rows.map((r) => r.csat)).toEqual(many.map((_, n) => (n % 7 === 0 ? String(((n / 7) % 5) + 1) : '')));
  });

  it('records who exported which range in the audit log', async () => {
    await get(tok.supervisor, `from=2026-04-01&to=2026-04-30&tz=Asia/Tehran&format=ndjson&notes=true&queue=sales`);
    const res = await t.api<{ items: Array<{ actor: { username: string }; entity: unknown; detail: Record<string, unknown> }> }>('GET', '/api/audit?action=interactions.exported&actor=supervisor', { token: tok.admin });
    expect(res.body.items[0]).toMatchObject({
      actor: { username: 'supervisor' },
      entity: { type: 'interaction', id: '*' },
      detail: { from: '2026-04-01', to: '2026-04-30', tz: 'Asia/Tehran', format: 'ndjson', notes: true, filters: { queue: 'sales' } },
    });
  });

  it('exports a call the telephony platform reported: rang and hung up, nobody answered', async () => {
    const rang = new Date(Date.now() - 3600_000);
    const callId = `abandon-${rang.getTime()}`;
    await t.cti({ type: 'call.ringing', callId, from: '+447700900777', queue: 'sales', at: rang.toISOString() });
    await t.cti({ type: 'call.ended', callId, from: '+447700900777', at: new Date(rang.getTime() + 42_000).toISOString() });
    const day = rang.toISOString().slice(0, 10);
    const rows = await csv(tok.admin, `from=${day}&to=${day}&tz=UTC&queue=sales`);
    const created = (await t.models.Interaction.findOne({ callId }).lean())!;
    expect(rows.find((r) => r.id === String(created._id))).toMatchObject({ ringingAt: rang.toISOString(), endedAt: new Date(rang.getTime() + 42_000).toISOString(), agentName: '', waitSec: '', talkSec: '' });
    // A supervisor of a team does not see it: it belongs to no agent.
    expect(idsOf(await csv(tok.supervisor, `from=${day}&to=${day}&tz=UTC`))).not.toContain(String(created._id));
  });
});
