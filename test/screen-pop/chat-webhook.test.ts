import http from 'node:http';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.js';
import { verifySignature } from '../../server/telephony/signature.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

/** A stand-in for the chat platform: records what the console posts to it. */
let platform: http.Server;
const received: Array<{ body: string; signature: string | undefined }> = [];
/** While true the platform refuses every post (an outage), and records nothing. */
let platformDown = false;
let platformUrl: string;
let t: TestApp;

beforeAll(async () => {
  platform = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      if (platformDown) return void res.writeHead(503).end();
      received.push({ body: Buffer.concat(chunks).toString(), signature: req.headers['x-cti-signature'] as string | undefined });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => platform.listen(0, '127.0.0.1', r));
  const port = (platform.address() as { port: number }).port;
  platformUrl = `http://127.0.0.1:${port}/replies`;
  t = await startTestApp({ chatWebhookUrl: platformUrl });
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

  it('keeps a reply the platform refused through a console restart, and delivers it once, when the platform is back', async () => {
    const fast = { pollMs: 30, maxAttempts: 50, retryBaseMs: 20 };
    const first = await startTestApp({ chatWebhookUrl: platformUrl, chatWebhook: fast });
    try {
      await seedFixtures(first.models);
      const { token } = await first.login('agent');
      const screen = await first.agentSocket(token);
      await screen.socket.emitWithAck('agent:state', { state: 'available' });
      await first.cti({ type: 'chat.started', callId: 'chat-outage', from: 'ada@example.com' });
      const pop = await eventually(() => screen.pops.find((p) => p.callId === 'chat-outage'));
      platformDown = true;
      const res = await first.api('POST', `/api/interactions/${pop.interactionId}/messages`, { token, body: { text: 'Sent during the outage.' } });
      // Answered once the reply is stored for the platform, not once the platform has it.
      expect(res.status).toBe(201);
      await eventually(async () => ((await first.models.ChatOutbox.findOne({ callId: 'chat-outage' }).lean())?.attempts ?? 0) >= 2, 5000, 'retries');

      // The console process stops (its retries stop with it), and another starts on the same database.
      await first.app.close();
      platformDown = false;
      const second = await createApp({ config: { ...first.config }, conn: first.models.ChatOutbox.db, logger: pino({ level: 'silent' }) });
      try {
        const sent = await eventually(async () => {
          const r = await first.models.ChatOutbox.findOne({ callId: 'chat-outage' }).lean();
          return r?.state === 'sent' ? r : null;
        }, 5000, 'the reply sent after the restart');
        expect(sent.attempts).toBeGreaterThanOrEqual(3);
        expect(received.filter((r) => r.body.includes('Sent during the outage.'))).toHaveLength(1);
        expect(JSON.parse(received.find((r) => r.body.includes('Sent during the outage.'))!.body)).toMatchObject({ type: 'chat.reply', callId: 'chat-outage', agent: 'agent' });
      } finally {
        await second.close();
      }
    } finally {
      platformDown = false;
      await first.close();
    }
  });
});
