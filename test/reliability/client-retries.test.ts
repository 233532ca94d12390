import { z } from 'zod';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { http, setAuthToken } from '../../client/api/http.js';
import { type TestApp, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

let t: TestApp;
let chatId: string;

beforeAll(async () => {
  t = await startTestApp();
  await seedFixtures(t.models);
  const login = await t.login('agent');
  setAuthToken(login.token);
  const chat = await t.models.Interaction.create({ callId: 'chat-client', channel: 'chat', direction: 'inbound', from: '+447700900001', to: '+442079460000', state: 'active', agentId: login.user.id });
  chatId = String(chat._id);
});
afterAll(() => t?.close());
afterEach(() => vi.unstubAllGlobals());

describe("the console's HTTP client", () => {
  it('retries a write whose answer was lost with the same Idempotency-Key, so the server applies it once', async () => {
    const realFetch = globalThis.fetch;
    const keys: Array<string | undefined> = [];
    let lose = true;
    // The real server, with the first answer lost on the way back (the request did arrive).
    vi.stubGlobal('fetch', async (path: string, init: RequestInit) => {
      keys.push((init.headers as Record<string, string>)['Idempotency-Key']);
      const res = await realFetch(t.base + path, init);
      if (lose) {
        lose = false;
        throw new TypeError('network error');
      }
      return res;
    });
    const message = await http.post(`/api/interactions/${chatId}/messages`, { text: 'sent once' }, z.object({ text: z.string() }));
    expect(message.text).toBe('sent once');
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(keys[1]).toBe(keys[0]);
    expect((await t.models.ChatMessage.find({ interactionId: chatId }).lean()).map((m) => m.text)).toEqual(['sent once']);

    // The next logical write gets a key of its own.
    await http.post(`/api/interactions/${chatId}/messages`, { text: 'sent twice' }, z.object({ text: z.string() }));
    expect(keys[2]).not.toBe(keys[0]);
  });
});
