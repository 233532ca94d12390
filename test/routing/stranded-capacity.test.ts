import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentStatus } from '../../shared/realtime/events.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
beforeAll(async () => {
  // The check of held capacity runs often here (every 30 s by default).
  t = await startTestApp({ capacityCheckMs: 100 });
  await seedFixtures(t.models);
});
afterAll(() => t.close());

it('gives back capacity held for a call that ended when the release never came (its process was killed), and only that', async () => {
  const [agent, agent2] = [await t.login('agent'), await t.login('agent2')];
  const screen = await t.agentSocket(agent.token);
  const states: AgentStatus[] = [];
  screen.socket.on('agent:state-changed', (s: AgentStatus) => states.push(s));
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.cti({ type: 'call.ringing', callId: 'stranded-1', from: '+447700900001' });
  await eventually(() => screen.pops.find((p) => p.callId === 'stranded-1'), 5000, 'pop');
  await t.cti({ type: 'call.answered', callId: 'stranded-1', from: '+447700900001' });
  await eventually(() => states.some((s) => s.state === 'on-call'), 5000, 'on a call');
  await t.idle();

  // A second agent was claimed a moment ago and their interaction is not written yet (a claim in
  // flight): their capacity must stay held. Written first, so the check that corrects the first agent
  // has read this one too.
  const userId2 = new Types.ObjectId(agent2.user.id);
  await t.models.Agent.updateOne({ userId: userId2 }, { $set: { voice: 1, claimedAt: new Date() } }, { upsert: true, setDefaultsOnInsert: true }).setOptions({ strict: false });
  // The console that answered the end was killed before releasing the agent: the call is ended in the
  // store, the agent still holds it, and the claim is minutes old.
  const userId = new Types.ObjectId(agent.user.id);
  await t.models.Interaction.updateOne({ callId: 'stranded-1' }, { $set: { state: 'ended', endedAt: new Date() } });
  await t.models.Agent.updateOne({ userId }, { $set: { claimedAt: new Date(Date.now() - 5 * 60_000) } });
  expect(await t.models.Agent.findOne({ userId }).lean()).toMatchObject({ voice: 1, state: 'on-call' });

  // Given back, and the agent's state follows the facts: after-call work for the disposition owed.
  await eventually(async () => (await t.models.Agent.findOne({ userId }).lean())?.voice === 0, 5000, 'capacity given back');
  await eventually(() => states.some((s) => s.state === 'after-call-work'), 5000, 'after-call work');
  expect(await t.models.Agent.findOne({ userId: userId2 }).lean()).toMatchObject({ voice: 1 });
  screen.socket.disconnect();
});
