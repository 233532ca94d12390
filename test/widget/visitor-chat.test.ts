import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallbackTask } from '../../shared/schemas/callbacks.js';
import type { ChatRead, ChatTyping, ScreenPop } from '../../shared/schemas/interaction.js';
import type { AgentBoardEntry, QueueBoard } from '../../shared/schemas/supervision.js';
import type { VisitorConversation, VisitorMessage, WidgetSite } from '../../shared/schemas/widget.js';
import { identityHash } from '../../server/widget/identity.js';
import { DEMO_SITE_ID } from '../../server/widget/sites.service.js';
import { defaultWidgetLimits } from '../../server/widget/widget-limits.js';
import { addAdmin } from '../access/support.js';
import { type ClientSocket, type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { ask, codeOf, dataOf, next, openVisitor, refusedVisitor, type VisitorSocket } from './support.js';

const SHOP = 'http://shop.test:8080';
const OTHER = 'https://other-shop.test';

let t: TestApp;
let fx: Awaited<ReturnType<typeof seedFixtures>>;
let admin: string;
let agent: { token: string; user: { id: string } };
let site: WidgetSite & { identitySecret: string };
let other: WidgetSite & { identitySecret: string };
let screen: { socket: ClientSocket; pops: ScreenPop[] };

const form = (over: Record<string, unknown> = {}) => ({ name: 'Ada', email: 'ada@example.com', question: 'Where is my order?', marketingConsent: true, ...over });
const visitorOfShop = (token?: string) => openVisitor(t, { site: site.id, origin: SHOP, token });
/** The agent records the chat's disposition, and is free for the next one (after-call work ends). */
async function wrapUp(interactionId: string) {
  expect((await t.api('PATCH', `/api/interactions/${interactionId}`, { token: agent.token, body: { disposition: 'resolved' } })).status).toBe(200);
  await eventually(async () => (await t.models.Agent.findOne({ userId: agent.user.id }).lean())?.state === 'available', 5000, 'the agent available again');
}
const popOf = (interactionId: string) => eventually(() => screen.pops.find((p) => p.interactionId === interactionId), 5000, 'the pop');
const interactionOf = async (token: string) => String((await t.models.VisitorSession.findOne({ tokenHash: (await import('../../server/widget/visitor-session.model.js')).hashVisitorToken(token) }).lean())!.interactionId);

beforeAll(async () => {
  // Replies to platform chats go to a webhook; a widget chat's must not.
  // A visitor who leaves ends their chat after a second here (a quarter of an hour by default).
  t = await startTestApp({ chatWebhookUrl: 'http://127.0.0.1:9/chat-platform', widget: { demoOrigins: ['http://localhost:3000'], limits: defaultWidgetLimits(), idleEndMs: 1000 } });
  fx = await seedFixtures(t.models);
  admin = (await addAdmin(t)).token;
  agent = await t.login('agent');
  const created = await t.api<WidgetSite & { identitySecret: string }>('POST', '/api/widget-sites', { token: admin, body: { name: 'Shop', origins: [`${SHOP}/`], queue: 'service' } });
  expect(created.status).toBe(201);
  site = created.body;
  other = (await t.api<WidgetSite & { identitySecret: string }>('POST', '/api/widget-sites', { token: admin, body: { name: 'Other shop', origins: [OTHER], queue: 'service' } })).body;
});
afterAll(async () => {
  await t.close();
});

describe('website chat widget: sites', () => {
  it('registers a site with its origins normalised, answers its secret once, and audits it without the secret', async () => {
    expect(site).toMatchObject({ name: 'Shop', origins: [SHOP], queue: 'service', hasIdentitySecret: true, archived: false });
    expect(site.identitySecret).toMatch(/^[a-f0-9]{64}$/);
    const list = await t.api<WidgetSite[]>('GET', '/api/widget-sites', { token: admin });
    expect(list.body.map((s) => s.name)).toEqual(['Demo shop', 'Other shop', 'Shop']);
    expect(JSON.stringify(list.body)).not.toContain(site.identitySecret);
    // Demo mode's shop, under its fixed id.
    expect(list.body.find((s) => s.name === 'Demo shop')).toMatchObject({ id: DEMO_SITE_ID, queue: 'service', origins: expect.arrayContaining(['http://localhost:3000']) });
    const trail = await t.app.models.Interaction.db.collection('auditlog').find({ action: /^widget-site\./ }).toArray();
    expect(trail.map((e) => e.action)).toEqual(['widget-site.created', 'widget-site.created']);
    expect(JSON.stringify(trail)).not.toContain(site.identitySecret);
  });

  it('refuses malformed sites, a taken name, and anyone but an admin', async () => {
    expect((await t.api('POST', '/api/widget-sites', { token: admin, body: { name: '', origins: [], queue: 'service' } })).status).toBe(400);
    expect((await t.api('POST', '/api/widget-sites', { token: admin, body: { name: 'Path', origins: ['https://x.test/shop'], queue: 'service' } })).status).toBe(400);
    expect((await t.api('POST', '/api/widget-sites', { token: admin, body: { name: 'Shop', origins: ['https://x.test'], queue: 'service' } })).status).toBe(409);
    expect((await t.api('PATCH', `/api/widget-sites/${site.id}`, { token: admin, body: {} })).status).toBe(400);
    expect((await t.api('PATCH', '/api/widget-sites/nope', { token: admin, body: { queue: 'sales' } })).status).toBe(400);
    expect((await t.api('PATCH', `/api/widget-sites/${'0'.repeat(24)}`, { token: admin, body: { queue: 'sales' } })).status).toBe(404);
    expect((await t.api('GET', '/api/widget-sites', { token: agent.token })).status).toBe(403);
    expect((await t.api('POST', `/api/widget-sites/${site.id}/secret`, { token: agent.token })).status).toBe(403);
  });
});

describe('website chat widget: origins', () => {
  it('refuses an unknown origin, another site\'s origin and no origin on /visitor', async () => {
    expect(await refusedVisitor(t, { site: site.id, origin: 'http://evil.test' })).not.toBe('connected');
    expect(await refusedVisitor(t, { site: site.id, origin: OTHER })).toBe('origin not allowed');
    expect(await refusedVisitor(t, { site: site.id })).toBe('origin not allowed');
    expect(await refusedVisitor(t, { site: 'not-a-site', origin: SHOP })).toBe('origin not allowed');
  });

  it('refuses a site\'s origin on the console\'s own namespace, even with a valid token', async () => {
    const { io } = await import('socket.io-client');
    const s = io(t.base, { auth: { token: agent.token }, extraHeaders: { origin: SHOP }, transports: ['websocket'], forceNew: true, reconnection: false });
    const refused = await new Promise<string>((resolve) => {
      s.once('connect', () => resolve('connected'));
      s.once('connect_error', (err) => resolve(err.message));
    });
    s.disconnect();
    expect(refused).toBe('origin not allowed');
  });
});

describe('website chat widget: a chat', () => {
  it('says busy and refuses a chat while no agent can take one, and tells the visitor when one can', async () => {
    const { socket, session } = await visitorOfShop();
    expect(session).toMatchObject({ site: { name: 'Shop', queue: 'service' }, availability: 'busy', conversation: { state: 'none', messages: [] } });
    expect(codeOf(await ask(socket, 'chat:start', form()))).toBe('NO_AGENT_AVAILABLE');
    const open = next<{ availability: string }>(socket, 'visitor:availability');
    screen = await t.agentSocket(agent.token);
    dataOf(await screen.socket.emitWithAck('agent:state', { state: 'available' }));
    expect(await open).toEqual({ availability: 'open', callbacks: true });
    socket.disconnect();
  });

  let visitor: VisitorSocket;
  let token: string;
  let interactionId: string;

  it('pops a known customer (by e-mail) to the agent and carries messages both ways with their places', async () => {
    const opened = await visitorOfShop();
    visitor = opened.socket;
    token = opened.session.token;
    expect(opened.session.availability).toBe('open');

    const active = new Promise<{ state: string; agentName?: string }>((resolve) => visitor.on('chat:state', (s) => s.state === 'active' && resolve(s)));
    const started = dataOf(await ask<VisitorConversation>(visitor, 'chat:start', form()));
    expect(started.messages).toMatchObject([{ seq: 1, from: 'visitor', text: 'Where is my order?' }]);
    interactionId = await interactionOf(token);
    const pop = await popOf(interactionId);
    expect(pop).toMatchObject({ channel: 'chat', from: 'ada@example.com', queue: 'service', customerId: String(fx.customers.ada), candidates: [] });
    const i = (await t.models.Interaction.findById(interactionId).lean())!;
    expect(i.callId).toMatch(/^web-[a-f0-9]{24}-1$/);
    expect(i.to).toBe('widget:Shop');
    expect(await active).toEqual({ state: 'active', agentName: 'agent' });

    // Visitor → agent.
    const atAgent = next<{ interactionId: string; message: { text: string } }>(screen.socket, 'chat:message');
    const sent = dataOf(await ask<VisitorMessage>(visitor, 'chat:send', { clientId: 'client-0001', text: 'Order 42, card 4111 1111 1111 1111' }));
    expect(sent).toMatchObject({ clientId: 'client-0001', seq: 2, from: 'visitor' });
    expect(sent.text).not.toContain('4111 1111 1111 1111');
    // The agent's screen gets the message with its place (its read marks name it).
    expect((await atAgent).message).toMatchObject({ text: sent.text, seq: 2, from: 'customer' });
    // A resend (the ack lost in a reconnect) is the message first stored, stored once.
    expect(dataOf(await ask<VisitorMessage>(visitor, 'chat:send', { clientId: 'client-0001', text: 'Order 42, card 4111 1111 1111 1111' }))).toEqual(sent);
    expect(await t.models.ChatMessage.countDocuments({ interactionId, from: 'customer' })).toBe(2);

    // A platform's signed event cannot write into a visitor's chat: its call id is the widget's.
    const i1 = (await t.models.Interaction.findById(interactionId).lean())!;
    const forged = await t.cti({ type: 'chat.message', callId: i1.callId, from: 'ada@example.com', text: 'forged' });
    expect(forged.status).toBe(400);
    expect((forged.body as unknown as { error: { code: string } }).error.code).toBe('RESERVED_CALL_ID');
    expect(await t.models.ChatMessage.countDocuments({ interactionId, text: 'forged' })).toBe(0);

    // Agent → visitor, and never to the chat platform's webhook.
    const reply = next<VisitorMessage>(visitor, 'chat:message');
    const answered = await t.api<{ seq: number }>('POST', `/api/interactions/${interactionId}/messages`, { token: agent.token, body: { text: 'It ships today' } });
    expect(answered.status).toBe(201);
    expect(answered.body.seq).toBe(3);
    expect(await reply).toMatchObject({ seq: 3, from: 'agent', text: 'It ships today', agentName: 'agent' });
    expect(await t.models.ChatOutbox.countDocuments({})).toBe(0);

    // The pre-chat's marketing box, as Ada's consent.
    const ada = (await t.models.Customer.findById(fx.customers.ada).lean())!;
    expect(ada.consents.find((c) => c.purpose === 'marketing' && c.channel === 'email')).toMatchObject({ granted: true, source: 'chat-widget' });
    expect(ada.consents.find((c) => c.purpose === 'marketing' && c.channel === 'phone')).toMatchObject({ granted: true, source: 'web-signup' });
  });

  it('relays typing and read marks both ways, and a reload shows the history and the read mark', async () => {
    const typingAtAgent = next<ChatTyping>(screen.socket, 'chat:typing');
    visitor.emit('chat:typing', { typing: true });
    expect(await typingAtAgent).toEqual({ interactionId, typing: true });

    const typingAtVisitor = next<{ typing: boolean; agentName?: string }>(visitor, 'chat:typing');
    screen.socket.emit('chat:typing', { interactionId, typing: true });
    expect(await typingAtVisitor).toEqual({ typing: true, agentName: 'agent' });

    const readAtAgent = next<ChatRead>(screen.socket, 'chat:read');
    visitor.emit('chat:read', { upTo: 3 });
    expect(await readAtAgent).toEqual({ interactionId, upTo: 3 });

    const readAtVisitor = next<{ upTo: number }>(visitor, 'chat:read');
    screen.socket.emit('chat:read', { interactionId, upTo: 2 });
    expect(await readAtVisitor).toEqual({ upTo: 2 });

    // A new tab (or a reload) with the kept token continues the chat.
    const again = await visitorOfShop(token);
    expect(again.session.token).toBe(token);
    expect(again.session.conversation).toMatchObject({ state: 'active', agentName: 'agent', readUpTo: 2, rated: false });
    expect(again.session.conversation.messages.map((m) => [m.seq, m.from])).toEqual([
      [1, 'visitor'],
      [2, 'visitor'],
      [3, 'agent'],
    ]);
    expect(again.session.conversation.messages[1].clientId).toBe('client-0001');
    // What one tab sends, the other shows.
    const mirrored = next<VisitorMessage>(again.socket, 'chat:message');
    const sent = dataOf(await ask<VisitorMessage>(visitor, 'chat:send', { clientId: 'client-0002', text: 'Thanks' }));
    expect(await mirrored).toEqual(sent);
    again.socket.disconnect();
  });

  it('opens nothing of the conversation to another visitor\'s token or another site\'s token', async () => {
    const stranger = await visitorOfShop();
    expect(stranger.session.token).not.toBe(token);
    expect(stranger.session.conversation).toMatchObject({ state: 'none', messages: [] });
    expect(codeOf(await ask(stranger.socket, 'chat:send', { clientId: 'client-9999', text: 'hello?' }))).toBe('NO_CHAT');
    stranger.socket.disconnect();

    const elsewhere = await openVisitor(t, { site: other.id, origin: OTHER, token });
    expect(elsewhere.session.token).not.toBe(token);
    expect(elsewhere.session.conversation).toMatchObject({ state: 'none', messages: [] });
    elsewhere.socket.disconnect();

    const forged = await visitorOfShop('x'.repeat(43));
    expect(forged.session.token).not.toBe('x'.repeat(43));
    expect(forged.session.conversation.messages).toEqual([]);
    forged.socket.disconnect();
  });

  it('serves the transcript to the visitor\'s own site only, as a text download', async () => {
    const res = await fetch(`${t.base}/api/widget/transcript`, { headers: { authorization: `Visitor ${token}`, origin: SHOP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="chat-\d{4}-\d{2}-\d{2}\.txt"$/);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    const text = await res.text();
    expect(text).toContain('Chat with Shop');
    expect(text).toMatch(/\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] Ada: Where is my order\?/);
    expect(text).toMatch(/\] agent: It ships today/);

    const foreign = await fetch(`${t.base}/api/widget/transcript`, { headers: { authorization: `Visitor ${token}`, origin: OTHER } });
    expect(foreign.status).toBe(401);
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${t.base}/api/widget/transcript`)).status).toBe(401);
    expect((await fetch(`${t.base}/api/widget/transcript`, { headers: { authorization: `Visitor ${'y'.repeat(43)}` } })).status).toBe(401);

    const preflight = await fetch(`${t.base}/api/widget/transcript`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(SHOP);
    const evil = await fetch(`${t.base}/api/widget/transcript`, { method: 'OPTIONS', headers: { origin: 'http://evil.test', 'access-control-request-method': 'GET' } });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('ends the chat and takes its rating once, with the customer\'s satisfaction answers and the floor\'s figures', async () => {
    // A supervisor watching the floor: the rating moves the queue's and the agent's CSAT at once.
    const sup = await t.agentSocket((await t.login('supervisor')).token);
    const boards: QueueBoard[] = [];
    const agentRows: AgentBoardEntry[] = [];
    sup.socket.on('queues:changed', (b) => boards.push(b));
    sup.socket.on('agents:changed', (rows) => agentRows.push(...rows));
    const snapshot = await sup.socket.emitWithAck('supervision:subscribe', {});
    const before = 'data' in snapshot ? snapshot.data.queues.day.find((q) => q.queue === 'service') : undefined;
    expect(before?.csatCount ?? 0).toBe(0);
    expect(codeOf(await ask(visitor, 'chat:rate', { score: 5 }))).toBe('CHAT_NOT_ENDED');
    const ended = next<{ state: string }>(visitor, 'chat:state');
    expect(dataOf(await ask<VisitorConversation>(visitor, 'chat:end')).state).toBe('ended');
    expect(await ended).toMatchObject({ state: 'ended' });
    expect(dataOf(await ask(visitor, 'chat:rate', { score: 5, comment: 'Quick and kind' }))).toEqual({ rated: true });
    expect(codeOf(await ask(visitor, 'chat:rate', { score: 1 }))).toBe('ALREADY_RATED');
    const ratings = await t.models.WidgetRating.find({ interactionId }).lean();
    expect(ratings).toHaveLength(1);
    expect(ratings[0]).toMatchObject({ queue: 'service', agentName: 'agent', score: 5, comment: 'Quick and kind' });
    expect(String(ratings[0].agentId)).toBe(agent.user.id);
    expect(await t.models.Survey.countDocuments({ customerId: fx.customers.ada, type: 'csat', score: 5, comment: 'Quick and kind' })).toBe(1);
    const reloaded = await visitorOfShop(token);
    expect(reloaded.session.conversation).toMatchObject({ state: 'ended', rated: true });
    reloaded.socket.disconnect();
    const service = await eventually(() => boards.at(-1)?.day.find((q) => q.queue === 'service' && q.csatCount === 1), 5000, 'the queue\'s CSAT');
    expect(service.csatAverage).toBe(5);
    expect(boards.at(-1)!.lastHour.find((q) => q.queue === 'service')).toMatchObject({ csatCount: 1, csatAverage: 5 });
    const row = await eventually(() => agentRows.findLast((a) => a.userId === agent.user.id && a.csatCount === 1), 5000, 'the agent\'s CSAT');
    expect(row.csatAverage).toBe(5);
    sup.socket.disconnect();
    await wrapUp(interactionId);
  });

  it('identifies a signed customer for sure, and takes a wrongly signed one as a hint only', async () => {
    const signed = await visitorOfShop();
    const benId = String(fx.customers.ben);
    dataOf(await ask(signed.socket, 'chat:start', form({ name: 'Ben', email: 'ben.new@example.org', identity: { identifier: benId, hash: identityHash(benId, site.identitySecret) } })));
    const signedPop = await popOf(await interactionOf(signed.session.token));
    expect(signedPop).toMatchObject({ customerId: benId, candidates: [] });
    dataOf(await ask(signed.socket, 'chat:end'));
    await wrapUp(signedPop.interactionId);

    const hinted = await visitorOfShop();
    dataOf(await ask(hinted.socket, 'chat:start', form({ name: 'Someone', email: 'someone@example.org', identity: { identifier: 'ada@example.com', hash: identityHash('ada@example.com', other.identitySecret) } })));
    const hintPop = await popOf(await interactionOf(hinted.session.token));
    expect(hintPop.customerId ?? null).toBeNull();
    expect(hintPop.candidates.map((c) => c.id)).toEqual([String(fx.customers.ada)]);
    // Unknown: the box is kept with the visitor until someone links them.
    const kept = await t.models.VisitorSession.findOne({ interactionId: hintPop.interactionId }).lean();
    expect(kept?.marketingConsent).toMatchObject({ granted: true, email: 'someone@example.org' });
    dataOf(await ask(hinted.socket, 'chat:end'));
    await wrapUp(hintPop.interactionId);
    signed.socket.disconnect();
    hinted.socket.disconnect();
  });

  it('ends a chat whose visitor left (no page open), freeing the agent', async () => {
    const { socket, session } = await visitorOfShop();
    dataOf(await ask(socket, 'chat:start', form({ name: 'Leaver', email: 'leaver@example.org' })));
    const id = await interactionOf(session.token);
    await popOf(id);
    socket.disconnect();
    await eventually(async () => (await t.models.Interaction.findById(id).lean())?.state === 'ended', 5000, 'the chat ended');
    await wrapUp(id);
  });

  it('refuses malformed visitor input with its code', async () => {
    const { socket } = await visitorOfShop();
    expect(codeOf(await ask(socket, 'chat:start', {}))).toBe('VALIDATION');
    expect(codeOf(await ask(socket, 'chat:start', form({ email: undefined })))).toBe('VALIDATION');
    expect(codeOf(await ask(socket, 'chat:start', form({ question: 'x'.repeat(2001) })))).toBe('VALIDATION');
    expect(codeOf(await ask(socket, 'chat:send', { clientId: 'short', text: 'hi' }))).toBe('VALIDATION');
    expect(codeOf(await ask(socket, 'chat:rate', { score: 9 }))).toBe('VALIDATION');
    expect(codeOf(await ask(socket, 'callback:request', { name: 'Ada', phone: 'call me' }))).toBe('VALIDATION');
    expect(codeOf(await ask(socket, 'chat:end'))).toBe('NO_CHAT');
    // An agents' event: nothing of the console answers on the visitors' namespace.
    expect(codeOf(await ask(socket, 'supervision:subscribe' as 'chat:end'))).toBe('UNKNOWN_EVENT');
    socket.disconnect();
  });
});

describe('website chat widget: closed hours', () => {
  it('says closed, refuses a chat, and leaves a callback task instead', async () => {
    await t.models.QueueHours.create({ queue: 'night', timeZone: 'Europe/London', week: [[], [], [], [], [], [], []], holidays: [] });
    const night = (await t.api<WidgetSite>('POST', '/api/widget-sites', { token: admin, body: { name: 'Night shop', origins: [SHOP], queue: 'night' } })).body;
    const { socket, session } = await openVisitor(t, { site: night.id, origin: SHOP });
    expect(session).toMatchObject({ availability: 'closed', callbacks: true });
    expect(codeOf(await ask(socket, 'chat:start', form()))).toBe('QUEUE_CLOSED');

    const published = new Promise<CallbackTask>((resolve) => t.app.bus.once('callback:changed', ({ task }) => resolve(task)));
    const { id } = dataOf(await ask<{ id: string }>(socket, 'callback:request', { name: 'Ada', phone: '+44 7700 900001', message: 'Please call about my order' }));
    expect(await published).toMatchObject({ id, queue: 'night', source: 'chat-widget', site: 'Night shop', state: 'open' });
    const task = await t.models.Callback.findById(id).lean();
    expect(task).toMatchObject({ queue: 'night', name: 'Ada', phone: '+44 7700 900001', message: 'Please call about my order', source: 'chat-widget', site: 'Night shop' });
    socket.disconnect();
  });

  it('takes no callback request outside hours when the queue says "closed", and tells visitors already there', async () => {
    await t.models.QueueHours.create({ queue: 'shut', timeZone: 'Europe/London', week: [[], [], [], [], [], [], []], holidays: [] });
    const shut = (await t.api<WidgetSite>('POST', '/api/widget-sites', { token: admin, body: { name: 'Shut shop', origins: [SHOP], queue: 'shut' } })).body;
    const { socket, session } = await openVisitor(t, { site: shut.id, origin: SHOP });
    expect(session).toMatchObject({ availability: 'closed', callbacks: true });

    // The queue's settings now say "closed" outside hours: the visitor already on the page is told.
    const told = next<{ availability: string; callbacks: boolean }>(socket, 'visitor:availability');
    const settings = { skills: [], serviceLevelSec: 20, serviceLevelTarget: 0.8, maxWaitSec: null, acwLimitSec: 60, outsideHours: 'closed' };
    expect((await t.api('PUT', '/api/queue-settings/shut', { token: admin, body: settings })).status).toBe(200);
    expect(await told).toEqual({ availability: 'closed', callbacks: false });
    const before = await t.models.Callback.countDocuments({ queue: 'shut' });
    expect(codeOf(await ask(socket, 'callback:request', { name: 'Ada', phone: '+44 7700 900001' }))).toBe('CALLBACKS_CLOSED');
    expect(await t.models.Callback.countDocuments({ queue: 'shut' })).toBe(before);
    socket.disconnect();

    // A new visitor learns it with their session.
    const again = await openVisitor(t, { site: shut.id, origin: SHOP });
    expect(again.session).toMatchObject({ availability: 'closed', callbacks: false });
    again.socket.disconnect();
  });
});
