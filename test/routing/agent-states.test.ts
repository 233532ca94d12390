import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/realtime/events.js';
import type { AgentStateChange, NotReadyReason } from '../../shared/realtime/agent-state.js';
import { hashPassword } from '../../server/auth/password.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let agentToken: string;
let agent2Token: string;
let supervisorToken: string;
let adminToken: string;
let agentId: string;

beforeAll(async () => {
  // After-call work of the `fast` queue runs out quickly; the sweep that notices it runs often.
  t = await startTestApp({ queueSweepMs: 100, afterCallWork: { limitMs: 60_000, perQueueMs: { fast: 400 }, timeoutState: 'not-ready' } });
  await seedFixtures(t.models);
  await t.models.User.create({ username: 'admin', role: 'admin', passwordHash: await hashPassword('demo') });
  const agent = await t.login('agent');
  agentToken = agent.token;
  agentId = agent.user.id;
  agent2Token = (await t.login('agent2')).token;
  supervisorToken = (await t.login('supervisor')).token;
  adminToken = (await t.login('admin')).token;
});
afterAll(() => t.close());
beforeEach(() => t.freshAgents());

/** An agent's screen that keeps every state the server pushes. */
async function screen(token: string) {
  const s = await t.agentSocket(token);
  const states: AgentStatus[] = [];
  s.socket.on('agent:state-changed', (st) => void states.push(st));
  // Each wait looks only at what was pushed after the state the previous wait found.
  let seen = 0;
  const reached = async (state: AgentStatus['state']) => {
    const at = await eventually(() => {
      const i = states.findIndex((st, n) => n >= seen && st.state === state);
      return i >= 0 ? i + 1 : null;
    }, 5000, `state ${state}`);
    seen = at;
    return states[at - 1]!;
  };
  const ask = (req: { state: 'available' } | { state: 'not-ready'; reason: string }) => s.socket.emitWithAck('agent:state', req);
  return { ...s, states, reached, ask, last: () => states.at(-1) };
}

const stored = async (username = 'agent') => (await t.models.Agent.findOne({ username }).lean())!;
const log = async (token = supervisorToken, query = `agentId=${agentId}`) => (await t.api<AgentStateChange[]>('GET', `/api/agent-states/log?${query}`, { token })).body;

async function callTo(a: Awaited<ReturnType<typeof screen>>, callId: string, queue = 'service') {
  await t.cti({ type: 'call.ringing', callId, from: '+447700900001', queue });
  return eventually(() => a.pops.find((p) => p.callId === callId), 5000, `pop ${callId}`);
}

describe('agent states', () => {
  it('takes an agent through ringing, on a call and after-call work, free again once the disposition is recorded, and logs each change', async () => {
    const a = await screen(agentToken);
    expect(await a.ask({ state: 'available' })).toHaveProperty('data.state', 'available');
    const pop = await callTo(a, 'c-day-1');
    await a.reached('offered');
    await t.cti({ type: 'call.answered', callId: 'c-day-1', from: '+447700900001' });
    await a.reached('on-call');
    await t.cti({ type: 'call.ended', callId: 'c-day-1', from: '+447700900001' });
    const acw = await a.reached('after-call-work');
    // After-call work shows when it runs out (the default limit: a minute here).
    expect(new Date(acw.acwUntil!).getTime() - new Date(acw.since).getTime()).toBe(60_000);

    // Wrap-up cannot be skipped: Available is refused with why, and nothing changes.
    const refused = await a.ask({ state: 'available' });
    expect(refused).toEqual({ error: { code: 'DISPOSITION_OWED', message: 'Record the disposition of your last call first.', params: { count: 1 } } });
    expect((await stored()).state).toBe('after-call-work');

    await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agentToken, body: { disposition: 'resolved' } });
    await eventually(() => a.last()?.state === 'available', 5000, 'available after the disposition');

    await t.idle();
    const changes = await log();
    expect(changes.map((c) => `${c.from}>${c.to}`)).toEqual(
      expect.arrayContaining(['not-ready>available', 'available>offered', 'offered>on-call', 'on-call>after-call-work', 'after-call-work>available']),
    );
    expect(changes.find((c) => c.to === 'available' && c.from === 'not-ready')).toMatchObject({ by: 'agent', username: 'agent' });
    expect(changes.find((c) => c.to === 'offered')).toMatchObject({ by: 'system' });
    a.socket.disconnect();
  });

  it('frees an agent at once when the call ends if the disposition was recorded during it', async () => {
    const a = await screen(agentToken);
    await a.ask({ state: 'available' });
    const pop = await callTo(a, 'c-early-dispo');
    await t.cti({ type: 'call.answered', callId: 'c-early-dispo', from: '+447700900001' });
    await a.reached('on-call');
    await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agentToken, body: { disposition: 'resolved' } });
    const before = a.states.length;
    await t.cti({ type: 'call.ended', callId: 'c-early-dispo', from: '+447700900001' });
    await eventually(() => a.states.slice(before).find((s) => s.state === 'available'), 5000, 'available when the call ends');
    expect(a.states.slice(before).map((s) => s.state)).not.toContain('after-call-work');
    a.socket.disconnect();
  });

  it('keeps a break chosen during a call for after it, then says why the agent is not ready', async () => {
    const a = await screen(agentToken);
    await a.ask({ state: 'available' });
    const pop = await callTo(a, 'c-break-after');
    await t.cti({ type: 'call.answered', callId: 'c-break-after', from: '+447700900001' });
    await a.reached('on-call');
    // Not ready during the call: the call goes on; the choice is kept underneath.
    const during = await a.ask({ state: 'not-ready', reason: 'lunch' });
    expect(during).toHaveProperty('data', expect.objectContaining({ state: 'on-call', presence: 'not-ready', reason: 'lunch' }));
    await t.cti({ type: 'call.ended', callId: 'c-break-after', from: '+447700900001' });
    await a.reached('after-call-work');
    await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agentToken, body: { disposition: 'resolved' } });
    const after = await a.reached('not-ready');
    expect(after).toMatchObject({ presence: 'not-ready', reason: 'lunch' });
    // No call routes to an agent on lunch.
    await t.cti({ type: 'call.ringing', callId: 'c-while-lunch', from: '+447700900002', queue: 'service' });
    await eventually(async () => (await t.models.Interaction.findOne({ callId: 'c-while-lunch' }).lean())?.state === 'queued', 5000, 'queued');
    expect(a.pops.find((p) => p.callId === 'c-while-lunch')).toBeUndefined();
    // Back from lunch: the waiting call comes at once.
    await a.ask({ state: 'available' });
    await eventually(() => a.pops.find((p) => p.callId === 'c-while-lunch'), 5000, 'the queued call after lunch');
    await t.cti({ type: 'call.ended', callId: 'c-while-lunch', from: '+447700900002' });
    a.socket.disconnect();
  });

  it('ends after-call work that runs past its queue’s limit: the agent becomes not ready (after-call work timed out)', async () => {
    const a = await screen(agentToken);
    await a.ask({ state: 'available' });
    await callTo(a, 'c-slow-wrap', 'fast');
    await t.cti({ type: 'call.answered', callId: 'c-slow-wrap', from: '+447700900001' });
    await t.cti({ type: 'call.ended', callId: 'c-slow-wrap', from: '+447700900001' });
    const acw = await a.reached('after-call-work');
    expect(new Date(acw.acwUntil!).getTime() - new Date(acw.since).getTime()).toBe(400);
    const timedOut = await a.reached('not-ready');
    expect(timedOut).toMatchObject({ reason: 'acw-timeout' });
    expect(new Date(timedOut.since).getTime()).toBeGreaterThanOrEqual(new Date(acw.acwUntil!).getTime());
    // The owed disposition no longer holds the agent: Available is allowed.
    expect(await a.ask({ state: 'available' })).toHaveProperty('data.state', 'available');
    await t.idle();
    expect((await log()).find((c) => c.reason === 'acw-timeout')).toMatchObject({ from: 'after-call-work', to: 'not-ready', by: 'system' });
    a.socket.disconnect();
  });

  it('shows agents on calls as on a call on the board, never as available', async () => {
    const a = await screen(agentToken);
    const b = await screen(agent2Token);
    await a.ask({ state: 'available' });
    await b.ask({ state: 'available' });
    await callTo(a, 'c-board-1');
    await t.cti({ type: 'call.ringing', callId: 'c-board-2', from: '+447700900002', queue: 'service' });
    await eventually(() => b.pops.find((p) => p.callId === 'c-board-2'), 5000, 'second pop');
    await t.cti({ type: 'call.answered', callId: 'c-board-1', from: '+447700900001' });
    await t.cti({ type: 'call.answered', callId: 'c-board-2', from: '+447700900002' });
    await a.reached('on-call');
    await b.reached('on-call');
    const sup = await t.agentSocket(supervisorToken);
    const snap = await sup.socket.emitWithAck('supervision:subscribe', {});
    if (!('data' in snap)) throw new Error(JSON.stringify(snap));
    const board = snap.data.agents.filter((x) => x.username === 'agent' || x.username === 'agent2');
    expect(board.map((x) => x.state)).toEqual(['on-call', 'on-call']);
    for (const id of ['c-board-1', 'c-board-2']) await t.cti({ type: 'call.ended', callId: id, from: '+447700900001' });
    sup.socket.disconnect();
    a.socket.disconnect();
    b.socket.disconnect();
  });

  it('gives a chatting agent more chats up to capacity but no call, and shows them on chat', async () => {
    const a = await screen(agentToken);
    await a.ask({ state: 'available' });
    await t.cti({ type: 'chat.started', callId: 'chat-s-1', from: 'one@example.com', queue: 'chat' });
    await a.reached('on-chat');
    await t.cti({ type: 'chat.started', callId: 'chat-s-2', from: 'two@example.com', queue: 'chat' });
    await eventually(() => a.pops.find((p) => p.callId === 'chat-s-2'), 5000, 'a second chat to the same agent');
    await t.cti({ type: 'call.ringing', callId: 'c-not-while-chatting', from: '+447700900003', queue: 'service' });
    await eventually(async () => (await t.models.Interaction.findOne({ callId: 'c-not-while-chatting' }).lean())?.state === 'queued', 5000, 'the call waits');
    expect((await stored()).state).toBe('on-chat');
    await t.cti({ type: 'call.ended', callId: 'c-not-while-chatting', from: '+447700900003' });
    for (const id of ['chat-s-1', 'chat-s-2']) await t.cti({ type: 'chat.ended', callId: id, from: 'x@example.com' });
    await a.reached('after-call-work');
    a.socket.disconnect();
  });

  it('lets an agent pick only an active not-ready reason an admin configured', async () => {
    const a = await screen(agentToken);
    const reasons = (await t.api<NotReadyReason[]>('GET', '/api/agent-states/reasons', { token: agentToken })).body;
    expect(reasons.map((r) => r.code)).toEqual(['break', 'lunch', 'training', 'coaching', 'meeting', 'other']);
    expect(await a.ask({ state: 'not-ready', reason: 'training' })).toHaveProperty('data.reason', 'training');
    // System reasons and unknown ones are refused with why; the state stays.
    for (const reason of ['acw-timeout', 'login', 'gardening'])
      expect(await a.ask({ state: 'not-ready', reason })).toEqual({ error: { code: 'REASON_NOT_ALLOWED', message: `"${reason}" is not a not-ready reason you can pick`, params: { reason } } });
    expect(await a.ask({ state: 'not-ready', reason: 'NOT A CODE' } as never)).toHaveProperty('error.code', 'BAD_REQUEST');
    expect((await stored()).reason).toBe('training');

    // Agents cannot change the list; an admin can (audited): a reason left out is archived.
    const list = [
      { code: 'break', label: 'Short break', active: true },
      { code: 'one-to-one', label: 'One-to-one', active: true },
    ];
    expect((await t.api('PUT', '/api/agent-states/reasons', { token: agentToken, body: list })).status).toBe(403);
    expect((await t.api('PUT', '/api/agent-states/reasons', { token: adminToken, body: [...list, list[0]] })).body).toMatchObject({ error: { message: 'reason "break" is listed twice' } });
    expect((await t.api('PUT', '/api/agent-states/reasons', { token: adminToken, body: [{ code: 'missed', label: 'x', active: true }] })).status).toBe(400);
    expect((await t.api('PUT', '/api/agent-states/reasons', { token: adminToken, body: [{ code: 'Bad Code', label: 'x', active: true }] })).status).toBe(400);
    const changed = await t.api<NotReadyReason[]>('PUT', '/api/agent-states/reasons', { token: adminToken, body: list });
    expect(changed.status).toBe(200);
    expect(changed.body.filter((r) => r.active).map((r) => r.code)).toEqual(['break', 'one-to-one']);
    expect(changed.body.find((r) => r.code === 'training')).toMatchObject({ active: false });
    await t.idle();
    const audit = await t.api<{ items: Array<{ actor: { username: string }; entity: { type: string } }> }>('GET', '/api/audit?action=not-ready-reasons.changed', { token: adminToken });
    expect(audit.body.items).toEqual([expect.objectContaining({ actor: expect.objectContaining({ username: 'admin' }), entity: { type: 'setting', id: 'not-ready-reasons' } })]);
    // Kept for a few seconds by each process; this one learnt at once.
    expect(await a.ask({ state: 'not-ready', reason: 'one-to-one' })).toHaveProperty('data.reason', 'one-to-one');
    expect(await a.ask({ state: 'not-ready', reason: 'training' })).toHaveProperty('error.code', 'REASON_NOT_ALLOWED');
    a.socket.disconnect();
  });

  it('shows agents their own state log only, and exports it as CSV for supervisors', async () => {
    const a = await screen(agentToken);
    await a.ask({ state: 'available' });
    await a.ask({ state: 'not-ready', reason: 'break' });
    await t.idle();
    const own = await t.api<AgentStateChange[]>('GET', '/api/agent-states/log', { token: agentToken });
    expect(own.status).toBe(200);
    expect(own.body.every((c) => c.username === 'agent')).toBe(true);
    expect((await t.api('GET', `/api/agent-states/log?agentId=${agentId}`, { token: agent2Token })).status).toBe(403);
    expect((await t.api('GET', '/api/agent-states/log?from=yesterday', { token: supervisorToken })).status).toBe(400);
    const res = await fetch(`${t.base}/api/agent-states/log?format=csv&agentId=${agentId}`, { headers: { authorization: `Bearer ${supervisorToken}` } });
    expect(res.headers.get('content-type')).toContain('text/csv');
    const lines = (await res.text()).trim().split('\n');
    expect(lines[0]).toBe('at,username,from,to,reason,by');
    expect(lines.some((l) => l.endsWith(',available,not-ready,break,agent'))).toBe(true);
    a.socket.disconnect();
  });
});
