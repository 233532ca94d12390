import { afterAll, beforeAll, expect, it } from 'vitest';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { type StartedCommand, commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let agent: { token: string; user: { id: string } };
beforeAll(async () => {
  // No sweep during these tests: what is offered is offered because a freed agent asked for it.
  t = await startTestApp({ queueSweepMs: 600_000 });
  await seedFixtures(t.models);
  agent = await t.login('agent');
});
afterAll(async () => t.close());

/** The drain's question: what waits for an agent (no agent, queued or answered by the platform). */
const queueReads = (started: StartedCommand[]) =>
  started.filter((c) => c.name === 'find' && c.collection === 'interactions' && (c.command.filter as Record<string, unknown> | undefined)?.agentId === null).length;

async function freed(screen: Awaited<ReturnType<TestApp['agentSocket']>>) {
  await screen.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' });
  await t.idle();
  return commandsDuring(t.models.Interaction.db, async () => {
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    await t.idle();
  });
}

it('frees an agent without asking the queue when nothing was seen waiting since it was last found empty', async () => {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  // The first freeing asks (nothing is known yet), and finds the queue empty.
  expect(queueReads(await freed(screen))).toBe(1);
  expect(queueReads(await freed(screen))).toBe(0);
  screen.socket.disconnect();
});

it('offers a call queued while nobody was free to the first agent freed, at once', async () => {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  await screen.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' });
  await t.idle();
  await t.cti({ type: 'call.ringing', callId: 'drain-queued-1', from: '+447700900001' });
  await eventually(async () => (await t.models.Interaction.findOne({ callId: 'drain-queued-1' }).lean())?.state === 'queued', 5000, 'queued');
  expect(queueReads(await freed(screen))).toBe(1);
  await eventually(() => screen.pops.find((p) => p.callId === 'drain-queued-1'), 5000, 'popped to the freed agent');
  screen.socket.disconnect();
});

it('asks the queue again after another console process changed an interaction', async () => {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  await freed(screen);
  expect(queueReads(await freed(screen))).toBe(0);
  // Another process queued a call (written there, told here by the relay).
  const other = await t.models.Interaction.create({ callId: 'drain-elsewhere-1', channel: 'voice', direction: 'inbound', from: '+447700900002', to: '+442079460000', state: 'queued', ringingAt: new Date() });
  await screen.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' });
  await t.idle();
  t.app.bus.emit('interaction:changed-elsewhere', { id: String(other._id) });
  const started = await commandsDuring(t.models.Interaction.db, async () => {
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    await eventually(() => screen.pops.find((p) => p.callId === 'drain-elsewhere-1'), 5000, 'popped to the freed agent');
  });
  expect(queueReads(started)).toBe(1);
  screen.socket.disconnect();
});
