import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { TeamMember, TeamView } from '../../shared/schemas/teams.js';
import { hashPassword } from '../../server/auth/password.js';
import { reportScope } from '../../server/reports/scope.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let admin: string;
let supervisor: string;
let supervisorId: string;
let agentToken: string;
const ids: Record<string, string> = {};

type Answer<T = unknown> = { status: number; body: T & { error?: { code: string; message: string; params?: Record<string, unknown> } } };
const as = (token: string) => ({
  get: <T>(path: string) => t.api<T>('GET', `/api${path}`, { token }) as Promise<Answer<T>>,
  post: <T>(path: string, body: unknown) => t.api<T>('POST', `/api${path}`, { token, body }) as Promise<Answer<T>>,
  patch: <T>(path: string, body: unknown) => t.api<T>('PATCH', `/api${path}`, { token, body }) as Promise<Answer<T>>,
});

beforeAll(async () => {
  t = await startTestApp({ queueSweepMs: 60_000 });
  await seedFixtures(t.models);
  await t.models.User.create({ username: 'supervisor2', role: 'supervisor', passwordHash: await hashPassword('demo') });
  await t.models.User.create({ username: 'boss', role: 'admin', passwordHash: await hashPassword('demo') });
  admin = (await addAdmin(t)).token;
  const s = await t.login('supervisor');
  supervisor = s.token;
  supervisorId = s.user.id;
  agentToken = (await t.login('agent')).token;
  for (const u of await t.models.User.find({}, { username: 1 }).lean()) ids[u.username] = String(u._id);
  // Two teams: north run by `supervisor`, south by `supervisor2`; agent in north, agent2 in south.
  await as(admin).post('/teams', { name: 'north', displayName: 'North', supervisors: [supervisorId] });
  await as(admin).post('/teams', { name: 'south', displayName: 'South', supervisors: [ids.supervisor2] });
  await as(admin).patch(`/users/${ids.agent}`, { team: 'north' });
  await as(admin).patch(`/users/${ids.agent2}`, { team: 'south' });
});
afterAll(() => t.close());

describe('teams', () => {
  it('lists teams with their supervisors and member counts, filtered, and exports the same as CSV', async () => {
    const all = await as(supervisor).get<TeamView[]>('/teams');
    expect(all.status).toBe(200);
    expect(all.body.find((x) => x.name === 'north')).toEqual({
      name: 'north',
      displayName: 'North',
      supervisors: [{ id: supervisorId, username: 'supervisor' }],
      archived: false,
      memberCount: 1,
    });
    const filtered = await as(supervisor).get<TeamView[]>('/teams?q=supervisor2');
    expect(filtered.body.map((x) => x.name)).toEqual(['south']);

    const res = await fetch(`${t.base}/api/teams/export?q=north`, { headers: { authorization: `Bearer ${supervisor}` } });
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await res.text()).trim().split(/\r?\n/)).toEqual(['name,displayName,supervisors,members,status', 'north,North,supervisor,1,active']);
  });

  it('refuses a bad name, a name taken and a supervisor who is not one, each with a clear 4xx', async () => {
    const bad = await as(admin).post('/teams', { name: 'North Team!', displayName: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION');
    const taken = await as(admin).post('/teams', { name: 'north', displayName: 'Again' });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'TEAM_NAME_TAKEN', params: { team: 'north' } });
    const notSupervisor = await as(admin).post('/teams', { name: 'west', displayName: 'West', supervisors: [ids.agent] });
    expect(notSupervisor.status).toBe(400);
    expect(notSupervisor.body.error).toMatchObject({ code: 'NOT_A_SUPERVISOR', params: { user: ids.agent } });
    expect((await as(admin).get<TeamView[]>('/teams')).body.map((x) => x.name)).not.toContain('west');
    const unknown = await as(admin).patch('/teams/nowhere', { displayName: 'x' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error?.code).toBe('TEAM_NOT_FOUND');
  });

  it('lets only admins create, rename and archive teams', async () => {
    expect((await as(supervisor).post('/teams', { name: 'east', displayName: 'East' })).status).toBe(403);
    expect((await as(supervisor).patch('/teams/north', { displayName: 'Mine' })).status).toBe(403);
    expect((await as(agentToken).get('/teams')).status).toBe(403);
  });

  it('renames a team and sets its supervisors, audited with before and after', async () => {
    const res = await as(admin).patch<TeamView>('/teams/south', { displayName: 'South side', supervisors: [ids.supervisor2, supervisorId] });
    expect(res.status).toBe(200);
    expect(res.body.displayName).toBe('South side');
    expect(res.body.supervisors.map((s) => s.username).sort()).toEqual(['supervisor', 'supervisor2']);
    const audit = await as(admin).get<{ items: Array<{ action: string; before: TeamView; after: TeamView; actor: { username: string } }> }>('/audit?entity=setting:team.south');
    expect(audit.body.items[0]).toMatchObject({ action: 'team.changed', actor: { username: 'admin' }, before: { displayName: 'South' }, after: { displayName: 'South side' } });
    expect(audit.body.items.at(-1)).toMatchObject({ action: 'team.created' });
    // Back as it was for the other tests.
    await as(admin).patch('/teams/south', { displayName: 'South', supervisors: [ids.supervisor2] });
  });

  it('refuses to archive a team people are in, saying so; archives it once they moved; an archived team takes nobody', async () => {
    await as(admin).post('/teams', { name: 'east', displayName: 'East' });
    await as(admin).patch(`/users/${ids.telemarketer}`, { team: 'east' });
    const refused = await as(admin).patch<TeamView>('/teams/east', { archived: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'TEAM_HAS_MEMBERS', params: { team: 'east', count: 1 } });
    expect((await t.models.Team.findOne({ name: 'east' }).lean())?.archived).toBe(false);

    const moved = await as(admin).patch<TeamMember>(`/teams/members/${ids.telemarketer}`, { team: 'north' });
    expect(moved.status).toBe(200);
    const archived = await as(admin).patch<TeamView>('/teams/east', { archived: true });
    expect(archived.status).toBe(200);
    expect(archived.body.archived).toBe(true);

    const intoArchived = await as(admin).patch(`/users/${ids.telemarketer}`, { team: 'east' });
    expect(intoArchived.status).toBe(400);
    expect(intoArchived.body.error).toMatchObject({ code: 'TEAM_ARCHIVED', params: { team: 'east' } });
    const audit = await as(admin).get<{ items: Array<{ action: string }> }>('/audit?entity=setting:team.east');
    expect(audit.body.items[0]!.action).toBe('team.archived');
    // Restored: it takes people again.
    expect((await as(admin).patch<TeamView>('/teams/east', { archived: false })).body.archived).toBe(false);
    await as(admin).patch(`/teams/members/${ids.telemarketer}`, { team: 'east' });
  });
});

describe('reports of a supervisor', () => {
  it('cover the teams that list them, else their own team, else the whole floor', async () => {
    const claims = (username: string) => ({ userId: ids[username]!, username, role: 'supervisor' as const });
    expect(await reportScope(t.models, claims('supervisor'))).toEqual({ agentIds: [ids.agent], teams: ['north'], own: false });
    await t.models.User.create({ username: 'supervisor3', role: 'supervisor', team: 'south', passwordHash: 'x' });
    ids.supervisor3 = String((await t.models.User.findOne({ username: 'supervisor3' }).lean())!._id);
    expect(await reportScope(t.models, claims('supervisor3'))).toMatchObject({ teams: ['south'], agentIds: expect.arrayContaining([ids.agent2, ids.supervisor3]) });
    await t.models.User.updateOne({ username: 'supervisor3' }, { $unset: { team: 1 } });
    expect(await reportScope(t.models, claims('supervisor3'))).toEqual({ agentIds: null, teams: null, own: false });
  });
});

describe('users’ teams once teams exist', () => {
  it('refuses a user created or changed into a team that does not exist', async () => {
    const created = await as(admin).post('/users', { username: 'newcomer', role: 'agent', team: 'atlantis' });
    expect(created.status).toBe(400);
    expect(created.body.error).toMatchObject({ code: 'UNKNOWN_TEAM', params: { team: 'atlantis' } });
    expect(await t.models.User.exists({ username: 'newcomer' })).toBeNull();
    const patched = await as(admin).patch(`/users/${ids.agent2}`, { team: 'atlantis' });
    expect(patched.status).toBe(400);
    expect((await t.models.User.findById(ids.agent2).lean())?.team).toBe('south');
    expect((await as(admin).post('/users', { username: 'newcomer', role: 'agent', team: 'north' })).status).toBe(201);
  });
});

describe('an agent’s skills and team', () => {
  beforeEach(() => t.freshAgents());

  it('lists a team’s people with their skills', async () => {
    await t.models.User.updateOne({ username: 'agent' }, { $set: { skills: ['sales', 'service'] } });
    const res = await as(supervisor).get<TeamMember[]>('/teams/north/members');
    expect(res.body.find((m) => m.username === 'agent')).toMatchObject({ id: ids.agent, role: 'agent', skills: ['sales', 'service'], disabled: false });
    expect(res.body.map((m) => m.username)).not.toContain('agent2');
  });

  it('lets a supervisor change the agents of their own teams only, audited', async () => {
    const own = await as(supervisor).patch<TeamMember>(`/teams/members/${ids.agent}`, { skills: ['service'] });
    expect(own.status).toBe(200);
    expect(own.body.skills).toEqual(['service']);

    const other = await as(supervisor).patch(`/teams/members/${ids.agent2}`, { skills: ['sales'] });
    expect(other.status).toBe(403);
    expect(other.body.error).toMatchObject({ code: 'TEAM_NOT_YOURS', params: { team: 'south' } });
    expect((await t.models.User.findById(ids.agent2).lean())?.skills).toEqual([]);

    const away = await as(supervisor).patch(`/teams/members/${ids.agent}`, { team: 'south' });
    expect(away.status).toBe(403);
    expect(away.body.error).toMatchObject({ code: 'TEAM_NOT_YOURS', params: { team: 'south' } });

    await as(admin).patch(`/users/${ids.supervisor2}`, { team: 'north' });
    const peer = await as(supervisor).patch(`/teams/members/${ids.supervisor2}`, { skills: ['sales'] });
    expect(peer.status).toBe(403);
    expect(peer.body.error?.code).toBe('MEMBER_NOT_AGENT');
    await as(admin).patch(`/users/${ids.supervisor2}`, { team: null });

    expect((await as(agentToken).patch(`/teams/members/${ids.agent}`, { skills: [] })).status).toBe(403);
    const audit = await as(admin).get<{ items: Array<{ action: string; before: unknown; after: unknown; actor: { username: string } }> }>(`/audit?entity=user:${ids.agent}`);
    expect(audit.body.items[0]).toMatchObject({ action: 'user.changed', actor: { username: 'supervisor' }, after: { skills: ['service'] } });
  });

  it('refuses skills that are not queue names, or listed twice', async () => {
    const bad = await as(admin).patch(`/teams/members/${ids.agent}`, { skills: ['sales', 'no spaces'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe('VALIDATION');
    const twice = await as(admin).patch(`/teams/members/${ids.agent}`, { skills: ['sales', 'sales'] });
    expect(twice.status).toBe(400);
    const unknownTeam = await as(admin).patch(`/teams/members/${ids.agent}`, { team: 'atlantis' });
    expect(unknownTeam.status).toBe(400);
    expect(unknownTeam.body.error?.code).toBe('UNKNOWN_TEAM');
  });

  it('routes the next call by the new skills without the agent reconnecting', async () => {
    await as(admin).patch(`/teams/members/${ids.agent}`, { skills: ['sales'] });
    const screen = await t.agentSocket(agentToken);
    expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');

    // A service call waits: the agent takes sales only.
    await t.cti({ type: 'call.ringing', callId: 'c-skill-1', from: '+447700900001', queue: 'service' });
    await eventually(async () => (await t.models.Interaction.findOne({ callId: 'c-skill-1' }).lean())?.state === 'queued', 5000, 'queued');
    expect(screen.pops.find((p) => p.callId === 'c-skill-1')).toBeUndefined();

    // Their supervisor gives them service: the waiting call is theirs at once, on the same connection.
    expect((await as(supervisor).patch(`/teams/members/${ids.agent}`, { skills: ['service'] })).status).toBe(200);
    expect((await t.models.Agent.findOne({ username: 'agent' }).lean())?.skills).toEqual(['service']);
    await eventually(() => screen.pops.find((p) => p.callId === 'c-skill-1'), 5000, 'the service call after the change');
    await t.cti({ type: 'call.ended', callId: 'c-skill-1', from: '+447700900001' });
    screen.socket.disconnect();
  });

  it('no longer offers a queue the agent lost', async () => {
    await as(admin).patch(`/teams/members/${ids.agent}`, { skills: ['sales'] });
    const screen = await t.agentSocket(agentToken);
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    await as(admin).patch(`/teams/members/${ids.agent}`, { skills: ['service'] });
    await t.cti({ type: 'call.ringing', callId: 'c-skill-2', from: '+447700900002', queue: 'sales' });
    await eventually(async () => (await t.models.Interaction.findOne({ callId: 'c-skill-2' }).lean())?.state === 'queued', 5000, 'queued');
    await t.cti({ type: 'call.ringing', callId: 'c-skill-3', from: '+447700900003', queue: 'service' });
    await eventually(() => screen.pops.find((p) => p.callId === 'c-skill-3'), 5000, 'the service call');
    expect(screen.pops.find((p) => p.callId === 'c-skill-2')).toBeUndefined();
    await t.cti({ type: 'call.ended', callId: 'c-skill-2', from: '+447700900002' });
    await t.cti({ type: 'call.ended', callId: 'c-skill-3', from: '+447700900003' });
    screen.socket.disconnect();
  });
});
