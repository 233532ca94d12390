import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { luhnValid, maskCardNumbers } from '../../server/security/card-mask.js';
import { type TestApp, eventually, startTestApp } from '../support/app.js';
import { seedFixtures } from '../support/fixtures.js';

/** Appends the Luhn check digit to `body`. */
function withCheckDigit(body: string) {
  for (let d = 0; d <= 9; d++) if (luhnValid(body + d)) return body + d;
  throw new Error('unreachable');
}

describe('maskCardNumbers', () => {
  it('masks a Luhn-valid card number keeping its last four digits', () => {
    expect(maskCardNumbers('card 4111111111111111 thanks')).toBe('card **** **** **** 1111 thanks');
    expect(maskCardNumbers('5555 5555 5555 4444')).toBe('**** **** **** 4444');
    expect(maskCardNumbers('4111-1111-1111-1111.')).toBe('**** **** **** 1111.');
    expect(maskCardNumbers('amex 3782 822463 10005')).toBe('amex **** **** **** 0005');
  });

  it('masks 13 to 19 digit runs and several in one text', () => {
    expect(maskCardNumbers('4222222222222')).toBe('**** **** **** 2222');
    const nineteen = withCheckDigit('601100000000000012');
    expect(nineteen).toHaveLength(19);
    expect(maskCardNumbers(`a ${nineteen} b 4111111111111111`)).toBe(`a **** **** **** ${nineteen.slice(-4)} b **** **** **** 1111`);
  });

  it('leaves numbers that fail Luhn or have the wrong length alone', () => {
    expect(maskCardNumbers('4111111111111112')).toBe('4111111111111112');
    expect(maskCardNumbers('call me on +44 7700 900001')).toBe('call me on +44 7700 900001');
    expect(maskCardNumbers('order 123456789012')).toBe('order 123456789012'); // 12 digits
    const twenty = withCheckDigit('6011000000000000001');
    expect(maskCardNumbers(twenty)).toBe(twenty); // 20 digits: not a card
    expect(maskCardNumbers('no digits here')).toBe('no digits here');
  });
});

describe('card numbers in notes and chat', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp();
    await seedFixtures(t.models);
    token = (await t.login('agent')).token;
  });
  afterAll(() => t?.close());

  it('stores and forwards notes, agent replies and customer chat with card numbers masked', async () => {
    const screen = await t.agentSocket(token);
    expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
    const pushed: string[] = [];
    screen.socket.on('chat:message', (m) => pushed.push(m.message.text));
    await t.cti({ type: 'chat.started', callId: 'chat-card', from: '+447700900001' });
    const pop = await eventually(() => screen.pops.find((p) => p.callId === 'chat-card'), 5000, 'pop');
    await t.cti({ type: 'chat.message', callId: 'chat-card', from: '+447700900001', text: 'my card is 4111 1111 1111 1111 exp 12/29' });

    const note = await t.api('PATCH', `/api/interactions/${pop.interactionId}`, { token, body: { notes: 'customer read out 5555-5555-5555-4444' } });
    expect(note.status).toBe(200);
    expect(note.body).toHaveProperty('notes', 'customer read out **** **** **** 4444');
    const reply = await t.api('POST', `/api/interactions/${pop.interactionId}/messages`, { token, body: { text: 'I have 4111111111111111 on file' } });
    expect(reply.status).toBe(201);

    const messages = await eventually(async () => {
      const kept = await t.models.ChatMessage.find({ interactionId: pop.interactionId }).sort({ seq: 1 }).lean();
      return kept.length >= 2 ? kept : null;
    });
    const stored = (await t.models.Interaction.findById(pop.interactionId).lean())!;
    const everything = JSON.stringify([stored, messages]);
    expect(everything).not.toMatch(/4111 ?1111 ?1111 ?1111|5555-5555-5555-4444/);
    expect(stored.notes).toBe('customer read out **** **** **** 4444');
    expect(messages.map((m) => m.text)).toEqual(['my card is **** **** **** 1111 exp 12/29', 'I have **** **** **** 1111 on file']);
    await eventually(() => pushed.length >= 2);
    expect(pushed.join(' ')).not.toMatch(/4111111111111111|4111 1111/);
  });
});
