import { afterAll, beforeAll, expect, it } from 'vitest';
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

/** The collections each database command named while `fn` ran and the background work it started settled. */
async function collectionsTouched(fn: () => Promise<unknown>): Promise<string[]> {
  await t.app.services.rollups.idle();
  await t.idle();
  const started = await commandsDuring(t.models.Interaction.db, async () => {
    await fn();
    await t.app.services.rollups.idle();
    await t.idle();
  });
  return started.filter((c) => c.collection).map((c) => `${c.name} ${c.collection}`);
}

it('stores a customer\'s message in a chat under way without touching the reports or the feed\'s lookups', async () => {
  const screen = await t.agentSocket(agent.token);
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  const texts: string[] = [];
  screen.socket.on('chat:message', ({ message }) => texts.push(message.text));
  await t.cti({ type: 'chat.started', callId: 'chat-cost', from: 'ada@example.com' });
  await eventually(() => screen.pops.find((p) => p.callId === 'chat-cost'), 5000, 'pop');
  await eventually(async () => (await t.models.Interaction.findOne({ callId: 'chat-cost' }).lean())?.state === 'active', 5000, 'chat accepted');
  // The chat's start reached the report rollups.
  await t.app.services.rollups.idle();
  expect(await t.models.ReportFact.countDocuments({})).toBeGreaterThan(0);

  const touched = await collectionsTouched(async () => {
    expect((await t.cti({ type: 'chat.message', callId: 'chat-cost', from: 'ada@example.com', text: 'Is my order on its way?' })).status).toBe(200);
    await eventually(() => texts.includes('Is my order on its way?'), 5000, 'message on the screen');
  });
  // Stored (counted on the interaction, kept in its own collection) and shown...
  expect(touched).toEqual(expect.arrayContaining(['findAndModify interactions', 'insert chatmessages']));
  // ...and nothing else written: no report rollup, fact or field, no customer read for the feed.
  expect(touched.filter((c) => /report|customers/.test(c))).toEqual([]);
  expect(touched.filter((c) => !c.startsWith('find ')).sort()).toEqual(['findAndModify interactions', 'insert chatmessages']);
  screen.socket.disconnect();
});
