import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/realtime/events.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
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

/** Reads of agents' interactions (routing's facts: their open work, what they owe; the queue's agentless ones are not). */
const workReadsIn = (started: StartedCommand[]) =>
  started.filter((c) => c.name === 'find' && c.collection === 'interactions' && (c.command.filter as { agentId?: unknown } | undefined)?.agentId != null).length;

/** The agent's screen, with everyone's earlier work ended, set available; `states` collects what it is told. */
async function availableScreen() {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  const states: AgentStatus[] = [];
  screen.socket.on('agent:state-changed', (s: AgentStatus) => states.push(s));
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.idle();
  return { screen, states, userId: new Types.ObjectId(agent.user.id) };
}

it("offers a call to its agent in the claim's own write: no read of their open work, one write of the agent", async () => {
  const { screen, states, userId } = await availableScreen();
  const started = await commandsDuring(t.models.Interaction.db, async () => {
    await t.cti({ type: 'call.ringing', callId: 'carried-1', from: '+447700900001' });
    await eventually(() => screen.pops.find((p) => p.callId === 'carried-1'), 5000, 'pop');
    await eventually(() => states.some((s) => s.state === 'offered'), 5000, 'offered, as the screen is told');
    await t.idle();
  });
  const agentWrites = started.filter((c) => ['update', 'findAndModify'].includes(c.name) && c.collection === 'agents');
  expect(agentWrites).toHaveLength(1);
  expect(workReadsIn(started)).toBe(0);
  const stored = await t.models.Agent.findOne({ userId }).lean();
  expect(stored).toMatchObject({ state: 'offered', voice: 1 });
  // Logged as any change of state is, from what the agent was to what the claim made them.
  const logged = await t.models.AgentStateLog.find({ userId }).sort({ at: -1 }).limit(1).lean();
  expect(logged[0]).toMatchObject({ from: 'available', to: 'offered', by: 'system' });
  expect(logged[0].at.getTime()).toBe(stored!.stateSince.getTime());

  // Answered: the call decides the state alone (on a call), so the agent's other open work is not read.
  const answered = await commandsDuring(t.models.Interaction.db, async () => {
    await t.cti({ type: 'call.answered', callId: 'carried-1', from: '+447700900001' });
    await eventually(() => states.some((s) => s.state === 'on-call'), 5000, 'on a call');
    await t.idle();
  });
  expect(workReadsIn(answered)).toBe(0);
  expect(answered.filter((c) => ['update', 'findAndModify'].includes(c.name) && c.collection === 'agents')).toHaveLength(1);
  // Then ended into after-call work, the capacity given back.
  const ended = await commandsDuring(t.models.Interaction.db, async () => {
    await t.cti({ type: 'call.ended', callId: 'carried-1', from: '+447700900001' });
    await eventually(() => states.some((s) => s.state === 'after-call-work'), 5000, 'after-call work');
    await t.idle();
  });
  // The call was all the work the agent's counts held, and it is owed a disposition: the end decides the
  // state alone, with no read of their work, in one write of the agent (their capacity given back with it).
  expect(workReadsIn(ended)).toBe(0);
  expect(ended.filter((c) => ['update', 'findAndModify'].includes(c.name) && c.collection === 'agents')).toHaveLength(1);
  const wrapping = await t.models.Agent.findOne({ userId }).lean();
  expect(wrapping).toMatchObject({ state: 'after-call-work', voice: 0, chats: 0 });
  // The after-call work clock runs from the end, as when what is owed was read.
  expect(wrapping!.acwUntil!.getTime()).toBeGreaterThan(wrapping!.stateSince.getTime());
  expect(states.at(-1)).toMatchObject({ state: 'after-call-work', acwUntil: wrapping!.acwUntil!.toISOString() });
  screen.socket.disconnect();
});

it("decides a call's end from the stored agent when their counts changed meanwhile (a chat claimed for them is offered work)", async () => {
  const { screen, states, userId } = await availableScreen();
  await t.cti({ type: 'call.ringing', callId: 'carried-2', from: '+447700900001' });
  await eventually(() => screen.pops.find((p) => p.callId === 'carried-2'), 5000, 'pop');
  await t.cti({ type: 'call.answered', callId: 'carried-2', from: '+447700900001' });
  await eventually(() => states.some((s) => s.state === 'on-call'), 5000, 'on a call');
  await t.idle();
  // Another process claims a chat for the agent (its counts only, the chat's own write not landed yet):
  // this process's view of the agent still holds the call alone.
  const claimedAt = new Date();
  await t.models.Agent.collection.updateOne({ userId }, { $inc: { chats: 1 }, $set: { claimedAt } });
  const ended = await commandsDuring(t.models.Interaction.db, async () => {
    await t.cti({ type: 'call.ended', callId: 'carried-2', from: '+447700900001' });
    await eventually(() => states.some((s) => s.state === 'offered' && s.voice === 0), 5000, 'offered the chat');
    await t.idle();
  });
  // The write decided from the remembered counts finds them changed: the agent is read again, and with a
  // chat held their work is read too.
  expect(workReadsIn(ended)).toBe(1);
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'offered', voice: 0, chats: 1 });
  expect(states.map((s) => s.state)).not.toContain('after-call-work');
  await t.models.Agent.collection.updateOne({ userId }, { $set: { chats: 0, claimedAt: new Date(0) } });
  screen.socket.disconnect();
});

it('gives the agent back as they were when the call was taken by someone else between the two claims', async () => {
  const { screen, states, userId } = await availableScreen();
  const before = await t.models.Agent.findOne({ userId }).lean();
  // A call another console process gave to someone else a moment ago: this process's view of it is
  // still "waiting", so routing claims this agent and then loses the call's own claim.
  const taken = await t.models.Interaction.create({
    callId: 'carried-lost',
    channel: 'voice',
    direction: 'inbound',
    from: '+447700900001',
    to: '+442079460000',
    state: 'offered',
    agentId: new Types.ObjectId(),
    agentName: 'someone-else',
  });
  const waiting = { ...(taken.toObject() as unknown as InteractionDoc), state: 'ringing' as const, agentId: null };
  expect(await t.app.services.routing.assign(waiting)).toBe(false);
  await t.idle();
  const after = await t.models.Agent.findOne({ userId }).lean();
  expect(after).toMatchObject({ state: 'available', voice: 0 });
  expect(after!.stateSince.getTime()).toBe(before!.stateSince.getTime());
  // Never offered, so never told.
  expect(states.map((s) => s.state)).not.toContain('offered');
  screen.socket.disconnect();
});

it('keeps an agent offered when their state is decided between a claim and its call (the claim is work)', async () => {
  const { screen, states, userId } = await availableScreen();
  // The claim has written the agent (offered, one call held) and the call's own write has not landed.
  const claimedAt = new Date();
  await t.models.Agent.collection.updateOne({ userId }, { $set: { state: 'offered', stateSince: claimedAt, claimedAt, voice: 1 } });
  states.length = 0;
  // The agent asks for a break meanwhile: taken, and it waits for the work, as during any call.
  const told = (await screen.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' })) as { data?: AgentStatus };
  expect(told.data).toMatchObject({ state: 'offered', presence: 'not-ready' });
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'offered', presence: 'not-ready', reason: 'break', voice: 1 });
  expect(states.map((s) => s.state)).not.toContain('not-ready');

  // A minute later with no call written, the claim is stranded, not work: the capacity check gives it back.
  await t.models.Agent.collection.updateOne({ userId }, { $set: { claimedAt: new Date(Date.now() - 5 * 60_000) } });
  expect(await t.app.services.routing.giveBackStrandedCapacity()).toBe(1);
  await eventually(() => states.some((s) => s.state === 'not-ready'), 5000, 'not ready, as chosen');
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'not-ready', voice: 0 });
  screen.socket.disconnect();
});
