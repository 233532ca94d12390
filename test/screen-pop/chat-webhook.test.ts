import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../server/telephony/signature.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

/** A stand-in for the chat platform: records what the console posts to it. */
let platform: http.Server;
const received: Array<{ body: string; signature: string | undefined }> = [];
let t: TestApp;

beforeAll(async () => {
  platform = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      received.push({ body: Buffer.concat(chunks).toString(), signature: req.headers['x-cti-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
  const port = (platform.address() as { port: number }).port;
  t = await startTestApp({ chatWebhookUrl: `http://127.0.0.1:${port}/replies` });
  await seedFixtures(t.models);
});
afterAll(async () => {
  await t.close();
  platform.close();
});

describe('chat replies', () => {
  it('posts the agent reply to the chat platform, signed, and logs the offers the pop presented', async () => {
    const { token } = await t.login('agent');
    const screen = await t.agentSocket(token);
    await screen.socket.emitWithAck('agent:state', { state: 'available' });
    await t.cti({ type: 'chat.started', callId: 'chat-hook', from: 'ada@example.com' });
    const pop = await eventually(() => screen.pops.find((p) => p.callId === 'chat-hook'));
    const res = await t.api('POST', `/api/interactions/${pop.interactionId}/messages`, { token, body: { text: 'Your parcel left today.' } });
    expect(res.status).toBe(201);

    const got = await eventually(() => received[0], 5000, 'webhook call');
    expect(JSON.parse(got.body)).toMatchObject({ type: 'chat.reply', callId: 'chat-hook', to: 'ada@example.com', text: 'Your parcel left today.', agent: 'agent' });
    expect(verifySignature(Buffer.from(got.body), got.signature, t.config.ctiSecret)).toBe(true);

    const stored = await eventually(async () => {
      const i = await t.models.Interaction.findOne({ callId: 'chat-hook' }).lean();
      return i?.presentedOffers?.length ? i : null;
    });
    expect(stored.presentedOffers[0]).toMatchObject({ offerId: 'TABLETS' });
    screen.socket.disconnect();
  });
});
