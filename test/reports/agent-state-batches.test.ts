import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AgentLiveState } from '../../shared/realtime/agent-state.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const at = (hhmm: string) => new Date(`2026-04-02T${hhmm}:00Z`);
const settle = async () => {
  await t.idle();
  await t.app.services.rollups.idle();
};

/** Commands on the state log and the agents' cursors while `fn` runs and the rollups settle. */
async function stateCommands(fn: () => Promise<unknown>): Promise<number> {
  await settle();
  const started = await commandsDuring(t.models.Interaction.db, async () => {
    await fn();
    await settle();
  });
  return started.filter((c) => c.collection === 'agentstatelog' || c.collection === 'reportagentcursors').length;
}

const log = (userId: Types.ObjectId, from: AgentLiveState, to: AgentLiveState, time: string, reason?: string) =>
  t.models.AgentStateLog.create({ userId, username: 'x', from, to, reason, at: at(time), by: 'system' });
/** The agent's time summed in each state on the day, from the rollups. */
async function summed(userId: Types.ObjectId) {
  const rows = await t.models.ReportRollup.find({ kind: 'state', 'dims.agentId': String(userId) }).lean<Array<{ sums: Record<string, number> }>>();
  const out: Record<string, number> = {};
  for (const r of rows) for (const [f, v] of Object.entries(r.sums)) out[f] = (out[f] ?? 0) + v;
  return out;
}

it('sums the state changes of many agents at once as one agent at a time would, with a few commands', async () => {
  const agents = Array.from({ length: 30 }, () => new Types.ObjectId());
  const script = async (a: Types.ObjectId) => {
    await log(a, 'offline', 'not-ready', '08:00', 'login');
    await log(a, 'not-ready', 'available', '08:30');
    await log(a, 'available', 'on-call', '09:00');
  };
  for (const a of agents) await script(a);
  const oneByOne = agents.slice(0, 15);
  const together = agents.slice(15);

  // Half of them one change at a time, each summed before the next is published...
  let alone = 0;
  for (const a of oneByOne) alone += await stateCommands(async () => t.app.bus.emit('agent:changed', { agentUserId: String(a) }));
  // ...the other half published in one turn, as a busy floor does.
  const atOnce = await stateCommands(async () => together.forEach((a) => t.app.bus.emit('agent:changed', { agentUserId: String(a) })));
  expect(alone).toBeGreaterThanOrEqual(15 * 3);
  expect(atOnce).toBeLessThanOrEqual(3);
  const first = await summed(oneByOne[0]);
  expect(first).toMatchObject({ 'nr:login': 1800 });
  for (const a of agents) expect(await summed(a)).toEqual(first);

  // Later changes start from each agent's cursor, read in one shared query.
  for (const a of agents) await log(a, 'on-call', 'after-call-work', '09:05');
  const later = await stateCommands(async () => agents.forEach((a) => t.app.bus.emit('agent:changed', { agentUserId: String(a) })));
  expect(later).toBeLessThanOrEqual(3);
  const second = await summed(agents[0]);
  expect(second).toMatchObject({ 'nr:login': 1800, available: 1800, onCall: 300 });
  for (const a of agents) expect(await summed(a)).toEqual(second);
  expect((await t.app.services.rollups.cursors(agents.map(String))).map((c) => c.state)).toEqual(Array(30).fill('after-call-work'));
});
