import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose, { Types } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { EraseResult } from '../../shared/schemas/privacy.js';
import { BUCKET, createAttachmentStore } from '../../server/attachments/attachment-store.js';
import { hashVisitorToken, visitorSessionModel } from '../../server/widget/visitor-session.model.js';
import { addAdmin } from '../access/support.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { startDbProcess } from '../support/db-process.js';
import { seedFixtures } from '../support/fixtures.js';
import { PDF, PNG, download, upload } from './support.js';

const bytesOf = async (stream: NodeJS.ReadableStream) => {
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(c as Buffer);
  return Buffer.concat(parts);
};

describe('chat files in the embedded database', () => {
  it('are on disk once acknowledged: after kill -9 and a restart the GridFS collections, file and index are there', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'chatfiles-'));
    try {
      let db = await startDbProcess(dir);
      let conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
      let store = createAttachmentStore(conn, { maxBytes: 5 * 1024 * 1024 });
      await store.init();
      // Several chunks (GridFS cuts at 255 kB), so a file half written would show.
      const big = Buffer.concat([PDF, Buffer.alloc(600 * 1024, 0x20)]);
      const interactionId = new Types.ObjectId();
      const saved = await store.save({ interactionId, name: 'contract.pdf', data: big, by: 'agent', uploader: 'u1' });
      await conn.close();
      await db.stop('SIGKILL');

      db = await startDbProcess(dir);
      conn = await mongoose.createConnection(db.uri, { dbName: 'console' }).asPromise();
      store = createAttachmentStore(conn, { maxBytes: 5 * 1024 * 1024 });
      const names = (await conn.db!.listCollections().toArray()).map((c) => c.name);
      expect(names).toEqual(expect.arrayContaining([`${BUCKET}.files`, `${BUCKET}.chunks`]));
      expect(await conn.db!.collection(`${BUCKET}.chunks`).countDocuments({ files_id: new Types.ObjectId(saved.id) })).toBe(3);
      expect(await store.find(saved.id)).toEqual({ attachment: saved, interactionId: String(interactionId), by: 'agent', uploader: 'u1' });
      expect((await bytesOf(store.stream(saved.id))).equals(big)).toBe(true);
      // GridFS's own unique index survives too: no chunk can be stored twice.
      const dup = await conn
        .db!.collection(`${BUCKET}.chunks`)
        .insertOne({ files_id: new Types.ObjectId(saved.id), n: 0, data: Buffer.from('x') })
        .catch((e: unknown) => e);
      expect(dup).toMatchObject({ code: 11000 });
      await conn.close();
      await db.stop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('erasure of a customer', () => {
  let t: TestApp;
  let fx: Awaited<ReturnType<typeof seedFixtures>>;
  beforeAll(async () => {
    t = await startTestApp();
    fx = await seedFixtures(t.models);
  });
  afterAll(async () => {
    await eventually(async () => (await t.models.Agent.countDocuments({ connections: { $gt: 0 } })) === 0, 3000, 'agents offline');
    await t.close();
  });

  it("deletes the files of the customer's chats, both ways, and their names in the messages; others' stay", async () => {
    const admin = (await addAdmin(t)).token;
    const agent = await t.login('agent');
    const screen = await t.agentSocket(agent.token);
    onTestFinished(() => void screen.socket.disconnect());
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    await t.cti({ type: 'chat.started', callId: 'erase-chat', from: 'ada@example.com' });
    const chatId = (await eventually(() => screen.pops.find((p) => p.callId === 'erase-chat'), 5000, 'pop')).interactionId;
    await eventually(async () => (await t.models.Interaction.findById(chatId).lean())?.state === 'active', 5000, 'chat taken');
    expect(String((await t.models.Interaction.findById(chatId).lean())!.customerId)).toBe(String(fx.customers.ada));

    // Ada sends a picture through the widget; the agent answers with a document.
    const token = 'visitor-token-of-ada-0123456789';
    await visitorSessionModel(t.models.Interaction.db).create({ tokenHash: hashVisitorToken(token), siteId: new Types.ObjectId(), interactionId: new Types.ObjectId(chatId) });
    const fromAda = (await upload(`${t.base}/api/widget/attachments?name=ada-lovelace-passport.png`, PNG, { authorization: `Visitor ${token}` })).body;
    const { attachments, cti } = t.app.services;
    await cti.handle(
      { eventId: 'erase-1', type: 'chat.message', callId: 'erase-chat', channel: 'chat', from: 'ada@example.com', to: 'widget', at: new Date().toISOString(), text: 'my passport' },
      { attachment: (await attachments.belongsTo(fromAda.id, chatId))! },
    );
    const fromAgent = (await upload(`${t.base}/api/interactions/${chatId}/attachments?name=Ada Lovelace contract.pdf`, PDF, { authorization: `Bearer ${agent.token}` })).body;
    expect((await t.api('POST', `/api/interactions/${chatId}/messages`, { token: agent.token, body: { text: 'signed copy', attachmentId: fromAgent.id } })).status).toBe(201);
    // Someone else's chat file, which erasure must leave alone.
    const other = await attachments.save({ interactionId: new Types.ObjectId(), name: 'other.png', data: PNG, by: 'agent', uploader: 'x' });

    const res = await t.api<EraseResult>('POST', `/api/privacy/customers/${fx.customers.ada}/erase`, { token: admin, body: { confirm: String(fx.customers.ada) } });
    expect(res.status).toBe(200);
    expect(res.body.counts.chatFiles).toBe(2);

    for (const id of [fromAda.id, fromAgent.id]) {
      expect(await attachments.find(id)).toBeNull();
      expect(await t.models.Interaction.db.collection(`${BUCKET}.chunks`).countDocuments({ files_id: new Types.ObjectId(id) })).toBe(0);
      expect((await download(`${t.base}/api/attachments/${id}`, { authorization: `Bearer ${agent.token}` })).status).toBe(404);
    }
    const messages = await t.models.ChatMessage.find({ interactionId: chatId, attachment: { $exists: true } }).lean();
    expect(messages.map((m) => [m.text, m.attachment!.name])).toEqual([
      ['[erased]', '[erased]'],
      ['[erased]', '[erased]'],
    ]);
    expect(await attachments.find(other.id)).not.toBeNull();
  });
});
