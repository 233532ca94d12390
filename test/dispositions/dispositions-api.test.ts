import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DispositionCode, DispositionCodeInput } from '../../shared/schemas/dispositions.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let sup: string;
let admin: string;
let agent: string;

const refund: DispositionCodeInput = {
  code: 'refund-issued',
  label: 'Refund issued',
  labels: { fa: 'بازپرداخت انجام شد', ro: 'Rambursare efectuată' },
  scope: 'queue:billing',
  direction: 'inbound',
  endsContact: true,
  action: 'none',
  active: true,
};

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  sup = (await t.login('supervisor')).token;
  agent = (await t.login('agent')).token;
  admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());
beforeEach(() => t.freshAgents());

const list = async (query: string, token = sup) => (await t.api<DispositionCode[]>('GET', `/api/dispositions?${query}`, { token })).body;
const codes = (l: DispositionCode[]) => l.map((c) => c.code);
type ErrorBody = { error: { code: string; message: string } };

/** An agent's call on `queue`, answered and ended: the interaction they now owe a disposition for. */
async function endedCall(callId: string, queue: string) {
  const s = await t.agentSocket(agent);
  await s.socket.emitWithAck('agent:state', { state: 'available' });
  await t.cti({ type: 'call.ringing', callId, from: '+447700900001', queue });
  const pop = await eventually(() => s.pops.find((p) => p.callId === callId), 5000, `pop ${callId}`);
  await t.cti({ type: 'call.answered', callId, from: '+447700900001' });
  await t.cti({ type: 'call.ended', callId, from: '+447700900001' });
  s.socket.disconnect();
  return pop.interactionId;
}

describe('disposition codes', () => {
  it('starts with the console’s own codes, inbound and outbound, for everywhere', async () => {
    const all = await list('status=all');
    expect(all.filter((c) => c.direction === 'inbound').map((c) => c.code)).toEqual(['resolved', 'follow-up', 'escalated', 'sale', 'information', 'complaint-logged', 'wrong-number', 'no-action']);
    expect(all.filter((c) => c.direction === 'outbound').map((c) => [c.code, c.action])).toEqual([
      ['sale', 'none'], ['not-interested', 'none'], ['no-answer', 'retry'], ['busy', 'retry'], ['voicemail', 'retry'], ['callback', 'callback'], ['wrong-number', 'none'], ['do-not-call', 'none'],
    ]);
    expect(all.every((c) => c.builtIn && c.active && c.scope === 'all')).toBe(true);
    expect(codes(await list('queue=sales', agent))).toHaveLength(8);
  });

  it('offers a queue’s own code on that queue only, and records it there; refuses it elsewhere with 400', async () => {
    const created = await t.api<DispositionCode>('POST', '/api/dispositions', { token: admin, body: refund });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...refund, builtIn: false, updatedBy: 'admin' });
    expect(codes(await list('queue=billing', agent))).toContain('refund-issued');
    expect(codes(await list('queue=sales', agent))).not.toContain('refund-issued');

    const onBilling = await endedCall('d-1', 'billing');
    const ok = await t.api('PATCH', `/api/interactions/${onBilling}`, { token: agent, body: { disposition: 'refund-issued' } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ disposition: 'refund-issued' });

    const onSales = await endedCall('d-2', 'sales');
    for (const disposition of ['refund-issued', 'no-such-code']) {
      const refused = await t.api<ErrorBody>('PATCH', `/api/interactions/${onSales}`, { token: agent, body: { disposition } });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('DISPOSITION_NOT_ALLOWED');
    }
    // Not a code at all: the wire schema refuses it.
    expect((await t.api<ErrorBody>('PATCH', `/api/interactions/${onSales}`, { token: agent, body: { disposition: 'Not A Code!' } })).body.error.code).toBe('VALIDATION');
    expect((await t.api('PATCH', `/api/interactions/${onSales}`, { token: agent, body: { disposition: 'resolved' } })).status).toBe(200);
  });

  it('archives a code instead of deleting it: no longer offered nor accepted, kept where it was recorded; audited', async () => {
    const created = (await t.api<DispositionCode>('POST', '/api/dispositions', { token: admin, body: { ...refund, code: 'goodwill', label: 'Goodwill gesture' } })).body;
    const before = await endedCall('d-3', 'billing');
    await t.api('PATCH', `/api/interactions/${before}`, { token: agent, body: { disposition: 'goodwill' } });

    const changed = await t.api<DispositionCode>('PATCH', `/api/dispositions/${created.id}`, { token: admin, body: { label: 'Goodwill credit' } });
    expect(changed.body).toMatchObject({ label: 'Goodwill credit', code: 'goodwill', scope: 'queue:billing' });
    const archived = await t.api<DispositionCode>('DELETE', `/api/dispositions/${created.id}`, { token: admin });
    expect(archived.status).toBe(200);
    expect(archived.body.active).toBe(false);

    expect(codes(await list('queue=billing', agent))).not.toContain('goodwill');
    expect(codes(await list('', agent))).not.toContain('goodwill');
    expect((await list('status=all')).find((c) => c.code === 'goodwill')).toMatchObject({ active: false, label: 'Goodwill credit' });
    const after = await endedCall('d-4', 'billing');
    expect((await t.api<ErrorBody>('PATCH', `/api/interactions/${after}`, { token: agent, body: { disposition: 'goodwill' } })).body.error.code).toBe('DISPOSITION_NOT_ALLOWED');
    expect(await t.models.Interaction.findById(before, { disposition: 1 }).lean()).toMatchObject({ disposition: 'goodwill' });

    const audit = await t.api<{ items: Array<{ action: string; before?: DispositionCode; after?: DispositionCode }> }>('GET', `/api/audit?entity=setting:disposition.${created.id}`, { token: admin });
    expect(audit.body.items.map((e) => e.action)).toEqual(['disposition.archived', 'disposition.changed', 'disposition.created']);
    expect(audit.body.items[1]).toMatchObject({ before: { label: 'Goodwill gesture' }, after: { label: 'Goodwill credit' } });
    expect(audit.body.items[0]).toMatchObject({ before: { active: true }, after: { active: false } });
  });

  it('refuses invalid codes with a clear 4xx, and keeps the console’s own codes’ meaning', async () => {
    const bad: unknown[] = [
      { ...refund, code: 'Refund Issued' },
      { ...refund, label: '' },
      { ...refund, scope: 'team:north' },
      { ...refund, action: 'retry', endsContact: false },
      { ...refund, direction: 'outbound', action: 'retry', endsContact: true },
      { ...refund, scope: 'campaign:0123456789abcdef01234567' },
      { ...refund, labels: { xx: 'unknown language' } },
      { ...refund, colour: 'red' },
    ];
    for (const body of bad) {
      const res = await t.api<ErrorBody>('POST', '/api/dispositions', { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    await t.api('POST', '/api/dispositions', { token: admin, body: { ...refund, code: 'twice' } });
    const twice = await t.api<ErrorBody>('POST', '/api/dispositions', { token: admin, body: { ...refund, code: 'twice' } });
    expect(twice.status).toBe(409);
    expect(twice.body.error.code).toBe('DISPOSITION_CODE_TAKEN');

    const resolved = (await list('status=all')).find((c) => c.code === 'resolved')!;
    const renamed = await t.api<ErrorBody>('PATCH', `/api/dispositions/${resolved.id}`, { token: admin, body: { code: 'fixed' } });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.code).toBe('DISPOSITION_BUILT_IN');
    // Its label and translations may change.
    expect((await t.api('PATCH', `/api/dispositions/${resolved.id}`, { token: admin, body: { labels: { hu: 'Megoldva' } } })).status).toBe(200);
    expect((await t.api<ErrorBody>('PATCH', '/api/dispositions/not-an-id', { token: admin, body: {} })).body.error.code).toBe('BAD_ID');
    expect((await t.api('PATCH', '/api/dispositions/0123456789abcdef01234567', { token: admin, body: {} })).status).toBe(404);
  });

  it('lets admins change codes; supervisors read and export; agents read the active ones', async () => {
    for (const token of [agent, sup]) {
      expect((await t.api('POST', '/api/dispositions', { token, body: { ...refund, code: 'nope' } })).status).toBe(403);
      expect((await t.api('DELETE', '/api/dispositions/0123456789abcdef01234567', { token })).status).toBe(403);
      expect((await t.api('PATCH', '/api/dispositions/0123456789abcdef01234567', { token, body: {} })).status).toBe(403);
    }
    await t.api('POST', '/api/dispositions', { token: admin, body: { ...refund, code: '=cmd', label: '=HYPERLINK("x")' } }).then((r) => expect(r.status).toBe(400));
    await t.api('POST', '/api/dispositions', { token: admin, body: { ...refund, code: 'formula', label: '=HYPERLINK("x")' } });
    const res = await fetch(`${t.base}/api/dispositions?format=csv&status=all&q=formula`, { headers: { authorization: `Bearer ${sup}` } });
    expect(res.headers.get('content-disposition')).toContain('dispositions.csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('code,label,direction,scope,endsContact,action,active,builtIn,updatedAt,updatedBy');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^formula,"'=HYPERLINK\(""x""\)",inbound,queue:billing,true,none,true,false,/);
  });
});
