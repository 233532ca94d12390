import { randomBytes } from 'node:crypto';
import { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatAttachment, ChatMessage } from '../../shared/schemas/interaction.js';
import { hashVisitorToken, visitorSessionModel } from '../../server/widget/visitor-session.model.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { PNG, download, upload } from './support.js';

const SHOP = 'https://shop.example';
let t: TestApp;
let agent: { token: string };
let siteId: Types.ObjectId;

const visitorAuth = (token: string) => ({ authorization: `Visitor ${token}` });

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  agent = await t.login('agent');
  // A registered site, as the widget's admin screen stores it.
  siteId = new Types.ObjectId();
  await t.models.Interaction.db.collection('widgetsites').insertOne({ _id: siteId, name: 'Shop', origins: [`${SHOP}/`], queue: 'service', archived: false });
});
afterAll(() => t.close());

/** A website visitor with a chat, as the widget's server records them (token stored as its hash). */
async function visitor(callId: string, opts: { handledBy?: string } = {}) {
  let interactionId: string;
  if (opts.handledBy) {
    await t.freshAgents();
    const screen = await t.agentSocket(opts.handledBy);
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    await t.cti({ type: 'chat.started', callId, from: 'ada@example.com' });
    interactionId = (await eventually(() => screen.pops.find((p) => p.callId === callId), 5000, 'pop')).interactionId;
    await eventually(async () => (await t.models.Interaction.findById(interactionId).lean())?.state === 'active', 5000, 'chat taken');
  } else {
    interactionId = (await t.cti({ type: 'chat.started', callId, from: `visitor-${callId}`, queue: 'nobody' })).body.interactionId!;
  }
  const token = randomBytes(32).toString('base64url');
  await visitorSessionModel(t.models.Interaction.db).create({ tokenHash: hashVisitorToken(token), siteId, interactionId: new Types.ObjectId(interactionId), name: 'Ada' });
  return { token, interactionId };
}
const send = (token: string, data: Buffer, name = 'photo.png', headers: Record<string, string> = {}) =>
  upload(`${t.base}/api/widget/attachments?name=${encodeURIComponent(name)}`, data, { ...visitorAuth(token), ...headers });

describe('chat attachments, visitor side', () => {
  it('lets a visitor send a file to their own chat and read it back', async () => {
    const v = await visitor('widget-own');
    const res = await send(v.token, PNG, 'my photo.png');
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), name: 'my photo.png', type: 'image/png', size: PNG.length });
    const got = await download(`${t.base}/api/widget/attachments/${res.body.id}`, visitorAuth(v.token));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PNG)).toBe(true);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it("answers 404 for another visitor's file, as for no file at all", async () => {
    const [a, b] = [await visitor('widget-a'), await visitor('widget-b')];
    const { body: bFile } = await send(b.token, PNG);
    const other = await download(`${t.base}/api/widget/attachments/${bFile.id}`, visitorAuth(a.token));
    const none = await download(`${t.base}/api/widget/attachments/${new Types.ObjectId()}`, visitorAuth(a.token));
    expect([other.status, none.status]).toEqual([404, 404]);
    expect(other.bytes.equals(none.bytes)).toBe(true);
  });

  it('refuses without a token (401), with an unknown token (401), and a text file sent as an image (415)', async () => {
    expect(await upload(`${t.base}/api/widget/attachments?name=x.png`, PNG, {})).toMatchObject({ status: 401, body: { error: { code: 'VISITOR_TOKEN_REQUIRED' } } });
    expect((await download(`${t.base}/api/widget/attachments/${new Types.ObjectId()}`, {})).status).toBe(401);
    expect(await send(randomBytes(32).toString('base64url'), PNG)).toMatchObject({ status: 401, body: { error: { code: 'UNKNOWN_VISITOR' } } });
    // An agent's login is not a visitor token.
    expect((await upload(`${t.base}/api/widget/attachments?name=x.png`, PNG, { authorization: `Bearer ${agent.token}` })).status).toBe(401);
    const v = await visitor('widget-text');
    expect(await send(v.token, Buffer.from('just text'), 'cat.png', { 'content-type': 'image/png' })).toMatchObject({
      status: 415,
      body: { error: { code: 'UNSUPPORTED_FILE_TYPE' } },
    });
  });

  it("answers CORS for the site's origins only", async () => {
    const v = await visitor('widget-cors');
    const preflight = (origin: string) =>
      fetch(`${t.base}/api/widget/attachments`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' },
      });
    const ok = await preflight(SHOP);
    expect(ok.status).toBe(204);
    expect(ok.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();

    const fromShop = await send(v.token, PNG, 'x.png', { origin: SHOP });
    expect(fromShop.status).toBe(201);
    expect(fromShop.headers.get('access-control-allow-origin')).toBe(SHOP);
    expect(await send(v.token, PNG, 'x.png', { origin: 'https://evil.example' })).toMatchObject({ status: 403, body: { error: { code: 'ORIGIN_NOT_ALLOWED' } } });
  });

  it("stores a visitor's message with their file (the widget's path through the CTI service) and shows it to the handling agent", async () => {
    const v = await visitor('widget-msg', { handledBy: agent.token });
    const screen = await t.agentSocket(agent.token);
    const pushed: ChatMessage[] = [];
    screen.socket.on('chat:message', ({ interactionId, message }) => interactionId === v.interactionId && pushed.push(message));
    const { body: file } = await send(v.token, PNG, 'damage.png');

    // What the widget's server does on `chat:send { clientId, text, attachmentId }`.
    const { attachments, cti } = t.app.services;
    const attachment = (await attachments.belongsTo(file.id, v.interactionId)) as ChatAttachment;
    expect(attachment).toEqual(file);
    expect(await attachments.belongsTo(file.id, new Types.ObjectId())).toBeNull();
    const accepted = await cti.handle(
      { eventId: 'widget-msg-1', type: 'chat.message', callId: 'widget-msg', channel: 'chat', from: 'ada@example.com', to: 'widget', at: new Date().toISOString(), text: '' },
      { attachment },
    );
    expect(accepted).toMatchObject({ accepted: true, duplicate: false });

    const stored = await t.models.ChatMessage.find({ interactionId: v.interactionId }).lean();
    expect(stored.at(-1)).toMatchObject({ from: 'customer', text: '', attachment: { name: 'damage.png', type: 'image/png', size: PNG.length } });
    expect(String(stored.at(-1)!.attachment!.id)).toBe(file.id);
    expect((await eventually(() => pushed.find((m) => m.attachment), 5000, 'chat:message')).attachment).toEqual(file);

    // The handling agent opens it; another agent cannot.
    expect((await download(`${t.base}/api/attachments/${file.id}`, { authorization: `Bearer ${agent.token}` })).bytes.equals(PNG)).toBe(true);
    const agent2 = await t.login('agent2');
    expect((await t.api('GET', `/api/attachments/${file.id}`, { token: agent2.token })).status).toBe(404);
  });
});

describe('upload limits', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await startTestApp({
      attachments: { maxBytes: 1024 * 1024, perVisitor: { points: 2, duration: 60 }, perAgent: { points: 2, duration: 60 }, perIp: { points: 3, duration: 60 } },
    });
  });
  afterAll(() => limited.close());

  it('limits uploads per visitor, then per address, with Retry-After', async () => {
    const session = async (callId: string) => {
      const interactionId = (await limited.cti({ type: 'chat.started', callId, from: callId })).body.interactionId!;
      const token = randomBytes(32).toString('base64url');
      await visitorSessionModel(limited.models.Interaction.db).create({
        tokenHash: hashVisitorToken(token),
        siteId: new Types.ObjectId(),
        interactionId: new Types.ObjectId(interactionId),
      });
      return token;
    };
    const post = (token: string) => upload(`${limited.base}/api/widget/attachments?name=a.png`, PNG, visitorAuth(token));
    const [a, b] = [await session('limit-a'), await session('limit-b')];
    expect([(await post(a)).status, (await post(a)).status]).toEqual([201, 201]);
    const third = await post(a);
    expect(third).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED', message: expect.stringContaining('from this visitor') } } });
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await post(b)).status).toBe(201);
    // Three taken from this address (the one refused per visitor was not counted): its limit is spent.
    expect(await post(b)).toMatchObject({ status: 429, body: { error: { code: 'RATE_LIMITED', message: expect.stringContaining('from this address') } } });
  });
});
