import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
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
  // Reconciliation reads the agent by user id (routing's other reads look for anyone available).
  const agentReads = started.filter((c) => c.name === 'find' && c.collection === 'agents' && (c.command.filter as Record<string, unknown> | undefined)?.userId).length;
  // One reconciliation started at once, and one more for everything asked while it waited (not ten).
  expect(agentReads).toBeGreaterThanOrEqual(1);
  expect(agentReads).toBeLessThanOrEqual(2);
  screen.socket.disconnect();
});
