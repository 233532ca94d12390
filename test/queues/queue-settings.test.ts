import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAuditService } from '../../server/audit/audit.service.js';
import { createQueueSettings } from '../../server/queues/queue-settings.service.js';
import type { AgentStatus } from '../../shared/realtime/events.js';
import type { QueueSettings, QueueSettingsInput } from '../../shared/schemas/queue-settings.js';
import { SupervisionSnapshot } from '../../shared/schemas/supervision.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';
import { next, openVisitor } from '../widget/support.js';
import { middayZone } from '../support/clock.js';

let t: TestApp;
let sup: string;
let admin: string;
let agent: string;
let agent2: string;

const sales: QueueSettingsInput = { skills: ['billing'], serviceLevelSec: 30, serviceLevelTarget: 0.9, maxWaitSec: 300, acwLimitSec: 45, outsideHours: 'closed', numbers: [] };

beforeAll(async () => {
  // The floor's figures count the centre's today, and a call here rang 20 s ago: a centre where it is
  // midday keeps both on one day.
  t = await startTestApp({ afterCallWork: { limitMs: 60_000, perQueueMs: { service: 90_000 }, timeoutState: 'not-ready' }, reportsTimeZone: middayZone() });
  await seedFixtures(t.models);
  // `agent` has a skill that is not a queue's name: without settings no queue's calls are theirs.
  await t.models.User.updateOne({ username: 'agent' }, { $set: { skills: ['billing'] } });
  sup = (await t.login('supervisor')).token;
  agent = (await t.login('agent')).token;
  agent2 = (await t.login('agent2')).token;
  admin = (await addAdmin(t)).token;
});
afterAll(() => t.close());
beforeEach(() => t.freshAgents());

const settingsOf = async (queue: string) => (await t.api<QueueSettings>('GET', `/api/queue-settings/${queue}`, { token: sup })).body;

/** An agent's screen that keeps the states the server pushes; `available()` says they are ready. */
async function screen(token: string) {
  const s = await t.agentSocket(token);
  const states: AgentStatus[] = [];
  s.socket.on('agent:state-changed', (st) => void states.push(st));
  return {
    ...s,
    states,
    available: () => s.socket.emitWithAck('agent:state', { state: 'available' }),
    reached: (state: AgentStatus['state']) => eventually(() => states.findLast((st) => st.state === state), 5000, `state ${state}`),
  };
}

/** A call on `queue` answered and ended by the agent it was offered to: they are in after-call work. */
async function callAndHangUp(a: Awaited<ReturnType<typeof screen>>, callId: string, queue: string) {
  await t.cti({ type: 'call.ringing', callId, from: '+447700900001', queue });
  const pop = await eventually(() => a.pops.find((p) => p.callId === callId), 5000, `pop ${callId}`);
  await t.cti({ type: 'call.answered', callId, from: '+447700900001' });
  const before = a.states.length;
  await t.cti({ type: 'call.ended', callId, from: '+447700900001' });
  // The after-call work this end started (the agent is released after the platform has its answer).
  const acw = await eventually(() => a.states.slice(before).findLast((st) => st.state === 'after-call-work' && st.acwUntil), 5000, 'after-call work');
  return { pop, acwMs: new Date(acw.acwUntil!).getTime() - new Date(acw.since).getTime() };
}

describe('queue settings', () => {
  it('lists every known queue with its defaults until settings are saved, then the saved ones; audited with before and after', async () => {
    const list = (await t.api<QueueSettings[]>('GET', '/api/queue-settings', { token: sup })).body;
    expect(list.find((s) => s.queue === 'billing')).toMatchObject({ stored: false, skills: [], serviceLevelSec: 20, serviceLevelTarget: 0.8, maxWaitSec: null, acwLimitSec: 60, outsideHours: 'callback', numbers: [] });
    // The configured per-queue limit (ACW_LIMITS) is the queue's default.
    expect(await settingsOf('service')).toMatchObject({ stored: false, acwLimitSec: 90 });

    const put = await t.api<QueueSettings>('PUT', '/api/queue-settings/sales', { token: admin, body: sales });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ ...sales, queue: 'sales', stored: true, updatedBy: 'admin' });
    expect(await settingsOf('sales')).toEqual(put.body);
    expect((await t.api<QueueSettings[]>('GET', '/api/queue-settings', { token: sup })).body.map((s) => s.queue)).toContain('sales');

    const changed = { ...sales, skills: [], maxWaitSec: null };
    expect((await t.api('PUT', '/api/queue-settings/sales', { token: admin, body: changed })).status).toBe(200);
    const reset = await t.api<QueueSettings>('DELETE', '/api/queue-settings/sales', { token: admin });
    expect(reset.body).toMatchObject({ queue: 'sales', stored: false, acwLimitSec: 60 });

    const audit = await t.api<{ items: Array<{ action: string; actor: { username: string }; before: QueueSettings; after: QueueSettings }> }>('GET', '/api/audit?entity=setting:queue-settings.sales', { token: admin });
    expect(audit.body.items.map((e) => e.action)).toEqual(['queue-settings.removed', 'queue-settings.changed', 'queue-settings.changed']);
    expect(audit.body.items[2]).toMatchObject({ before: { stored: false }, after: { ...sales, stored: true } });
    expect(audit.body.items[0]).toMatchObject({ before: { ...changed, stored: true }, after: { stored: false } });
  });

  it('refuses invalid settings with 400 naming the field, and changes nothing', async () => {
    await t.api('PUT', '/api/queue-settings/refunds', { token: admin, body: sales });
    const bad: unknown[] = [
      { ...sales, serviceLevelTarget: 1.5 },
      { ...sales, serviceLevelSec: 0 },
      { ...sales, acwLimitSec: 2 },
      { ...sales, maxWaitSec: -1 },
      { ...sales, skills: ['two words'] },
      { ...sales, skills: ['billing', 'billing'] },
      { ...sales, outsideHours: 'voicemail' },
      { ...sales, numbers: ['call us'] },
      { ...sales, numbers: ['+1'] },
      { ...sales, numbers: ['+44 20 7946 0000', '+442079460000'] },
      { ...sales, priority: 1 },
      { skills: [] },
    ];
    for (const body of bad) {
      const res = await t.api<{ error: { code: string; message: string } }>('PUT', '/api/queue-settings/refunds', { token: admin, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION');
    }
    expect((await t.api('PUT', '/api/queue-settings/no%20such%20queue', { token: admin, body: sales })).status).toBe(400);
    expect(await settingsOf('refunds')).toMatchObject({ ...sales, stored: true });
  });

  it('gives each dialled number to one queue: written as people write it, stored as digits, refused (409) when another queue has it', async () => {
    const put = await t.api<QueueSettings>('PUT', '/api/queue-settings/numbers-a', { token: admin, body: { ...sales, numbers: ['+44 (20) 7946-0101', '0800.555'] } });
    expect(put.status).toBe(200);
    expect(put.body.numbers).toEqual(['+442079460101', '0800555']);
    expect(await t.app.services.queueSettings.sipRouteOf('+44 20 7946 0101')).toEqual({ queue: 'numbers-a', maxWaitMs: 300_000 });
    expect(await t.app.services.queueSettings.sipRouteOf('+442079460102')).toEqual({});
    expect(await t.app.services.queueSettings.sipRouteOf('sip:someone@example.com')).toEqual({});

    const taken = await t.api<{ error: { code: string; message: string } }>('PUT', '/api/queue-settings/numbers-b', { token: admin, body: { ...sales, numbers: ['+442079460101'] } });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: 'NUMBER_TAKEN', message: '+442079460101 already reaches the queue numbers-a' });
    expect(await settingsOf('numbers-b')).toMatchObject({ stored: false, numbers: [] });
    // The queue that has it may save it again.
    expect((await t.api('PUT', '/api/queue-settings/numbers-a', { token: admin, body: { ...sales, numbers: ['+442079460101'] } })).status).toBe(200);
    expect(await t.app.services.queueSettings.sipRouteOf('0800555')).toEqual({});
  });

  it('lets supervisors read and export, only admins change; agents neither', async () => {
    expect((await t.api('GET', '/api/queue-settings', { token: agent })).status).toBe(403);
    expect((await t.api('GET', '/api/queue-settings/sales', { token: agent })).status).toBe(403);
    expect((await t.api('PUT', '/api/queue-settings/sales', { token: sup, body: sales })).status).toBe(403);
    expect((await t.api('DELETE', '/api/queue-settings/sales', { token: sup })).status).toBe(403);
    expect((await t.api('PUT', '/api/queue-settings/sales', { token: agent, body: sales })).status).toBe(403);
  });

  it('exports the filtered list as CSV, formula-escaped', async () => {
    await t.api('PUT', '/api/queue-settings/vip', { token: admin, body: { ...sales, skills: ['billing', 'vip-care'], numbers: ['+44 20 7946 0999', '0800-1234'] } });
    const res = await fetch(`${t.base}/api/queue-settings?format=csv&q=vip`, { headers: { authorization: `Bearer ${sup}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain('queue-settings.csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('queue,skills,serviceLevelSec,serviceLevelTarget,maxWaitSec,acwLimitSec,outsideHours,numbers,stored,updatedAt,updatedBy');
    expect(lines).toHaveLength(2);
    // A number starting with + is quoted as text, so no spreadsheet reads it as a formula.
    expect(lines[1]).toMatch(/^vip,billing vip-care,30,0.9,300,45,closed,'\+442079460999 08001234,true,\d{4}-.*,admin$/);
  });

  it('routes the next call by the queue’s saved skills, without a restart', async () => {
    const a = await screen(agent);
    const b = await screen(agent2);
    await a.available();
    await b.available();
    // No settings: `sales` goes to agents with the skill `sales` or no skills: agent2, not agent.
    await t.cti({ type: 'call.ringing', callId: 'qs-1', from: '+447700900001', queue: 'sales' });
    await eventually(() => b.pops.find((p) => p.callId === 'qs-1'), 5000, 'pop to agent2');
    await t.cti({ type: 'call.ended', callId: 'qs-1', from: '+447700900001' });
    await t.idle();
    expect(a.pops).toHaveLength(0);

    // Now `sales` needs `billing`: only agent has it.
    expect((await t.api('PUT', '/api/queue-settings/sales', { token: admin, body: sales })).status).toBe(200);
    await b.reached('available');
    await t.cti({ type: 'call.ringing', callId: 'qs-2', from: '+447700900001', queue: 'sales' });
    await eventually(() => a.pops.find((p) => p.callId === 'qs-2'), 5000, 'pop to agent');
    // agent is busy; agent2 is free but lacks the skill: the next call waits in the queue.
    await t.cti({ type: 'call.ringing', callId: 'qs-3', from: '+447700900001', queue: 'sales' });
    await t.idle();
    const waiting = await t.models.Interaction.findOne({ callId: 'qs-3' }).lean();
    expect(waiting).toMatchObject({ agentId: null, state: 'queued' });
    expect(b.pops.map((p) => p.callId)).toEqual(['qs-1']);
    await t.api('DELETE', '/api/queue-settings/sales', { token: admin });
    await t.cti({ type: 'call.ended', callId: 'qs-2', from: '+447700900001' });
    await t.cti({ type: 'call.ended', callId: 'qs-3', from: '+447700900001' });
  });

  it('reads the settings once for a burst of routed calls, however many ask at once', async () => {
    const settings = createQueueSettings({
      models: t.models,
      bus: t.app.bus,
      audit: createAuditService(t.models.User.db, pino({ level: 'silent' })),
      known: async () => ['sales'],
      defaults: { afterCallWork: { limitMs: 60_000, perQueueMs: {}, timeoutState: 'not-ready' }, serviceLevelSec: 20, serviceLevelTarget: 0.8 },
    });
    const started = await commandsDuring(t.models.User.db, async () => {
      const answers = await Promise.all(Array.from({ length: 50 }, () => settings.routingOf('sales')));
      expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    });
    const reads = started.filter((c) => c.name === 'find' && c.collection === 'queuesettings').length;
    expect(reads).toBe(1);
  });

  it('gives the next call’s after-call work the limit just saved, without a restart', async () => {
    await t.api('PUT', '/api/queue-settings/sales', { token: admin, body: sales });
    const a = await screen(agent);
    await a.available();
    const first = await callAndHangUp(a, 'qs-acw-1', 'sales');
    expect(first.acwMs).toBe(45_000);
    await t.api('PATCH', `/api/interactions/${first.pop.interactionId}`, { token: agent, body: { disposition: 'resolved' } });
    await eventually(() => a.states.at(-1)?.state === 'available', 5000, 'available again');

    expect((await t.api('PUT', '/api/queue-settings/sales', { token: admin, body: { ...sales, acwLimitSec: 15 } })).status).toBe(200);
    const second = await callAndHangUp(a, 'qs-acw-2', 'sales');
    expect(second.acwMs).toBe(15_000);
    await t.api('PATCH', `/api/interactions/${second.pop.interactionId}`, { token: agent, body: { disposition: 'resolved' } });
  });

  it('measures the next call against the service level just saved, on the floor and in the reports, without a restart', async () => {
    await t.models.User.updateOne({ username: 'agent' }, { $addToSet: { skills: 'sl-queue' } });
    const a = await screen(agent);
    await a.available();
    const floor = async () => {
      const res = await (await t.agentSocket(sup)).socket.emitWithAck('supervision:subscribe', {});
      if (!('data' in res)) throw new Error(JSON.stringify(res));
      return SupervisionSnapshot.parse(res.data).queues.day.find((q) => q.queue === 'sl-queue');
    };
    let firstRang: number | undefined;
    /** A call on sl-queue answered 10 s after it rang (event times), then ended and wrapped up. */
    const answeredAfterTenSeconds = async (callId: string) => {
      const rang = Date.now() - 20_000;
      firstRang ??= rang;
      await t.cti({ type: 'call.ringing', callId, from: '+447700900001', queue: 'sl-queue', at: new Date(rang).toISOString() });
      const pop = await eventually(() => a.pops.find((p) => p.callId === callId), 5000, `pop ${callId}`);
      await t.cti({ type: 'call.answered', callId, from: '+447700900001', at: new Date(rang + 10_000).toISOString() });
      await t.cti({ type: 'call.ended', callId, from: '+447700900001' });
      await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agent, body: { disposition: 'resolved' } });
      await eventually(() => a.states.at(-1)?.state === 'available', 5000, 'available again');
    };
    expect((await t.api('PUT', '/api/queue-settings/sl-queue', { token: admin, body: { ...sales, skills: [], serviceLevelSec: 5, serviceLevelTarget: 0.95 } })).status).toBe(200);
    await answeredAfterTenSeconds('qs-sl-1');
    expect(await floor()).toMatchObject({ answered: 1, answeredWithinThreshold: 0, serviceLevelSec: 5, serviceLevelTarget: 0.95 });

    expect((await t.api('PUT', '/api/queue-settings/sl-queue', { token: admin, body: { ...sales, skills: [], serviceLevelSec: 30, serviceLevelTarget: 0.95 } })).status).toBe(200);
    await answeredAfterTenSeconds('qs-sl-2');
    expect(await floor()).toMatchObject({ answered: 2, answeredWithinThreshold: 1, serviceLevelSec: 30 });
    await t.idle();
    await t.app.services.rollups.idle();
    // From the day the first call rang (20 s back: yesterday, a little after midnight) to today.
    const [from, to] = [new Date(firstRang!), new Date()].map((d) => d.toISOString().slice(0, 10));
    const report = await t.api<{ totals: { answered: number; answeredWithinThreshold: number } }>('GET', `/api/reports/queues?from=${from}&to=${to}&tz=UTC&queue=sl-queue`, { token: admin });
    expect(report.body.totals).toMatchObject({ answered: 2, answeredWithinThreshold: 1 });
    await t.api('DELETE', '/api/queue-settings/sl-queue', { token: admin });
    await t.models.User.updateOne({ username: 'agent' }, { $pull: { skills: 'sl-queue' } });
  });

  it('tells a website visitor the queue is busy while no available agent has its skills, and open once one has', async () => {
    const SHOP = 'http://skills-shop.test';
    const site = await t.api<{ id: string }>('POST', '/api/widget-sites', { token: admin, body: { name: 'Skills shop', origins: [SHOP], queue: 'chat-care' } });
    expect(site.status).toBe(201);
    // agent2 has no skills: without settings chat-care's chats are theirs.
    const b = await screen(agent2);
    await b.available();
    expect((await openVisitor(t, { site: site.body.id, origin: SHOP })).session.availability).toBe('open');

    await t.api('PUT', '/api/queue-settings/chat-care', { token: admin, body: sales });
    const { socket, session } = await openVisitor(t, { site: site.body.id, origin: SHOP });
    expect(session.availability).toBe('busy');
    const open = next<{ availability: string }>(socket, 'visitor:availability');
    const a = await screen(agent);
    await a.available();
    expect(await open).toEqual({ availability: 'open', callbacks: true });
    socket.disconnect();
  });
});
