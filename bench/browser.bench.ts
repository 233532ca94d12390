import { randomUUID } from 'node:crypto';
import path from 'node:path';
import mongoose from 'mongoose';
import pino from 'pino';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import { createApp } from '../server/app.js';
import { testConfig } from '../server/config.js';
import { startEmbeddedDb } from '../server/embedded-db/server.js';
import { seedDemoData } from '../server/seed/seed.js';
import { sign } from '../server/telephony/signature.js';
import { goAvailable } from '../test/support/browser.js';
import { launchBrowser } from '../test/support/chromium.js';
import { row, summarize } from './stats.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * What the agent and the supervisor see in Chromium, against the console serving the client as
 * `npm start` builds it (built afresh into bench/.cache/client, compressed and cached as in production):
 * 1. First load per role: bytes over the wire (compressed bodies and headers, as Chromium counts them),
 *    requests, and the time from opening the URL to a usable console (the agent's state known over the
 *    socket; the supervisor's floor drawn and connected), the login typed in between.
 * 2. The pop as the agent sees it: a signed `call.ringing` posted, timed until the frame after the
 *    caller's name is laid out on the agent's screen (painted), `pops` times, one call at a time.
 */
export async function benchBrowser(opts: { pops: number; customers: number }) {
  const clientDir = path.join(root, 'bench/.cache/client');
  process.stderr.write('  building the client\n');
  await build({ configFile: path.join(root, 'vite.config.ts'), logLevel: 'warn', build: { outDir: clientDir, emptyOutDir: true } });
  const db = await startEmbeddedDb();
  const conn = await mongoose.createConnection(db.uri, { dbName: 'bench-browser' }).asPromise();
  const config = testConfig({ popAckTimeoutMs: 30_000 });
  const app = await createApp({ config, conn, logger: pino({ level: 'silent' }), clientDir });
  await seedDemoData(app.models, { customers: opts.customers, log: (l) => process.stderr.write(`\r  ${l.padEnd(50)}`) });
  await app.services.pictures.warm((done, total) => process.stderr.write(`\r  customer pictures ${done}/${total}`.padEnd(52)));
  process.stderr.write('\n');
  const port = await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${port}`;
  const browser = await launchBrowser();

  try {
    const agent = await firstLoad(browser, base, 'agent', (page) => page.getByTestId('state-current').filter({ hasNotText: 'Offline' }).waitFor({ timeout: 60_000 }));
    const supervisor = await firstLoad(browser, base, 'supervisor', async (page) => {
      await page.locator('[data-testid="connection-status"][data-status="connected"]').waitFor({ timeout: 60_000 });
      await page.locator('[data-testid="supervisor-view"] canvas').first().waitFor({ timeout: 60_000 });
    });
    await supervisor.page.context().close();

    // People with a name no one else has: the page waits for that name on its screen.
    const people = await app.models.Customer.find({ kind: 'person' }, { displayName: 1, phones: 1 }).lean();
    const count = new Map<string, number>();
    for (const p of people) count.set(p.displayName, (count.get(p.displayName) ?? 0) + 1);
    const callers = people.filter((p) => p.phones[0] && count.get(p.displayName) === 1).map((p) => ({ phone: p.phones[0]!.number, name: p.displayName }));
    const login = await (await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'agent', password: 'demo' }) })).json();
    const post = async (body: object) => {
      const raw = JSON.stringify(body);
      const res = await fetch(`${base}/api/cti/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-cti-signature': sign(raw, config.ctiSecret) }, body: raw });
      return (await res.json()) as { interactionId?: string };
    };

    const page = agent.page;
    await goAvailable(page);
    const painted: number[] = [];
    const popsStart = performance.now();
    for (let i = 0; i < opts.pops; i++) {
      const caller = callers[i % callers.length]!;
      // As source text: functions compiled by tsx carry helper calls (__name) the page does not have.
      await page.evaluate(`(() => {
        const name = ${JSON.stringify(caller.name)};
        window.popPainted = new Promise((resolve) => {
          const shown = () => [...document.querySelectorAll('[data-testid="pop-customer-name"]')].some((el) => el.textContent && el.textContent.includes(name));
          // The frame after the one that laid the name out: it has been painted by then.
          const done = () => requestAnimationFrame(() => setTimeout(() => resolve(performance.timeOrigin + performance.now()), 0));
          if (shown()) return done();
          const mo = new MutationObserver(() => shown() && (mo.disconnect(), done()));
          mo.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      })()`);
      const callId = `browser-bench-${randomUUID()}`;
      const event = (type: string) => ({ eventId: randomUUID(), type, callId, channel: 'voice', from: caller.phone, to: '+442079460000', at: new Date().toISOString() });
      // The page's clock (timeOrigin + now) and this one (timeOrigin + now) are the same machine's wall clock.
      const sent = performance.timeOrigin + performance.now();
      const ringing = await post(event('call.ringing'));
      painted.push((await page.evaluate<number>('window.popPainted')) - sent);
      await post(event('call.answered'));
      await post(event('call.ended'));
      await fetch(`${base}/api/interactions/${ringing.interactionId}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${login.token}` },
        body: JSON.stringify({ disposition: 'information' }),
      });
      // The disposition ends the wrap-up: the next call waits for the agent to be available again.
      await page.locator('[data-testid="state-available"][aria-pressed="true"]').waitFor({ timeout: 15_000 });
      process.stderr.write(`\r  pops painted ${i + 1}/${opts.pops}`);
    }
    process.stderr.write('\n');
    const popsSeconds = (performance.now() - popsStart) / 1000;

    const pop = summarize(painted);
    console.log(`\nIn Chromium: first load (${opts.customers} demo customers) and the pop painted, ${opts.pops} calls`);
    for (const [role, f] of [['agent', agent], ['supervisor', supervisor]] as const) {
      console.log(`  ${`first load, ${role}`.padEnd(32)} ${(f.bytes / 1024).toFixed(1)} kB over the wire, ${f.requests} requests (${f.scripts} scripts), usable after ${f.usableMs.toFixed(0)} ms`);
    }
    console.log(row('CTI post → pop painted', pop, undefined, `  (${opts.pops} calls in ${popsSeconds.toFixed(0)} s)`));
    return {
      firstLoad: { agent: { bytes: agent.bytes, requests: agent.requests, scripts: agent.scripts, usableMs: agent.usableMs }, supervisor: { bytes: supervisor.bytes, requests: supervisor.requests, scripts: supervisor.scripts, usableMs: supervisor.usableMs } },
      popPainted: pop,
      popsSeconds,
    };
  } finally {
    await browser.close();
    await app.close();
    await new Promise<void>((r) => app.server.close(() => r()));
    await conn.close();
    await db.close();
  }
}

/**
 * A fresh browser (empty cache) opens the console, logs in as `username` and waits until `usable`.
 * Bytes are Chromium's own count of what crossed the network (encoded bodies and headers, the
 * WebSocket's upgrade included, its frames not); time runs from the navigation's start.
 */
async function firstLoad(browser: import('playwright-core').Browser, base: string, username: string, usable: (page: Page) => Promise<unknown>) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  let scripts = 0;
  cdp.on('Network.requestWillBeSent', (e) => {
    requests++;
    if (e.type === 'Script') scripts++;
  });
  cdp.on('Network.loadingFinished', (e) => (bytes += e.encodedDataLength));
  await page.goto(base);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('demo');
  await page.getByTestId('login-submit').click();
  await usable(page);
  const usableMs = await page.evaluate<number>('performance.now()');
  return { page, bytes, requests, scripts, usableMs };
}
