import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchedPerTurn } from '../../server/db/batched-per-turn.js';
import { createModels, ensureIndexes, type Models } from '../../server/db/models.js';
import { EventBus } from '../../server/events.js';
import { createInteractionRepository } from '../../server/interactions/interaction.repository.js';
import { commandsDuring } from '../support/commands.js';
import { freshDatabase } from '../support/mongo.js';

let db: Awaited<ReturnType<typeof freshDatabase>>;
let models: Models;
beforeAll(async () => {
  db = await freshDatabase('reads');
  models = createModels(db.conn);
  await ensureIndexes(models);
});
afterAll(() => db.drop());

const interactionFinds = (commands: Awaited<ReturnType<typeof commandsDuring>>) => commands.filter((c) => c.name === 'find' && c.collection === 'interactions');
const turn = () => new Promise((r) => setImmediate(r));

describe('reads gathered per turn of the event loop', () => {
  it("reads the open work of every agent asked about in one turn with one command, each agent answered with their own", async () => {
    const repo = createInteractionRepository(models, new EventBus());
    const agents = Array.from({ length: 6 }, () => new Types.ObjectId());
    const t0 = new Date();
    // Agent k has k open interactions (voice first, then chats) and one ended one.
    await models.Interaction.insertMany(
      agents.flatMap((agentId, k) => [
        ...Array.from({ length: k }, (_, n) => ({ callId: `open-${k}-${n}`, channel: n ? 'chat' : 'voice', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: n % 2 ? 'offered' : 'active', agentId, ringingAt: t0 })),
        { callId: `done-${k}`, channel: 'voice', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'ended', agentId, ringingAt: t0, endedAt: t0 },
      ]),
    );
    let answers: Awaited<ReturnType<typeof repo.openOf>>[] = [];
    const commands = await commandsDuring(db.conn, async () => {
      answers = await Promise.all(agents.map((a) => repo.openOf(a)));
    });
    expect(interactionFinds(commands)).toHaveLength(1);
    expect(answers.map((open) => open.length)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(answers[3].map((i) => [i.channel, i.state]).sort()).toEqual([['chat', 'active'], ['chat', 'offered'], ['voice', 'active']]);
    // Asked in different turns: a command each.
    const apart = await commandsDuring(db.conn, async () => {
      const first = repo.openOf(agents[1]);
      await turn();
      await Promise.all([first, repo.openOf(agents[2])]);
    });
    expect(interactionFinds(apart)).toHaveLength(2);
  });

  it('answers what each agent owes from their own window, newest end first, at most 50, in one command', async () => {
    const repo = createInteractionRepository(models, new EventBus());
    const [many, recent, none] = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 9, min));
    const ended = (agentId: Types.ObjectId, n: number, extra: Record<string, unknown> = {}) => ({
      callId: `owed-${String(agentId)}-${n}`,
      channel: 'voice',
      direction: 'inbound',
      from: '+447700900001',
      to: '+442079460000',
      queue: `q${n}`,
      state: 'ended',
      agentId,
      connectedAt: at(n),
      endedAt: at(n),
      ...extra,
    });
    await models.Interaction.insertMany([
      ...Array.from({ length: 55 }, (_, n) => ended(many, n)),
      ended(recent, 1),
      ended(recent, 2, { wrappedUpAt: at(3) }), // recorded: not owed
      ended(recent, 3, { connectedAt: null }), // never reached the agent: not owed
      ended(none, 1),
    ]);
    const stored = await models.Interaction.find({ agentId: recent }, { createdAt: 1 }).lean();
    const createdAt = stored[0].createdAt as Date;
    let answers: Awaited<ReturnType<typeof repo.owedBy>>[] = [];
    const commands = await commandsDuring(db.conn, async () => {
      answers = await Promise.all([repo.owedBy(many, new Date(0)), repo.owedBy(recent, new Date(0)), repo.owedBy(none, new Date(createdAt.getTime() + 60_000))]);
    });
    expect(interactionFinds(commands)).toHaveLength(1);
    expect(answers[0]).toHaveLength(50);
    expect(answers[0].slice(0, 2)).toEqual([{ queue: 'q54', endedAt: at(54) }, { queue: 'q53', endedAt: at(53) }]);
    expect(answers[1]).toEqual([{ queue: 'q1', endedAt: at(1) }]);
    // Stored before this agent's window (waived): nothing owed.
    expect(answers[2]).toEqual([]);
  });

  it('fails only the caller whose answer is an error; a read that fails fails every caller of its turn', async () => {
    const read = batchedPerTurn(async (keys: readonly number[]) => keys.map((k) => (k < 0 ? new Error(`no ${k}`) : k * 2)));
    const settled = await Promise.allSettled([read(1), read(-1), read(3)]);
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual([2, 'no -1', 6]);
    const broken = batchedPerTurn(async (keys: readonly number[]): Promise<number[]> => {
      throw new Error(`database unreachable (${keys.length} reads)`);
    });
    const failed = await Promise.allSettled([broken(1), broken(2)]);
    expect(failed.map((s) => s.status === 'rejected' && (s.reason as Error).message)).toEqual(['database unreachable (2 reads)', 'database unreachable (2 reads)']);
  });
});
