import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerExport, EraseResult } from '../../shared/schemas/privacy.js';
import type { Interaction } from '../../shared/schemas/interaction.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { commandsDuring } from '../support/commands.js';
import { seedFixtures } from '../support/fixtures.js';
import { createChatMessages } from '../../server/interactions/chat-messages.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let agent: { token: string; user: { id: string } };

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  agent = await t.login('agent');
});
afterAll(async () => {
  await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
  await t.close();
});

async function available() {
  const screen = await t.agentSocket(agent.token);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
  return screen;
}

const kept = async (interactionId: string | Types.ObjectId | undefined) => t.models.ChatMessage.find({ interactionId }).sort({ seq: 1 }).lean();
const customerSays = (callId: string, text: string, eventId?: string) => t.cti({ type: 'chat.message', callId, from: 'ada@example.com', text, ...(eventId ? { eventId } : {}) });
const strangerSays = (text: string, eventId?: string) => t.cti({ type: 'chat.message', callId: 'chat-trips', from: 'someone@example.net', text, ...(eventId ? { eventId } : {}) });
const agentSays = (interactionId: string, text: string) => t.api('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { text } });

describe('chat messages', () => {
  it('keeps each chat message as its own record in order, and the interaction stays small', async () => {
    const screen = await available();
    const pushed: string[] = [];
    screen.socket.on('chat:message', ({ message }) => pushed.push(message.text));
    await t.cti({ type: 'chat.started', callId: 'chat-long', from: 'ada@example.com' });
    const pop = await eventually(() => screen.pops.find((p) => p.callId === 'chat-long'), 5000, 'pop');
    const id = pop.interactionId;
    // Read once the pop's acknowledgement (and the offers it presented) is written.
    const before = await eventually(async () => {
      const i = await t.models.Interaction.findById(id).lean();
      return i?.popAckedAt ? i : null;
    }, 5000, 'pop acknowledged');

    // Long messages: each as long as a chat message the measurements used.
    const padding = ' '.padEnd(3900, '.');
    for (let n = 1; n <= 10; n++) expect((await customerSays('chat-long', `customer ${n}${padding}`)).status).toBe(200);
    // Then the customer and the agent at once: every message still gets a place of its own.
    const atOnce = await Promise.all([
      ...Array.from({ length: 10 }, (_, n) => customerSays('chat-long', `together customer ${n}${padding}`)),
      ...Array.from({ length: 10 }, (_, n) => agentSays(id, `together agent ${n}${padding}`)),
    ]);
    expect(atOnce.map((r) => r.status).sort()).toEqual([...Array(10).fill(200), ...Array(10).fill(201)]);

    const messages = await kept(id);
    expect(messages).toHaveLength(30);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 30 }, (_, n) => n + 1));
    expect(messages.slice(0, 10).map((m) => m.text.replace(/\.+$/, '').trim())).toEqual(Array.from({ length: 10 }, (_, n) => `customer ${n + 1}`));
    expect(messages.filter((m) => m.from === 'agent').every((m) => m.agent === 'agent')).toBe(true);
    // Every message sent at once is there, once.
    const together = messages.filter((m) => m.text.startsWith('together')).map((m) => m.text.replace(/\.+$/, '').trim());
    expect(together.sort()).toEqual([...Array.from({ length: 10 }, (_, n) => `together agent ${n}`), ...Array.from({ length: 10 }, (_, n) => `together customer ${n}`)]);

    const after = (await t.models.Interaction.findById(id).lean())!;
    expect(after).not.toHaveProperty('transcript');
    expect(after.messageCount).toBe(30);
    expect(after.lastMessageAt!.getTime()).toBe(Math.max(...messages.map((m) => m.at.getTime())));
    // No array grows with the chat: the interaction is the size it was, give or take a few counters.
    expect(after.events).toHaveLength(before.events.length);
    expect(JSON.stringify(after).length - JSON.stringify(before).length).toBeLessThan(200);

    await eventually(() => pushed.length >= 30, 5000, 'every message on the screen');

    // The whole chat, in order, where a whole interaction is asked for: its GET and a screen's re-pop.
    const texts = messages.map((m) => m.text);
    const got = await t.api<Interaction>('GET', `/api/interactions/${id}`, { token: agent.token });
    expect(got.body.transcript.map((m) => m.text)).toEqual(texts);
    screen.socket.disconnect();
    const again = await t.agentSocket(agent.token);
    const repop = await eventually(() => again.pops.find((p) => p.callId === 'chat-long'), 5000, 're-pop');
    expect(repop.transcript.map((m) => m.text)).toEqual(texts);
    again.socket.disconnect();
  });

  it('stores a customer message delivered twice once', async () => {
    const first = await customerSays('chat-long', 'only once', 'chat-event-once');
    const again = await customerSays('chat-long', 'only once', 'chat-event-once');
    expect(first.body).toMatchObject({ accepted: true, duplicate: false });
    expect(again.body).toMatchObject({ accepted: true, duplicate: true });
    const messages = await kept(first.body.interactionId);
    expect(messages.filter((m) => m.text === 'only once')).toHaveLength(1);
    expect(messages.at(-1)).toMatchObject({ seq: 31, text: 'only once', eventId: 'chat-event-once' });
  });

  it('shows a chat an older version kept inside its interaction, before the messages stored since', async () => {
    const long = Date.now() - 60_000;
    // As older data directories hold it: the messages in an array of the interaction.
    const { insertedId } = await t.models.Interaction.collection.insertOne({
      callId: 'chat-old',
      channel: 'chat',
      direction: 'inbound',
      from: 'ada@example.com',
      to: '+442079460000',
      customerId: fx.customers.ada,
      candidateIds: [],
      agentId: new Types.ObjectId(agent.user.id),
      state: 'active',
      ringingAt: new Date(long),
      transcript: [
        { from: 'customer', text: 'old question', at: new Date(long + 1000) },
        { from: 'agent', text: 'old answer', at: new Date(long + 2000), agent: 'agent' },
      ],
      events: [],
      version: 3,
      createdAt: new Date(long),
      updatedAt: new Date(long),
    });
    const id = String(insertedId);
    expect((await customerSays('chat-old', 'new question')).status).toBe(200);
    expect((await agentSays(id, 'new answer')).status).toBe(201);

    const got = await t.api<Interaction>('GET', `/api/interactions/${id}`, { token: agent.token });
    expect(got.body.transcript.map((m) => `${m.from}:${m.text}`)).toEqual(['customer:old question', 'agent:old answer', 'customer:new question', 'agent:new answer']);
    const stored = (await t.models.Interaction.findById(id).lean())!;
    expect(stored.transcript).toHaveLength(2);
    expect((await kept(id)).map((m) => m.seq)).toEqual([1, 2]);
  });

  it("erasing a customer blanks the texts of their chat messages, and no one else's", async () => {
    const stranger = await t.cti({ type: 'chat.message', callId: 'chat-stranger', from: 'stranger@example.com', text: 'not Ada at all' });
    expect(stranger.status).toBe(200);
    const ada = String(fx.customers.ada);
    const admin = (await addAdmin(t)).token;
    const res = await t.api('POST', `/api/privacy/customers/${ada}/erase`, { token: admin, body: { confirm: ada } });
    expect(res.status).toBe(200);
    // 31 messages of the long chat and 2 stored since in the older one (its array's are the interaction's).
    expect(EraseResult.parse(res.body).counts.chatMessages).toBe(33);

    const chats = await t.models.Interaction.find({ customerId: fx.customers.ada, channel: 'chat' }).lean();
    expect(chats.map((c) => c.callId).sort()).toEqual(['chat-long', 'chat-old']);
    const messages = await t.models.ChatMessage.find({ interactionId: { $in: chats.map((c) => c._id) } }).lean();
    expect(messages).toHaveLength(33);
    expect(messages.every((m) => m.text === '[erased]')).toBe(true);
    expect(chats.find((c) => c.callId === 'chat-old')!.transcript!.map((m) => m.text)).toEqual(['[erased]', '[erased]']);

    const x = CustomerExport.parse((await t.api('GET', `/api/privacy/customers/${ada}/export`, { token: admin })).body);
    const transcripts = x.interactions.filter((i) => i.channel === 'chat').map((i) => i.transcript as Array<{ text: string }>);
    expect(transcripts.map((m) => m.length).sort((a, b) => a - b)).toEqual([4, 31]);
    expect(transcripts.flat().every((m) => m.text === '[erased]')).toBe(true);

    // Someone else's chat is untouched.
    expect((await kept(stranger.body.interactionId)).map((m) => m.text)).toEqual(['not Ada at all']);
  });

  it("tells the agent's screen each chat message as the message alone, not as a copy of the whole interaction", async () => {
    await t.freshAgents();
    const screen = await available();
    await t.cti({ type: 'chat.started', callId: 'chat-quiet', from: 'bob@example.com' });
    const pop = await eventually(() => screen.pops.find((p) => p.callId === 'chat-quiet'), 5000, 'pop');
    const id = pop.interactionId;
    const accepted = await eventually(async () => {
      const i = await t.models.Interaction.findById(id).lean();
      return i?.popAckedAt && i.state === 'active' ? i : null;
    }, 5000, 'chat accepted');
    const updates: Interaction[] = [];
    const messages: string[] = [];
    screen.socket.on('interaction:updated', (i) => i.id === id && updates.push(i));
    screen.socket.on('chat:message', (m) => m.interactionId === id && messages.push(m.message.text));

    expect((await customerSays('chat-quiet', 'where is my parcel?')).status).toBe(200);
    expect((await agentSays(id, 'on its way')).status).toBe(201);
    // A save the screen is told of: the pushes before it on the same connection have all arrived with it.
    expect((await t.api('PATCH', `/api/interactions/${id}`, { token: agent.token, body: { notes: 'parcel asked after' } })).status).toBe(200);
    await eventually(() => updates.find((u) => u.notes === 'parcel asked after'), 5000, 'the save told');

    expect(messages).toEqual(['where is my parcel?', 'on its way']);
    // The two messages moved the version (the save's copy carries it) and sent no copy of their own.
    expect(updates.filter((u) => u.version > accepted.version).map((u) => u.version)).toEqual([accepted.version + 3]);
    screen.socket.disconnect();
    // Offline before the next test's chat starts: an agent still counted as connected would be offered
    // it, and the pop nobody takes would write the chat inside the next test's count of its commands.
    await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agent offline');
  });

  it('stores a customer message of a chat under way with two commands: its count, then the message', async () => {
    expect((await t.cti({ type: 'chat.started', callId: 'chat-trips', from: 'someone@example.net' })).status).toBe(200);
    expect((await strangerSays('before')).status).toBe(200);
    // The reports count the chat's opening in a round up to a second later: written before the count starts.
    await t.app.services.rollups.idle();
    await t.idle();
    // Whether it repeats an event is the store's to say (a unique index), not a read before it.
    const commands = await commandsDuring(t.models.Interaction.db, async () => {
      expect((await strangerSays('one trip fewer', 'chat-event-parallel')).body).toMatchObject({ duplicate: false });
      await t.idle();
    });
    // (Then one read of the chat, which waits for an agent: routing may have given it to one meanwhile.)
    // Only the commands that name this chat: the console's periodic work (report rollups, routing's
    // sweep) may run in the same moment.
    const chatId = String((await t.models.Interaction.findOne({ callId: 'chat-trips' }, { _id: 1 }).lean())!._id);
    const ofTheChat = commands.filter((c) => JSON.stringify(c.command).includes(chatId));
    expect(ofTheChat.map((c) => `${c.name} ${c.collection}`)).toEqual(['findAndModify interactions', 'insert chatmessages', 'find interactions']);
    expect((await kept((await t.models.Interaction.findOne({ callId: 'chat-trips' }).lean())!._id)).filter((m) => m.text === 'one trip fewer')).toHaveLength(1);
  });

  it('answers a repeat of a stored message as a duplicate, and the message after it still gets a place of its own', async () => {
    const first = await strangerSays('said once', 'chat-event-repeated');
    const again = await strangerSays('said once', 'chat-event-repeated');
    const next = await strangerSays('and then this');
    expect([first.body.duplicate, again.body.duplicate, next.body.duplicate]).toEqual([false, true, false]);
    const messages = await kept(first.body.interactionId);
    expect(messages.filter((m) => m.text === 'said once')).toHaveLength(1);
    // The repeat may leave the place it was counted at empty (as a racing delivery's does), never a place taken twice.
    const [once, then] = [messages.find((m) => m.text === 'said once')!, messages.find((m) => m.text === 'and then this')!];
    expect(then.seq).toBeGreaterThan(once.seq);
    expect(new Set(messages.map((m) => m.seq)).size).toBe(messages.length);
    expect((await t.cti({ type: 'chat.ended', callId: 'chat-trips', from: 'someone@example.net' })).status).toBe(200);
  });

  it('stores the messages of several chats said in one turn with one insert, a repeated delivery refused on its own', async () => {
    const messages = createChatMessages(t.models);
    const chats = [new Types.ObjectId(), new Types.ObjectId(), new Types.ObjectId()];
    const said = (text: string) => ({ from: 'customer' as const, text, at: new Date() });
    let stored: boolean[] = [];
    const commands = await commandsDuring(t.models.Interaction.db, async () => {
      stored = await Promise.all([
        messages.store(chats[0], 1, said('first chat'), 'together-1'),
        messages.store(chats[1], 1, said('second chat'), 'together-2'),
        messages.store(chats[2], 1, said('third chat'), 'together-3'),
        // The first chat's event delivered again, counted at the next place.
        messages.store(chats[0], 2, said('first chat'), 'together-1'),
      ]);
    });
    expect(stored).toEqual([true, true, true, false]);
    const inserts = commands.filter((c) => c.name === 'insert' && c.collection === 'chatmessages');
    expect(inserts.map((c) => (c.command.documents as unknown[]).length)).toEqual([4]);
    expect((await Promise.all(chats.map((id) => kept(id)))).map((m) => m.map((x) => `${x.seq} ${x.text}`))).toEqual([['1 first chat'], ['1 second chat'], ['1 third chat']]);
  });

  it('reads the transcripts of the chats popped in one turn with one read, each in its own order', async () => {
    const messages = createChatMessages(t.models);
    const [a, b] = [new Types.ObjectId(), new Types.ObjectId()];
    const said = (text: string) => ({ from: 'customer' as const, text, at: new Date() });
    await Promise.all([messages.store(a, 2, said('a two')), messages.store(b, 1, said('b one')), messages.store(a, 1, said('a one'))]);
    let transcripts: Array<Array<{ text: string }>> = [];
    const commands = await commandsDuring(t.models.Interaction.db, async () => {
      transcripts = await Promise.all([a, b, new Types.ObjectId()].map((_id) => messages.transcriptOf({ _id, channel: 'chat' })));
    });
    expect(transcripts.map((m) => m.map((x) => x.text))).toEqual([['a one', 'a two'], ['b one'], []]);
    expect(commands.filter((c) => c.name === 'find' && c.collection === 'chatmessages')).toHaveLength(1);
  });
});
