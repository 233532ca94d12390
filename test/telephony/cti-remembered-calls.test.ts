import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus } from '../../server/events.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import { createInteractionRepository } from '../../server/interactions/interaction.repository.js';
import { transition } from '../../server/telephony/call-state.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t.close());

const from = '+447700900123';
const readsOfCall = async (callId: string, fn: () => Promise<unknown>) =>
  (await commandsDuring(t.models.Interaction.db, fn)).filter((c) => c.name === 'find' && c.collection === 'interactions' && (c.command.filter as { callId?: string })?.callId === callId).length;

/** Another console process's write of the call (same database, a repository and memory of its own). */
async function elsewhere(callId: string, type: 'call.answered' | 'call.ended', eventId: string) {
  const stored = (await t.models.Interaction.findOne({ callId }).lean<InteractionDoc>())!;
  const at = new Date();
  const repo = createInteractionRepository(t.models, new EventBus());
  const written = await repo.applyEvent(stored, transition(stored, type, at).set, { eventId, type, at, receivedAt: at }, false);
  expect(written.stored).toBe(true);
}

it('applies a call\'s later events onto its last write without reading the interaction back', async () => {
  expect((await t.cti({ type: 'call.ringing', callId: 'remembered-1', from })).status).toBe(200);
  await t.idle();
  for (const type of ['call.answered', 'call.held'] as const)
    expect(await readsOfCall('remembered-1', async () => expect((await t.cti({ type, callId: 'remembered-1', from })).status).toBe(200))).toBe(0);
  const i = (await t.models.Interaction.findOne({ callId: 'remembered-1' }).lean<InteractionDoc>())!;
  expect(i).toMatchObject({ state: 'active', heldAt: expect.any(Date) });
  expect(i.events.map((e) => e.type)).toEqual(['call.ringing', 'call.answered', 'call.held']);
});

it('never reopens a call another process ended after this one last wrote it (a late answer stays late)', async () => {
  expect((await t.cti({ type: 'call.ringing', callId: 'remembered-2', from })).status).toBe(200);
  await t.idle();
  // The platform answered, then ended; the end reached another process, the answer arrives here late.
  const answeredAt = new Date(Date.now() - 1000);
  await elsewhere('remembered-2', 'call.ended', 'ended-elsewhere');
  const res = await t.cti({ type: 'call.answered', callId: 'remembered-2', from, eventId: 'late-answer', at: answeredAt.toISOString() });
  expect(res).toMatchObject({ status: 200, body: { accepted: true, duplicate: false } });
  const i = (await t.models.Interaction.findOne({ callId: 'remembered-2' }).lean<InteractionDoc>())!;
  // Still ended, with its late answer noted (as if this process had read the stored call).
  expect(i).toMatchObject({ state: 'ended', answeredAt, endedAt: expect.any(Date) });
  expect(i.events.map((e) => e.eventId)).toEqual([expect.any(String), 'ended-elsewhere', 'late-answer']);
});

it('answers a platform\'s retry of an event another process applied as a duplicate, never applying it twice', async () => {
  expect((await t.cti({ type: 'call.ringing', callId: 'remembered-3', from })).status).toBe(200);
  await t.idle();
  await elsewhere('remembered-3', 'call.answered', 'answered-once');
  const retry = await t.cti({ type: 'call.answered', callId: 'remembered-3', from, eventId: 'answered-once' });
  expect(retry).toMatchObject({ status: 200, body: { accepted: true, duplicate: true } });
  const i = (await t.models.Interaction.findOne({ callId: 'remembered-3' }).lean<InteractionDoc>())!;
  expect(i.events.filter((e) => e.eventId === 'answered-once')).toHaveLength(1);
});
