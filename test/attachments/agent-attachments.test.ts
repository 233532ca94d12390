import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChatAttachment, ChatMessage } from '../../shared/schemas/interaction.js';
import { BUCKET } from '../../server/attachments/attachment-store.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';
import { PDF, PNG, download, upload } from './support.js';

/** A stand-in for the chat platform: what the console posts to it. */
let platform: http.Server;
const posted: Array<Record<string, unknown>> = [];
let t: TestApp;
let agent: { token: string; user: { id: string } };
let agent2: { token: string };
let supervisor: { token: string };
let chatId: string;
const LIMIT = 64 * 1024;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const uploadTo = (id: string, name: string, data: Buffer | Uint8Array, token = agent.token, headers: Record<string, string> = {}) =>
  upload(`${t.base}/api/interactions/${id}/attachments?name=${encodeURIComponent(name)}`, data, { ...bearer(token), ...headers });
const files = () => t.models.ChatMessage.db.collection(`${BUCKET}.files`);
const chunks = () => t.models.ChatMessage.db.collection(`${BUCKET}.chunks`);

beforeAll(async () => {
  platform = http.createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', (c) => body.push(c));
    req.on('end', () => {
      posted.push(JSON.parse(Buffer.concat(body).toString()));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
  const { port } = platform.address() as { port: number };
  t = await startTestApp({ chatWebhookUrl: `http://127.0.0.1:${port}/replies`, attachments: testLimits() });
  await seedFixtures(t.models);
  [agent, agent2, supervisor] = [await t.login('agent'), await t.login('agent2'), await t.login('supervisor')];
});
afterAll(async () => {
  await t.close();
  platform.close();
});

function testLimits() {
  return { maxBytes: LIMIT, perVisitor: { points: 100, duration: 60 }, perAgent: { points: 100, duration: 60 }, perIp: { points: 100, duration: 60 } };
}

/** A chat routed to `agent` and taken (its pop acknowledged). */
async function liveChat(callId: string) {
  await t.freshAgents();
  const screen = await t.agentSocket(agent.token);
  await screen.socket.emitWithAck('agent:state', { state: 'available' });
  await t.cti({ type: 'chat.started', callId, from: 'ada@example.com' });
  const pop = await eventually(() => screen.pops.find((p) => p.callId === callId), 5000, 'pop');
  await eventually(async () => (await t.models.Interaction.findById(pop.interactionId).lean())?.state === 'active', 5000, 'chat taken');
  return { id: pop.interactionId, screen };
}

describe('chat attachments, agent side', () => {
  let screen: Awaited<ReturnType<typeof liveChat>>['screen'];
  beforeAll(async () => {
    ({ id: chatId, screen } = await liveChat('chat-files'));
  });
  beforeEach(() => {
    posted.length = 0;
  });

  it('stores an image the agent uploads and gives the same bytes back, typed by content and served safely', async () => {
    const res = await uploadTo(chatId, 'C:\\fakepath\\receipt.png', PNG);
    expect(res.status).toBe(201);
    const att = res.body as ChatAttachment;
    expect(att).toEqual({ id: expect.stringMatching(/^[a-f0-9]{24}$/), name: 'receipt.png', type: 'image/png', size: PNG.length });

    const got = await download(`${t.base}/api/attachments/${att.id}`, bearer(agent.token));
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PNG)).toBe(true);
    expect(got.headers.get('content-type')).toBe('image/png');
    expect(got.headers.get('content-disposition')).toMatch(/^inline; filename="receipt.png"/);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    expect(got.headers.get('content-security-policy')).toMatch(/^default-src 'none'/);
    expect(got.headers.get('cache-control')).toMatch(/^private/);
  });

  it("lets the console show a chat's picture from a blob URL (fetched with the agent's token)", async () => {
    const csp = (await fetch(`${t.base}/api/health`)).headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/img-src 'self' data: blob:/);
  });

  it('sends a PDF as a download, never opened in the console', async () => {
    const { body } = await uploadTo(chatId, 'terms.pdf', PDF);
    const got = await download(`${t.base}/api/attachments/${body.id}`, bearer(agent.token));
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toMatch(/^attachment; filename="terms.pdf"/);
    expect(got.bytes.equals(PDF)).toBe(true);
  });

  it('refuses with 415 a ".png" that is text, and an empty file with 400, storing nothing', async () => {
    const before = await files().countDocuments();
    const text = await uploadTo(chatId, 'photo.png', Buffer.from('<script>alert(1)</script>'), agent.token, { 'content-type': 'image/png' });
    expect(text).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_FILE_TYPE' } } });
    const pdfAsImage = await uploadTo(chatId, 'photo.png', PDF);
    expect(pdfAsImage).toMatchObject({ status: 415, body: { error: { code: 'UNSUPPORTED_FILE_TYPE', params: { reason: 'mismatch' } } } });
    expect(await uploadTo(chatId, 'empty.png', Buffer.alloc(0))).toMatchObject({ status: 400, body: { error: { code: 'EMPTY_FILE' } } });
    expect(await files().countDocuments()).toBe(before);
  });

  it('refuses with 413 a file over the limit, declared or streamed, storing nothing', async () => {
    const [filesBefore, chunksBefore] = [await files().countDocuments(), await chunks().countDocuments()];
    const big = Buffer.concat([PNG, Buffer.alloc(LIMIT)]);
    expect(await uploadTo(chatId, 'big.png', big)).toMatchObject({ status: 413, body: { error: { code: 'FILE_TOO_LARGE', params: { limit: LIMIT } } } });

    // No Content-Length (a chunked body): refused once the count passes the limit.
    const streamed = await fetch(`${t.base}/api/interactions/${chatId}/attachments?name=big.png`, {
      method: 'POST',
      headers: bearer(agent.token),
      body: new ReadableStream({
        start(c) {
          for (let n = 0; n < 4; n++) c.enqueue(new Uint8Array(LIMIT / 2));
          c.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(await streamed.json()).toMatchObject({ error: { code: 'FILE_TOO_LARGE' } });
    expect([await files().countDocuments(), await chunks().countDocuments()]).toEqual([filesBefore, chunksBefore]);
    // The limit is inclusive: a file of exactly the limit is taken.
    expect((await uploadTo(chatId, 'exact.png', Buffer.concat([PNG, Buffer.alloc(LIMIT - PNG.length)]))).status).toBe(201);
  });

  it('shows a file to a supervisor, and to another agent answers 404 exactly as for no file', async () => {
    const { body } = await uploadTo(chatId, 'receipt.png', PNG);
    expect((await download(`${t.base}/api/attachments/${body.id}`, bearer(supervisor.token))).status).toBe(200);
    const other = await t.api('GET', `/api/attachments/${body.id}`, { token: agent2.token });
    const none = await t.api('GET', `/api/attachments/${'0'.repeat(24)}`, { token: agent2.token });
    expect(other).toEqual(none);
    expect(other).toMatchObject({ status: 404, body: { error: { code: 'NOT_FOUND', params: { what: 'attachment' } } } });
    expect((await t.api('GET', `/api/attachments/${body.id}`)).status).toBe(401);
  });

  it("lets only the chat's agent upload to it", async () => {
    const res = await uploadTo(chatId, 'x.png', PNG, agent2.token);
    expect(res).toMatchObject({ status: 403, body: { error: { code: 'OTHER_AGENTS_INTERACTION' } } });
    expect((await uploadTo(chatId, 'x.png', PNG, supervisor.token)).status).toBe(201);
  });

  it('sends a reply with a file: stored with the message, pushed to the agent, referenced (no URL) to the platform', async () => {
    const { body: att } = await uploadTo(chatId, 'label.png', PNG);
    const pushed: ChatMessage[] = [];
    screen.socket.on('chat:message', ({ interactionId, message }) => interactionId === chatId && pushed.push(message));
    const res = await t.api<ChatMessage>('POST', `/api/interactions/${chatId}/messages`, { token: agent.token, body: { attachmentId: att.id } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ from: 'agent', text: '', attachment: att });

    const pushedMessage = await eventually(() => pushed.find((m) => m.attachment?.id === att.id), 5000, 'chat:message');
    expect(pushedMessage.attachment).toEqual(att);
    const { body: chat } = await t.api<{ transcript: ChatMessage[] }>('GET', `/api/interactions/${chatId}`, { token: agent.token });
    expect(chat.transcript.at(-1)).toMatchObject({ from: 'agent', text: '', attachment: att });

    const sent = await eventually(() => posted.find((p) => (p.attachment as { id?: string } | undefined)?.id === att.id), 5000, 'platform post');
    expect(sent).toMatchObject({ type: 'chat.reply', callId: 'chat-files', attachment: { id: att.id, name: 'label.png', type: 'image/png' } });
    expect(JSON.stringify(sent)).not.toMatch(/https?:|\/api\//);
  });

  it('refuses a reply naming a file of another chat', async () => {
    const { body: att } = await uploadTo(chatId, 'other.png', PNG);
    const { id: otherChat } = await liveChat('chat-files-2');
    const res = await t.api('POST', `/api/interactions/${otherChat}/messages`, { token: agent.token, body: { text: 'look', attachmentId: att.id } });
    expect(res).toMatchObject({ status: 400, body: { error: { code: 'NOT_THIS_CHATS_ATTACHMENT' } } });
  });

  it('takes no file for a chat that has ended', async () => {
    const { id } = await liveChat('chat-files-ended');
    await t.cti({ type: 'chat.ended', callId: 'chat-files-ended', from: 'ada@example.com' });
    await eventually(async () => (await t.models.Interaction.findById(id).lean())?.state === 'ended', 5000, 'ended');
    expect(await uploadTo(id, 'late.png', PNG)).toMatchObject({ status: 400, body: { error: { code: 'CHAT_ENDED' } } });
  });
});
