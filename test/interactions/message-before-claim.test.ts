import { Types } from 'mongoose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EventBus, type InteractionChanged } from '../../server/events.js';
import { createInteractionRepository } from '../../server/interactions/interaction.repository.js';
import { startTestApp, type TestApp } from '../support/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(() => t.close());

it('tells the agent a chat was given to while its message was being stored, though the message was counted before', async () => {
  // A bus of its own: only this test listens, so nothing else routes or pops the chat.
  const bus = new EventBus();
  const changes: InteractionChanged[] = [];
  bus.on('interaction:changed', (e) => void changes.push(e));
  const repo = createInteractionRepository(t.models, bus);
  const agent = { userId: new Types.ObjectId(), username: 'agent' };
  const { doc: chat } = await repo.open(
    { callId: 'chat-before-claim', channel: 'chat', direction: 'inbound', from: 'visitor@example.com', to: 'web', queue: 'service', state: 'ringing', ringingAt: new Date() },
    { needsAgent: true },
  );

  // Routing gives the chat to an agent after the message's count and before its store: the real store
  // runs once the claim is written (a pop built then would read the chat without this message).
  const messages = t.models.ChatMessage.collection;
  const insertMany = messages.insertMany.bind(messages);
  messages.insertMany = (async (...args: Parameters<typeof insertMany>) => {
    await repo.claim(chat, agent);
    return insertMany(...args);
  }) as typeof messages.insertMany;
  try {
    const { stored } = await repo.applyEvent(chat, {}, { message: { from: 'customer', text: 'hello?', at: new Date() }, eventId: 'before-claim-1' }, false);
    expect(stored).toBe(true);
  } finally {
    messages.insertMany = insertMany;
  }
  const told = changes.find((c) => c.message?.text === 'hello?');
  expect(told?.doc.agentId && String(told.doc.agentId)).toBe(String(agent.userId));
  expect(told?.message?.seq).toBe(1);
});
