/*
 * The mixed benchmark's one real screen: the demo agent logged in to Chromium, taking a few calls while
 * the load runs. The scenario times pops until they reach an agent's socket; this times a pop as a person
 * sees it, until painted. It has a file of its own because it drives a browser (launched, logged in,
 * screenshots of misses), which nothing else in the scenario does.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { type CtiResult, root, sleep } from './harness.js';
import { api } from './timed-api.js';

/**
 * Pop painted in a browser: the demo agent in Chromium (the built client, as `npm start` serves it)
 * takes `n` calls asked for by name (the platform's agentId) while the load runs. Timed from posting
 * `call.ringing` to the frame after the caller's name appears on the screen, on this machine's clock.
 */
export async function openBrowserAgent(url: string): Promise<{ browser: import('playwright-core').Browser; page: import('playwright-core').Page } | { note: string }> {
  if (!fs.existsSync(path.join(root, 'dist/client/index.html'))) return { note: 'pop painted in a browser: skipped, the client is not built (npm run build)' };
  const { launchBrowser, logInAs } = await import('../test/support/chromium.js');
  let browser: import('playwright-core').Browser;
  try {
    browser = await launchBrowser();
  } catch (err) {
    return { note: `pop painted in a browser: skipped, Chromium did not start (${(err as Error).message.split('\n')[0]})` };
  }
  try {
    const page = await logInAs(browser, url, 'agent');
    await page.getByTestId('state-available').waitFor({ timeout: 60_000 });
    return { browser, page };
  } catch (err) {
    await browser.close();
    return { note: `pop painted in a browser: skipped, the login failed (${(err as Error).message.split('\n')[0]})` };
  }
}

/**
 * People with a name no one else in the sample has: the browser waits for that name on the screen.
 * The name as the screen shows it (`displayName`: a Hungarian's family name first, say), not as its
 * parts would join: waiting for "Anna Tóth" while the screen says "Tóth Anna" counted painted pops as missed.
 */
export function browserCallers(sample: Array<{ displayName: string; phones: Array<{ number: string }> }>, n: number): Array<{ phone: string; name: string }> {
  const nameCount = new Map<string, number>();
  for (const c of sample) if (c.displayName) nameCount.set(c.displayName, (nameCount.get(c.displayName) ?? 0) + 1);
  return sample
    .filter((c) => c.displayName && c.phones[0] && nameCount.get(c.displayName) === 1)
    .slice(0, Math.max(1, n))
    .map((c) => ({ phone: c.phones[0].number, name: c.displayName }));
}

/** Up to `n` calls to the browser agent, one at a time, while the load runs; each pop timed until painted. */
export async function browserPops(
  session: Awaited<ReturnType<typeof openBrowserAgent>>,
  url: string,
  n: number,
  callers: Array<{ phone: string; name: string }>,
  agentToken: string,
  agentUserId: string,
  post: (body: object, to: string) => Promise<CtiResult>,
  running: () => boolean,
): Promise<{ samples: number[]; missed: number; missedWhy: string[]; note?: string }> {
  if ('note' in session) return { samples: [], missed: 0, missedWhy: [], note: session.note };
  const { browser, page } = session;
  const samples: number[] = [];
  let missed = 0;
  const missedWhy: string[] = [];
  try {
    for (let i = 0; i < n && running(); i++) {
      const caller = callers[i % callers.length];
      // Available only for its own call: the floor's routing picks the longest-idle agent, so the
      // load's calls go to the bench agents first.
      await page.getByTestId('state-available').click();
      await sleep(300);
      // As source text: functions compiled by tsx carry helper calls (__name) the page does not have.
      await page.evaluate(`(() => {
        const name = ${JSON.stringify(caller.name)};
        window.popPainted = new Promise((resolve) => {
          const shown = () => [...document.querySelectorAll('[data-testid="pop-customer-name"]')].some((el) => el.textContent && el.textContent.includes(name));
          // The frame after the one that laid the name out: it has been painted by then.
          const done = () => requestAnimationFrame(() => setTimeout(() => resolve(Date.now()), 0));
          if (shown()) return done();
          const mo = new MutationObserver(() => shown() && (mo.disconnect(), done()));
          mo.observe(document.body, { subtree: true, childList: true, characterData: true });
        });
      })()`);
      const callId = `browser-${randomUUID()}`;
      const base = { callId, channel: 'voice', from: caller.phone, to: '+442079460000', agentId: 'agent' };
      const event = (type: string) => ({ ...base, eventId: randomUUID(), type, at: new Date().toISOString() });
      const sent = Date.now();
      const r = await post(event('call.ringing'), url);
      const painted = await Promise.race([
        page.evaluate('window.popPainted') as Promise<number>,
        sleep(15_000).then(() => NaN),
      ]);
      if (Number.isNaN(painted)) {
        missed++;
        // Why: the state the screen shows, and where the call is (routed elsewhere, queued, offered).
        const onScreen = await page.getByTestId('state-current').getAttribute('data-state', { timeout: 2000 }).catch(() => '?');
        const stored = r.json.interactionId ? await api(url, 'GET', `/api/interactions/${r.json.interactionId}`, agentToken) : undefined;
        const i = stored?.json as { state?: string; agentId?: string | null } | undefined;
        const whose = !i?.agentId ? 'no agent' : i.agentId === agentUserId ? 'this agent' : 'another agent';
        const shot = path.join(root, 'bench/results', `painted-pop-missed-${missed}.png`);
        await page.screenshot({ path: shot }).catch(() => undefined);
        missedWhy.push(`screen ${onScreen}, call ${stored ? `HTTP ${stored.status}, ${i?.state ?? '?'} with ${whose}` : 'not stored'} (${path.relative(root, shot)})`);
      } else samples.push(painted - sent);
      await post(event('call.answered'), url);
      await post(event('call.ended'), url);
      if (r.json.interactionId) await api(url, 'PATCH', `/api/interactions/${r.json.interactionId}`, agentToken, { notes: 'bench browser call', disposition: 'information' });
      // Not ready again (the screen's default reason) until its next call: the load's calls go to the
      // bench agents. A short timeout: a button that is not there must not hold the loop for the
      // click's default 30 s (a renamed button once left a whole run with one sample).
      await page.getByTestId('state-not-ready').click({ timeout: 5000 });
      await sleep(1000);
    }
  } catch (err) {
    return { samples, missed, missedWhy, note: `pop painted in a browser: stopped early (${(err as Error).message.split('\n')[0]})` };
  } finally {
    await browser.close();
  }
  return { samples, missed, missedWhy };
}
