import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScreenPop } from '../../shared/schemas/interaction.js';
import type { WidgetSite } from '../../shared/schemas/widget.js';
import { hashVisitorToken } from '../../server/widget/visitor-session.model.js';
import { defaultWidgetLimits } from '../../server/widget/widget-limits.js';
import { addAdmin } from '../access/support.js';
import { type ClientSocket, type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { ask, dataOf, openVisitor } from './support.js';

const SHOP = 'http://shop.test:8080';
const IDLE_MS = 10 * 60_000;
let t: TestApp;
let site: WidgetSite;
let screen: { socket: ClientSocket; pops: ScreenPop[] };

beforeAll(async () => {
  // Ten minutes: no page-close timer fires during the test, so only the sweep can end a chat here.
  t = await startTestApp({ widget: { demoOrigins: [], limits: defaultWidgetLimits(), idleEndMs: IDLE_MS } });
  await seedFixtures(t.models);
  const admin = (await addAdmin(t)).token;
  site = (await t.api<WidgetSite>('POST', '/api/widget-sites', { token: admin, body: { name: 'Shop', origins: [SHOP], queue: 'service' } })).body;
  screen = await t.agentSocket((await t.login('agent')).token);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
});
afterAll(async () => {
  screen.socket.disconnect();
  await t.close();
});

describe('chats whose visitor left', () => {
  it('are ended from the database alone when the process that watched them is gone (a restart)', async () => {
    const { socket, session } = await openVisitor(t, { site: site.id, origin: SHOP });
    dataOf(await ask(socket, 'chat:start', { name: 'Gone', email: 'gone@example.org', question: 'Still there?', marketingConsent: false }));
    const chat = await eventually(async () => (await t.models.VisitorSession.findOne({ tokenHash: hashVisitorToken(session.token) }).lean())?.interactionId, 5000, 'the chat');
    const id = String(chat);
    await eventually(() => screen.pops.find((p) => p.interactionId === id), 5000, 'the pop');
    const afterLimit = () => new Date(Date.now() + IDLE_MS + 1000);

    // Still on the page: left alone, however long ago the session was last seen.
    expect(await t.app.services.widget.sweepLeftChats(afterLimit())).toBe(0);
    socket.disconnect();
    const left = await eventually(async () => (await t.models.VisitorSession.findOne({ interactionId: chat, lastSeenAt: { $gt: new Date(Date.now() - 2000) } }).lean())?.lastSeenAt, 5000, 'last seen at leaving');
    // Gone for less than the limit: the chat stays.
    expect(await t.app.services.widget.sweepLeftChats(new Date(left.getTime() + IDLE_MS - 1000))).toBe(0);
    expect((await t.models.Interaction.findById(id).lean())?.state).toBe('active');
    // Past the limit, with no page of theirs open anywhere: ended as if they had ended it, once.
    expect(await t.app.services.widget.sweepLeftChats(afterLimit())).toBe(1);
    expect((await t.models.Interaction.findById(id).lean())?.state).toBe('ended');
    expect(await t.app.services.widget.sweepLeftChats(afterLimit())).toBe(0);
  });
});
