import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { axeViolations, browserSuite, logInAs, screenshotPath } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

/**
 * A busy floor: handled calls in three queues (one with a long name) with dispositions, offers accepted
 * and declined and complaints, then calls left waiting; agents with long names and teams.
 */
async function busyFloor(app: TestApp) {
  await app.models.User.updateOne({ username: 'agent' }, { displayName: 'Maria-Magdalena Constantinescu-Ionescu', team: 'inbound-north-east' });
  await app.models.User.updateOne({ username: 'agent2' }, { displayName: 'Bartholomew Featherstonehaugh', team: 'retention-specialists' });
  const { token } = await app.login('agent');
  const { socket, pops } = await app.agentSocket(token);
  await socket.emitWithAck('agent:state', { state: 'available' });
  const callers = ['+447700900001', '+447700900002', '+442079460001'];
  const queues = ['billing', 'sales', 'retention-and-loyalty-priority'];
  const dispositions = ['sale', 'follow-up', 'complaint-logged', 'escalated', 'resolved', 'information'] as const;
  for (let i = 0; i < 9; i++) {
    const callId = `layout-${i}`;
    const from = callers[i % callers.length];
    const ringing = await app.cti({ type: 'call.ringing', callId, from, queue: queues[i % queues.length] });
    const interactionId = ringing.body.interactionId!;
    const pop = await eventually(() => pops.find((p) => p.callId === callId), 10_000, `pop of ${callId}`);
    await app.cti({ type: 'call.answered', callId, from });
    const offer = pop.customer?.nextBestOffers[0];
    const customerId = pop.customer?.profile.id;
    if (customerId && i % 3 === 2) {
      const c = await app.api('POST', `/api/customers/${customerId}/complaints`, { token, body: { subject: 'Charged twice for the same month', category: 'billing', severity: 'high', interactionId } });
      expect(c.status).toBe(201);
    }
    await app.cti({ type: 'call.ended', callId, from });
    const saved = await app.api('PATCH', `/api/interactions/${interactionId}`, {
      token,
      body: { disposition: dispositions[i % dispositions.length], notes: 'layout', ...(offer ? { offer: { offerId: offer.offerId, outcome: i % 2 ? 'declined' : 'accepted' } } : {}) },
    });
    expect(saved.status).toBe(200);
  }
  // Nobody free: these wait, so the "Now" columns have figures.
  await socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' });
  for (let i = 0; i < 4; i++) await app.cti({ type: 'call.ringing', callId: `layout-wait-${i}`, from: callers[i % callers.length], queue: queues[i % queues.length] });
  await app.idle();
}

browserSuite(
  (app, b) => {
    t = app;
    browser = b;
  },
  { setup: busyFloor },
);

/**
 * Every place on the supervisor's screen where content is cut off: an element reaching past an
 * ancestor that hides its overflow (text cut, an ellipsis, a chart cut), or past the window without a
 * scroll container to reach it; a page that scrolls sideways; and any part of the floor that scrolls
 * sideways (a table's last columns reached only by scrolling are as good as cut on a wallboard).
 * Scrolling down inside the feed and the board's column is how they show more rows: allowed.
 */
async function clipped(page: Page): Promise<string[]> {
  // As source text: functions compiled by the test runner carry helper calls the page does not have.
  return page.evaluate(`(() => {
    const problems = [];
    const root = document.scrollingElement;
    if (root.scrollWidth > root.clientWidth) problems.push('the page scrolls sideways: ' + root.scrollWidth + ' > ' + root.clientWidth);
    const name = (el) => el.tagName.toLowerCase() + (el.dataset.testid ? '[' + el.dataset.testid + ']' : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
    const view = document.querySelector('[data-testid="supervisor-view"]');
    for (const el of view.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      const own = getComputedStyle(el);
      if (/auto|scroll/.test(own.overflowX) && el.scrollWidth > el.clientWidth + 1) problems.push('scrolls sideways (' + el.scrollWidth + ' > ' + el.clientWidth + '): ' + name(el));
      // Text cut short inside the element itself (overflow hidden, an ellipsis).
      if ((own.overflowX === 'hidden' || own.overflowX === 'clip') && el.scrollWidth > el.clientWidth + 1 && !el.classList.contains('visually-hidden')) problems.push('cut inside: ' + name(el));
      let reachable = false;
      for (let a = el.parentElement; a && !reachable; a = a.parentElement) {
        const s = getComputedStyle(a);
        const scrolls = /auto|scroll/.test(s.overflowX + s.overflowY);
        const hides = /hidden|clip/.test(s.overflowX + s.overflowY);
        if (!scrolls && !hides) continue;
        const ar = a.getBoundingClientRect();
        const outside = r.right > ar.right + 1 || r.left < ar.left - 1 || r.bottom > ar.bottom + 1 || r.top < ar.top - 1;
        if (scrolls) reachable = true;
        else if (outside) { problems.push('cut by ' + name(a) + ': ' + name(el)); reachable = true; }
      }
      if (!reachable && (r.right > innerWidth + 1 || r.bottom > innerHeight + 1)) problems.push('off the window: ' + name(el));
    }
    return [...new Set(problems)];
  })()`);
}

describe("the supervisor's floor on a laptop and a desktop screen", () => {
  for (const size of [
    { width: 1280, height: 720 },
    { width: 1440, height: 900 },
  ]) {
    it(`fits ${size.width}x${size.height}: nothing cut off, nothing sideways, no serious accessibility violation`, async () => {
      const page = await logInAs(browser, t.base, 'supervisor', size);
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.getByTestId('supervisor-view').waitFor();
      await page.locator('[data-testid="queue-row"][data-queue="retention-and-loyalty-priority"]').waitFor({ timeout: 15_000 });
      await eventually(async () => (await page.getByTestId('feed-row').count()) >= 30, 15_000, 'the feed of the busy floor');
      await page.locator('[data-testid="feed-complaint"]').first().waitFor();
      await page.locator('canvas').first().waitFor();
      await page.screenshot({ path: screenshotPath(`e2e-floor-${size.width}x${size.height}.png`) });

      expect(await clipped(page)).toEqual([]);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await page.context().close();
      // Two logins and a busy floor in Chromium: beyond the default 30 s on a loaded machine.
    }, 120_000);
  }
});
