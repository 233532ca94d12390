import { parseArgs } from 'node:util';
import { loadConfigOrExit } from '../config.js';
import { generateDemoData } from '../seed/generate.js';
import { sign } from '../telephony/signature.js';
import type { CtiEvent } from '../../shared/schemas/cti.js';
import { callScenario, chatScenario, countryOfQueue, pickQueue, play } from './simulator.js';

/**
 * `npm run simulate [-- --calls 20 --chats 5 --every 4000 --url http://localhost:3000]`: plays the
 * part of the telephony and chat platform, posting signed CTI events for random demo customers.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: `http://127.0.0.1:${process.env.PORT ?? 3000}` },
    calls: { type: 'string', default: '20' },
    chats: { type: 'string', default: '5' },
    every: { type: 'string', default: '4000' },
    speed: { type: 'string', default: '1' },
  },
});
const config = loadConfigOrExit();
const data = generateDemoData({ customers: config.seedCustomers });
const phones = data.customers.flatMap((c) => c.phones.map((p) => p.number));
// A language queue's callers are the customers of its country (fa: Iran, zh: China...).
const phonesIn = (country: string) => data.customers.filter((c) => c.addresses[0]?.country === country).flatMap((c) => c.phones.map((p) => p.number));
const emails = data.customers.flatMap((c) => c.emails.map((e) => e.address));
const pick = <T>(a: T[]) => a[Math.floor(Math.random() * a.length)];
const speed = Number(values.speed);

const scenarios = [
  ...Array.from({ length: Number(values.calls) }, () => {
    const queue = pickQueue();
    const country = countryOfQueue(queue);
    const callers = country ? phonesIn(country) : phones;
    return callScenario(Math.random() < 0.1 ? `+4479460${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}` : pick(callers.length ? callers : phones), { speed, queue });
  }),
  ...Array.from({ length: Number(values.chats) }, () => chatScenario(pick(emails), { speed })),
].sort(() => Math.random() - 0.5);

let sent = 0;
let failed = 0;
async function send(e: CtiEvent) {
  const body = JSON.stringify({ ...e, at: new Date().toISOString() });
  const res = await fetch(`${values.url}/api/cti/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cti-signature': sign(body, config.ctiSecret) },
    body,
  });
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  sent++;
  process.stdout.write(`\rsent ${sent} events (${e.type} ${e.from})`.padEnd(80));
}

const total = scenarios.reduce((n, s) => n + s.length, 0);
console.log(`simulating ${values.calls} calls and ${values.chats} chats against ${values.url} (${total} events)`);
play(scenarios, send, Number(values.every), (err) => {
  failed++;
  console.error(`\nevent failed: ${(err as Error).message}`);
});
const last = Math.max(...scenarios.map((s, k) => k * Number(values.every) + s.at(-1)!.afterMs));
setTimeout(() => {
  console.log(`\ndone: ${sent} sent, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}, last + 1000);
