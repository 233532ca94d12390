import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CannedReply } from '../../shared/schemas/canned-replies.js';
import { hashPassword } from '../../server/auth/password.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
const token = {} as Record<'agentNorth' | 'agentSouth' | 'agentNoTeam' | 'supervisor' | 'admin' | 'telemarketer', string>;

beforeAll(async () => {
  t = await startTestApp();
  const passwordHash = await hashPassword('demo');
  await t.models.User.insertMany([
    { username: 'north', role: 'agent', team: 'north', passwordHash },
    { username: 'south', role: 'agent', team: 'south', passwordHash },
    { username: 'loner', role: 'agent', passwordHash },
    { username: 'sup', role: 'supervisor', passwordHash },
    { username: 'adm', role: 'admin', passwordHash },
    { username: 'tm', role: 'telemarketer', passwordHash },
  ]);
  token.agentNorth = (await t.login('north')).token;
  token.agentSouth = (await t.login('south')).token;
  token.agentNoTeam = (await t.login('loner')).token;
  token.supervisor = (await t.login('sup')).token;
  token.admin = (await t.login('adm')).token;
  token.telemarketer = (await t.login('tm')).token;
});
afterAll(() => t?.close());

const create = (body: unknown, as = token.supervisor) => t.api<CannedReply & { error?: { code: string } }>('POST', '/api/canned-replies', { token: as, body });
const list = (as: string, query = '') => t.api<CannedReply[]>('GET', `/api/canned-replies${query}`, { token: as });
const shortcuts = (replies: CannedReply[]) => replies.map((r) => r.shortcut).sort();

describe('canned replies', () => {
  it('lets a supervisor create a reply and refuses an agent and a telemarketer', async () => {
    const made = await create({ title: 'Greeting', shortcut: 'hello', text: 'Hello {customer.firstName}, I am {agent.name}.' });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ title: 'Greeting', shortcut: 'hello', team: null, updatedBy: 'sup' });

    const byAgent = await create({ title: 'Mine', shortcut: 'mine', text: 'x' }, token.agentNorth);
    expect(byAgent.status).toBe(403);
    expect((await list(token.telemarketer)).status).toBe(403);
    expect(await t.models.CannedReply.countDocuments({ shortcut: 'mine' })).toBe(0);

    const audit = await t.api<{ items: Array<{ action: string; entity: { id: string } }> }>('GET', '/api/audit?action=canned-reply', { token: token.admin });
    expect(audit.body.items.map((e) => [e.action, e.entity.id])).toContainEqual(['canned-reply.created', made.body.id]);
  });

  it('refuses an invalid reply with the fields at fault, and a stray field', async () => {
    const bad = await t.api<{ error: { code: string; params: { issues: Array<{ field: string }> } } }>('POST', '/api/canned-replies', {
      token: token.admin,
      body: { title: '', shortcut: 'has space', text: 'x' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('VALIDATION');
    expect(bad.body.error.params.issues.map((i) => i.field).sort()).toEqual(['shortcut', 'title']);
    expect((await create({ title: 'T', shortcut: 't', text: 'x', archived: true })).status).toBe(400);
  });

  it('refuses a shortcut taken in the same team with 409, whatever its case, and allows it in another team', async () => {
    await create({ title: 'Thanks', shortcut: 'thanks', text: 'Thank you!', team: 'north' });
    const again = await create({ title: 'Thanks again', shortcut: 'Thanks', text: 'Thanks!', team: 'north' });
    expect(again.status).toBe(409);
    expect(again.body.error?.code).toBe('CANNED_SHORTCUT_TAKEN');
    expect((await create({ title: 'Thanks', shortcut: 'thanks', text: 'Cheers!', team: 'south' })).status).toBe(201);
    expect((await create({ title: 'Thanks', shortcut: 'thanks', text: 'Thanks, all.' })).status).toBe(201);
  });

  it("shows agents everyone's replies and their own team's, never another team's", async () => {
    await create({ title: 'North only', shortcut: 'north-only', text: 'n', team: 'north' });
    await create({ title: 'South only', shortcut: 'south-only', text: 's', team: 'south' });
    const north = shortcuts((await list(token.agentNorth)).body);
    expect(north).toContain('north-only');
    expect(north).toContain('hello');
    expect(north).not.toContain('south-only');
    const loner = shortcuts((await list(token.agentNoTeam)).body);
    expect(loner).toContain('hello');
    expect(loner).not.toContain('north-only');
    expect(loner).not.toContain('south-only');
    // Asking for another team's replies gets none.
    expect((await list(token.agentNorth, '?team=south')).body).toEqual([]);
    // Supervisors see every team, and may narrow to one or to the replies for everyone.
    expect(shortcuts((await list(token.supervisor, '?team=south')).body)).toEqual(['south-only', 'thanks']);
    expect((await list(token.supervisor, '?team=-')).body.every((r) => r.team === null)).toBe(true);
  });

  it('searches title, shortcut and text, case-insensitively, with regex characters taken literally', async () => {
    await create({ title: 'Refund policy', shortcut: 'refund', text: 'Refunds take 5 days (working days).' });
    expect(shortcuts((await list(token.agentSouth, '?q=REFUND')).body)).toEqual(['refund']);
    expect(shortcuts((await list(token.agentSouth, '?q=working%20days)')).body)).toEqual(['refund']);
    expect(shortcuts((await list(token.agentSouth, '?q=.*')).body)).toEqual([]);
  });

  it('changes a reply from some of its fields, and archives it, freeing its shortcut', async () => {
    const made = await create({ title: 'Hold', shortcut: 'hold', text: 'Please hold.' });
    const changed = await t.api<CannedReply>('PATCH', `/api/canned-replies/${made.body.id}`, { token: token.admin, body: { text: 'Please hold the line.' } });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ title: 'Hold', shortcut: 'hold', text: 'Please hold the line.', updatedBy: 'adm' });
    expect((await t.api('PATCH', `/api/canned-replies/${made.body.id}`, { token: token.agentNorth, body: { text: 'x' } })).status).toBe(403);

    const archived = await t.api('DELETE', `/api/canned-replies/${made.body.id}`, { token: token.supervisor });
    expect(archived.status).toBe(200);
    expect(shortcuts((await list(token.agentNorth)).body)).not.toContain('hold');
    expect(await t.models.CannedReply.countDocuments({ _id: made.body.id, archived: true })).toBe(1);
    expect((await t.api('DELETE', `/api/canned-replies/${made.body.id}`, { token: token.supervisor })).status).toBe(404);
    expect((await create({ title: 'Hold', shortcut: 'hold', text: 'One moment.' })).status).toBe(201);
  });

  it('publishes one bus event per write', async () => {
    const seen: Array<{ shortcut: string; archived: boolean }> = [];
    const listener = ({ reply, archived }: { reply: CannedReply; archived: boolean }) => seen.push({ shortcut: reply.shortcut, archived });
    t.app.bus.on('canned-reply:changed', listener);
    const made = await create({ title: 'Bus', shortcut: 'bus', text: 'b' });
    await t.api('PATCH', `/api/canned-replies/${made.body.id}`, { token: token.admin, body: { title: 'Bus 2' } });
    await t.api('DELETE', `/api/canned-replies/${made.body.id}`, { token: token.admin });
    t.app.bus.off('canned-reply:changed', listener);
    expect(seen).toEqual([
      { shortcut: 'bus', archived: false },
      { shortcut: 'bus', archived: false },
      { shortcut: 'bus', archived: true },
    ]);
  });

  it('exports as CSV with formulas escaped', async () => {
    await create({ title: '=HYPERLINK("http://evil.example")', shortcut: 'evil', text: '+1 call us', team: 'north' });
    const res = await fetch(`${t.base}/api/canned-replies?format=csv&q=evil`, { headers: { authorization: `Bearer ${token.supervisor}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('shortcut,title,text,team,updatedAt,updatedBy');
    expect(lines[1]).toMatch(/^evil,"'=HYPERLINK\(""http:\/\/evil\.example""\)",'\+1 call us,north,/);
  });
});
