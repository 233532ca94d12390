import { io as connectSocket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomerPicture } from '../../shared/schemas/customer.js';
import { type TestApp, delivered, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let agentToken: string;
let agent2Token: string;

beforeAll(async () => {
  t = await startTestApp();
  fx = await seedFixtures(t.models);
  agentToken = (await t.login('agent')).token;
  agent2Token = (await t.login('agent2')).token;
});
afterAll(() => t.close());

async function available(token: string) {
  const screen = await t.agentSocket(token);
  const res = await screen.socket.emitWithAck('agent:state', { state: 'available' });
  expect(res).toHaveProperty('data.state', 'available');
  return screen;
}

async function disconnectAll(...screens: Array<{ socket: { disconnect(): void } }>) {
  for (const s of screens) s.socket.disconnect();
  // Let the server count the disconnections before the next test routes anything.
  await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
  await t.freshAgents();
}

describe('screen pop', () => {
  it("pops a known caller whose picture cannot be built as known, with the reason, never as a stranger", async () => {
    const a = await available(agentToken);
    const pictures = t.app.services.pictures;
    const build = pictures.build;
    // The picture's read fails once (a database hiccup): the pop must not turn the caller into a stranger.
    pictures.build = () => Promise.reject(new Error('picture read failed'));
    try {
      await t.cti({ type: 'call.ringing', callId: 'c-no-picture', from: '07700 900001' });
      const pop = await eventually(() => a.pops.find((p) => p.callId === 'c-no-picture'), 5000, 'pop');
      expect(pop.customer).toBeNull();
      expect(pop.customerId).toBe(String(fx.customers.ada));
      expect(pop.pictureError).toMatch(/could not be loaded/);
    } finally {
      pictures.build = build;
      await disconnectAll(a);
    }
  });

  it('pops the whole picture of the right customer only to the routed agent', async () => {
    const a = await available(agentToken);
    const other = await t.agentSocket(agent2Token); // connected but away: must receive nothing
    const res = await t.cti({ type: 'call.ringing', callId: 'c-ada', from: '07700 900001' });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(true);

    const pop = await eventually(() => a.pops.find((p) => p.callId === 'c-ada'), 5000, 'pop');
    expect(pop.customer).not.toBeNull();
    const picture = CustomerPicture.parse(pop.customer);
    expect(picture.profile.displayName).toBe('Ada Lovelace');
    for (const key of ['profile', 'related', 'transactions', 'complaints', 'preferences', 'consents', 'campaigns', 'satisfaction', 'value', 'interactions', 'nextBestOffers'])
      expect(pop.customer).toHaveProperty(key);
    expect(picture.related).toEqual([expect.objectContaining({ displayName: 'Ben Lovelace', relation: 'spouse' })]);
    expect(picture.transactions.totals.spend).toBe(511);
    expect(picture.complaints[0].subject).toBe('Late delivery');
    expect(picture.value?.segment).toBe('loyal');
    expect(picture.nextBestOffers[0]).toMatchObject({ offerId: 'TABLETS' });
    expect(picture.nextBestOffers[0].reasons[0]).toMatchObject({ code: 'bought', product: 'Dishwasher DW-100' });
    expect(pop.interactionId).toBe(res.body.interactionId);

    // The pop went out to the routed agent's screens; whatever was sent to the other screen is there by now.
    await delivered(other.socket);
    expect(other.pops).toHaveLength(0);
    const stored = await t.models.Interaction.findOne({ callId: 'c-ada' }).lean();
    expect(String(stored!.agentId)).toBe((await t.models.User.findOne({ username: 'agent' }))!.id);
    expect(stored!.popAckedAt).toBeInstanceOf(Date);
    await t.cti({ type: 'call.ended', callId: 'c-ada', from: '07700 900001' });
    await disconnectAll(a, other);
  });

  it('pops customer null for an unknown caller, and candidates when several customers match', async () => {
    const a = await available(agentToken);
    await t.cti({ type: 'call.ringing', callId: 'c-unknown', from: '+447700999999' });
    const unknown = await eventually(() => a.pops.find((p) => p.callId === 'c-unknown'));
    expect(unknown.customer).toBeNull();
    expect(unknown.candidates).toEqual([]);
    await t.cti({ type: 'call.ended', callId: 'c-unknown', from: '+447700999999' });
    await t.api('PATCH', `/api/interactions/${unknown.interactionId}`, { token: agentToken, body: { disposition: 'no-action' } });

    await t.cti({ type: 'call.ringing', callId: 'c-twins', from: '020 7946 0099' });
    const twins = await eventually(() => a.pops.find((p) => p.callId === 'c-twins'));
    expect(twins.customer).toBeNull();
    expect(twins.candidates.map((c) => c.displayName).sort()).toEqual(['Tim Twin', 'Tom Twin']);

    // Picking a candidate attaches it to the interaction.
    const pick = await t.api('PATCH', `/api/interactions/${twins.interactionId}`, { token: agentToken, body: { customerId: String(fx.customers.twinA) } });
    expect(pick.status).toBe(200);
    expect(pick.body).toMatchObject({ customerId: String(fx.customers.twinA) });
    await t.cti({ type: 'call.ended', callId: 'c-twins', from: '020 7946 0099' });
    await disconnectAll(a);
  });

  it('applies a repeated eventId once', async () => {
    const event = { eventId: 'evt-dup-1', type: 'call.ringing' as const, callId: 'c-dup', from: '+442079460001' };
    const first = await t.cti(event);
    const second = await t.cti(event);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ duplicate: true });
    expect(await t.models.Interaction.countDocuments({ callId: 'c-dup' })).toBe(1);
    const stored = (await t.models.Interaction.findOne({ callId: 'c-dup' }).lean())!;
    expect(stored.events.filter((x) => x.eventId === 'evt-dup-1')).toHaveLength(1);
    await t.cti({ type: 'call.ended', callId: 'c-dup', from: '+442079460001' });
  });

  it('applies a ringing delivered twice at the same instant once, and pops it once', async () => {
    const a = await available(agentToken);
    const event = { eventId: 'evt-dup-2', type: 'call.ringing' as const, callId: 'c-dup-2', from: '07700 900001' };
    const answers = await Promise.all([t.cti(event), t.cti(event)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(answers.map((r) => r.body.duplicate).sort()).toEqual([false, true]);
    await eventually(() => a.pops.find((p) => p.callId === 'c-dup-2'), 5000, 'pop');
    const stored = await t.models.Interaction.find({ callId: 'c-dup-2' }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0].version).toBe(1); // created, then claimed by routing once (a pop follows a claim): the repeat changed nothing
    expect(stored[0].events.map((x) => x.eventId)).toEqual(['evt-dup-2']);
    await delivered(a.socket);
    expect(a.pops.filter((p) => p.callId === 'c-dup-2')).toHaveLength(1);
    await t.cti({ type: 'call.ended', callId: 'c-dup-2', from: '07700 900001' });
    await disconnectAll(a);
  });

  it('rejects a bad or missing signature with 401 and changes nothing', async () => {
    const forged = await t.cti({ type: 'call.ringing', callId: 'c-forged', from: '+447700900001' }, 'not-the-real-secret-at-all');
    expect(forged.status).toBe(401);
    expect(forged.body).toMatchObject({ error: { code: 'UNAUTHORIZED' } });
    const unsigned = await t.api('POST', '/api/cti/events', { body: { type: 'call.ringing', callId: 'c-forged' } });
    expect(unsigned.status).toBe(401);
    expect(await t.models.Interaction.countDocuments({ callId: 'c-forged' })).toBe(0);
  });

  it('never gives one of 20 simultaneous calls to two agents', async () => {
    const users = ['a1', 'a2', 'a3', 'a4', 'a5'];
    const { hashPassword } = await import('../../server/auth/password.js');
    const hash = await hashPassword('demo');
    await t.models.User.insertMany(users.map((username) => ({ username, role: 'agent', passwordHash: hash })));
    const screens = await Promise.all(users.map(async (u) => available((await t.login(u)).token)));

    const calls = Array.from({ length: 20 }, (_, k) => `c-burst-${k}`);
    const answers = await Promise.all(calls.map((callId, k) => t.cti({ type: 'call.ringing', callId, from: `+4477009${String(10000 + k)}` })));
    expect(answers.every((r) => r.status === 200)).toBe(true);

    await eventually(() => screens.reduce((n, s) => n + s.pops.length, 0) >= 5, 5000, 'five pops');
    // Routing has decided every call (given to an agent, or queued), and every pop it sent has arrived.
    const decided = { callId: { $in: calls }, $or: [{ agentId: { $ne: null } }, { state: 'queued' as const }] };
    await eventually(async () => (await t.models.Interaction.countDocuments(decided)) === calls.length, 5000, 'every call routed or queued');
    for (const s of screens) await delivered(s.socket);
    const popped = screens.flatMap((s) => s.pops.map((p) => p.callId));
    expect(new Set(popped).size).toBe(popped.length); // nobody shares a call
    expect(screens.every((s) => s.pops.length === 1)).toBe(true); // one call at a time each
    const assigned = await t.models.Interaction.find({ callId: { $in: calls }, agentId: { $ne: null } }).lean();
    expect(assigned).toHaveLength(5);
    expect(new Set(assigned.map((i) => String(i.agentId))).size).toBe(5);
    expect(await t.models.Interaction.countDocuments({ callId: { $in: calls }, state: 'queued' })).toBe(15);

    // The rest wait in the queue and are offered as soon as agents free up.
    for (const callId of calls) await t.cti({ type: 'call.ended', callId, from: '+447700900000' });
    await disconnectAll(...screens);
  });

  it('persists a disposition, notes and offer outcome and shows them in the timeline', async () => {
    const a = await available(agentToken);
    await t.cti({ type: 'call.ringing', callId: 'c-dispo', from: '+447700900001' });
    const pop = await eventually(() => a.pops.find((p) => p.callId === 'c-dispo'));
    await t.cti({ type: 'call.answered', callId: 'c-dispo', from: '+447700900001' });
    await t.cti({ type: 'call.ended', callId: 'c-dispo', from: '+447700900001' });

    const patched = await t.api('PATCH', `/api/interactions/${pop.interactionId}`, {
      token: agentToken,
      body: { notes: 'Asked about tablets', disposition: 'sale', offer: { offerId: 'TABLETS', outcome: 'accepted' } },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ disposition: 'sale', notes: 'Asked about tablets', offers: [expect.objectContaining({ offerId: 'TABLETS', outcome: 'accepted' })] });

    const picture = await t.api<{ interactions: Array<{ id: string; disposition?: string; notes?: string }> }>('GET', `/api/customers/${fx.customers.ada}/picture`, { token: agentToken });
    expect(picture.status).toBe(200);
    expect(picture.body.interactions.find((i) => i.id === pop.interactionId)).toMatchObject({ disposition: 'sale', notes: 'Asked about tablets' });

    // Someone else's interaction cannot be written.
    const foreign = await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agent2Token, body: { notes: 'x' } });
    expect(foreign.status).toBe(403);
    await disconnectAll(a);
  });

  it('keeps an agent who recorded the disposition during the call out of wrap-up when the call ends', async () => {
    const a = await available(agentToken);
    await t.cti({ type: 'call.ringing', callId: 'c-dispo-early', from: '+447700900001' });
    const pop = await eventually(() => a.pops.find((p) => p.callId === 'c-dispo-early'));
    await t.cti({ type: 'call.answered', callId: 'c-dispo-early', from: '+447700900001' });
    const early = await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agentToken, body: { disposition: 'resolved' } });
    expect(early.status).toBe(200);
    await t.cti({ type: 'call.ended', callId: 'c-dispo-early', from: '+447700900001' });
    // The agent is released after the platform has its answer.
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.voice === 0, 5000, 'released');
    expect(await t.models.Agent.findOne({ username: 'agent' }).lean()).toMatchObject({ state: 'available', voice: 0 });

    // Without a disposition, the end of a call still puts the agent in wrap-up.
    await t.cti({ type: 'call.ringing', callId: 'c-dispo-late', from: '+447700900001' });
    await eventually(() => a.pops.find((p) => p.callId === 'c-dispo-late'));
    await t.cti({ type: 'call.answered', callId: 'c-dispo-late', from: '+447700900001' });
    await t.cti({ type: 'call.ended', callId: 'c-dispo-late', from: '+447700900001' });
    await eventually(async () => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.voice === 0, 5000, 'released');
    expect(await t.models.Agent.findOne({ username: 'agent' }).lean()).toMatchObject({ state: 'after-call-work' });
    await disconnectAll(a);
  });

  it('answers a chat when the agent’s screen accepts it, so the queue counts it answered, not abandoned', async () => {
    const sup = await t.agentSocket((await t.login('supervisor')).token);
    await sup.socket.emitWithAck('supervision:subscribe', {});
    const a = await available(agentToken);
    await t.cti({ type: 'chat.started', callId: 'chat-accept', from: 'ada@example.com', queue: 'chat-accept-q' });
    await eventually(() => a.pops.find((p) => p.callId === 'chat-accept'));
    const accepted = await eventually(async () => {
      const i = await t.models.Interaction.findOne({ callId: 'chat-accept' }).lean();
      return i?.answeredAt ? i : null;
    }, 5000, 'the chat answered');
    expect(accepted.state).toBe('active');
    expect(accepted.answeredAt!.getTime()).toBeGreaterThanOrEqual(accepted.ringingAt!.getTime());
    await t.cti({ type: 'chat.ended', callId: 'chat-accept', from: 'ada@example.com' });
    await t.app.services.supervision.settle();
    const board = (await t.app.services.supervision.subscribe('figures', {})).queues;
    expect(board.day.find((q) => q.queue === 'chat-accept-q')).toMatchObject({ offered: 1, answered: 1, abandoned: 0 });
    t.app.services.supervision.unsubscribe('figures');
    sup.socket.disconnect();
    await disconnectAll(a);
  });

  it('starts an agent who logs in as not ready, and keeps the state of one whose screen only reloads or reconnects', async () => {
    const a = await available(agentToken);
    const connected = async (n: number) => (await t.models.Agent.findOne({ username: 'agent' }).lean())?.connections === n;
    a.socket.disconnect();
    await eventually(() => connected(0), 3000, 'screen counted out');
    // A reload: the same session's screen comes back, still Available.
    const reloaded = await t.agentSocket(agentToken);
    // Counted in, then the state reconciled from the agent's choice: Available again, not offline.
    const stored = () => t.models.Agent.findOne({ username: 'agent' }).lean();
    await eventually(async () => (await connected(1)) && (await stored())?.state !== 'offline', 3000, 'screen counted in');
    expect(await stored()).toMatchObject({ state: 'available', presence: 'available' });
    reloaded.socket.disconnect();
    await eventually(async () => (await connected(0)) && (await stored())?.state === 'offline', 3000, 'screen counted out');
    // A new login's first screen says so: no call routes to the agent before they are ready.
    const login = connectSocket(t.base, { auth: { token: agentToken, fresh: true }, transports: ['websocket'], forceNew: true, reconnection: false });
    try {
      await eventually(async () => (await connected(1)) && (await t.models.Agent.findOne({ username: 'agent' }).lean())?.state === 'not-ready', 3000, 'a fresh login not ready');
    } finally {
      login.disconnect();
    }
    await disconnectAll();
  });

  it('sends a call with agentId to that agent, even when another has been idle longer', async () => {
    const a2 = await available(agent2Token);
    const a = await available(agentToken);
    // agent2 has been idle a minute longer: routing by idle time alone would pick agent2.
    await t.models.Agent.updateOne({ username: 'agent2' }, { $set: { idleSince: new Date(Date.now() - 60_000) } });
    await t.cti({ type: 'call.ringing', callId: 'c-direct', from: '+447700900001', agentId: 'agent' });
    await eventually(() => a.pops.find((p) => p.callId === 'c-direct'));
    expect(a2.pops.find((p) => p.callId === 'c-direct')).toBeUndefined();
    await t.cti({ type: 'call.ended', callId: 'c-direct', from: '+447700900001' });
    await disconnectAll(a, a2);
  });

  it('queues a call while nobody is free and offers it the moment an agent becomes available', async () => {
    await t.cti({ type: 'call.ringing', callId: 'c-wait', from: '+447700900001' });
    await eventually(async () => (await t.models.Interaction.findOne({ callId: 'c-wait' }).lean())?.state === 'queued', 3000, 'queued');
    const a = await available(agentToken);
    const pop = await eventually(() => a.pops.find((p) => p.callId === 'c-wait'), 5000, 'queued call popped');
    expect(pop.customer?.profile.displayName).toBe('Ada Lovelace');
    await t.cti({ type: 'call.ended', callId: 'c-wait', from: '+447700900001' });
    await disconnectAll(a);
  });

  it('handles events out of order: an end before its ringing never pops', async () => {
    const a = await available(agentToken);
    const at = Date.now();
    await t.cti({ type: 'call.ended', callId: 'c-late', from: '+447700900001', at: new Date(at + 5000).toISOString() });
    await t.cti({ type: 'call.ringing', callId: 'c-late', from: '+447700900001', at: new Date(at).toISOString() });
    // A later call for the same agent pops: had the late ringing been routed, its pop would have come
    // first (and the agent, busy with it, could not have taken this one).
    await t.cti({ type: 'call.ringing', callId: 'c-late-next', from: '+447700900001', agentId: 'agent' });
    await eventually(() => a.pops.find((p) => p.callId === 'c-late-next'), 5000, 'the next pop');
    expect(a.pops.find((p) => p.callId === 'c-late')).toBeUndefined();
    const i = await t.models.Interaction.findOne({ callId: 'c-late' }).lean();
    expect(i).toMatchObject({ state: 'ended' });
    expect(i!.ringingAt!.getTime()).toBe(at);
    await t.cti({ type: 'call.ended', callId: 'c-late-next', from: '+447700900001' });
    await disconnectAll(a);
  });

  it('gives an agent who reconnects during a call the current pop again, with the notes saved so far and the answer time', async () => {
    const first = await available(agentToken);
    await t.cti({ type: 'call.ringing', callId: 'c-reconnect', from: '+447700900001' });
    const pop = await eventually(() => first.pops.find((p) => p.callId === 'c-reconnect'));
    await t.cti({ type: 'call.answered', callId: 'c-reconnect', from: '+447700900001' });
    const saved = await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token: agentToken, body: { notes: 'Asked for a callback on Friday' } });
    expect(saved.status).toBe(200);
    first.socket.disconnect();
    const again = await t.agentSocket(agentToken);
    const repop = await eventually(() => again.pops.find((p) => p.callId === 'c-reconnect'), 5000, 're-pop');
    expect(repop.interactionId).toBe(pop.interactionId);
    expect(repop.state).toBe('active');
    expect(repop.interaction).toMatchObject({ notes: 'Asked for a callback on Friday', state: 'active' });
    expect(repop.interaction?.answeredAt).toBeTruthy();
    await t.cti({ type: 'call.ended', callId: 'c-reconnect', from: '+447700900001' });
    await disconnectAll(again);
  });

  it('stores a chat transcript both ways', async () => {
    const a = await available(agentToken);
    const messages: string[] = [];
    a.socket.on('chat:message', ({ message }) => messages.push(`${message.from}:${message.text}`));
    await t.cti({ type: 'chat.started', callId: 'chat-1', from: 'ada@example.com' });
    const pop = await eventually(() => a.pops.find((p) => p.callId === 'chat-1'));
    expect(pop.channel).toBe('chat');
    expect(pop.customer?.profile.displayName).toBe('Ada Lovelace');
    await t.cti({ type: 'chat.message', callId: 'chat-1', from: 'ada@example.com', text: 'Hello, my order?' });
    const reply = await t.api('POST', `/api/interactions/${pop.interactionId}/messages`, { token: agentToken, body: { text: 'Let me check.' } });
    expect(reply.status).toBe(201);
    await eventually(() => messages.length >= 2, 3000, 'chat messages');
    expect(messages).toEqual(['customer:Hello, my order?', 'agent:Let me check.']);
    const stored = await t.models.Interaction.findOne({ callId: 'chat-1' }).lean();
    const kept = await t.models.ChatMessage.find({ interactionId: stored!._id }).sort({ seq: 1 }).lean();
    expect(kept.map((m) => m.text)).toEqual(['Hello, my order?', 'Let me check.']);
    await t.cti({ type: 'chat.ended', callId: 'chat-1', from: 'ada@example.com' });
    await disconnectAll(a);
  });
});

describe('customer API', () => {
  it('searches customers by name, phone and e-mail', async () => {
    const byName = await t.api<{ items: Array<{ displayName: string }>; total: number }>('GET', '/api/customers?q=lovelace', { token: agentToken });
    expect(byName.body.items.map((c) => c.displayName)).toEqual(['Ada Lovelace', 'Ben Lovelace']);
    const byPhone = await t.api<{ items: Array<{ displayName: string }> }>('GET', `/api/customers?q=${encodeURIComponent('07700 900002')}`, { token: agentToken });
    expect(byPhone.body.items.map((c) => c.displayName)).toEqual(['Ben Lovelace']);
    const byEmail = await t.api<{ items: Array<{ displayName: string }> }>('GET', '/api/customers?q=buying@acme.example', { token: agentToken });
    expect(byEmail.body.items.map((c) => c.displayName)).toEqual(['Acme Ltd']);
  });

  it('requires a token for every route but login, health and the signed CTI webhook', async () => {
    expect((await t.api('GET', '/api/customers?q=ada')).status).toBe(401);
    expect((await t.api('GET', `/api/customers/${fx.customers.ada}/picture`, { token: 'garbage' })).status).toBe(401);
    expect((await t.api('GET', '/api/health')).body).toEqual({ status: 'ok', db: 'up' });
    const wrong = await t.api('POST', '/api/auth/login', { body: { username: 'agent', password: 'nope' } });
    expect(wrong.status).toBe(401);
  });

  it('records consent changes with their source and date, and honours do-not-call', async () => {
    const res = await t.api<{ consents: { items: Array<{ purpose: string; channel: string; granted: boolean; source: string }>; doNotCall: boolean } }>(
      'PATCH',
      `/api/customers/${fx.customers.acme}/preferences`,
      { token: agentToken, body: { consents: [{ purpose: 'marketing', channel: 'email', granted: false }], doNotCall: true, preferences: { language: 'en' } } },
    );
    expect(res.status).toBe(200);
    expect(res.body.consents.doNotCall).toBe(true);
    expect(res.body.consents.items).toContainEqual(expect.objectContaining({ purpose: 'marketing', channel: 'email', granted: false, source: 'agent:agent' }));
  });

  it('answers bad input with a 4xx and a message', async () => {
    const badJson = await t.api('POST', '/api/auth/login', { raw: '{"username": ' });
    expect(badJson.status).toBe(400);
    expect(badJson.body).toMatchObject({ error: { code: 'BAD_JSON' } });
    const operator = await t.api('POST', '/api/auth/login', { body: { username: { $ne: null }, password: 'demo' } });
    expect(operator.status).toBe(400);
    const badId = await t.api('GET', '/api/customers/not-an-id/picture', { token: agentToken });
    expect(badId.status).toBe(400);
    const unknown = await t.api('GET', '/api/customers/0123456789abcdef01234567/picture', { token: agentToken });
    expect(unknown.status).toBe(404);
    const huge = await t.api('POST', '/api/auth/login', { raw: JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' }) });
    expect(huge.status).toBe(413);
  });
});
