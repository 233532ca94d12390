import { Types } from 'mongoose';
import type { AgentStatus } from '../../shared/realtime/events.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

it('brings an agent\'s state up to date once for a burst of changes to their work, from the facts after the burst', async () => {
  const screen = await t.agentSocket(agent.token);
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.idle();
  const agentId = new Types.ObjectId(agent.user.id);
  // Ten calls given to the agent at once, as a busy floor's writes arrive.
  const docs: InteractionDoc[] = [];
  for (let n = 0; n < 10; n++) {
    const doc = await t.models.Interaction.create({ callId: `burst-${n}`, channel: 'voice', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'active', agentId, answeredAt: new Date(), connectedAt: new Date() });
    docs.push(doc.toObject() as unknown as InteractionDoc);
  }
  const states: string[] = [];
  screen.socket.on('agent:state-changed', (status) => states.push(status.state));
  const started = await commandsDuring(t.models.Interaction.db, async () => {
    for (const doc of docs) t.app.bus.emit('interaction:changed', { id: String(doc._id), cause: 'assigned', doc });
    // The state follows the facts written before the burst was published: on a call.
    await eventually(() => states.includes('on-call'), 5000, 'on a call');
    await t.idle();
  });
  // A reconciliation reads the agent by user id, or starts from what this process last wrote of them
  // and writes by compare-and-set on their state (routing's other commands look for anyone available).
  const filterOf = (c: (typeof started)[number]) => (c.command.filter ?? c.command.query) as Record<string, unknown> | undefined;
  const reads = started.filter((c) => c.name === 'find' && c.collection === 'agents' && filterOf(c)?.userId).length;
  const decisions = started.filter((c) => c.name === 'findAndModify' && c.collection === 'agents' && filterOf(c)?.stateSince).length;
  // One reconciliation started at once, and at most one more for everything asked while it waited (not ten).
  expect(decisions).toBe(1);
  expect(reads).toBeLessThanOrEqual(1);
  screen.socket.disconnect();
});

it("reads an agent's open work and what they owe in one command, and not at all where the call or its end decides alone", async () => {
  const screen = await t.agentSocket(agent.token);
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.freshAgents();
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.idle();
  // Routing's reads of the agent's interactions (not the queue's, which have no agent), and how many of
  // them asked for what is owed (ended, not wrapped up), alone or with the open work.
  const reads = async (fn: () => Promise<unknown>) => {
    const found = (
      await commandsDuring(t.models.Interaction.db, async () => {
        await fn();
        await t.idle();
      })
    ).filter((c) => c.name === 'find' && c.collection === 'interactions' && (c.command.filter as { agentId?: unknown })?.agentId != null);
    return { reads: found.length, owed: found.filter((c) => JSON.stringify(c.command.filter).includes('"wrappedUpAt":null')).length };
  };
  const states: string[] = [];
  screen.socket.on('agent:state-changed', (status) => states.push(status.state));
  // Offered and answered: the call decides (ringing, then on a call); nothing is read.
  expect(await reads(() => t.cti({ type: 'call.ringing', callId: 'owed-1', from: '+447700900001' }))).toEqual({ reads: 0, owed: 0 });
  await eventually(() => screen.pops.find((p) => p.callId === 'owed-1'), 5000, 'pop');
  expect(await reads(() => t.cti({ type: 'call.answered', callId: 'owed-1', from: '+447700900001' }))).toEqual({ reads: 0, owed: 0 });
  await eventually(() => states.includes('on-call'), 5000, 'on a call');
  // Ended: it was all the agent held, and it is owed, so after-call work follows from the end; nothing is read.
  expect(await reads(() => t.cti({ type: 'call.ended', callId: 'owed-1', from: '+447700900001' }))).toEqual({ reads: 0, owed: 0 });
  await eventually(() => states.includes('after-call-work'), 5000, 'after-call work');
  // Its disposition recorded: whether anything is open or still owed, in one command (nothing: available again).
  const id = screen.pops.find((p) => p.callId === 'owed-1')!.interactionId;
  expect(await reads(() => t.api('PATCH', `/api/interactions/${id}`, { token: agent.token, body: { disposition: 'no-action' } }))).toEqual({ reads: 1, owed: 1 });
  await eventually(() => states.at(-1) === 'available', 5000, 'available after the wrap-up');
  screen.socket.disconnect();
});

const agentReads = (started: StartedCommand[]) =>
  started.filter((c) => c.name === 'find' && c.collection === 'agents' && (c.command.filter as Record<string, unknown> | undefined)?.userId).length;
async function during(fn: () => Promise<unknown>) {
  return commandsDuring(t.models.Interaction.db, async () => {
    await fn();
    await t.idle();
  });
}
/** The agent's screen, with everyone's earlier work ended, set available; `states` collects what it is told. */
async function availableScreen() {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  const states: string[] = [];
  screen.socket.on('agent:state-changed', (s: AgentStatus) => states.push(s.state));
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.idle();
  return { screen, states };
}

it("follows an agent through a call from this process's own writes of their state, without reading the agent again", async () => {
  const { screen, states } = await availableScreen();

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
  const { screen, states } = await availableScreen();
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

it("gives a call's capacity back in the same write as the state its end leads to", async () => {
  const { screen, states } = await availableScreen();
  const userId = new Types.ObjectId(agent.user.id);
  await t.cti({ type: 'call.ringing', callId: 'release-1', from: '+447700900001' });
  await eventually(() => screen.pops.find((p) => p.callId === 'release-1'), 5000, 'pop');
  await t.cti({ type: 'call.answered', callId: 'release-1', from: '+447700900001' });
  await eventually(() => states.includes('on-call'), 5000, 'on a call');
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ voice: 1 });
  const ended = await during(async () => {
    await t.cti({ type: 'call.ended', callId: 'release-1', from: '+447700900001' });
    await eventually(() => states.includes('after-call-work'), 5000, 'after-call work');
  });
  const agentWrites = ended.filter((c) => ['update', 'findAndModify'].includes(c.name) && c.collection === 'agents');
  expect(agentWrites).toHaveLength(1);
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'after-call-work', voice: 0 });
  screen.socket.disconnect();
});

it("gives a chat's place back even when the agent's state stays as it was (another chat still open)", async () => {
  const { screen } = await availableScreen();
  const userId = new Types.ObjectId(agent.user.id);
  // Two chats taken, one ends: still chatting, one place free again (and told to the floor).
  for (const n of [1, 2]) {
    await t.cti({ type: 'chat.started', channel: 'chat', callId: `release-chat-${n}`, from: `visitor${n}@example.com` });
    await eventually(() => screen.pops.find((p) => p.callId === `release-chat-${n}`), 5000, `chat ${n} popped`);
  }
  await eventually(async () => (await t.models.Agent.findOne({ userId }).lean())?.chats === 2, 5000, 'two chats held');
  const told: AgentStatus[] = [];
  screen.socket.on('agent:state-changed', (s: AgentStatus) => told.push(s));
  await t.cti({ type: 'chat.ended', channel: 'chat', callId: 'release-chat-1', from: 'visitor1@example.com' });
  await eventually(() => told.some((s) => s.chats === 1), 5000, 'one chat held, as the floor is told');
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ state: 'on-chat', chats: 1 });
  screen.socket.disconnect();
});
