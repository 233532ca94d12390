import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { sipCredentialsFor } from '../../../server/telephony/sip/sip-credentials.js';
import { hasSwitch, SIP_DOMAIN, sipCredentialSettings, startSwitch } from './switch.js';

const CONSOLE_ORIGIN = 'http://127.0.0.1:3000';
const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/** A browser's SIP over WebSocket, by hand: one message per frame (RFC 7118), replies awaited in order. */
async function openSipSocket(url: string, origin?: string) {
  const ws = new WebSocket(url, 'sip', origin ? { origin } : {});
  const inbox: string[] = [];
  const waiting: ((m: string) => void)[] = [];
  ws.on('message', (data) => {
    const m = data.toString();
    const w = waiting.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    send: (m: string) => ws.send(m),
    next: () => new Promise<string>((resolve) => (inbox.length ? resolve(inbox.shift()!) : waiting.push(resolve))),
  };
}

describe.skipIf(!hasSwitch)('SIP over WebSocket (the browser softphone)', () => {
  let sw: Awaited<ReturnType<typeof startSwitch>>;

  beforeAll(async () => {
    sw = await startSwitch({ wsOrigins: [CONSOLE_ORIGIN, 'https://console.example.com'] });
  });
  afterAll(() => sw?.kamailio.stop());

  it('opens with the sip subprotocol and registers an agent that answers the challenge with its ephemeral credentials', async () => {
    // As the console's page opens it.
    const sip = await openSipSocket(`ws://127.0.0.1:${sw.wsPort}`, CONSOLE_ORIGIN);
    expect(sip.ws.protocol).toBe('sip');
    const c = sipCredentialsFor('agent', { ...sipCredentialSettings(sw.wsPort), sipDomain: SIP_DOMAIN, now: Date.now() });
    const callId = randomUUID();
    const register = (cseq: number, authorization = '') =>
      [
        `REGISTER sip:${SIP_DOMAIN} SIP/2.0`,
        `Via: SIP/2.0/WS abcdef.invalid;branch=z9hG4bK${randomUUID().slice(0, 8)}`,
        'Max-Forwards: 70',
        `From: <${c.uri}>;tag=ws${cseq}`,
        `To: <${c.uri}>`,
        `Call-ID: ${callId}`,
        `CSeq: ${cseq} REGISTER`,
        'Contact: <sip:xyz@abcdef.invalid;transport=ws>',
        'Expires: 600',
        ...(authorization ? [authorization] : []),
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');

    sip.send(register(1));
    const challenge = await sip.next();
    expect(challenge).toMatch(/^SIP\/2\.0 401 /);
    const realm = /realm="([^"]+)"/.exec(challenge)![1];
    const nonce = /nonce="([^"]+)"/.exec(challenge)![1];
    expect(realm).toBe(SIP_DOMAIN);

    const uri = `sip:${SIP_DOMAIN}`;
    const cnonce = randomUUID().slice(0, 8);
    const response = md5([md5(`${c.username}:${realm}:${c.password}`), nonce, '00000001', cnonce, 'auth', md5(`REGISTER:${uri}`)].join(':'));
    const mark = sw.kamailio.logMark();
    sip.send(register(2, `Authorization: Digest username="${c.username}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5, qop=auth, nc=00000001, cnonce="${cnonce}"`));
    expect(await sip.next()).toMatch(/^SIP\/2\.0 200 /);
    // Registered where it really is: its WebSocket connection, not the made-up host of its Contact.
    await sw.kamailio.waitForLog(/registered sip:agent@console\.test at <sip:xyz@abcdef\.invalid;transport=ws>/, { after: mark });
    sip.ws.close();
  });

  it("refuses (403) a WebSocket a browser opens from a page that is not the console's, and logs it", async () => {
    for (const origin of ['https://attacker.example', 'http://127.0.0.1:3001', 'https://console.example.com.attacker.example', 'null']) {
      const mark = sw.kamailio.logMark();
      const refused = await openSipSocket(`ws://127.0.0.1:${sw.wsPort}`, origin).then(
        () => 'opened',
        (err: Error) => err.message,
      );
      expect(refused, origin).toMatch(/Unexpected server response: 403/);
      await sw.kamailio.waitForLog(new RegExp(`WebSocket from 127\\.0\\.0\\.1:\\d+ refused: origin ${origin.replace(/[.]/g, '\\.')} is not the console's`), { after: mark });
    }
    // The console's other origin, and a client that is no browser (no Origin), open it.
    for (const origin of ['https://console.example.com', undefined]) {
      const sip = await openSipSocket(`ws://127.0.0.1:${sw.wsPort}`, origin);
      expect(sip.ws.protocol).toBe('sip');
      sip.ws.close();
    }
  });
});
