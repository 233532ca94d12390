import type { Browser, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { type TestApp, eventually } from '../support/app.js';
import { browserSuite, logInAs, lookAtBothSizes } from '../support/browser.js';

let t: TestApp;
let browser: Browser;

const dayOf = (d: Date) => d.toISOString().slice(0, 10);
/**
 * The UTC days the morning's calls fell on: today, or yesterday and today for a run that crossed midnight
 * (a report of "today" asked after midnight would miss calls made before it).
 */
const span = { from: '', to: '' };

/**
 * A short morning on the floor, through the real CTI webhook and the agent's screen: two calls Alex
 * answers and wraps up, one the caller gives up on.
 */
async function morning() {
  span.from = dayOf(new Date());
  const agent = await t.login('agent');
  const screen = await t.agentSocket(agent.token);
  expect(await screen.socket.emitWithAck('agent:state', { state: 'available' })).toHaveProperty('data.state', 'available');
  for (const callId of ['rp-1', 'rp-2']) {
    const rung = await t.cti({ type: 'call.ringing', callId, from: '07700 900001', queue: 'sales' });
    await eventually(() => screen.pops.find((p) => p.callId === callId), 5000, 'the pop');
    await t.cti({ type: 'call.answered', callId, from: '07700 900001', queue: 'sales' });
    await t.cti({ type: 'call.ended', callId, from: '07700 900001', queue: 'sales' });
    expect((await t.api('PATCH', `/api/interactions/${rung.body.interactionId}`, { token: agent.token, body: { disposition: 'resolved', notes: 'Asked about delivery' } })).status).toBe(200);
    await eventually(async () => (await t.models.Agent.findOne({ userId: agent.user.id }).lean())?.state === 'available', 5000, 'the agent free again');
  }
  // Not ready for a while, then nobody takes the next caller, who hangs up.
  expect(await screen.socket.emitWithAck('agent:state', { state: 'not-ready', reason: 'break' })).toHaveProperty('data');
  await t.cti({ type: 'call.ringing', callId: 'rp-3', from: '07700 900002', queue: 'sales' });
  await t.cti({ type: 'call.ended', callId: 'rp-3', from: '07700 900002', queue: 'sales' });
  screen.socket.disconnect();
  span.to = dayOf(new Date());
  // The rollups follow the bus: the report has all three once they are applied.
  await eventually(async () => {
    const r = await t.api<{ totals: { offered: number; answered: number; abandoned: number } }>('GET', `/api/reports/queues?from=${span.from}&to=${span.to}&tz=UTC`, { token: (await t.login('supervisor')).token });
    return r.body.totals?.offered === 3 && r.body.totals.answered === 2 && r.body.totals.abandoned === 1;
  }, 10_000, 'the morning in the rollups');
}

/** The table as a person reads it: header cells, then each row's cells (totals last). */
async function tableOf(page: Page) {
  const table = page.getByTestId('report-table');
  const header = await table.locator('thead th').allInnerTexts();
  const rows = await table.locator('tbody tr, tfoot tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => (c as HTMLElement).innerText.trim())));
  return { header, rows };
}

browserSuite((app, b) => {
  t = app;
  browser = b;
});

describe('reports in the browser', () => {
  it('lets a supervisor read each report, change range and grouping, and download exactly the table as CSV', async () => {
    await morning();
    const page = await logInAs(browser, t.base, 'supervisor', { width: 1440, height: 900 }, 'en-GB');
    await page.getByTestId('section-reports').click();
    await page.getByTestId('reports-view').waitFor();
    await page.getByTestId('report-kind-queues').click();
    await page.getByTestId('report-totals').waitFor({ timeout: 15_000 });

    // Today only, by hour: one row for this hour's sales, and the totals.
    await page.getByTestId('report-from').fill(span.from);
    await page.getByTestId('report-to').fill(span.to);
    await page.getByTestId('report-tz').fill('UTC');
    await page.getByTestId('report-tz').press('Enter');
    await page.getByTestId('report-group').selectOption('hour');
    await eventually(async () => (await page.getByTestId('report-row').count()) >= 1 && /groupBy=hour/.test(page.url()), 10_000, 'the hourly report');
    const shown = await tableOf(page);
    expect(shown.rows.at(-1)!.slice(0, 5)).toEqual(expect.arrayContaining(['3', '2', '1']));
    await lookAtBothSizes(page, 'report-queues');

    // The CSV is the table on screen: the same columns, the same rows, the totals last.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    const csv = (await (await download.createReadStream()).toArray()).join('').trim().split('\n');
    expect(download.suggestedFilename()).toBe(`queues-${span.from}-${span.to}-hour.csv`);
    expect(csv).toHaveLength(shown.rows.length + 1);
    expect(csv[0].split(',')).toHaveLength(shown.header.length);
    expect(csv.at(-1)!.split(',').slice(0, 5)).toEqual(['total', 'all', '3', '2', '1']);

    // Each of the other reports opens, with its own table, and passes the same look.
    for (const kind of ['agents', 'campaigns', 'offers', 'satisfaction']) {
      await page.getByTestId(`report-kind-${kind}`).click();
      await eventually(async () => new URL(page.url()).searchParams.get('kind') === kind || page.url().includes(kind), 5000, `${kind} in the address`);
      await page.getByTestId('report-totals').waitFor({ timeout: 15_000 });
      await lookAtBothSizes(page, `report-${kind}`);
    }

    // An agent's row opens their activity timeline for the day.
    await page.getByTestId('report-kind-agents').click();
    await page.getByTestId('report-agent-open').first().click();
    await page.getByTestId('agent-timeline').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('timeline-segment').count()).toBeGreaterThan(1);
    await lookAtBothSizes(page, 'report-agent-timeline');
  }, 240_000);

  it('shows an agent their own day, and nothing of anyone else', async () => {
    const page = await logInAs(browser, t.base, 'agent', { width: 1280, height: 720 }, 'en-GB');
    await page.getByTestId('nav-my-day').click();
    await page.getByTestId('my-day-figures').waitFor({ timeout: 15_000 });
    await lookAtBothSizes(page, 'my-day');
    const { token } = await t.login('agent');
    expect((await t.api('GET', `/api/reports/queues?from=${span.from}&to=${span.to}`, { token })).status).toBe(403);
  }, 120_000);
});
