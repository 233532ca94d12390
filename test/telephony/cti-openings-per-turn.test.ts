import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CtiEvent } from '../../shared/schemas/cti.js';
import type { InteractionDoc } from '../../server/interactions/interaction.model.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let acme: string;
beforeAll(async () => {
  t = await startTestApp();
  acme = String((await seedFixtures(t.models)).customers.acme);
});
afterAll(async () => t.close());

const ringing = (callId: string, from: string): CtiEvent =>
  ({ type: 'call.ringing', eventId: randomUUID(), callId, from, to: '+442079460000', channel: 'voice', at: new Date().toISOString() }) as CtiEvent;

it('looks up the callers of calls ringing together with one read and stores their calls with one insert', async () => {
  const { cti } = t.app.services;
  // Acme Ltd, the twins' shared number, and a number nobody holds.
  const calls = ['+442079460001', '+442079460099', '+447700900999'].map((from, i) => ringing(`together-${i}`, from));
  // A repeat of the first call's opening, delivered in the same moment: answered as a duplicate.
  const repeat = { ...calls[0] };
  let answers: Awaited<ReturnType<typeof cti.handle>>[] = [];
  const commands = await commandsDuring(t.models.Interaction.db, async () => {
    answers = await Promise.all([...calls, repeat].map((e) => cti.handle(e)));
  });
  expect(answers.map((a) => a.duplicate)).toEqual([false, false, false, true]);
  const lookups = commands.filter((c) => c.name === 'find' && c.collection === 'customers');
  const inserts = commands.filter((c) => c.name === 'insert' && c.collection === 'interactions');
  expect(lookups).toHaveLength(1);
  // The repeat waits for its call's first event (events of one call apply one at a time), then is
  // refused by the unique call id in an insert of its own.
  expect(inserts.map((c) => (c.command.documents as unknown[]).length)).toEqual([3, 1]);
  const stored = await t.models.Interaction.find({ callId: /^together-/ }).sort({ callId: 1 }).lean<InteractionDoc[]>();
  expect(stored.map((i) => i.callId)).toEqual(['together-0', 'together-1', 'together-2']);
  for (const [i, s] of stored.entries()) expect(s.events.map((e) => e.eventId)).toEqual([calls[i].eventId]);
  expect(stored.map((s) => [String(s.customerId ?? ''), s.candidateIds.length])).toEqual([[acme, 0], ['', 2], ['', 0]]);
  await t.idle();
});
