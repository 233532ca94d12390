import http from 'node:http';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, Interaction } from '../../shared/schemas/interaction.js';
import type { FeedEvent } from '../../shared/schemas/supervision.js';
import { TransferTargets } from '../../shared/schemas/transfer.js';
import { verifySignature } from '../../server/telephony/signature.js';
import { type TestApp, delivered, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

/** A stand-in for the chat and telephony platforms: records every signed post, by path. */
let platform: http.Server;
const received: Array<{ path: string; body: Record<string, unknown>; raw: string; signature?: string }> = [];
let t: TestApp;
const tokens: Record<string, string> = {};
const ids: Record<string, string> = {};

/** An agent's screen: the pops, chat messages and interaction updates it receives. */
async function screen(username: string) {
  const s = await t.agentSocket(tokens[username]!);
  const messages: Array<{ interactionId: string; message: ChatMessage }> = [];
  const updates: Interaction[] = [];
  s.socket.on('chat:message', (m) => messages.push(m));
  s.socket.on('interaction:updated', (i) => updates.push(i));
  return { ...s, messages, updates, ready: () => s.socket.emitWithAck('agent:state', { state: 'available' }) };
}
type Screen = Awaited<ReturnType<typeof screen>>;
let agent1: Screen;
let agent2: Screen;
let agent3: Screen;

async function notReady(s: Screen) {
  const res = await s.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'lunch' });
  expect(res).toHaveProperty('data.presence', 'not-ready');
}
/** The chat ends and its agent records the disposition (so they owe nothing to the next test). */
async function endChat(callId: string, id: string, handler: string) {
  await t.cti({ type: 'chat.ended', callId, from: 'ada@example.com' });
  const res = await t.api('PATCH', `/api/interactions/${id}`, { token: tokens[handler], body: { disposition: 'resolved' } });
  expect(res.status).toBe(200);
}
const agentRecord = (username: string) => t.models.Agent.findOne({ username }).lean();
const transfer = (id: string, body: unknown, token = tokens.agent) => t.api<{ code?: string; error?: { code: string } }>('POST', `/api/interactions/${id}/transfer`, { token, body });
const codeOf = (res: { body: unknown }) => (res.body as { error?: { code?: string }; code?: string }).error?.code ?? (res.body as { code?: string }).code;

/** A chat from the platform, popped to agent1 (the only one ready), with the customer's first message. */
async function chatWithAgent1(callId: string) {
  await notReady(agent2);
  await notReady(agent3);
  await agent1.ready();
  await t.cti({ type: 'chat.started', callId, from: 'ada@example.com', queue: 'service' });
  const pop = await eventually(() => agent1.pops.find((p) => p.callId === callId), 5000, 'the pop to agent1');
  await t.cti({ type: 'chat.message', callId, from: 'ada@example.com', text: 'My dishwasher arrived broken.' });
  await eventually(() => agent1.messages.find((m) => m.interactionId === pop.interactionId), 5000, 'the customer message on agent1');
  await eventually(async () => (await t.models.Interaction.findById(pop.interactionId).lean())?.state === 'active', 5000, 'the chat accepted');
  return pop.interactionId;
}

beforeAll(async () => {
  platform = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString();
      received.push({ path: req.url ?? '', raw, body: JSON.parse(raw), signature: req.headers['x-cti-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(platform.address() as { port: number }).port}`;
  t = await startTestApp({ chatWebhookUrl: `${base}/chat`, ctiCommandUrl: `${base}/cti` });
  const { users } = await seedFixtures(t.models, ['agent', 'agent2', 'agent3']);
  for (const u of users) ids[u.username] = String(u._id);
  // agent and agent2 serve the service queue; agent3 only sales.
  await t.models.User.updateMany({ username: { $in: ['agent', 'agent2'] } }, { $set: { skills: ['service'] } });
  await t.models.User.updateOne({ username: 'agent3' }, { $set: { skills: ['sales'] } });
  for (const u of ['agent', 'agent2', 'agent3', 'supervisor']) tokens[u] = (await t.login(u)).token;
  agent1 = await screen('agent');
  agent2 = await screen('agent2');
  agent3 = await screen('agent3');
});
afterAll(async () => {
  await t.close();
  platform.close();
});

describe('transferring a chat to another agent', () => {
  it('pops the chat to agent2 with the transcript and the note, frees agent1, and the customer’s next message reaches agent2 only', async () => {
    const supervisor = await t.agentSocket(tokens.supervisor!);
    const feed: FeedEvent[] = [];
    supervisor.socket.on('feed:batch', (events) => feed.push(...events));
    await supervisor.socket.emitWithAck('supervision:subscribe', {});

    const id = await chatWithAgent1('tx-chat-1');
    await t.api('POST', `/api/interactions/${id}/messages`, { token: tokens.agent, body: { text: 'Sorry to hear that, let me check.' } });
    await t.api('PATCH', `/api/interactions/${id}`, { token: tokens.agent, body: { notes: 'Broken on delivery, order 1234.' } });
    expect((await agentRecord('agent'))?.chats).toBe(1);
    await agent2.ready();

    const targets = await t.api<TransferTargets>('GET', `/api/interactions/${id}/transfer-targets`, { token: tokens.agent });
    expect(targets.status).toBe(200);
    expect(targets.body.agents.map((a) => a.username)).toEqual(['agent2']); // not itself, not agent3 (no service skill, not ready)
    expect(targets.body.queues).toEqual(expect.arrayContaining(['sales', 'service']));

    const connectedAt = (await t.models.Interaction.findById(id).lean())?.connectedAt;
    expect(connectedAt).toBeInstanceOf(Date);
    const res = await transfer(id, { agentId: ids.agent2, note: 'Wants a replacement; I promised a call back today.' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ interactionId: id, toAgent: 'agent2' });

    const pop = await eventually(() => agent2.pops.find((p) => p.interactionId === id), 5000, 'the pop to agent2');
    expect(pop.transcript.map((m) => [m.from, m.text])).toEqual([
      ['customer', 'My dishwasher arrived broken.'],
      ['agent', 'Sorry to hear that, let me check.'],
      ['note', 'Wants a replacement; I promised a call back today.'],
    ]);
    expect(pop.transcript[2]!.agent).toBe('agent');
    expect(pop.interaction?.notes).toBe('Broken on delivery, order 1234.');
    expect(pop.customer?.profile.displayName).toBe('Ada Lovelace');

    // agent1's screens drop it; their chat slot is free and no wrap-up is owed.
    await eventually(() => agent1.updates.find((u) => u.id === id && u.agentId === null), 5000, 'agent1 told the chat left');
    await eventually(async () => (await agentRecord('agent'))?.chats === 0, 5000, 'agent1 chat slot freed');
    expect((await agentRecord('agent'))?.state).toBe('available');
    await eventually(async () => (await t.models.Interaction.findById(id).lean())?.state === 'active' && (await agentRecord('agent2'))?.chats === 1, 5000, 'agent2 holds the chat');

    // Still answered when agent1 took it, for the queue figures.
    expect((await t.models.Interaction.findById(id).lean())?.connectedAt).toEqual(connectedAt);
    // The customer keeps chatting: the next message reaches agent2, not agent1.
    const before1 = agent1.messages.length;
    await t.cti({ type: 'chat.message', callId: 'tx-chat-1', from: 'ada@example.com', text: 'Hello? Still there?' });
    await eventually(() => agent2.messages.find((m) => m.interactionId === id && m.message.text === 'Hello? Still there?'), 5000, 'the message on agent2');
    await delivered(agent1.socket);
    expect(agent1.messages.slice(before1)).toEqual([]);
    // agent2 may now write to it; agent1 may not.
    expect((await t.api('POST', `/api/interactions/${id}/messages`, { token: tokens.agent2, body: { text: 'Hi Ada, I’m taking over.' } })).status).toBe(201);
    expect((await t.api('POST', `/api/interactions/${id}/messages`, { token: tokens.agent, body: { text: 'Me again' } })).status).toBe(403);

    // Logged on the interaction and in the audit log; the platform is told, signed; the floor sees it.
    const stored = await t.models.Interaction.findById(id).lean();
    expect(stored?.changes.find((c) => c.what === 'transferred')?.detail).toMatchObject({ by: 'agent', fromAgent: 'agent', toAgent: 'agent2', note: 'Wants a replacement; I promised a call back today.' });
    await eventually(() => t.models.Interaction.db.collection('auditlog').findOne({ action: 'interaction.transferred', 'entity.id': id }), 5000, 'audited');
    const posted = await eventually(() => received.find((r) => r.body.type === 'chat.transfer' && r.body.callId === 'tx-chat-1'), 5000, 'the chat.transfer command');
    expect(posted.path).toBe('/chat');
    expect(posted.body).toMatchObject({ type: 'chat.transfer', callId: 'tx-chat-1', toAgent: 'agent2' });
    expect(verifySignature(Buffer.from(posted.raw), posted.signature, t.config.ctiSecret)).toBe(true);
    // The note is never sent to the customer.
    expect(received.some((r) => JSON.stringify(r.body).includes('promised a call back') && r.body.type !== 'chat.transfer')).toBe(false);
    const step = await eventually(() => feed.find((e) => e.interactionId === id && e.kind === 'transferred'), 5000, 'the feed step');
    expect(step.agentName).toBe('agent');

    await endChat('tx-chat-1', id, 'agent2');
    supervisor.socket.disconnect();
  });
});

describe('transferring to a queue', () => {
  it('routes the chat to the next free agent with the queue’s skill, never back to its sender', async () => {
    const id = await chatWithAgent1('tx-chat-2');
    await agent2.ready();
    await agent3.ready();
    const res = await transfer(id, { queue: 'sales', note: 'Wants to buy a second one.' });
    expect(res.status).toBe(200);
    const pop = await eventually(() => agent3.pops.find((p) => p.interactionId === id), 5000, 'the pop to agent3 (sales)');
    expect(pop.queue).toBe('sales');
    expect(pop.transcript.at(-1)).toMatchObject({ from: 'note', text: 'Wants to buy a second one.' });
    expect(agent2.pops.some((p) => p.interactionId === id)).toBe(false);
    expect(agent1.pops.filter((p) => p.interactionId === id)).toHaveLength(1);
    await endChat('tx-chat-2', id, 'agent3');
  });
});

describe('transferring back to the same queue', () => {
  it('gives the chat to another agent of the queue, though its sender has been waiting longest', async () => {
    const id = await chatWithAgent1('tx-chat-3');
    await agent2.ready();
    expect((await transfer(id, { queue: 'service' })).status).toBe(200);
    await eventually(() => agent2.pops.find((p) => p.interactionId === id), 5000, 'the pop to agent2');
    expect(agent1.pops.filter((p) => p.interactionId === id)).toHaveLength(1);
    await endChat('tx-chat-3', id, 'agent2');
  });
});

describe('transferring a call', () => {
  it('frees the agent without after-call work, pops the call to the next agent with the note, and posts a signed call.transfer', async () => {
    await notReady(agent2);
    await notReady(agent3);
    await agent1.ready();
    await t.cti({ type: 'call.ringing', callId: 'tx-call-1', from: '+447700900001', queue: 'service' });
    const first = await eventually(() => agent1.pops.find((p) => p.callId === 'tx-call-1'), 5000, 'the call pops to agent1');
    await t.cti({ type: 'call.answered', callId: 'tx-call-1', from: '+447700900001' });
    await eventually(async () => (await agentRecord('agent'))?.state === 'on-call', 5000, 'agent1 on the call');
    await agent2.ready();

    const res = await transfer(first.interactionId, { agentId: ids.agent2, note: 'Billing question, verified already.' });
    expect([res.status, codeOf(res)]).toEqual([200, undefined]);
    const pop = await eventually(() => agent2.pops.find((p) => p.interactionId === first.interactionId), 5000, 'the call pops to agent2');
    expect(pop.transcript).toEqual([expect.objectContaining({ from: 'note', text: 'Billing question, verified already.', agent: 'agent' })]);
    await eventually(async () => (await agentRecord('agent'))?.state === 'available', 5000, 'agent1 free, no after-call work');
    expect((await agentRecord('agent'))?.voice).toBe(0);
    await eventually(async () => (await agentRecord('agent2'))?.state === 'on-call', 5000, 'agent2 on the call');

    const posted = await eventually(() => received.find((r) => r.body.type === 'call.transfer'), 5000, 'the call.transfer command');
    expect(posted.path).toBe('/cti');
    expect(posted.body).toMatchObject({ type: 'call.transfer', callId: 'tx-call-1', toAgent: 'agent2' });
    expect(verifySignature(Buffer.from(posted.raw), posted.signature, t.config.ctiSecret)).toBe(true);

    // The disposition is the new agent's: when the call ends, agent2 wraps it up, agent1 owes nothing.
    await t.cti({ type: 'call.ended', callId: 'tx-call-1', from: '+447700900001' });
    await eventually(async () => (await agentRecord('agent2'))?.state === 'after-call-work', 5000, 'agent2 in after-call work');
    expect((await agentRecord('agent'))?.state).toBe('available');
    expect((await t.api('PATCH', `/api/interactions/${first.interactionId}`, { token: tokens.agent2, body: { disposition: 'resolved' } })).status).toBe(200);
  });
});

describe('transfers refused', () => {
  it('answers with a code: not the handler, the same agent, an unknown or unavailable agent, an unknown queue, a malformed body, an ended chat', async () => {
    const id = await chatWithAgent1('tx-chat-refused');
    const refusals: Array<[string, unknown, string | undefined, number, string]> = [
      ['another agent', { queue: 'sales' }, tokens.agent2, 403, 'OTHER_AGENTS_INTERACTION'],
      ['the same agent', { agentId: ids.agent }, undefined, 400, 'TRANSFER_SAME_AGENT'],
      ['an unknown agent', { agentId: String(new Types.ObjectId()) }, undefined, 400, 'UNKNOWN_AGENT'],
      ['a supervisor as the target', { agentId: ids.supervisor }, undefined, 400, 'UNKNOWN_AGENT'],
      ['an unknown queue', { queue: 'nowhere' }, undefined, 400, 'UNKNOWN_QUEUE'],
      ['both an agent and a queue', { agentId: ids.agent2, queue: 'sales' }, undefined, 400, 'VALIDATION'],
      ['neither', { note: 'hello' }, undefined, 400, 'VALIDATION'],
      ['an unknown field', { queue: 'sales', priority: 1 }, undefined, 400, 'VALIDATION'],
    ];
    for (const [what, body, token, status, code] of refusals) {
      const res = await transfer(id, body, token);
      expect({ what, status: res.status, code: codeOf(res) }).toEqual({ what, status, code });
    }
    // agent3 takes sales only; agent2, not ready, takes nothing now.
    await notReady(agent2);
    expect(codeOf(await transfer(id, { agentId: ids.agent2 }))).toBe('AGENT_NOT_AVAILABLE');
    await agent3.ready();
    expect(codeOf(await transfer(id, { agentId: ids.agent3 }))).toBe('AGENT_LACKS_SKILL');
    // Nothing moved: still agent1's.
    expect(String((await t.models.Interaction.findById(id).lean())?.agentId)).toBe(ids.agent);

    await endChat('tx-chat-refused', id, 'agent');
    const ended = await transfer(id, { queue: 'sales' });
    expect([ended.status, codeOf(ended)]).toEqual([409, 'INTERACTION_ENDED']);
    const unknown = await transfer(String(new Types.ObjectId()), { queue: 'sales' });
    expect(unknown.status).toBe(404);
  });

  it('posts no platform command for a website widget chat', async () => {
    const id = await chatWithAgent1('web-tx-widget');
    await agent2.ready();
    expect((await transfer(id, { agentId: ids.agent2 })).status).toBe(200);
    await eventually(() => agent2.pops.find((p) => p.interactionId === id), 5000, 'the pop to agent2');
    // A platform command is in the outbox before the transfer is answered: none was stored for it.
    expect(await t.models.ChatOutbox.exists({ callId: 'web-tx-widget' })).toBeNull();
    expect(await t.models.ChatOutbox.exists({ callId: 'tx-chat-1', target: 'chat' })).not.toBeNull();
    await endChat('web-tx-widget', id, 'agent2');
  });
});
