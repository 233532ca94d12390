import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/realtime/events.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { type StartedCommand, commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let agent: { token: string; user: { id: string } };
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  agent = await t.login('agent');
});
afterAll(async () => t.close());

const agentReads = (started: StartedCommand[]) =>
  started.filter((c) => c.name === 'find' && c.collection === 'agents' && (c.command.filter as Record<string, unknown> | undefined)?.userId).length;
async function during(fn: () => Promise<unknown>) {
  return commandsDuring(t.models.Interaction.db, async () => {
    await fn();
    await t.idle();
  });
}

it("follows an agent through a call from this process's own writes of their state, without reading the agent again", async () => {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  const states: string[] = [];
  screen.socket.on('agent:state-changed', (s: AgentStatus) => states.push(s.state));
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.idle();

  const offered = await during(async () => {
    await t.cti({ type: 'call.ringing', callId: 'remembered-1', from: '+447700900001' });
    await eventually(() => screen.pops.find((p) => p.callId === 'remembered-1'), 5000, 'pop');
  });
  const answered = await during(async () => {
    await t.cti({ type: 'call.answered', callId: 'remembered-1', from: '+447700900001' });
    await eventually(() => states.includes('on-call'), 5000, 'on a call');
  });
  const ended = await during(async () => {
    await t.cti({ type: 'call.ended', callId: 'remembered-1', from: '+447700900001' });
    await eventually(() => states.includes('after-call-work'), 5000, 'after-call work');
  });
  expect([agentReads(offered), agentReads(answered), agentReads(ended)]).toEqual([0, 0, 0]);
  const stored = await t.models.Agent.findOne({ userId: new Types.ObjectId(agent.user.id) }).lean();
  expect(stored).toMatchObject({ state: 'after-call-work', presence: 'available' });
  screen.socket.disconnect();
});

it('decides from the stored agent when another process changed them since this one wrote', async () => {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  const states: string[] = [];
  screen.socket.on('agent:state-changed', (s: AgentStatus) => states.push(s.state));
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.idle();
  // Another console process (the agent's second screen) set them not ready for a break meanwhile.
  const userId = new Types.ObjectId(agent.user.id);
  await t.models.Agent.collection.updateOne({ userId }, { $set: { state: 'not-ready', presence: 'not-ready', reason: 'break', stateSince: new Date() } });
  // A call is given to them anyway (a direct transfer to them): the state follows the facts as stored.
  const call = await t.models.Interaction.create({ callId: 'remembered-2', channel: 'voice', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'active', agentId: userId, answeredAt: new Date(), connectedAt: new Date() });
  const started = await during(async () => {
    t.app.bus.emit('interaction:changed', { id: String(call._id), cause: 'assigned', doc: call.toObject() as never });
    await eventually(() => states.includes('on-call'), 5000, 'on a call');
  });
  // The decision from what this process knew (available) was refused, and taken again from the store.
  expect(agentReads(started)).toBe(1);
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'on-call', presence: 'not-ready', reason: 'break' });

  // Nothing to change by what this process knew (on a call, still on it) is checked against the store
  // too: another process had written the agent as in after-call work.
  await t.models.Agent.collection.updateOne({ userId }, { $set: { state: 'after-call-work', stateSince: new Date() } });
  states.length = 0;
  const unchanged = await during(async () => {
    t.app.bus.emit('interaction:changed', { id: String(call._id), cause: 'assigned', doc: call.toObject() as never });
    await eventually(() => states.includes('on-call'), 5000, 'on a call again');
  });
  expect(agentReads(unchanged)).toBe(1);
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'on-call', presence: 'not-ready', reason: 'break' });
  screen.socket.disconnect();
});
