import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentTimeline } from '../../shared/schemas/reports.js';
import { addAdmin } from '../access/support.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

/** The console's clock: noon UTC on 2 May 2026, so "today" is clipped there. */
const NOW = new Date('2026-05-02T12:00:00Z');

let t: TestApp;
const tok = {} as Record<'admin' | 'agent' | 'agent2' | 'supervisor' | 'telemarketer', string>;
const ids = {} as Record<'agent' | 'agent2' | 'telemarketer', string>;

/** State-log rows as routing writes them (a fixture's direct write: routing is the log's only writer). */
async function log(username: 'agent' | 'agent2', rows: Array<[string, string, string, string?]>) {
  await t.models.AgentStateLog.insertMany(
    rows.map(([at, from, to, reason]) => ({ userId: new Types.ObjectId(ids[username]), username, from, to, reason, at: new Date(at), by: 'agent' })),
  );
}

const timeline = (token: string, agentId: string, query: string) =>
  t.api<AgentTimeline & { error?: { code: string } }>('GET', `/api/reports/agents/${agentId}/timeline?${query}`, { token });
const plain = (body: AgentTimeline) => body.segments.map((s) => [s.reason ? `${s.state}/${s.reason}` : s.state, s.from, s.to]);

beforeAll(async () => {
  t = await startTestApp({}, { now: () => NOW });
  const { users } = await seedFixtures(t.models);
  for (const name of ['agent', 'agent2', 'telemarketer'] as const) ids[name] = String(users.find((u) => u.username === name)!._id);
  await t.models.User.updateOne({ username: 'agent' }, { $set: { displayName: 'Alex Morgan', team: 'north' } });
  await t.models.User.updateOne({ username: 'agent2' }, { $set: { team: 'south' } });
  await t.models.User.updateOne({ username: 'supervisor' }, { $set: { team: 'north' } });
  tok.admin = (await addAdmin(t)).token;
  for (const u of ['agent', 'agent2', 'supervisor', 'telemarketer'] as const) tok[u] = (await t.login(u)).token;
  // Logins write rows of their own (routing): the scripted days are long before them.
  await log('agent', [
    ['2026-03-28T20:00:00Z', 'available', 'not-ready', 'break'],
    // 29 March in Bucharest (23 hours): still on the break from the evening before.
    ['2026-03-29T05:30:00Z', 'not-ready', 'available'],
    ['2026-03-29T06:00:00Z', 'available', 'offered'],
    ['2026-03-29T06:00:08Z', 'offered', 'on-call'],
    ['2026-03-29T06:04:08Z', 'on-call', 'after-call-work'],
    ['2026-03-29T06:05:00Z', 'after-call-work', 'available'],
    ['2026-03-29T12:00:00Z', 'available', 'offline'],
  ]);
  await log('agent2', [['2026-05-02T07:00:00Z', 'offline', 'available']]);
});
afterAll(() => t.close());

describe('GET /api/reports/agents/:agentId/timeline', () => {
  it('gives an agent their own day from the state log, starting in the state the evening before left', async () => {
    const res = await timeline(tok.agent, ids.agent, 'day=2026-03-29&tz=Europe/Bucharest');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ agentId: ids.agent, agentName: 'Alex Morgan', day: '2026-03-29', tz: 'Europe/Bucharest' });
    expect(plain(res.body)).toEqual([
      ['not-ready/break', '2026-03-28T22:00:00.000Z', '2026-03-29T05:30:00.000Z'],
      ['available', '2026-03-29T05:30:00.000Z', '2026-03-29T06:00:00.000Z'],
      ['offered', '2026-03-29T06:00:00.000Z', '2026-03-29T06:00:08.000Z'],
      ['on-call', '2026-03-29T06:00:08.000Z', '2026-03-29T06:04:08.000Z'],
      ['after-call-work', '2026-03-29T06:04:08.000Z', '2026-03-29T06:05:00.000Z'],
      ['available', '2026-03-29T06:05:00.000Z', '2026-03-29T12:00:00.000Z'],
      ['offline', '2026-03-29T12:00:00.000Z', '2026-03-29T21:00:00.000Z'],
    ]);
  });

  it('shows a day with no change as one stretch in the state left before it, in the asked zone', async () => {
    const res = await timeline(tok.admin, ids.agent, 'day=2026-04-10&tz=Asia/Tehran');
    expect(plain(res.body)).toEqual([['offline', '2026-04-09T20:30:00.000Z', '2026-04-10T20:30:00.000Z']]);
    // A telemarketer with no state log at all: offline all day (UTC by default).
    expect(plain((await timeline(tok.telemarketer, ids.telemarketer, 'day=2026-04-10')).body)).toEqual([['offline', '2026-04-10T00:00:00.000Z', '2026-04-11T00:00:00.000Z']]);
  });

  it('clips today at the console\'s now, and a day to come has no stretches', async () => {
    expect(plain((await timeline(tok.admin, ids.agent2, 'day=2026-05-02&tz=UTC')).body)).toEqual([
      ['offline', '2026-05-02T00:00:00.000Z', '2026-05-02T07:00:00.000Z'],
      ['available', '2026-05-02T07:00:00.000Z', '2026-05-02T12:00:00.000Z'],
    ]);
    expect((await timeline(tok.admin, ids.agent2, 'day=2026-05-03&tz=UTC')).body.segments).toEqual([]);
  });

  it('lets agents and telemarketers see only themselves, supervisors only their team', async () => {
    for (const [token, agentId] of [
      [tok.agent, ids.agent2],
      [tok.telemarketer, ids.agent],
      [tok.supervisor, ids.agent2],
    ] as const) {
      const res = await timeline(token, agentId, 'day=2026-03-29');
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: 'REPORT_OUT_OF_SCOPE' } });
    }
    expect((await timeline(tok.supervisor, ids.agent, 'day=2026-03-29')).status).toBe(200);
    expect((await timeline(tok.admin, ids.agent2, 'day=2026-03-29')).status).toBe(200);
  });

  it('answers 404 for an unknown agent and 400 for a bad request', async () => {
    expect((await timeline(tok.admin, String(new Types.ObjectId()), 'day=2026-03-29')).body).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect((await timeline(tok.admin, String(new Types.ObjectId()), 'day=2026-03-29')).status).toBe(404);
    for (const [agentId, query] of [
      [ids.agent, ''],
      [ids.agent, 'day=29-03-2026'],
      [ids.agent, 'day=2026-03-29&tz=Nowhere/Town'],
      [ids.agent, 'day=2026-03-29&agent=x'],
      ['agent', 'day=2026-03-29'],
    ]) {
      const res = await timeline(tok.admin, agentId, query);
      expect(res.status, `${agentId} ${query}`).toBe(400);
    }
  });
});
