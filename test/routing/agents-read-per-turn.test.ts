import { Types } from 'mongoose';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus } from '../../server/events.js';
import { createInteractionRepository } from '../../server/interactions/interaction.repository.js';
import { createBackground } from '../../server/ops/background.js';
import { createRoutingService } from '../../server/routing/routing.service.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let agentIds: string[];
beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  agentIds = await Promise.all(['agent', 'agent2'].map(async (name) => (await t.login(name)).user.id));
  // Both connected once, in another process's memory: this test's routing knows neither.
  for (const id of agentIds)
    await t.models.Agent.create({
      userId: new Types.ObjectId(id),
      username: id,
      connections: 1,
      state: 'not-ready',
      stateSince: new Date(),
      idleSince: new Date(),
      presence: 'not-ready',
      reason: 'break',
      voice: 0,
      chats: 0,
    });
});
afterAll(async () => t.close());

/** Routing as a second console process has it: its own memory of agents, the same database. */
function anotherProcessRouting() {
  const logger = pino({ level: 'silent' });
  const bus = new EventBus();
  return createRoutingService({
    models: t.models,
    interactions: createInteractionRepository(t.models, bus),
    bus,
    background: createBackground(logger),
    logger,
    processId: 'other',
    afterCallWork: t.config.afterCallWork,
    isReason: async () => true,
  });
}

it("reads the agents whose state two changes in one turn bring up to date in one command, and an id that is no agent's fails only its own caller", async () => {
  const routing = anotherProcessRouting();
  const ended = { channel: 'voice' as const, state: 'ended' as const, queue: null, endedAt: new Date(), connectedAt: null, wrappedUpAt: null, createdAt: new Date() };
  let outcomes: PromiseSettledResult<unknown>[] = [];
  const commands = await commandsDuring(t.models.Interaction.db, async () => {
    outcomes = await Promise.allSettled([
      routing.release({ ...ended, agentId: new Types.ObjectId(agentIds[0]) }),
      routing.release({ ...ended, agentId: new Types.ObjectId(agentIds[1]) }),
      routing.release({ ...ended, agentId: 'not-an-agent' as unknown as Types.ObjectId }),
    ]);
  });
  const reads = commands.filter((c) => c.name === 'find' && c.collection === 'agents');
  expect(reads).toHaveLength(1);
  expect((reads[0].command.filter as { userId: { $in: unknown[] } }).userId.$in.map(String).sort()).toEqual([...agentIds].sort());
  expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
  expect((outcomes[2] as PromiseRejectedResult).reason).toMatchObject({ status: 400, message: 'not an agent id: not-an-agent' });
});
