import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const settle = async () => {
  await t.idle();
  await t.app.services.rollups.idle();
};
const nextTurn = () => new Promise((next) => setImmediate(next));
const changed = (a: Types.ObjectId) => t.app.bus.emit('agent:changed', { agentUserId: String(a) });
const logged = (a: Types.ObjectId) => t.models.AgentStateLog.create({ userId: a, username: 'x', from: 'not-ready', to: 'available', at: new Date(), by: 'system' });

it('gathers changes arriving after a round, within its pace, into the next round', async () => {
  const agents = Array.from({ length: 12 }, () => new Types.ObjectId());
  for (const a of agents) await logged(a);
  await settle();
  const started = await commandsDuring(t.models.Interaction.db, async () => {
    // One change is written in a round of its own (the last one is long past)...
    changed(agents[0]);
    await settle();
    // ...the others arrive 20 ms apart, as a busy floor's do: without pacing each was a round of its
    // own (cursors read, log entries read, rollups and cursors written), here they wait for the next.
    for (const a of agents.slice(1)) {
      changed(a);
      await new Promise((arrives) => setTimeout(arrives, 20));
    }
    await settle();
  });
  const rounds = started.filter((c) => c.collection === 'reportagentcursors' && c.name === 'find').length;
  // Two rounds: the first agent's, then everyone else's together (a machine stalled past the pace
  // could split them once more).
  expect(rounds).toBeGreaterThanOrEqual(2);
  expect(rounds).toBeLessThanOrEqual(3);
  const cursors = await t.app.services.rollups.cursors(agents.map(String));
  expect(cursors).toHaveLength(agents.length);
});

it('dates the reports from the oldest change not yet written, and from now once everything is', async () => {
  const a = new Types.ObjectId();
  await logged(a);
  await settle();
  // A round now, so the next change waits for its pace.
  changed(new Types.ObjectId());
  await nextTurn();
  const before = Date.now();
  changed(a);
  await nextTurn();
  const waiting = t.app.services.rollups.asOf().getTime();
  expect(waiting).toBeLessThanOrEqual(before + 1);
  await settle();
  expect(t.app.services.rollups.asOf().getTime()).toBeGreaterThanOrEqual(Date.now() - 50);
});
