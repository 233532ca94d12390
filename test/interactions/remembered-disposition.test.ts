import { afterAll, beforeAll, expect, it } from 'vitest';
import type { AuditPage } from '../../shared/schemas/audit.js';
import type { Interaction } from '../../shared/schemas/interaction.js';
import { EventBus } from '../../server/events.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import { createInteractionRepository } from '../../server/interactions/interaction.repository.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let agent: string;
let screen: Awaited<ReturnType<TestApp['agentSocket']>>;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  agent = (await t.login('agent')).token;
  screen = await t.agentSocket(agent);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
});
afterAll(() => t?.close());

const from = '+447700900001';

/** A call popped on the agent's screen and ended by the platform: the agent owes its disposition. */
async function endedCall(callId: string) {
  await t.cti({ type: 'call.ringing', callId, from });
  const pop = await eventually(() => screen.pops.find((p) => p.callId === callId), 5000, `pop of ${callId}`);
  await t.cti({ type: 'call.answered', callId, from });
  await t.cti({ type: 'call.ended', callId, from });
  await t.idle();
  return pop.interactionId;
}
const save = (id: string, body: object) => t.api<Interaction>('PATCH', `/api/interactions/${id}`, { token: agent, body });
/** The reads of one interaction by its id while `fn` runs. */
const readsOf = async (id: string, fn: () => Promise<unknown>) =>
  (await commandsDuring(t.models.Interaction.db, fn)).filter((c) => c.name === 'find' && c.collection === 'interactions' && String((c.command.filter as { _id?: unknown })?._id) === id).length;
/** Another console process's write of the interaction (same database, a repository and memory of its own). */
const elsewhere = async (id: string, notes: string) => {
  const stored = (await t.models.Interaction.findById(id).lean<InteractionDoc>())!;
  expect(await createInteractionRepository(t.models, new EventBus()).record(stored, { notes }, {})).not.toBeNull();
};
const becomeAvailable = async () => expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');

it('saves the disposition of a call this console just ended without reading the interaction back, and audits it as before', async () => {
  const id = await endedCall('remembered-wrap-1');
  let saved: Awaited<ReturnType<typeof save>> | undefined;
  expect(await readsOf(id, async () => (saved = await save(id, { notes: 'asked for a refund', disposition: 'no-action' })))).toBe(0);
  expect(saved).toMatchObject({ status: 200, body: { disposition: 'no-action', notes: 'asked for a refund' } });
  expect(await t.models.Interaction.findById(id).lean()).toMatchObject({ disposition: 'no-action', notes: 'asked for a refund', wrappedUpAt: expect.any(Date) });
  const admin = (await addAdmin(t, 'wrap-auditor')).token;
  const audit = await t.api<AuditPage>('GET', `/api/audit?entity=interaction:${id}&action=interaction.updated`, { token: admin });
  expect(audit.body.items).toEqual([expect.objectContaining({ before: { notes: undefined, disposition: undefined, customerId: expect.any(String) } })]);
  await becomeAvailable();
});

it('decides again from the stored interaction when another process wrote it after this one (its notes are kept in the audit)', async () => {
  const id = await endedCall('remembered-wrap-2');
  await elsewhere(id, 'written by the other console');
  expect(await readsOf(id, async () => expect((await save(id, { disposition: 'no-action' })).status).toBe(200))).toBe(1);
  expect(await t.models.Interaction.findById(id).lean()).toMatchObject({ disposition: 'no-action', notes: 'written by the other console' });
  const admin = (await addAdmin(t, 'wrap-auditor-2')).token;
  const audit = await t.api<AuditPage>('GET', `/api/audit?entity=interaction:${id}&action=interaction.updated`, { token: admin });
  expect(audit.body.items[0]).toMatchObject({ before: { notes: 'written by the other console' } });
  await becomeAvailable();
});

it('refuses a save onto a version another process has since changed, with the stored values', async () => {
  const id = await endedCall('remembered-wrap-3');
  const version = (await t.models.Interaction.findById(id).lean<InteractionDoc>())!.version;
  await elsewhere(id, 'the other console was first');
  const res = await save(id, { notes: 'mine', expectedVersion: version });
  expect(res.status).toBe(409);
  expect(res.body).toMatchObject({ error: { code: 'CHANGED_MEANWHILE', details: { version: version + 1, current: { notes: 'the other console was first' } } } });
  // Onto the version it is now, it saves.
  expect((await save(id, { notes: 'mine', disposition: 'no-action', expectedVersion: version + 1 })).status).toBe(200);
  await becomeAvailable();
});
