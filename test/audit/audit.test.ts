import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditPage } from '../../shared/schemas/audit.js';
import { ROUTE_RULES } from '../../server/access/role-matrix.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { addAdmin } from '../access/support.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let admin: string;
let agent: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
  agent = (await t.login('agent')).token;
});
afterAll(async () => {
  // Let the server finish the agents' disconnect bookkeeping before the database goes.
  await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
  await t.close();
});

const audit = async (query: string) => {
  const res = await t.api<AuditPage>('GET', `/api/audit?${query}`, { token: admin });
  expect(res.status).toBe(200);
  return AuditPage.parse(res.body);
};

describe('audit log', () => {
  it('records who opened which picture, from the route and from the screen pop', async () => {
    const ada = String(fx.customers.ada);
    await t.api('GET', `/api/customers/${ada}/picture`, { token: agent });
    const opened = await eventually(async () => (await audit(`action=picture.opened&entity=${ada}`)).items[0], 3000, 'picture.opened');
    expect(opened).toMatchObject({ actor: { username: 'agent', role: 'agent' }, entity: { type: 'customer', id: ada }, customerId: ada });

    const screen = await t.agentSocket(agent);
    expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data');
    await t.cti({ type: 'call.ringing', callId: 'audit-pop', from: '+447700900001' });
    await eventually(() => screen.pops.length > 0, 5000, 'pop');
    const popped = await eventually(async () => (await audit('action=picture.popped')).items[0], 3000, 'picture.popped');
    expect(popped).toMatchObject({ actor: { username: 'agent' }, customerId: ada });
    await t.cti({ type: 'call.ended', callId: 'audit-pop', from: '+447700900001' });
    screen.socket.disconnect();
  });

  it('records a consent change with what it was before and after', async () => {
    const ben = String(fx.customers.ben);
    const res = await t.api('PATCH', `/api/customers/${ben}/preferences`, { token: agent, body: { consents: [{ purpose: 'marketing', channel: 'email', granted: true }] } });
    expect(res.status).toBe(200);
    const [entry] = (await audit(`action=consent.changed&entity=${ben}`)).items;
    expect(entry.actor.username).toBe('agent');
    expect(entry.before).toEqual({ consents: [expect.objectContaining({ purpose: 'marketing', channel: 'phone', granted: false })] });
    expect((entry.after as { consents: unknown[] }).consents).toEqual(
      expect.arrayContaining([expect.objectContaining({ purpose: 'marketing', channel: 'email', granted: true, source: 'agent:agent' })]),
    );
  });

  it('records complaints opened and filters by actor, entity type and time', async () => {
    const ada = String(fx.customers.ada);
    const from = new Date().toISOString();
    const opened = await t.api<{ id: string }>('POST', `/api/customers/${ada}/complaints`, { token: agent, body: { subject: 'Scratched door', category: 'product', severity: 'low' } });
    expect(opened.status).toBe(201);
    const page = await audit(`actor=agent&entity=complaint&from=${from}`);
    expect(page.items.map((e) => e.action)).toEqual(['complaint.opened']);
    expect(page.items[0].entity.id).toBe(opened.body.id);
    expect((await audit(`actor=supervisor&from=${from}`)).total).toBe(0);
  });

  it("records other people's back-office writes (a merge) once they succeed, and not refused ones", async () => {
    const [keepId, mergeId] = [String(fx.customers.twinA), String(fx.customers.twinB)];
    const supervisor = (await t.login('supervisor')).token;
    expect((await t.api('POST', '/api/duplicates/merge', { token: agent, body: { keepId, mergeId } })).status).toBe(403);
    expect((await t.api('POST', '/api/duplicates/merge', { token: supervisor, body: { keepId, mergeId } })).status).toBe(200);
    const merged = await eventually(async () => {
      const { items } = await audit('action=customer.merged');
      return items.length ? items : null;
    }, 3000, 'merge audited');
    expect(merged).toHaveLength(1);
    expect(merged[0]).toMatchObject({ actor: { username: 'supervisor' }, entity: { type: 'customer', id: keepId }, detail: { mergeId, merged: true, undoId: expect.any(String) } });
  });

  it('cannot be changed or deleted: no route writes to it and the model refuses', async () => {
    expect(ROUTE_RULES.filter((r) => r.path.startsWith('/audit')).map((r) => r.method)).toEqual(['GET', 'GET']);
    const [entry] = (await audit('')).items;
    for (const method of ['PATCH', 'PUT', 'DELETE', 'POST']) {
      const res = await t.api(method, `/api/audit/${entry.id}`, { token: admin, body: method === 'DELETE' ? undefined : { action: 'nothing' } });
      expect(res.status).toBe(403);
      expect((await t.api(method, '/api/audit', { token: admin, body: method === 'DELETE' ? undefined : {} })).status).toBe(403);
    }
    const Audit = t.models.User.db.model('Audit');
    await expect(Audit.updateOne({}, { $set: { action: 'forged' } })).rejects.toThrow(/append-only/);
    await expect(Audit.deleteMany({})).rejects.toThrow(/append-only/);
    await expect(Audit.findOneAndDelete({})).rejects.toThrow(/append-only/);
    const doc = await Audit.findById(entry.id);
    doc!.set('action', 'forged');
    await expect(doc!.save()).rejects.toThrow(/append-only/);
    expect((await audit('')).items[0]).toEqual(entry);
  });

  it('exports as CSV and NDJSON for admins only', async () => {
    const csv = await fetch(`${t.base}/api/audit/export?format=csv&action=consent`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toBe('at,actor,role,action,entityType,entityId,customerId,before,after,detail');
    expect(lines[1]).toContain('consent.changed');
    const nd = await fetch(`${t.base}/api/audit/export?format=ndjson`, { headers: { authorization: `Bearer ${admin}` } });
    const entries = (await nd.text()).trim().split('\n').map((l) => JSON.parse(l));
    expect(entries.length).toBe((await audit('')).total);
    expect((await fetch(`${t.base}/api/audit/export`, { headers: { authorization: `Bearer ${agent}` } })).status).toBe(403);
  });
});
